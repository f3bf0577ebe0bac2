"""Braille pages for an embosser: lines of cells laid out in the BANA manner, then BRF or PEF.

Works on Unicode braille cells (translated by pipeline/louis.py), so it knows no language:
- a page has `lines` lines of `cells` cells; the last line carries only the braille page number,
  at the right margin;
- a paragraph starts in cell 3 and runs over to cell 1; a list item or glossary entry starts in
  cell 1 and runs over to cell 3 (BANA's "1-3"); a centred heading has a blank line before and
  after it, a cell-5 heading one before; a heading never ends a page;
- a word moves whole to the next line; only a word longer than a line (a web address) is split,
  with UEB's line-continuation indicator (dot 5) at the break.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pipeline.model import Summary
from pipeline.options import Options

# An embosser's page: (cells a line, lines a page). The common page (11 x 11.5 in), and what
# --braille-cells/--braille-lines and publisher.yaml may ask for.
PAGE_SIZE = (40, 25)
PAGE_LIMITS = {"cells": (12, 100), "lines": (4, 100)}


def page_size(summary: Summary, options: Options) -> tuple[int, int]:
    """The embosser's page: --braille-cells/--braille-lines, else publisher.yaml's, else 40 x 25."""
    brand = summary.publisher
    cells = options.braille_cells or (brand.braille_cells if brand else None) or PAGE_SIZE[0]
    lines = options.braille_lines or (brand.braille_lines if brand else None) or PAGE_SIZE[1]
    return cells, lines


BLANK = "\u2800"
CONTINUES = "\u2810"  # dots 5: the word goes on at the start of the next line
GUIDE_DOT = "\u2810"  # dots 5 repeated: guide dots from a contents entry to its page number
# North American Braille ASCII (the BRF character set), indexed by the six dots' bit pattern.
BRF_ASCII = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="


@dataclass(frozen=True)
class Block:
    """One paragraph-like thing to lay out. `first`/`runover`: the cell (1-based) its first and
    following lines start in; `centred` headings ignore both."""

    cells: str
    first: int = 3
    runover: int = 1
    kind: str = "text"  # "text", "heading" (centred), "subheading" (cell 5), "blank", "page"
    anchor: str | None = None  # a heading the contents lists


@dataclass
class Layout:
    cells: int = 40
    lines: int = 25
    pages: list[list[str]] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> braille page number (1-based)

    @property
    def text_lines(self) -> int:
        return self.lines - 1  # the last line holds the page number

    def new_page(self) -> None:
        self.pages.append([])

    def _room(self) -> int:
        return self.text_lines - len(self.pages[-1]) if self.pages else 0

    def _put(self, line: str) -> None:
        if self._room() <= 0:
            self.new_page()
        self.pages[-1].append(line)

    def add(self, block: Block) -> None:
        if block.kind == "page":
            self.new_page()
            return
        if block.kind == "blank":
            if self.pages and self.pages[-1]:  # never at the top of a page
                self._put("")
            return
        if block.kind in ("heading", "subheading"):
            rows = [centre(row, self.cells) for row in wrap(block.cells, self.cells, 1, 1)] if block.kind == "heading" else None
            rows = rows or wrap(block.cells, self.cells, 5, 5)
            gap_after = 1 if block.kind == "heading" else 0
            # a blank line before, the heading, a blank line after, and one line of what follows
            if self._room() < 1 + len(rows) + gap_after + 1:
                self.new_page()
            if self.pages[-1]:
                self._put("")
            if block.anchor:
                self.anchors[block.anchor] = len(self.pages)
            for row in rows:
                self._put(row)
            if gap_after:
                self._put("")
            return
        for row in wrap(block.cells, self.cells, block.first, block.runover):
            self._put(row)

    def numbered(self, number: Callable[[int], str]) -> list[list[str]]:
        """Every page, `lines` lines long, its braille page number right-aligned on the last line."""
        out = []
        for n, page in enumerate(self.pages, start=1):
            rows = [row.rstrip(BLANK) for row in page] + [""] * (self.text_lines - len(page))
            label = number(n)
            out.append(rows + [BLANK * (self.cells - len(label)) + label])
        return out


def wrap(cells: str, width: int, first: int = 1, runover: int = 1) -> list[str]:
    """Lines of at most `width` cells, the first indented to cell `first`, the others to `runover`."""
    lines: list[str] = []
    line, indent = BLANK * (first - 1), first - 1

    def next_line() -> None:
        nonlocal line, indent
        lines.append(line)
        line, indent = BLANK * (runover - 1), runover - 1

    for word in (w for w in cells.split(BLANK) if w):
        gap = 1 if len(line) > indent else 0
        if len(line) + gap + len(word) <= width:
            line += BLANK * gap + word
            continue
        if gap and len(word) <= width - indent:  # it fits on the next line: move it whole
            next_line()
            line += word
            continue
        while len(line) + gap + len(word) > width:  # longer than a line: split, marking each break
            room = width - len(line) - gap - 1
            if room < 2:
                next_line()
                gap = 0
                continue
            line += BLANK * gap + word[:room] + CONTINUES
            word = word[room:]
            next_line()
            gap = 0
        line += BLANK * gap + word
    lines.append(line)
    return lines


def centre(row: str, width: int) -> str:
    row = row.strip(BLANK)
    return BLANK * ((width - len(row)) // 2) + row


def contents_line(title: str, page: str, width: int) -> list[str]:
    """A contents entry: the title (runovers in cell 3), guide dots, the page number at the right."""
    rows = wrap(title, width - len(page) - 4, 1, 3)
    last = rows[-1]
    dots = width - len(last) - len(page) - 2
    rows[-1] = last + BLANK + GUIDE_DOT * dots + BLANK + page if dots >= 2 else last
    if dots < 2:
        rows.append(BLANK * (width - len(page)) + page)
    return rows


def to_brf(pages: Iterable[list[str]]) -> bytes:
    """Braille Ready Format: ASCII braille, CR LF after each line, a form feed after each page."""
    out = []
    for page in pages:
        lines = ["".join(_ascii(c) for c in row).rstrip(" ") for row in page]
        out.append("\r\n".join(lines) + "\r\n\f")
    return "".join(out).encode("ascii")


def from_brf(data: bytes) -> list[list[str]]:
    """BRF back to pages of Unicode braille rows (for checks and back-translation)."""
    pages = data.decode("ascii").split("\f")
    if pages and not pages[-1].strip("\r\n"):
        pages = pages[:-1]
    back = {ch: chr(0x2800 + i) for i, ch in enumerate(BRF_ASCII)}
    back.update({ch.lower(): cell for ch, cell in back.items() if ch.isalpha()})
    return [["".join(back.get(c, "?") for c in row) for row in page.removesuffix("\r\n").split("\r\n")] for page in pages]


def _ascii(cell: str) -> str:
    code = ord(cell) - 0x2800
    if not 0 <= code < 0x100:
        raise ValueError(f"not a braille cell: {cell!r}")
    if code > 0x3F:
        raise ValueError(f"an 8-dot cell ({cell}) cannot be written in BRF, which holds six dots (or the table lacks a character)")
    return BRF_ASCII[code]
