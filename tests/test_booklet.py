"""The booklet and its imposed print file, checked with real tools: WeasyPrint, pikepdf, poppler
(pdftotext, pdftoppm) and the three PDF/UA checkers.

Each source is built once per module; the tests read the files back."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, GOOD_FRONT, POEMS, make_source, run_cli
from pdf_tags import struct_elements

from pipeline import Options, build, read, stamp_for
from pipeline.checks.validators import pdf_checkers
from pipeline.rendering.about import about_for
from pipeline.writers import REGISTRY, get_writer
from pipeline.writers.booklet import BOOKLETS, booklet_pdf
from pipeline.writers.pdf.impose import saddle_stitch

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make installs it)")

SOURCES = {"poems": POEMS, "fabry": FIXTURES / "fabry-disease.md", "french": FIXTURES / "guillain-barre-fr.md"}
SOURCES |= {"arabic": FIXTURES / "fakr-aldam-ar.md"}
A5, A4, A4_LANDSCAPE, A3_LANDSCAPE = (420, 595), (595, 842), (842, 595), (1191, 842)
PAGE_OF = {"en": r"Page (\d+) of (\d+)", "fr": r"Page (\d+) sur (\d+)"}
FILLER = re.compile(r"^(Notes Questions to ask at your next appointment|This page is intentionally left blank)")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("booklets")
    result = build(list(SOURCES.values()), Options(out_dir=folder, formats=("booklet",), quiet=True))
    assert {o.status for o in result.outcomes} == {"built"}, [o.error for o in result.outcomes]
    return folder


def path_of(out: Path, name: str, suffix: str = "a5") -> Path:
    slug = SOURCES[name].stem
    return out / slug / f"{slug}-{suffix}.pdf"


def pages_text(path: Path) -> list[str]:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")[:-1]


def words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def size_of(page: pikepdf.Page) -> tuple[int, int]:
    box = [float(v) for v in page.mediabox]
    return round(box[2] - box[0]), round(box[3] - box[1])


def body_of(page: str, footer: str) -> str:
    """A page's words without its running footer (the stamp and "Page N of M")."""
    lines = [line for line in page.splitlines() if footer not in words(line) and not re.search(r"Page \d+ (of|sur) \d+", line)]
    return words("\n".join(lines))


# --- pages: a multiple of four, blank pages only where a printer puts them ---------------------


@pytest.mark.parametrize("name", list(SOURCES))
def test_each_booklet_has_a_multiple_of_four_pages_a5_and_large_print_a4(out, name):
    for suffix, size in (("a5", A5), ("large-print-booklet", A4)):
        with pikepdf.open(path_of(out, name, suffix)) as pdf:
            assert len(pdf.pages) % 4 == 0, (suffix, len(pdf.pages))
            assert {size_of(page) for page in pdf.pages} == {size}


def test_poems_is_a_four_page_a5_booklet_one_a4_sheet_folded(out):
    with pikepdf.open(path_of(out, "poems")) as pdf:
        assert len(pdf.pages) == 4
    with pikepdf.open(path_of(out, "poems", "a5-imposed")) as pdf:
        assert len(pdf.pages) == 2  # the two sides of one sheet


def test_the_cover_has_the_title_short_answer_review_line_and_contents_and_the_back_page_the_disclaimer_and_qr(out):
    summary = read(POEMS)[0]
    pages = [words(p) for p in pages_text(path_of(out, "poems"))]
    cover, back = pages[0], pages[-1]
    on_cover = (summary.meta.title, words(summary.meta.summary), stamp_for(summary).line, "Contents")
    for said in (*on_cover, *(s.title for s in summary.sections)):
        assert said in cover, said
    for said in ("Your next appointment", "Date and time:", "Your nurse's name:", words(summary.meta.disclaimer)):
        assert said in back, said
    assert "Published by DiseaseMaps.org" in back and "https://www.diseasemaps.org/summaries/poems-syndrome/" in back
    assert stamp_for(summary).reviewed_text in back and stamp_for(summary).next_review_text in back
    with pikepdf.open(path_of(out, "poems")) as pdf:
        figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["QR code that opens https://www.diseasemaps.org/summaries/poems-syndrome/"]


def test_the_pages_a_printer_adds_come_after_the_last_words_and_before_the_back_page(out):
    fabry = read(SOURCES["fabry"])[0]
    footer = words(stamp_for(fabry).short)
    pages = [body_of(p, footer) for p in pages_text(path_of(out, "fabry"))]
    fillers = [n for n, text in enumerate(pages) if FILLER.match(text)]
    assert fillers, "Fabry needs pages added: the test would prove nothing"
    assert fillers == list(range(fillers[0], len(pages) - 1)), "added pages are not together just before the back page"
    last_words = words(about_for(fabry, REGISTRY, "booklet").lines[-1].text)  # "About this leaflet" ends the text
    assert pages[fillers[0] - 1].endswith(last_words), pages[fillers[0] - 1][-200:]
    assert all(pages[n] for n in range(len(pages))), "a page with nothing on it"


@pytest.mark.slow
def test_summaries_of_every_length_give_a_multiple_of_four_pages_padded_only_between_the_text_and_the_back_page(tmp_path):
    """A summary grown a paragraph at a time meets every case: 0, 1, 2 and 3 pages added (or one
    page saved by laying it out with less air)."""
    paragraph = "Doctors who know the condition well can explain what the results mean for you and your family. " * 3
    seen = set()
    for count in range(2, 40, 3):
        body = "".join(f"## Part {n}\n\n{paragraph}\n\n" for n in range(count // 3 + 1)) + f"{paragraph}\n\n" * count
        path = make_source(tmp_path, GOOD_FRONT + "\n" + body + "The very last words of the text.\n", f"length-{count}.md")
        summary = read(path)[0]
        footer = words(stamp_for(summary).short)
        file = tmp_path / f"length-{count}.pdf"
        file.write_bytes(booklet_pdf(summary, BOOKLETS[0].variant))
        pages = [body_of(p, footer) for p in pages_text(file)]
        assert len(pages) % 4 == 0, (count, len(pages))
        fillers = [n for n, text in enumerate(pages) if FILLER.match(text)]
        seen.add(len(fillers))
        assert fillers == list(range(len(pages) - 1 - len(fillers), len(pages) - 1)), (count, fillers)
        last = pages[len(pages) - 2 - len(fillers)]
        assert last.endswith(words(about_for(summary, REGISTRY, "booklet").lines[-1].text)), count
        assert "The very last words of the text." in " ".join(pages[: len(pages) - 1 - len(fillers)]), count
        assert "Medical disclaimer" in pages[-1] and "Medical disclaimer" not in " ".join(pages[:-1])
    assert {0, 1, 2, 3} <= seen, seen


def test_the_large_print_booklet_has_nothing_under_18_pt(out):
    for name in ("poems", "fabry"):
        with pikepdf.open(path_of(out, name, "large-print-booklet")) as pdf:
            sizes = {round(float(ops[1]) * 0.75, 1) for page in pdf.pages for ops, _ in pikepdf.parse_content_stream(page, "Tf")}
        assert min(sizes) >= 18, sizes


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SOURCES))
def test_every_pdf_ua_checker_finds_nothing_in_each_booklet(out, name):
    for suffix in ("a5", "large-print-booklet"):
        for report in pdf_checkers(path_of(out, name, suffix)):
            assert report.ok, report


# --- the imposed print file ----------------------------------------------------------------------


def folded(sides: list[tuple[int, int]], rtl: bool = False) -> list[int]:
    """The pages in the order a reader meets them once the sides are printed on sheets (front, back,
    front, back...), flipped on the short edge, stacked, folded and stapled. Flipping on the short
    edge puts the back's left half behind the front's right half; the right-hand leaves are read
    outer sheet first, then the left-hand leaves inner sheet first (a right-to-left booklet: mirrored)."""
    if rtl:
        sides = [(right, left) for left, right in sides]
    sheets = list(zip(sides[::2], sides[1::2], strict=True))
    order = [page for front, back in sheets for page in (front[1], back[0])]
    return order + [page for front, back in reversed(sheets) for page in (back[1], front[0])]


def test_saddle_stitch_order_for_eight_pages_is_8_1_2_7_6_3_4_5_and_folds_to_1_to_8():
    assert saddle_stitch(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_stitch(8, rtl=True) == [(1, 8), (7, 2), (3, 6), (5, 4)]
    for pages in (4, 8, 12, 16, 40):
        assert folded(saddle_stitch(pages)) == list(range(1, pages + 1))
        assert folded(saddle_stitch(pages, rtl=True), rtl=True) == list(range(1, pages + 1))
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_stitch(6)


def half_text(path: Path, page: int, left: bool, width: float, height: float) -> str:
    x = 0 if left else width / 2
    args = ["-f", str(page), "-l", str(page), "-x", str(int(x)), "-y", "0", "-W", str(int(width / 2)), "-H", str(int(height))]
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


IMPOSED = [("fabry", "a5", A4_LANDSCAPE), ("french", "a5", A4_LANDSCAPE), ("fabry", "large-print-booklet", A3_LANDSCAPE)]


@pytest.mark.parametrize(("name", "suffix", "sheet"), IMPOSED)
def test_the_imposed_sheets_hold_the_booklets_pages_in_saddle_stitch_order_read_back_from_their_text(out, name, suffix, sheet):
    booklet, imposed = path_of(out, name, suffix), path_of(out, name, f"{suffix}-imposed")
    language = read(SOURCES[name])[0].meta.language
    with pikepdf.open(booklet) as reading, pikepdf.open(imposed) as pdf:
        pages = len(reading.pages)
        assert len(pdf.pages) == pages // 2 and {size_of(p) for p in pdf.pages} == {sheet}
        labels = [str(p.label) for p in pdf.pages]
    assert labels == [f"{a}|{b}" for a, b in saddle_stitch(pages)]
    sides = []
    for number in range(1, pages // 2 + 1):
        found = []
        for left in (True, False):  # each half's running footer says which page it is
            match = re.search(PAGE_OF[language], words(half_text(imposed, number, left, *sheet)))
            assert match and int(match[2]) == pages, (number, left)
            found.append(int(match[1]))
        sides.append((found[0], found[1]))
    assert sides == saddle_stitch(pages)
    assert folded(sides) == list(range(1, pages + 1))


def test_a_right_to_left_booklet_is_imposed_with_its_cover_on_the_left_half(out):
    imposed = path_of(out, "arabic", "a5-imposed")
    title = read(SOURCES["arabic"])[0].meta.title
    with pikepdf.open(imposed) as pdf:
        labels = [str(p.label) for p in pdf.pages]
    assert labels == ["1|4", "3|2"]
    left, right = (half_text(imposed, 1, side, *A4_LANDSCAPE) for side in (True, False))
    first_word = title.split()[0]
    assert first_word in left and first_word not in right


def test_the_imposed_file_says_it_is_a_print_file_not_for_screen_readers(out):
    with pikepdf.open(path_of(out, "poems", "a5-imposed")) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "POEMS syndrome: booklet print file"
        assert str(info.Keywords) == "print file, not for screen readers"
        subject = str(info.Subject)
        assert "not for screen readers" in subject and "poems-syndrome-a5.pdf" in subject
        assert "Print double-sided, flip on the short edge, fold and staple." in subject
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:  # read, change nothing
            assert xmp["dc:title"] == str(info.Title) and "pdfuaid:part" not in xmp
        assert str(info.SourceSHA256) == read(POEMS)[0].source_sha256
        assert str(info.CreationDate) == "D:20260407000000Z"  # the review date, as the booklet: never the clock
        assert str(info.Author) == "DiseaseMaps.org"


def test_the_imposed_sheets_draw_the_booklets_pages_unchanged(out, tmp_path):
    """The same pixels: the right half of the first side is page 1 of the booklet (up to a sub-pixel
    shift: an A5 page is centred in half an A4), far from page 2."""
    from PIL import Image, ImageChops, ImageStat

    def grey(path: Path, page: int, name: str) -> Image.Image:
        args = ["pdftoppm", "-r", "100", "-gray", "-f", str(page), "-l", str(page), "-png", str(path), str(tmp_path / name)]
        subprocess.run(args, check=True)
        return Image.open(next(tmp_path.glob(f"{name}*.png"))).convert("L")

    booklet = path_of(out, "poems")
    first, second = grey(booklet, 1, "first"), grey(booklet, 2, "second")
    side = grey(path_of(out, "poems", "a5-imposed"), 1, "side")
    left = round(side.width / 2 + (side.width / 2 - first.width) / 2)
    right_half = side.crop((left, 0, left + first.width, first.height))

    def mean_difference(a: Image.Image) -> float:
        return ImageStat.Stat(ImageChops.difference(a, right_half)).mean[0]

    assert mean_difference(first) < 5.0 < 15.0 < mean_difference(second), (mean_difference(first), mean_difference(second))


# --- the build: declared, checked, listed --------------------------------------------------------


def test_the_writer_writes_what_it_declares_and_check_passes_them(out):
    writer = get_writer("booklet")
    summary = read(POEMS)[0]
    assert writer.filenames(summary, Options()) == [p.name for p in sorted((out / "poems-syndrome").glob("*.pdf"), key=_declared)]
    result = run_cli("check", str(POEMS), "--formats", "booklet", "--out", str(out), "--quick")
    assert result.code == 0, result.out + result.err
    assert "4 outputs checked: 4 pass, 0 fail" in result.out


def _declared(path: Path) -> int:
    return [f"poems-syndrome-{suffix}.pdf" for suffix in ("a5", "a5-imposed", "large-print-booklet", "large-print-booklet-imposed")].index(
        path.name
    )


def test_check_names_an_imposed_file_whose_sides_are_out_of_order(out, tmp_path):
    from pipeline.checks.booklet import check

    folder = tmp_path / "poems-syndrome"
    shutil.copytree(out / "poems-syndrome", folder)
    imposed = folder / "poems-syndrome-a5-imposed.pdf"
    with pikepdf.open(imposed, allow_overwriting_input=True) as pdf:
        pdf.pages.reverse()
        pdf.save(imposed)
    summary = read(POEMS)[0]
    found = check(summary, [imposed], Options(out_dir=tmp_path))
    assert found[imposed] == ["its sides are not poems-syndrome-a5.pdf's pages in saddle-stitch order"]


def test_a_rebuild_in_a_fresh_process_is_byte_identical_print_file_and_all(out, tmp_path):
    result = run_cli("build", str(POEMS), "--formats", "booklet", "--out", str(tmp_path), "--quiet")
    assert result.code == 0, result.err
    for suffix in ("a5", "a5-imposed", "large-print-booklet", "large-print-booklet-imposed"):
        again = tmp_path / "poems-syndrome" / f"poems-syndrome-{suffix}.pdf"
        assert again.read_bytes() == path_of(out, "poems", suffix).read_bytes(), suffix


def test_weasyprint_logs_no_warning_for_the_booklet_templates(caplog):
    from pipeline.writers.pdf import _parsed

    _parsed.cache_clear()  # parse the stylesheets again, so their warnings show too
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for name in ("poems", "arabic"):
            for booklet in BOOKLETS:
                booklet_pdf(read(SOURCES[name])[0], booklet.variant)
    assert [r.getMessage() for r in caplog.records] == []
