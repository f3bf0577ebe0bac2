"""The Easy Read PDF and page, made with the real tools and looked at as a reader would: the PDF
through the three PDF/UA checkers, its structure tree, fonts and pages; the page in Chromium with
axe-core and vnu, and at 320 px."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from browser import axe_violations, horizontal_overflow, open_page, vnu_errors
from conftest import FIXTURES, POEMS, run_cli

from pipeline import build, read
from pipeline.checks.easy_read import figures, pictures_wanted
from pipeline.checks.validators import pdf_checkers
from pipeline.editorial import easy
from pipeline.model import inline_text
from pipeline.options import Options
from pipeline.rendering.stamp import stamp_for

pytestmark = pytest.mark.slow

HAY_FEVER = FIXTURES / "easy-read" / "hay-fever.md"
PX = 4 / 3  # WeasyPrint draws in CSS pixels: 16 pt is 21.3 px


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("easy")
    sources = tmp_path_factory.mktemp("sources")
    for name in ("hay-fever.md", "flower.png"):
        shutil.copy(HAY_FEVER.parent / name, sources / name)
    outcomes = build([POEMS, sources / "hay-fever.md"], Options(out_dir=out, formats=("easy-read", "pages"), quiet=True)).outcomes
    assert all(o.status == "built" for o in outcomes), outcomes
    return out


def pdf_of(built: Path, slug: str) -> Path:
    return built / slug / f"{slug}-easy-read.pdf"


def page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


@pytest.mark.parametrize("slug", ["poems-syndrome", "hay-fever"])
def test_the_pdf_is_tagged_pdf_ua_1_and_the_three_checkers_find_nothing(built, slug):
    reports = pdf_checkers(pdf_of(built, slug))
    assert [r.ok for r in reports] == [True, True, True], "\n".join(map(str, reports))
    assert all(set(r.counts.values()) <= {0} for r in reports), [r.counts for r in reports]


@pytest.mark.parametrize("slug", ["poems-syndrome", "hay-fever"])
def test_every_picture_is_a_figure_with_its_words_as_alt(built, slug):
    summary = read(POEMS if slug == "poems-syndrome" else HAY_FEVER)[0]
    with pikepdf.open(pdf_of(built, slug)) as pdf:
        alts = figures(pdf)
    assert len(alts) == pictures_wanted(summary) and all(a.strip() for a in alts)
    for _, text in summary.easy_read:
        for idea in text.ideas:
            assert idea.alt in alts, idea.alt


def test_poems_is_a4_at_most_24_pages_and_as_long_as_lint_says(built):
    with pikepdf.open(pdf_of(built, "poems-syndrome")) as pdf:
        sizes = {tuple(round(float(v)) for v in page.mediabox) for page in pdf.pages}
        assert sizes == {(0, 0, 595, 842)}
        assert len(pdf.pages) == 13 == easy.pages(read(POEMS)[0])


def test_the_words_of_every_idea_are_at_least_16_pt_and_every_row_is_on_one_page(built):
    path = pdf_of(built, "poems-syndrome")
    pages = page_texts(path)
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages[:-1], 1):  # the last page is the licences' small print
            sizes = {float(op.operands[1]) for op in pikepdf.parse_content_stream(page) if str(op.operator) == "Tf"}
            body = {s for s in sizes if s != 12 * PX}  # the running footer (an artifact) is 12 pt
            assert min(body) >= 16 * PX - 0.01, (number, sorted(sizes))
    summary = read(POEMS)[0]
    for _, text in summary.easy_read:
        for idea in text.ideas:
            words = " ".join(inline_text(idea.inlines).split())
            assert sum(words in page for page in pages) >= 1, words  # whole on a page, never split over two


def test_the_front_page_has_the_title_a_picture_and_the_hard_words_page_explains_each_bold_word(built):
    pages = page_texts(pdf_of(built, "poems-syndrome"))
    assert pages[0].startswith("DiseaseMaps.org POEMS syndrome Easy Read This leaflet uses easy words and pictures.")
    with pikepdf.open(pdf_of(built, "poems-syndrome")) as pdf:
        first = pdf.pages[0]
        assert any(str(op.operator) == "Do" for op in pikepdf.parse_content_stream(first)) or "/XObject" in first.Resources
    hard = next(page for page in pages if page.startswith("Hard words"))
    for word, explanation in [
        ("Plasma cells", "Plasma cells are a kind of blood cell."),
        ("Nerves", "Nerves carry messages between your brain and your body."),
        ("Multiple myeloma", "Multiple myeloma is a cancer of plasma cells."),
    ]:
        assert f"{word}: {explanation}" in " ".join(pages), word
    assert "Protein: A protein is a tiny part your body makes." in hard


def test_the_review_and_disclaimer_are_in_easy_read_words_and_the_exact_disclaimer_follows(built):
    stamp = stamp_for(read(POEMS)[0])
    text = " ".join(page_texts(pdf_of(built, "poems-syndrome")))
    assert "A doctor checked this leaflet on 7 April 2026." in text and "It will be checked again by April 2027." in text
    assert "It is not advice just for you." in text
    assert f"These are the exact words of our disclaimer: {stamp.disclaimer}" in text
    assert all(stamp.short in page for page in page_texts(pdf_of(built, "poems-syndrome")))
    assert "Health Icons" in text and "MIT" in text and "OpenMoji" in text and "CC BY-SA 4.0" in text


def test_a_picture_beside_the_source_is_in_both_outputs_with_its_words(built):
    with pikepdf.open(pdf_of(built, "hay-fever")) as pdf:
        assert figures(pdf).count("a flower giving off pollen") == 4  # the front page's, two ideas' and the hard word's
    page = (built / "hay-fever" / "hay-fever-easy-read.html").read_text("utf-8")
    assert page.count('<img src="data:image/png;base64,') == 4 and 'alt="a flower giving off pollen"' in page


def test_the_page_is_axe_clean_and_valid_html(built, browser):
    paths = [built / s / f"{s}-easy-read.html" for s in ("poems-syndrome", "hay-fever")]
    for path in paths:
        with open_page(browser, path) as page:
            assert axe_violations(page) == []
            assert page.requests == [path.resolve().as_uri()]  # nothing fetched from anywhere
    assert vnu_errors(paths) == []


def test_at_320_px_each_picture_stays_beside_its_words_or_above_them(built, browser):
    path = built / "poems-syndrome" / "poems-syndrome-easy-read.html"
    with open_page(browser, path, width=320, height=640) as page:
        assert horizontal_overflow(page) == 0
        rows = page.evaluate(
            """() => [...document.querySelectorAll('li.idea')].map(li => {
                const p = li.querySelector('.picture').getBoundingClientRect();
                const t = li.querySelector('p').getBoundingClientRect();
                return [p.left, p.right, p.top, p.bottom, t.left, t.right, t.top, t.bottom];
            })"""
        )
    assert len(rows) > 40
    for pl, pr, pt, pb, tl, tr, tt, tb in rows:
        beside = pr <= tl and pt < tb and tt < pb
        above = pb <= tt
        assert beside or above, (pl, pr, pt, pb, tl, tr, tt, tb)
        assert pr - pl >= 60  # a picture a reader can see


def test_the_download_page_lists_both_and_check_passes_them(built):
    page = (built / "poems-syndrome" / "index.html").read_text("utf-8")
    assert re.search(r'href="poems-syndrome-easy-read.pdf"[^>]*>Easy Read: easy words and pictures \(PDF, 13 pages, \d+ kB\)', page)
    assert 'href="poems-syndrome-easy-read.html"' in page
    checked = run_cli("check", "--formats", "easy-read", "--out", str(built), str(POEMS))
    assert checked.code == 0, checked.out + checked.err
    assert checked.out.count(" pass ") == 2


def test_a_summary_without_easy_read_text_builds_no_easy_read_files(tmp_path):
    out = tmp_path / "out"
    [outcome] = build([FIXTURES / "fabry-disease.md"], Options(out_dir=out, formats=("easy-read",), quiet=True)).outcomes
    assert outcome.status == "built" and outcome.files == []
    assert not [f for f in out.rglob("*easy-read*") if ".build" not in f.parts]
    again = build([FIXTURES / "fabry-disease.md"], Options(out_dir=out, formats=("easy-read",), quiet=True)).outcomes
    assert again[0].status == "up to date"
