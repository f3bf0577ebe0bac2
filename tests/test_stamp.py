"""The review stamp is worded in one place, per language, from the source's dates."""

from __future__ import annotations

from datetime import date

from conftest import FIXTURES, POEMS

from pipeline import lint, read, stamp_for
from pipeline.rendering.stamp import format_date, label


def test_poems_stamp_reads_reviewed_7_april_2026_next_review_april_2027():
    stamp = stamp_for(read(POEMS)[0])
    assert stamp.line == "Medically reviewed 7 April 2026 · Next review due April 2027"
    assert stamp.short == "Reviewed 7 Apr 2026 · Next review April 2027"
    assert stamp.spoken == "This summary was medically reviewed on 7 April 2026."
    assert stamp.disclaimer_heading == "Medical disclaimer"
    assert stamp.disclaimer == (
        "This information is for educational purposes only and should not replace professional medical advice, "
        "diagnosis, or treatment; always seek the guidance of your physician regarding a medical condition."
    )


def test_french_summary_gets_french_wording_and_dates():
    stamp = stamp_for(read(FIXTURES / "guillain-barre-fr.md")[0])
    assert stamp.line == "Relu par un médecin le 2 mars 2026 · Prochaine relecture mars 2027"
    assert label("fr", "words_to_know") == "Mots à connaître"


def test_dates_come_from_cldr_for_any_language_and_words_fall_back_to_english():
    assert format_date(date(2026, 12, 1), "sw") == "1 Desemba 2026"  # no Swahili words of ours: CLDR's date all the same
    assert label("sw", "words_to_know") == "Words to know"
    assert format_date(date(2026, 12, 1), "es") == "1 de diciembre de 2026"
    assert format_date(date(2026, 12, 1), "es", "month") == "diciembre de 2026"
    assert format_date(date(2026, 12, 1), "fr-CA", "short") == "1 déc. 2026"
    assert format_date(date(2026, 12, 1), "en") == "1 December 2026"  # international English, not CLDR's US default
    assert format_date(date(2026, 12, 1), "en-US") == "December 1, 2026"
    assert format_date(date(2026, 12, 1), "tlh") == "1 December 2026"  # a language CLDR lacks: English


def test_every_catalog_translates_every_message_with_the_same_placeholders():
    import string

    from pipeline.rendering.catalogs import messages, translations

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for language in ("fr", "es", "ar"):
        words = translations(language)
        assert set(messages()) - set(words) == set(), language  # nothing untranslated or fuzzy
        for key, english in messages().items():
            assert fields(words[key]) == fields(english), (language, key)


def test_the_translators_template_is_up_to_date_with_the_english_source():
    from pipeline.rendering.catalogs import LOCALES, template

    assert (LOCALES / "messages.pot").read_bytes() == template(), "run `make po`"


def test_make_po_without_a_wording_change_writes_nothing_and_with_one_rewrites_that_catalog(tmp_path, monkeypatch):
    import shutil

    from pipeline.rendering import catalogs

    locales = tmp_path / "locales"
    shutil.copytree(catalogs.LOCALES, locales)
    monkeypatch.setattr(catalogs, "LOCALES", locales)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in locales.iterdir()}
    assert catalogs.update() == []
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in locales.iterdir()} == before
    es = locales / "es.po"
    es.write_bytes(es.read_bytes().replace(b'msgctxt "contents"', b'msgctxt "contents-old"', 1))  # a key renamed in en.yaml
    assert catalogs.update() == [es]
    assert b'msgctxt "contents"\n' in es.read_bytes()


def test_a_language_without_a_catalog_gets_english_words_and_a_warning_an_error_under_strict(source):
    from conftest import GOOD_BODY, GOOD_FRONT, run_cli

    path = source(GOOD_FRONT.replace("---\ntitle", "---\nlanguage: sw\ntitle", 1) + "\n" + GOOD_BODY)
    summary, problems = lint(path)
    assert stamp_for(summary).disclaimer_heading == "Medical disclaimer"
    assert stamp_for(summary).reviewed_text == "7 Aprili 2026"  # CLDR still dates it in Swahili
    assert any(p.category == "language" and "no word catalog for the language 'sw'" in p.message for p in problems)
    assert run_cli("lint", "--strict", str(path)).code == 2
