"""Spanish and Arabic summaries through every format: their words and CLDR dates everywhere, `lang`
and (Arabic) `dir="rtl"` with a mirrored layout, a voice of the language, readability by a formula
made for the language or "not measured", braille in the language's table, and every validator at
0 (`pipeline check` runs them all: EPUBCheck, Ace, axe, vnu, pdfua, page-validation, outloud)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from browser import horizontal_overflow, open_page
from conftest import FIXTURES, run_cli

from pipeline import Options, read
from pipeline.checks.run import check
from pipeline.editorial.readability import readability_report

pytestmark = pytest.mark.slow
SOURCE = FIXTURES / "enfermedad-celiaca-es.md"
SLUG = SOURCE.stem
ARABIC = FIXTURES / "fakr-aldam-ar.md"


def built(tmp_path_factory: pytest.TempPathFactory, source: Path) -> Path:
    root = tmp_path_factory.mktemp(source.stem)
    (root / "source").mkdir()
    shutil.copy2(source, root / "source" / source.name)
    run = run_cli("build", "--tts", "offline", "--print-marks", "--quiet", cwd=root, env={"PIPELINE_TTS_CACHE": str(root / "tts")})
    assert run.code == 0, run.err
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, SOURCE)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, ARABIC)


@pytest.mark.parametrize("which", ["project", "arabic"])
def test_every_output_passes_every_validator(request, which):
    root = request.getfixturevalue(which)
    source = next((root / "source").glob("*.md"))
    findings = check([read(source)[0]], Options(out_dir=root / "output", print_marks=True))
    assert len(findings) == 17  # 1 page, 4 PDFs, 4 booklet PDFs, 2 EPUBs, MP3 and VTT, BRF and PEF, the download page and its FHIR record
    assert [f"{f.file}: {f.why}" for f in findings if not f.ok] == []


def test_arabic_reads_right_to_left_in_every_format(arabic):
    import pikepdf

    folder = arabic / "output" / ARABIC.stem
    for page in (folder / f"{ARABIC.stem}-large-print.html", folder / "index.html", arabic / "output" / "index.html"):
        assert '<html lang="ar" dir="rtl">' in page.read_text("utf-8"), page.name
    with zipfile.ZipFile(folder / f"{ARABIC.stem}.epub") as book:
        assert '<spine toc="ncx" page-progression-direction="rtl">' in book.read("EPUB/content.opf").decode()
        assert 'xml:lang="ar" dir="rtl"' in book.read("EPUB/summary.xhtml").decode()
    with pikepdf.open(folder / f"{ARABIC.stem}-a4.pdf") as pdf:
        assert str(pdf.Root.Lang) == "ar"
    vtt = (folder / f"{ARABIC.stem}.vtt").read_text("utf-8")
    assert "language: ar" in vtt and "راجع طبيب هذا الملخص في 15 يونيو 2026." in vtt
    from mutagen.id3 import ID3

    assert str(ID3(folder / f"{ARABIC.stem}.mp3")["TLAN"]) == "ara"


def test_the_arabic_page_is_mirrored_and_fits_a_phone(arabic, browser):
    folder = arabic / "output" / ARABIC.stem
    with open_page(browser, folder / f"{ARABIC.stem}-large-print.html", width=320, height=640) as tab:
        assert horizontal_overflow(tab) == 0
        assert tab.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # the stamp's rule stands on the right, where an Arabic line starts
        assert tab.evaluate("getComputedStyle(document.querySelector('.stamp')).borderRightWidth") != "0px"
        assert tab.evaluate("getComputedStyle(document.querySelector('.stamp')).borderLeftWidth") == "0px"


def test_dates_and_words_are_spanish_everywhere(project):
    folder = project / "output" / SLUG
    page = (folder / f"{SLUG}-large-print.html").read_text("utf-8")
    assert '<html lang="es" dir="ltr">' in page
    assert "Revisado por un médico el 12 de mayo de 2026 · Próxima revisión: mayo de 2027" in page
    assert "Palabras que conviene saber" in page and "Aviso médico" in page
    vtt = (folder / f"{SLUG}.vtt").read_text("utf-8")
    assert "language: es" in vtt and "Este resumen fue revisado por un médico el 12 de mayo de 2026." in vtt
    with zipfile.ZipFile(folder / f"{SLUG}.epub") as book:
        opf = book.read("EPUB/content.opf").decode()
    assert "<dc:language>es</dc:language>" in opf and 'xml:lang="es"' in opf
    from mutagen.id3 import ID3

    tags = ID3(folder / f"{SLUG}.mp3")
    assert str(tags["TLAN"]) == "spa"
    assert "espeak" in str(tags["TXXX:voice"]).lower() or "piper" in str(tags["TXXX:voice"]).lower()


def test_readability_is_measured_by_a_spanish_formula():
    report = readability_report(read(SOURCE)[0])
    assert report.formulas == (None, "Fernández Huerta")
    assert report.page.grade is None and report.page.ease is not None and report.passed
    assert "Fernández Huerta" in report.table()


def test_a_language_without_a_formula_is_not_measured(source):
    from conftest import GOOD_BODY, GOOD_FRONT

    path = source(GOOD_FRONT.replace("---\ntitle", "---\nlanguage: sw\ntitle", 1) + "\n" + GOOD_BODY)
    report = readability_report(read(path)[0])
    assert not report.measured and report.passed
    assert "not measured" in report.table()


def test_the_braille_is_uncontracted_spanish():
    from pipeline.braille import louis

    assert Path(louis.table_for("es")[0]).name == "es.tbl"


def test_the_pages_fit_a_phone_without_sideways_scrolling(project, browser):
    folder = project / "output" / SLUG
    for page in (folder / f"{SLUG}-large-print.html", folder / "index.html"):
        with open_page(browser, page, width=320, height=640) as tab:
            assert horizontal_overflow(tab) == 0, page.name
            assert re.match(r"es", tab.evaluate("document.documentElement.lang"))
