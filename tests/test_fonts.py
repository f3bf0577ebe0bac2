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


def test_a_fonts_characters_are_kept_and_read_back_as_the_font_file_gives_them(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont

    from pipeline.rendering import fonts

    monkeypatch.setattr(fonts, "cache_dir", lambda name: tmp_path / name)
    path = fonts.font_dir() / fonts.FILES[(400, "normal")]
    fonts.characters.cache_clear()
    first = fonts.characters(path)
    [kept] = (tmp_path / "cmaps").glob("*.cmap")
    fonts.characters.cache_clear()
    assert fonts.characters(path) == first == frozenset(TTFont(path).getBestCmap())
    kept.write_bytes(kept.read_bytes()[:-8])  # cut short: said, deleted, read from the font again
    fonts.characters.cache_clear()
    assert fonts.characters(path) == first
    fonts.characters.cache_clear()
