"""The EPUB: valid for EPUBCheck, clean for Ace by DAISY, reproducible, and shaped as the issue asks.

Each book is built once per session; the tests read the real files.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import FIXTURES, POEMS, run_cli
from PIL import Image

from pipeline.building.loop import build
from pipeline.checks import validators
from pipeline.checks.epub import check_book
from pipeline.errors import OutputError
from pipeline.options import Options
from pipeline.reading.reader import read
from pipeline.rendering.stamp import stamp_for
from pipeline.writers import ebook
from pipeline.writers import epub as epub_writer

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FRENCH = FIXTURES / "guillain-barre-fr.md"
LONG = FIXTURES / "fabry-disease.md"

FIGURE_SOURCE = """\
---
title: Test condition with a chart
reviewed: 2026-04-07
summary: A short answer about the test condition.
disclaimer: This is general information, not medical advice.
---

## What it is

The test condition is a made-up illness used in tests.

### How common it is

![A bar chart: more people have it at 60 than at 30](chart.png)

It is rare.

::: plain
It is a made-up illness.
:::
"""


def figure_source(folder: Path) -> Path:
    """A summary with an image and a sub-heading (none of the shared fixtures has either)."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), (200, 200, 200)).save(folder / "chart.png")
    path = folder / "with-figure.md"
    path.write_text(FIGURE_SOURCE, encoding="utf-8")
    return path


def build_epub(source: Path, out: Path, epoch: str | None = None) -> Path:
    """Build one EPUB through the real build (forced); SOURCE_DATE_EPOCH is `epoch` or unset."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        result = build([source], Options(out_dir=out, formats=("epub",), quiet=True, force=True))
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert not result.failed, result.failed
    [path] = result.written
    return path


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("epub")
    sources = {
        "poems": POEMS,
        "long": LONG,
        "french": FRENCH,
        "figure": figure_source(out / "figure-src"),
        "no-glossary": FIXTURES / "no-plain-rewrites.md",
    }
    return {name: build_epub(source, out / "books") for name, source in sources.items()}


class Book:
    """An EPUB opened for reading: its zip entries and parsed XML."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.opf = self.xml("EPUB/content.opf")

    def text(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    def xml(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.zip.read(name))

    def props(self, name: str) -> list[str]:
        return [m.text or "" for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{name}']", NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text or "" for e in self.opf.iterfind(f"opf:metadata/dc:{name}", NS)]

    def spine(self) -> list[str]:
        hrefs = {i.get("id"): i.get("href") for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return [hrefs[ref.get("idref")] for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]


def book(books: dict[str, Path], name: str) -> Book:
    return Book(books[name])


# The validators (the same functions `pipeline check` runs) -----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["poems", "long", "french", "figure", "no-glossary"])
def test_epubcheck_finds_no_fatal_error_or_warning(books, name):
    report = validators.epubcheck(books[name])
    assert report.counts == {"fatal": 0, "error": 0, "warning": 0}, report.messages


@pytest.mark.slow
@pytest.mark.parametrize("name", ["poems", "long", "french", "figure", "no-glossary"])
def test_ace_finds_no_accessibility_violation(books, name):
    report = validators.ace(books[name])
    assert report.messages == []


def broken_copy(path: Path, target: Path) -> Path:
    """The POEMS book with an image that has no alt text and points at nothing."""
    with zipfile.ZipFile(path) as good, zipfile.ZipFile(target, "w") as bad:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "EPUB/summary.xhtml":
                data = data.replace(b"</section>", b'<img src="images/missing.png"/></section>')
            bad.writestr(info, data)
    return target


@pytest.mark.slow
def test_the_validators_do_fail_a_broken_book(books, tmp_path):
    bad = broken_copy(books["poems"], tmp_path / "broken.epub")
    assert validators.epubcheck(bad).counts["error"] >= 1
    assert any("image-alt" in v for v in validators.ace(bad).messages)


# Zip and reproducibility --------------------------------------------------------------------


def test_mimetype_is_the_first_entry_and_stored(books):
    for path in books.values():
        first = zipfile.ZipFile(path).infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
        assert zipfile.ZipFile(path).read(first) == b"application/epub+zip"
        assert path.read_bytes()[30:38] == b"mimetype"  # readers sniff the bytes at this offset


def test_container_points_at_the_package(books):
    container = book(books, "poems").xml("META-INF/container.xml")
    assert [r.get("full-path") for r in container.iterfind(".//c:rootfile", NS)] == ["EPUB/content.opf"]


def test_every_entry_carries_the_review_date_not_the_clock(books):
    entries = zipfile.ZipFile(books["poems"]).infolist()
    assert {e.date_time for e in entries} == {(2026, 4, 7, 0, 0, 0)}
    assert {e.external_attr >> 16 for e in entries} == {0o100644}


def test_a_rebuild_is_byte_identical(books, tmp_path):
    again = build_epub(POEMS, tmp_path)
    assert again.read_bytes() == books["poems"].read_bytes()
    assert build_epub(FRENCH, tmp_path).read_bytes() == books["french"].read_bytes()


def test_source_date_epoch_sets_the_modified_date(tmp_path):
    path = build_epub(POEMS, tmp_path, epoch="1800000000")
    assert Book(path).props("dcterms:modified") == ["2027-01-15T08:00:00Z"]
    assert zipfile.ZipFile(path).infolist()[0].date_time == (2027, 1, 15, 8, 0, 0)


def test_a_failed_write_keeps_the_earlier_book(books, tmp_path, monkeypatch):
    target = build_epub(POEMS, tmp_path)
    before = target.read_bytes()

    def fail(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ebook.ReproducibleWriter, "_write_items", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        epub_writer.WRITER.write(read(POEMS)[0], target.parent, Options())
    assert target.read_bytes() == before
    assert not [p.name for p in target.parent.iterdir() if p.name.endswith(".part")]


# Package metadata ---------------------------------------------------------------------------


def test_package_declares_language_title_publisher_and_dates(books):
    poems, summary = book(books, "poems"), read(POEMS)[0]
    assert poems.opf.get(XML_LANG) == "en"
    assert poems.dc("title") == ["POEMS syndrome"]
    assert poems.dc("language") == ["en"]
    assert poems.dc("publisher") == ["DiseaseMaps.org"]
    assert poems.dc("creator") == ["DiseaseMaps.org"]
    assert poems.dc("date") == ["2026-04-07"]
    assert poems.dc("source") == ["https://www.diseasemaps.org/summaries/poems-syndrome/"]
    assert poems.props("dcterms:modified") == ["2026-04-07T00:00:00Z"]
    assert poems.dc("identifier") == [f"urn:uuid:{uuid.uuid5(ebook.ID_NAMESPACE, 'poems-syndrome')}"]
    assert poems.dc("identifier") != book(books, "long").dc("identifier")
    assert poems.props("pipeline:source-sha256") == [summary.source_sha256]
    assert poems.props("pipeline:next-review") == ["2027-04-07"]
    assert poems.props("pipeline:disclaimer") == [summary.meta.disclaimer]
    assert "pipeline: urn:patient-info-pipeline:meta#" in (poems.opf.get("prefix") or "")


def test_french_book_is_french_everywhere(books):
    french = book(books, "french")
    assert french.opf.get(XML_LANG) == "fr"
    assert french.dc("title") == ["Syndrome de Guillain-Barré — « résumé » pour les patients"]
    for name in french.spine():
        assert french.xml(f"EPUB/{name}").get(XML_LANG) == "fr", name
    assert "<h2>Sommaire</h2>" in french.text("EPUB/nav.xhtml")
    assert "Relu par un médecin le 2 mars 2026" in french.text("EPUB/titlepage.xhtml")
    assert french.props("schema:accessibilitySummary")[0].startswith("Ce livre numérique respecte")


def test_accessibility_metadata_claims_alt_text_only_when_there_are_images(books):
    for name in books:
        current = book(books, name)
        assert current.props("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
        assert current.props("a11y:certifiedBy") != [""]
        assert current.props("schema:accessModeSufficient") == ["textual"]
        assert current.props("schema:accessibilityHazard") == ["none"]
        assert current.props("schema:accessibilitySummary") != [""]
        features = current.props("schema:accessibilityFeature")
        assert {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"} <= set(features)
        has_images = name == "figure"
        assert ("alternativeText" in features) == has_images, name
        assert current.props("schema:accessMode") == (["textual", "visual"] if has_images else ["textual"])


# Contents and navigation --------------------------------------------------------------------


def test_reading_order_is_cover_title_contents_summary_sections_glossary_colophon(books):
    long_book, summary = book(books, "long"), read(LONG)[0]
    sections = [f"section-{n:02d}.xhtml" for n in range(1, 13)]
    assert long_book.spine() == [
        "cover.xhtml",
        "titlepage.xhtml",
        "nav.xhtml",
        "summary.xhtml",
        *sections,
        "glossary.xhtml",
        "colophon.xhtml",
    ]
    for name, section in zip(sections, summary.sections, strict=True):
        heading = long_book.xml(f"EPUB/{name}").find(".//x:h1", NS)
        assert heading is not None and "".join(heading.itertext()) == section.title


def test_a_summary_without_glossary_or_publisher_has_no_glossary_page(books):
    plain = book(books, "no-glossary")
    assert "glossary.xhtml" not in plain.spine()
    assert "glossary" not in plain.text("EPUB/nav.xhtml")
    assert plain.dc("publisher") == plain.dc("creator") == []
    assert plain.props("a11y:certifiedBy") == ["Checked automatically with EPUBCheck and Ace by DAISY"]


def test_nav_has_a_table_of_contents_and_landmarks(books):
    nav = book(books, "long").xml("EPUB/nav.xhtml")
    navs = {n.get(EPUB_TYPE): n for n in nav.iterfind(".//x:nav", NS)}
    assert set(navs) == {"toc", "landmarks"}
    assert navs["landmarks"].get("hidden") == "hidden"  # in the reader's menus, not on a page
    toc = ["".join(a.itertext()) for a in navs["toc"].iterfind(".//x:a", NS)]
    assert toc[2:14] == [s.title for s in read(LONG)[0].sections]
    landmarks = {a.get(EPUB_TYPE): a.get("href") for a in navs["landmarks"].iterfind(".//x:a", NS)}
    assert landmarks == {
        "cover": "cover.xhtml",
        "titlepage": "titlepage.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "summary.xhtml",
        "glossary": "glossary.xhtml",
    }


def test_ncx_lists_every_page_for_older_readers(books):
    ncx = book(books, "long").xml("EPUB/toc.ncx")
    sources = [c.get("src") for c in ncx.iterfind(".//ncx:navPoint/ncx:content", NS)]
    assert len(sources) == 1 + 1 + 12 + 2 and sources[2] == "section-01.xhtml"


def test_title_page_has_title_stamp_and_verbatim_disclaimer(books):
    poems, summary = book(books, "poems"), read(POEMS)[0]
    stamp = stamp_for(summary)
    page = poems.text("EPUB/titlepage.xhtml")
    assert "<h1" in page and "POEMS syndrome</h1>" in page
    assert stamp.line == "Medically reviewed 7 April 2026 · Next review due April 2027" and stamp.line in page
    assert f"<p>{summary.meta.disclaimer}</p>" in page
    assert 'epub:type="titlepage"' in page


def test_summary_page_shows_the_short_answer(books):
    page = book(books, "poems").text("EPUB/summary.xhtml")
    assert read(POEMS)[0].meta.summary in page and "In short</h1>" in page


def test_colophon_has_dates_publisher_source_address_and_disclaimer(books):
    page = book(books, "poems").text("EPUB/colophon.xhtml")
    assert '<time datetime="2026-04-07">7 April 2026</time>' in page
    assert '<time datetime="2027-04">April 2027</time>' in page
    assert "Published by DiseaseMaps.org" in page
    assert '<a href="https://www.diseasemaps.org/summaries/poems-syndrome/">' in page
    assert read(POEMS)[0].meta.disclaimer in page
    assert 'epub:type="colophon"' in page and 'role="doc-colophon"' in page


def test_glossary_is_a_definition_list_of_every_term(books):
    poems, summary = book(books, "poems"), read(POEMS)[0]
    page = poems.xml("EPUB/glossary.xhtml")
    section = page.find(".//x:section", NS)
    assert section is not None and section.get(EPUB_TYPE) == "glossary" and section.get("role") == "doc-glossary"
    terms = ["".join(d.itertext()) for d in page.iterfind(".//x:dl/x:dt/x:dfn", NS)]
    explanations = ["".join(d.itertext()) for d in page.iterfind(".//x:dl/x:dd", NS)]
    assert terms == [g.term for g in summary.glossary]
    assert explanations == [g.explanation for g in summary.glossary]


def test_sections_use_the_shared_block_markup(books):
    page = book(books, "poems").text("EPUB/section-02.xhtml")
    assert "<ul>\n<li>Polyneuropathy</li>\n<li>Organomegaly</li>" in page
    assert "P is for polyneuropathy" not in page  # the plain rewrite belongs to the large-print page


def test_figures_are_packaged_with_their_alt_text_and_subheadings_follow_the_h1(books):
    figure = book(books, "figure")
    page = figure.text("EPUB/section-01.xhtml")
    assert '<img src="images/figure-01.png" alt="A bar chart: more people have it at 60 than at 30"/>' in page
    assert "<h2>How common it is</h2>" in page
    assert figure.zip.read("EPUB/images/figure-01.png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_cover_is_a_png_of_the_title_with_alt_text(books):
    poems = book(books, "poems")
    cover = poems.opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert cover is not None and cover.get("href") == "images/cover.png"
    png = poems.zip.read("EPUB/images/cover.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and Image.open(poems.zip.open("EPUB/images/cover.png")).size == (1200, 1800)
    assert '<img epub:type="cover" role="doc-cover" src="images/cover.png" alt="Cover: POEMS syndrome"/>' in poems.text("EPUB/cover.xhtml")
    assert ebook.cover_png("POEMS syndrome") == png


def test_cover_title_is_drawn_not_left_blank():
    # The ink of a title is white on the dark ground: a longer title covers more of the page.
    def ink(title: str) -> int:
        image = Image.open(io.BytesIO(ebook.cover_png(title))).convert("L")
        return sum(image.histogram()[201:])

    assert 0 < ink("POEMS") < ink("POEMS syndrome and a much longer title that needs several lines")


def test_stylesheet_leaves_size_and_colour_to_the_reader(books):
    css = book(books, "poems").text("EPUB/book.css")
    assert not re.search(r"\d\s*(px|pt)\b", css)
    assert not re.search(r"(^|[\s;{])(color|background(-color)?)\s*:", css)
    assert "font-family" not in css


def test_cli_builds_the_epub(tmp_path):
    result = run_cli("build", str(POEMS), "--formats", "epub", "--out", str(tmp_path), "--quiet")
    assert result.code == 0, result.err
    assert (tmp_path / "poems-syndrome" / "poems-syndrome.epub").is_file()


# What `pipeline check` finds -----------------------------------------------------------------


def test_check_passes_a_fresh_book(books):
    assert check_book(read(POEMS)[0], books["poems"], quick=True) == []


def test_check_finds_a_book_made_from_an_earlier_source(tmp_path):
    source = tmp_path / "poems-syndrome.md"
    source.write_text(POEMS.read_text("utf-8"), encoding="utf-8")
    book_path = build_epub(source, tmp_path / "out")
    source.write_text(POEMS.read_text("utf-8").replace("rare, multisystem", "rare multisystem"), encoding="utf-8")
    assert check_book(read(source)[0], book_path, quick=True) == ["stale: made from an earlier version of the source; run `make all`"]
    result = run_cli("check", str(source), "--formats", "epub", "--out", str(tmp_path / "out"), "--quick")
    assert result.code == 1 and "stale" in result.out


def test_check_finds_a_book_without_its_disclaimer(books, tmp_path):
    bad = tmp_path / "no-disclaimer.epub"
    disclaimer = read(POEMS)[0].meta.disclaimer.encode("utf-8")
    with zipfile.ZipFile(books["poems"]) as good, zipfile.ZipFile(bad, "w") as out:
        for info in good.infolist():
            data = good.read(info)
            out.writestr(info, data.replace(disclaimer, b"") if info.filename == "EPUB/titlepage.xhtml" else data)
    assert check_book(read(POEMS)[0], bad, quick=True) == ["the title page lacks the disclaimer, word for word"]


# A real reading system ----------------------------------------------------------------------


@pytest.mark.slow
def test_calibre_reads_the_metadata_and_the_text_in_reading_order(books, tmp_path):
    # Calibre opens the book as a reader would: the shelf's metadata, then the text page by page.
    meta = subprocess.run(["ebook-meta", str(books["french"])], capture_output=True, text=True, timeout=120)
    assert meta.returncode == 0, meta.stderr
    fields = dict(re.findall(r"^(\w[\w() ]*?)\s*: (.*)$", meta.stdout, re.M))
    assert fields["Title"] == "Syndrome de Guillain-Barré — « résumé » pour les patients"
    assert (fields["Publisher"], fields["Languages"]) == ("Éditions Santé Ouverte", "fra")

    text_file = tmp_path / "french.txt"
    convert = subprocess.run(["ebook-convert", str(books["french"]), str(text_file)], capture_output=True, text=True, timeout=300)
    assert convert.returncode == 0, convert.stdout + convert.stderr
    text = text_file.read_text("utf-8")
    summary = read(FRENCH)[0]
    expected = [
        summary.meta.title,
        stamp_for(summary).line,
        summary.meta.disclaimer,
        summary.meta.summary,
        *(s.title for s in summary.sections),
        "système immunitaire",
        "À propos de ce livre",
    ]
    positions = [text.rfind(words) for words in expected]  # rfind: past the table of contents
    assert -1 not in positions, [w for w, p in zip(expected, positions, strict=True) if p < 0]
    assert positions[3:] == sorted(positions[3:])
