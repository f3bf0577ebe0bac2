"""Fonts come from where the build installed them, and each text gets one that can draw it."""

from __future__ import annotations

from pipeline.rendering import fonts


def test_latin_titles_use_atkinson_hyperlegible_and_greek_or_cyrillic_ones_dejavu_sans():
    assert fonts.bold_for("POEMS syndrome — « résumé »").name == "AtkinsonHyperlegible-Bold.ttf"
    assert fonts.bold_for("Σύνδρομο POEMS — Синдром").name == "DejaVuSans-Bold.ttf"


def test_every_font_file_exists_where_the_build_installs_it():
    assert [which for which, path in fonts.faces() if not path.is_file()] == []
    assert {which for which, _ in fonts.faces()} == {"main", "fallback"}
    assert ord("Σ") in fonts.covered() and ord("漢") not in fonts.covered()
