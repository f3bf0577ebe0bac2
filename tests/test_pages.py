"""Download pages and the catalogue: honest links (measured sizes, pages, durations), overdue reviews
marked in words, and axe-clean in Chromium."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from browser import axe_violations, horizontal_overflow, open_page, vnu_errors
from conftest import FIXTURES, POEMS, run_cli

from pipeline import Options, build, read
from pipeline.catalogue import write_catalogue

SOURCES = [POEMS, FIXTURES / "guillain-barre-fr.md", FIXTURES / "fabry-disease.md"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    build(SOURCES, Options(out_dir=folder, formats=("html", "pages"), quiet=True))
    summaries = [read(s)[0] for s in SOURCES]
    write_catalogue(summaries, folder, today=date(2027, 1, 20))  # Fabry's review fell due 2027-01-15
    return folder


def test_download_page_links_only_to_files_that_exist_with_their_measured_size(out):
    page = (out / "poems-syndrome" / "index.html").read_text()
    size_kb = round((out / "poems-syndrome" / "poems-syndrome-large-print.html").stat().st_size / 1024)
    assert f'<a href="poems-syndrome-large-print.html" type="text/html">Large print (web page, {size_kb} kB)</a>' in page
    assert ".pdf" not in page and ".mp3" not in page  # not built in this folder


def test_download_page_carries_the_stamp_summary_and_full_disclaimer(out):
    summary = read(POEMS)[0]
    page = (out / "poems-syndrome" / "index.html").read_text()
    assert "Medically reviewed 7 April 2026 · Next review due April 2027" in page
    assert summary.meta.summary in page and summary.meta.disclaimer in page
    assert f'<meta name="source-sha256" content="{summary.source_sha256}">' in page
    assert '<link rel="canonical" href="https://www.diseasemaps.org/summaries/poems-syndrome/">' in page


def test_download_page_words_pdf_pages_and_audio_duration_from_the_real_files(tmp_path):
    """With a real one-page PDF and a real 3 s MP3 beside it, the page says so."""
    import subprocess

    import pikepdf

    folder = tmp_path / "poems-syndrome"
    folder.mkdir()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    pdf.save(folder / "poems-syndrome-a4.pdf")
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=63",
            "-ac",
            "1",
            "-b:a",
            "64k",
            str(folder / "poems-syndrome.mp3"),
        ],
        check=True,
    )
    build([POEMS], Options(out_dir=tmp_path, formats=("pages",), quiet=True))
    page = (folder / "index.html").read_text()
    assert "Print this leaflet (A4, 2 pages, 1 kB)" in page
    assert "Listen (MP3, 1 min 3 s, " in page


def test_catalogue_lists_every_summary_by_title_and_marks_overdue_reviews_in_words(out):
    page = (out / "index.html").read_text()
    titles = ["Fabry disease", "POEMS syndrome", "Syndrome de Guillain-Barré"]
    positions = [page.index(t) for t in titles]
    assert positions == sorted(positions)
    fabry = page[page.index("Fabry disease") : page.index("POEMS syndrome")]
    poems = page[page.index("POEMS syndrome") :]
    assert "Review overdue" in fabry and "Review overdue" not in poems.split("</li>")[0]
    assert '<a href="poems-syndrome/index.html">' in page
    assert "Reviewed 7 April 2026" in page and 'lang="fr"' in page


@pytest.mark.slow
@pytest.mark.parametrize("page", ["poems-syndrome/index.html", "index.html", "guillain-barre-fr/index.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_axe_violations_and_no_sideways_scroll_at_320px(browser, out, page, scheme):
    with open_page(browser, out / page, color_scheme=scheme) as p:
        assert axe_violations(p) == []
    with open_page(browser, out / page, width=320, height=640) as p:
        assert horizontal_overflow(p) == 0


@pytest.mark.slow
def test_pages_are_valid_html(out):
    assert vnu_errors([out / "index.html", out / "poems-syndrome" / "index.html"]) == []


def test_a_build_of_every_source_writes_the_catalogue_too(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "poems-syndrome.md").write_text(POEMS.read_text())
    result = run_cli("build", "--formats", "html,pages", "--out", "out", cwd=project)
    assert result.code == 0, result.err
    assert (project / "out" / "index.html").is_file() and (project / "out" / "poems-syndrome" / "index.html").is_file()


def test_a_build_of_one_named_source_then_check_says_how_to_write_the_missing_catalogue(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "poems-syndrome.md").write_text(POEMS.read_text())
    assert run_cli("build", "source/poems-syndrome.md", "--formats", "html,pages", "--out", "out", cwd=project).code == 0
    assert not (project / "out" / "index.html").exists()  # one named source: no catalogue of one
    checked = run_cli("check", "source/poems-syndrome.md", "--formats", "pages", "--out", "out", "--quick", cwd=project)
    assert checked.code == 1 and "links to ../index.html, the catalogue, which does not exist: `patient-info catalogue`" in checked.out
    assert run_cli("catalogue", "--out", "out", cwd=project).code == 0
    assert run_cli("check", "source/poems-syndrome.md", "--formats", "pages", "--out", "out", "--quick", cwd=project).code == 0


def test_catalogue_is_sorted_by_title_not_by_file_name(tmp_path):
    summaries = [read(s)[0] for s in SOURCES]
    # one language: a catalogue in several is grouped by language first (tests/test_translations.py)
    titles = ["Zeta", "Alpha", "Mu"]
    renamed = [replace(s, meta=replace(s.meta, title=t, language="en")) for s, t in zip(summaries, titles, strict=True)]
    page = write_catalogue(renamed, tmp_path).read_text()
    assert page.index(">Alpha</a>") < page.index(">Mu</a>") < page.index(">Zeta</a>")
