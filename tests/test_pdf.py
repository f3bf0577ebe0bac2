"""The PDF leaflet, checked with real tools: pikepdf, poppler (pdffonts, pdftotext), pdfua.

Each source is built once per session (module fixture); the tests assert on those files.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, GOOD_BODY, GOOD_FRONT, POEMS, make_source, run_cli
from pdf_tags import struct_elements
from PIL import Image, ImageDraw
from weasyprint import HTML

from pipeline import Options, read, stamp_for
from pipeline.checks.validators import pdf_checkers
from pipeline.errors import OutputError
from pipeline.model import Summary
from pipeline.rendering.fonts import font_dir
from pipeline.rendering.templating import TEMPLATES
from pipeline.writers import get_writer
from pipeline.writers.pdf import Leaflet, _parsed, _stylesheet, download_url, render_pdf
from pipeline.writers.pdf import variant as pdf_variant
from pipeline.writers.pdf.fetcher import RestrictedFetcher
from pipeline.writers.pdf.finish import embedded_fonts
from pipeline.writers.pdf.tags import page_mcids

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make installs it)")

TODAY = date(2026, 11, 25)
VARIANTS = ("a4", "letter", "large-print", "a4-print")
A4, LETTER = (595.28, 841.89), (612.0, 792.0)
BLEED = 3 / 25.4 * 72  # 3 mm in points

CHART_SOURCE = (
    GOOD_FRONT.replace("Test condition", "Chart condition").replace("the test condition", "the chart condition")
    + """
## What it looks like

The chart below shows how often it happens. Ask the [support group](https://example.org/support) for more.

![A bar chart: most people are diagnosed between 50 and 60](chart.png)

::: plain
Most people find out between 50 and 60.
:::
"""
)


def _chart(path: Path) -> None:
    image = Image.new("RGB", (300, 160), "white")
    draw = ImageDraw.Draw(image)
    for i, height in enumerate((40, 90, 140, 70)):
        draw.rectangle((20 + i * 70, 150 - height, 70 + i * 70, 150), fill="black")
    image.save(path)


class Built:
    """One summary built into a folder, with helpers over its PDFs."""

    def __init__(self, summary: Summary, out: Path) -> None:
        self.summary, self.out, self.folder = summary, out, out / summary.slug
        self._open: dict[str, pikepdf.Pdf] = {}
        self.written = get_writer("pdf").write(summary, self.folder, Options(print_marks=True, formats=("pdf",)))

    def path(self, variant: str) -> Path:
        return self.folder / f"{self.summary.slug}-{variant}.pdf"

    def pdf(self, variant: str = "a4") -> pikepdf.Pdf:
        # kept open: pikepdf objects die with their Pdf
        if variant not in self._open:
            self._open[variant] = pikepdf.open(self.path(variant))
        return self._open[variant]

    def pages_text(self, variant: str = "a4") -> list[str]:
        out = subprocess.run(["pdftotext", str(self.path(variant)), "-"], capture_output=True, text=True, check=True).stdout
        return out.split("\f")[:-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    chart_dir = tmp_path_factory.mktemp("chart")
    _chart(chart_dir / "chart.png")
    sources = {
        "poems": POEMS,
        "fabry": FIXTURES / "fabry-disease.md",
        "french": FIXTURES / "guillain-barre-fr.md",
        "chart": make_source(chart_dir, CHART_SOURCE, "chart-condition.md"),
    }
    out = tmp_path_factory.mktemp("out")
    return {name: Built(read(path)[0], out) for name, path in sources.items()}


def normalise(text: str) -> str:
    """pdftotext's words: one space between words, no line-end hyphenation, no ligatures."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


# --- files, pages, sizes -------------------------------------------------------------------


def test_writes_the_four_leaflets_and_names_them_as_filenames_says(built):
    poems = built["poems"]
    assert [p.name for p in poems.written] == [f"poems-syndrome-{v}.pdf" for v in VARIANTS]
    writer = get_writer("pdf")
    assert writer.filenames(poems.summary, Options(print_marks=True)) == [p.name for p in poems.written]
    assert "poems-syndrome-a4-print.pdf" not in writer.filenames(poems.summary, Options())
    assert not list(poems.folder.glob(".*.part")), "a temporary file was left behind"


@pytest.mark.parametrize(("variant", "size"), [("a4", A4), ("letter", LETTER), ("large-print", A4)])
def test_page_size_of_each_variant(built, variant, size):
    for page in built["poems"].pdf(variant).pages:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        assert (round(x1 - x0), round(y1 - y0)) == (round(size[0]), round(size[1]))


def test_print_shop_variant_has_a4_trim_3mm_bleed_and_crop_marks(built, tmp_path):
    pdf = built["poems"].pdf("a4-print")
    for page in pdf.pages:
        trim = [float(v) for v in page.obj.TrimBox]
        media = [float(v) for v in page.mediabox]
        assert (round(trim[2] - trim[0]), round(trim[3] - trim[1])) == (595, 842)
        assert media[2] - media[0] == pytest.approx(trim[2] - trim[0] + 2 * BLEED, abs=0.1)
        assert media[3] - media[1] == pytest.approx(trim[3] - trim[1] + 2 * BLEED, abs=0.1)
        assert "/BleedBox" in page.obj
    # crop marks: dark strokes in the 3 mm strip outside the trim, at every corner
    png = tmp_path / "print"
    subprocess.run(
        ["pdftoppm", "-r", "144", "-gray", "-f", "1", "-l", "1", "-png", str(built["poems"].path("a4-print")), str(png)], check=True
    )
    image = Image.open(next(tmp_path.glob("print*.png"))).convert("L")
    strip = int(BLEED * 2) - 2  # px at 144 dpi, inside the bleed
    width, height = image.size
    corners = [(0, 0), (width - 60, 0), (0, height - strip), (width - 60, height - strip)]
    for x, y in corners:
        darkest, _ = image.crop((x, y, x + 60, y + strip)).getextrema()
        assert darkest < 100, f"no crop mark near {(x, y)}"


@pytest.mark.parametrize("variant", ["a4", "letter"])
def test_poems_fits_one_double_sided_sheet(built, variant):
    assert len(built["poems"].pdf(variant).pages) <= 2


def test_large_print_needs_more_pages_than_a4(built):
    assert len(built["poems"].pdf("large-print").pages) > len(built["poems"].pdf("a4").pages)


def test_long_summary_flows_onto_more_pages_without_a_heading_stranded_at_a_page_foot(built):
    fabry = built["fabry"]
    pages = fabry.pages_text("a4")
    assert len(pages) >= 3
    headings = {s.title for s in fabry.summary.sections}
    stamp = stamp_for(fabry.summary).short
    for number, text in enumerate(pages[:-1], 1):
        lines = [line.strip() for line in text.splitlines() if line.strip() and stamp not in line]
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def _pages_of(pdf_bytes: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "sweep.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")[:-1]


def test_a_heading_is_never_the_last_thing_on_a_page_wherever_the_break_falls(tmp_path):
    # Move the second heading down one line at a time across the foot of page 1 (a line is
    # narrower than the window in which a heading would be left alone there).
    filler = "Doctors who know the condition well can explain what the results mean for you and your family. " * 6
    following = "The text that belongs under the second heading starts on the same page. " * 4
    for extra in range(12):
        lines = "  \n".join(["A line."] * (extra + 1))
        body = "## First part\n\n" + f"{filler}\n\n" * 3 + f"{lines}\n\n## Second part\n\n{following}\n"
        path = make_source(tmp_path, GOOD_FRONT + "\n" + body, f"sweep-{extra}.md")
        pages = _pages_of(Leaflet(read(path)[0]).render(pdf_variant("a4")), tmp_path)
        for number, text in enumerate(pages, 1):
            if "Second part" in text:
                assert "The text that belongs" in text, f"with {extra + 1} lines, 'Second part' is alone at the foot of page {number}"


def _page_count(pdf_bytes: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return len(pdf.pages)


def _poems_with(lines: int, tmp_path: Path) -> Leaflet:
    """POEMS with `lines` more one-line paragraphs at the end of its last section."""
    text = POEMS.read_text("utf-8") + "".join(f"\nA further line of text, number {n}, for the length.\n" for n in range(lines))
    path = tmp_path / f"poems-{lines}" / "poems-syndrome.md"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    return Leaflet(read(path)[0])


def _words(pdf_bytes: bytes, tmp_path: Path, footer: str) -> list[str]:
    """The words of every page but its running footer (the stamp line and "Page N of M")."""
    lines = [line for page in _pages_of(pdf_bytes, tmp_path) for line in page.splitlines()]
    return [w for line in lines if footer not in line and not re.search(r"Page \d+ of \d+", line) for w in line.split()]


@pytest.mark.parametrize("name", ["letter", "a4"])
def test_a_leaflet_a_few_lines_over_one_sheet_is_tightened_onto_it_with_the_same_text_and_sizes(name, tmp_path):
    sheet = pdf_variant(name)
    lines = 1
    while _page_count((leaflet := _poems_with(lines, tmp_path)).render(sheet, fit=False)) <= 2:
        lines += 2  # until the plain layout just starts a third page
    loose, fitted = leaflet.render(sheet, fit=False), leaflet.render(sheet)
    assert _page_count(loose) == 3 and _page_count(fitted) == 2, f"{lines} extra lines"
    footer = stamp_for(leaflet.summary).short
    assert Counter(_words(fitted, tmp_path, footer)) == Counter(_words(loose, tmp_path, footer))  # the glossary's columns interleave
    assert _font_sizes(fitted) == _font_sizes(loose)


def _font_sizes(pdf_bytes: bytes) -> set[float]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return {round(float(operands[1]), 1) for page in pdf.pages for operands, _ in pikepdf.parse_content_stream(page, "Tf")}


@pytest.mark.slow
def test_a_leaflet_too_long_for_one_sheet_ends_with_the_disclaimer_and_review_lines_together(tmp_path):
    sheet = pdf_variant("a4")
    summary = read(POEMS)[0]
    stamp = stamp_for(summary)
    for lines in range(40, 80, 3):  # past what tightening can hold: the back matter crosses the page foot somewhere here
        pages = _pages_of(_poems_with(lines, tmp_path).render(sheet), tmp_path)
        last = " ".join(pages[-1].split())
        assert "Medical disclaimer" in last and stamp.reviewed_text in last, f"{lines} extra lines: {last[:200]!r}"


# --- words on every page --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["poems", "fabry", "french"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_page_carries_the_review_stamp_and_its_page_number(built, name, variant):
    item = built[name]
    pages = item.pages_text(variant)
    page_of = {"en": "Page {} of {}", "fr": "Page {} sur {}"}[item.summary.meta.language]
    for number, text in enumerate(pages, 1):
        words = normalise(text)
        assert normalise(stamp_for(item.summary).short) in words, f"page {number} has no review stamp"
        assert page_of.format(number, len(pages)) in words


@pytest.mark.parametrize("name", ["poems", "fabry", "french"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_disclaimer_and_summary_appear_verbatim(built, name, variant):
    item = built[name]
    words = normalise("\n".join(item.pages_text(variant)).replace("\f", "\n"))
    assert normalise(item.summary.meta.disclaimer) in words
    assert normalise(item.summary.meta.summary) in words
    assert normalise(stamp_for(item.summary).disclaimer_heading) in words


def test_kind_line_glossary_and_publisher_are_printed(built):
    words = normalise("\n".join(built["poems"].pages_text()))
    assert "Short answer · Medically reviewed summary" in words
    assert "Words to know" in words
    assert "polyneuropathy — Damage to many nerves" in words
    assert "Published by DiseaseMaps.org" in words


def test_qr_code_points_at_the_download_page_with_the_address_printed(built):
    poems = built["poems"]
    url = download_url(poems.summary)
    assert url == "https://www.diseasemaps.org/summaries/poems-syndrome/"
    assert url in normalise("\n".join(poems.pages_text()))
    pdf = poems.pdf()
    figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
    assert any(url in str(e.get("/Alt", "")) for e in figures), "the QR code has no alternative text naming the address"
    links = [a.A.URI for p in pdf.pages for a in p.obj.get("/Annots", []) if "/A" in a]
    assert url in [str(u) for u in links]


@pytest.mark.parametrize("variant", VARIANTS)
def test_qr_code_scans_to_the_download_page_when_printed_in_grey(built, variant, tmp_path):
    import zxingcpp

    poems = built["poems"]
    last = len(poems.pdf(variant).pages)
    path = str(poems.path(variant))
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-f", str(last), "-l", str(last), "-png", path, str(tmp_path / "p")], check=True)
    found = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("p*.png"))))
    url = download_url(poems.summary)
    assert [code.text for code in found] == [url]
    # the address is printed under the code: the word's box starts below it and spans its middle
    corners = found[0].position
    qr_bottom = max(corners.bottom_left.y, corners.bottom_right.y) * 72 / 150
    qr_middle = (corners.top_left.x + corners.top_right.x) / 2 * 72 / 150
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(last), "-l", str(last), path, "-"], capture_output=True, text=True).stdout
    word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">' + re.escape(url), boxes)
    assert word, "the address is not printed as one word"
    x_min, y_min, x_max = (float(word[i]) for i in (1, 2, 3))
    assert qr_bottom < y_min < qr_bottom + 30, (qr_bottom, y_min)
    assert x_min < qr_middle < x_max, (x_min, qr_middle, x_max)


def test_a_link_prints_its_address_since_paper_cannot_be_clicked(built):
    letters = "".join(normalise("\n".join(built["chart"].pages_text())).split())  # an address may wrap after a /
    assert "Askthesupportgroup(https://example.org/support)formore." in letters


def test_a_link_that_shows_its_address_prints_it_once_and_a_numbered_list_keeps_its_start(tmp_path):
    body = (
        "## Links\n\nSee <https://example.org/page> or [example.org/more](https://example.org/more/) "
        "or [the group](https://example.org/group).\n\n5. Fifth step\n6. Sixth step\n"
    )
    path = make_source(tmp_path, GOOD_FRONT + "\n" + body)
    text = " ".join(_pages_of(Leaflet(read(path)[0]).render(pdf_variant("a4")), tmp_path)[0].split())
    assert "See https://example.org/page or example.org/more or the group (https://example.org/group)." in text
    assert "5. Fifth step 6. Sixth step" in text  # WeasyPrint alone would number them 1 and 2


def test_no_qr_code_without_a_site_url(built):
    fabry = built["fabry"]
    assert fabry.summary.meta.site_url is None
    assert not any(e.S == "/Figure" for e in struct_elements(fabry.pdf()))


# --- type sizes and fonts -------------------------------------------------------------------


def text_sizes(pdf: pikepdf.Pdf) -> Counter[float]:
    """Point size -> characters shown at that size (WeasyPrint draws in CSS px: 0.75 pt)."""
    sizes: Counter[float] = Counter()
    for page in pdf.pages:
        size = 0.0
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op == "Tf":
                size = round(float(instruction.operands[1]) * 0.75, 1)
            elif op == "TJ":
                sizes[size] += sum(len(bytes(x)) // 2 for x in instruction.operands[0] if isinstance(x, pikepdf.String))
    return sizes


@pytest.mark.parametrize(("variant", "body", "smallest"), [("a4", 12, 9), ("letter", 12, 9), ("large-print", 18, 18)])
def test_body_text_size_and_nothing_smaller_than_the_minimum(built, variant, body, smallest):
    for name in ("poems", "fabry"):
        sizes = text_sizes(built[name].pdf(variant))
        assert min(sizes) >= smallest, sizes
        most_used = sizes.most_common(1)[0][0]
        assert most_used >= body, sizes


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_font_is_atkinson_hyperlegible_embedded_and_subset(built, variant):
    out = subprocess.run(["pdffonts", str(built["french"].path(variant))], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    assert rows
    for row in rows:
        name, emb, sub = row[0], row[-5], row[-4]
        assert re.fullmatch(r"[A-Z]{6}\+Atkinson-Hyperlegible(-\w+)?", name), name
        assert (emb, sub) == ("yes", "yes"), row


# --- tagged PDF/UA-1 and metadata ----------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_tagged_structure_headings_in_order_and_lists(built, variant):
    poems = built["poems"]
    pdf = poems.pdf(variant)
    assert "/StructTreeRoot" in pdf.Root
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert str(pdf.Root.Lang) == "en"
    tags = [str(e.S) for e in struct_elements(pdf)]
    headings = [t for t in tags if re.fullmatch(r"/H\d", t)]
    # title, "In short", the four sections, "Words to know", "About this leaflet", the disclaimer
    assert headings == ["/H1"] + ["/H2"] * (1 + len(poems.summary.sections) + 3)
    assert tags.count("/L") >= 1 and tags.count("/LI") >= 5


def test_running_footer_is_an_artifact_not_read_aloud_between_paragraphs(built):
    pdf = built["fabry"].pdf()
    tree = pdf.Root.StructTreeRoot
    reachable = {e.objgen for e in struct_elements(pdf)}
    nums = tree.ParentTree.Nums
    for i in range(1, len(nums), 2):
        slots = nums[i] if isinstance(nums[i], pikepdf.Array) else [nums[i]]
        assert all(not isinstance(e, pikepdf.Dictionary) or e.objgen in reachable for e in slots)
    for page in pdf.pages:
        artifacts = [i for i in pikepdf.parse_content_stream(page) if str(i.operator) == "BDC" and i.operands[0] == "/Artifact"]
        assert artifacts


def test_image_is_a_figure_with_its_alt_text(built):
    chart = built["chart"]
    alt = "A bar chart: most people are diagnosed between 50 and 60"
    figures = [e for e in struct_elements(chart.pdf()) if e.S == "/Figure"]
    assert [str(e.Alt) for e in figures] == [alt]


def test_french_leaflet_has_french_language_and_words(built):
    french = built["french"]
    pdf = french.pdf()
    assert str(pdf.Root.Lang) == "fr"
    assert str(pdf.docinfo.Title) == french.summary.meta.title
    words = normalise("\n".join(french.pages_text()))
    assert "Réponse courte · Résumé relu par un médecin" in words
    assert "Mots à connaître" in words


def test_document_information_and_dates(built):
    poems = built["poems"]
    meta = poems.summary.meta
    info = poems.pdf().docinfo
    assert str(info.Title) == meta.title
    assert str(info.Author) == "DiseaseMaps.org"
    assert str(info.Publisher) == "DiseaseMaps.org"
    assert str(info.Subject) == meta.summary
    assert "POEMS syndrome" in str(info.Keywords) and "polyneuropathy" in str(info.Keywords)
    assert str(info.CreationDate) == str(info.ModDate) == "D:20260407000000Z"  # the review date: no SOURCE_DATE_EPOCH in tests
    assert str(info.SourceSHA256) == poems.summary.source_sha256
    assert (str(info.Reviewed), str(info.NextReview)) == ("2026-04-07", "2027-04-07")
    assert str(info.Disclaimer) == meta.disclaimer
    with poems.pdf().open_metadata() as xmp:
        assert xmp["dc:title"] == meta.title
        assert xmp["pdfuaid:part"] == "1"


@pytest.mark.parametrize("name", ["poems", "fabry", "french", "chart"])
def test_every_pdf_ua_checker_finds_nothing_and_skips_nothing(built, name):
    """pdfua (16 rules), page-validation (veraPDF's 104 machine rules) and outloud (Matterhorn, WCAG)."""
    for variant in VARIANTS:
        for report in pdf_checkers(built[name].path(variant)):
            assert report.ok, report


def test_a_page_of_lists_paints_each_marker_before_its_item_so_reading_order_checkers_pass(tmp_path):
    """WeasyPrint paints outside markers after the page's text; outloud failed a page with many (ORD-001)."""
    bullets = "\n".join(f"- item number {n}, in a long list of things to bring" for n in range(24))
    steps = "\n".join(f"{n}. **Step {n}**: what to do next" for n in range(1, 10))
    path = make_source(tmp_path, GOOD_FRONT + f"\n## Lists\n\nBring these:\n\n{bullets}\n\nThen:\n\n{steps}\n")
    pdf_path = tmp_path / "lists.pdf"
    pdf_path.write_bytes(Leaflet(read(path)[0]).render(pdf_variant("a4")))
    with pikepdf.open(pdf_path) as pdf:
        reading = page_mcids(pdf)
        for page in pdf.pages:
            painted = [
                int(i.operands[-1].MCID)
                for i in pikepdf.parse_content_stream(page, "BDC")
                if isinstance(i.operands[-1], pikepdf.Dictionary) and "/MCID" in i.operands[-1]
            ]
            assert painted == [mcid for mcid, _ in reading[page.obj.objgen]]
    for report in pdf_checkers(pdf_path):
        assert report.ok, report


def test_a_nested_list_is_tagged_inside_its_items_body_and_every_item_holds_only_lbl_and_lbody(tmp_path):
    """WeasyPrint tags LI > (Lbl, P) with the nested L beside the item (PDF/UA-1 7.6 fails)."""
    body = "## Lists\n\n- Tiredness\n  - in the morning\n    1. after waking\n- Pain\n\nLoose:\n\n- One\n\n  More of one.\n\n- Two\n"
    path = make_source(tmp_path, GOOD_FRONT + "\n" + body)
    pdf_path = tmp_path / "nested.pdf"
    pdf_path.write_bytes(Leaflet(read(path)[0]).render(pdf_variant("a4")))

    def roles(node) -> list[str]:
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        return [str(k.S) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]

    with pikepdf.open(pdf_path) as pdf:
        lists, stack = [], [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if str(node.get("/S", "")) == "/L":
                lists.append(node)
            kids = node.get("/K")
            stack += [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        assert len(lists) == 4  # the outer list, its two nested levels, and the loose list
        for found in lists:
            assert set(roles(found)) == {"/LI"}
            for item in (k for k in found.K if isinstance(k, pikepdf.Dictionary)):
                assert roles(item) == ["/Lbl", "/LBody"]
        nested = [n for n in lists if str(n.P.S) == "/LBody"]
        assert len(nested) == 2  # each inside the body of the item it belongs to
    for report in pdf_checkers(pdf_path):
        assert report.ok, report


def test_pipeline_check_passes_fresh_leaflets_and_names_what_is_wrong(built):
    from pipeline.checks.pdf import check

    poems = built["poems"]
    assert check(poems.summary, poems.written, Options()) == {path: [] for path in poems.written}
    stale = replace(poems.summary, source_sha256="0" * 64)
    assert check(stale, poems.written[:1], Options(), quick=True) == {
        poems.written[0]: ["stale: made from an earlier version of the source; run `make all`"]
    }
    retitled = replace(poems.summary, meta=replace(poems.summary.meta, title="POEMS", disclaimer="Another disclaimer."))
    assert check(retitled, poems.written[:1], Options(), quick=True)[poems.written[0]] == [
        "the document title is not the summary's title",
        "the disclaimer is not there word for word",
    ]


def test_check_command_on_the_built_folder(built):
    poems = built["poems"]
    result = run_cli("check", str(POEMS), "--formats", "pdf", "--print-marks", "--out", str(poems.out), "--quick")
    assert result.code == 0, result.out + result.err
    assert "4 outputs checked: 4 pass, 0 fail" in result.out


# --- the boundary: what WeasyPrint may read ------------------------------------------------


def hostile(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>t</title>{head}</head><body><p>x</p>{body}</body></html>'


@pytest.mark.parametrize(
    ("body", "head", "url"),
    [
        ('<img src="file:///etc/passwd" alt="a">', "", "file:///etc/passwd"),
        ('<img src="http://127.0.0.1/x.png" alt="a">', "", "http://127.0.0.1/x.png"),
        ("", '<link rel="stylesheet" href="https://example.org/x.css">', "https://example.org/x.css"),
        ("", '<style>@import url("http://127.0.0.1/x.css");</style>', "http://127.0.0.1/x.css"),
        ('<div style="background: url(ftp://127.0.0.1/x.png)">x</div>', "", "ftp://127.0.0.1/x.png"),
        ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">', "", "data:image/png;base64,iVBORw0KGgo="),
        (
            '<svg width="9" height="9"><title>t</title><image href="http://127.0.0.1/a.png" width="9" height="9"/></svg>',
            "",
            "http://127.0.0.1/a.png",
        ),
        (
            "",
            "<style>@font-face { font-family: X; src: url(https://example.org/x.woff2) } p { font-family: X }</style>",
            "https://example.org/x.woff2",
        ),
        ("", '<link rel="attachment" href="file:///etc/passwd">', "file:///etc/passwd"),
    ],
)
def test_fetcher_refuses_anything_but_our_own_files_with_a_clear_error(tmp_path, body, head, url):
    fetcher = RestrictedFetcher((TEMPLATES, font_dir()))
    html = HTML(string=hostile(body, head), base_url=str(tmp_path) + "/", url_fetcher=fetcher)
    with pytest.raises(OutputError, match=re.escape(f"refused to read {url}")):
        render_pdf(html, fetcher, [], "hostile.pdf")


def test_fetcher_refuses_a_symlink_or_dotdot_escape_and_allows_the_listed_image(tmp_path):
    inside = tmp_path / "source"
    inside.mkdir()
    _chart(inside / "chart.png")
    (inside / "escape.png").symlink_to("/etc/hostname")
    fetcher = RestrictedFetcher((TEMPLATES, font_dir()), frozenset({inside / "chart.png"}))
    ok = HTML(string=hostile('<img src="chart.png" alt="a chart">'), base_url=str(inside) + "/", url_fetcher=fetcher)
    sheets = [_stylesheet("@font-face"), _stylesheet("leaflet.css")]
    assert render_pdf(ok, fetcher, sheets, "ok.pdf").startswith(b"%PDF-1.7")
    for src in ("escape.png", "../source/../../etc/hostname"):
        bad = HTML(string=hostile(f'<img src="{src}" alt="a">'), base_url=str(inside) + "/", url_fetcher=fetcher)
        with pytest.raises(OutputError, match="refused to read file://"):
            render_pdf(bad, fetcher, [], "bad.pdf")


def test_a_character_missing_from_the_font_is_a_clear_error_and_the_earlier_leaflet_stays(tmp_path):
    good = make_source(tmp_path, GOOD_FRONT + "\n" + GOOD_BODY)
    writer, out = get_writer("pdf"), tmp_path / "out"
    earlier = writer.write(read(good)[0], out, Options())[0]
    before = earlier.read_bytes()
    # the reader refuses such a character first (tests/test_reader.py); the writer guards on its own
    summary = read(good)[0]
    bad = replace(summary, meta=replace(summary.meta, summary=summary.meta.summary + " 漢"))
    with pytest.raises(OutputError, match="neither Atkinson Hyperlegible nor DejaVu Sans has a glyph for 漢"):
        writer.write(bad, out, Options())
    assert earlier.read_bytes() == before
    assert not list(out.rglob(".*.part"))


def test_greek_and_cyrillic_text_falls_back_to_dejavu_sans_embedded_never_a_system_font(tmp_path):
    source = make_source(
        tmp_path,
        GOOD_FRONT.replace("title: Test condition", "title: Σύνδρομο POEMS — Синдром")
        + "\n"
        + GOOD_BODY.replace("made-up", "σπάνια, редкое"),
    )
    written = get_writer("pdf").write(read(source)[0], tmp_path / "out", Options())
    with pikepdf.open(written[0]) as pdf:
        assert embedded_fonts(pdf) == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold", "Leaflet-Fallback", "Leaflet-Fallback-Bold"}
    text = subprocess.run(["pdftotext", str(written[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "Σύνδρομο POEMS — Синдром" in text and "σπάνια, редкое" in text


def test_weasyprint_logs_no_warning_for_our_templates(caplog):
    _parsed.cache_clear()  # parse the stylesheets again, so their warnings show too
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for path in (POEMS, FIXTURES / "guillain-barre-fr.md"):
            leaflet = Leaflet(read(path)[0])
            for each in VARIANTS:
                leaflet.render(pdf_variant(each))
    assert [r.getMessage() for r in caplog.records] == []


def test_dates_follow_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = pikepdf.open(io.BytesIO(Leaflet(read(POEMS)[0]).render(pdf_variant("a4"))))
    assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == "D:20231114221320Z"


# --- reproducible ---------------------------------------------------------------------------


def test_rebuild_in_a_fresh_process_is_byte_identical(built, tmp_path):
    poems = built["poems"]
    result = run_cli("build", str(POEMS), "--formats", "pdf", "--print-marks", "--out", str(tmp_path), "--quiet")
    assert result.code == 0, result.err
    for variant in VARIANTS:
        again = tmp_path / "poems-syndrome" / f"poems-syndrome-{variant}.pdf"
        assert again.read_bytes() == poems.path(variant).read_bytes(), variant


def test_french_punctuation_is_kept_with_its_word_but_not_in_addresses():
    from pipeline.writers.pdf import french_spacing

    html = '<p>« résumé » : oui ? <a href="https://example.org/a?b=1">lien</a></p>'
    assert french_spacing(html) == '<p>«\u00a0résumé\u00a0»\u00a0: oui\u00a0? <a href="https://example.org/a?b=1">lien</a></p>'
