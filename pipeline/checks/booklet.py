"""Booklet checks: each booklet is checked as a leaflet (current, stamped on every page, our font,
the three PDF/UA checkers) and has a multiple of four pages; each imposed print file is current, its
sheets are landscape and hold its booklet's pages in saddle-stitch order, and it says it is a print
file. The print file is not run through the PDF/UA checkers: it is not for screen readers (its
booklet is), and it says so."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from pipeline.checks.pdf import check_leaflet, stale
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN
from pipeline.rendering.stamp import direction
from pipeline.writers.pdf.impose import PRINT_FILE, SHEETS, saddle_stitch

IMPOSED = "-imposed.pdf"


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    results: dict[Path, list[str]] = {}
    for path in files:
        if path.name.endswith(IMPOSED):
            results[path] = check_imposed(summary, path, path.with_name(path.name.removesuffix(IMPOSED) + ".pdf"))
        else:
            results[path] = _pages_by_four(path) + check_leaflet(summary, path, quick)
    return results


def _pages_by_four(path: Path) -> list[str]:
    try:
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PdfError as exc:
        return [f"not a readable PDF: {exc}"]
    return [] if pages % 4 == 0 else [f"{pages} pages: a folded booklet needs a multiple of 4"]


def check_imposed(summary: Summary, path: Path, booklet: Path) -> list[str]:
    try:
        with pikepdf.open(path) as pdf, pikepdf.open(booklet) as reading:
            if (why := stale(summary, pdf)) is not None:
                return [why]
            problems = []
            if str(pdf.docinfo.get("/Keywords", "")) != PRINT_FILE or "/StructTreeRoot" in pdf.Root:
                problems.append("it does not say it is a print file, not for screen readers")
            sizes = {(round(float(p.mediabox[2] - p.mediabox[0])), round(float(p.mediabox[3] - p.mediabox[1]))) for p in pdf.pages}
            if not sizes <= {(round(w), round(h)) for w, h in SHEETS.values()}:
                problems.append(f"its sheets are not A4 or A3 landscape: {sorted(sizes)}")
            if len(reading.pages) % 4:
                return [*problems, f"its booklet {booklet.name} has {len(reading.pages)} pages, not a multiple of 4"]
            order = saddle_stitch(len(reading.pages), direction(summary.meta.language) == "rtl")
            if _sides(pdf, reading) != order:
                problems.append(f"its sides are not {booklet.name}'s pages in saddle-stitch order")
            elif [str(page.label) for page in pdf.pages] != [f"{a}|{b}" for a, b in order]:
                problems.append("its page labels do not name the booklet's pages each side holds")
            return problems
    except FileNotFoundError:
        return [f"its booklet {booklet.name} is missing; {BUILD_AGAIN}"]
    except pikepdf.PdfError as exc:
        return [f"not a readable PDF: {exc}"]


def _sides(pdf: pikepdf.Pdf, booklet: pikepdf.Pdf) -> list[tuple[int, ...]]:
    """The booklet's page numbers each side draws, left to right (0: not one of its pages): each
    booklet page is placed as a Form XObject holding its content stream (pdf/impose.py)."""
    numbers = {page.as_form_xobject().read_bytes(): n for n, page in enumerate(booklet.pages, 1)}
    sides = []
    for side in pdf.pages:
        forms = side.obj.get("/Resources", pikepdf.Dictionary()).get("/XObject", pikepdf.Dictionary())
        drawn = [str(instruction.operands[0]) for instruction in pikepdf.parse_content_stream(side, "Do")]
        sides.append(tuple(numbers.get(forms[name].read_bytes(), 0) if name in forms else 0 for name in drawn))
    return sides
