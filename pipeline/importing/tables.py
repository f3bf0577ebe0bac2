"""A table becomes the nearest form the source allows: a list of "label: text" items.

The source format has no tables (they read badly aloud, in braille and at 200 % zoom). A table
with a header row says each value after its column's name ("Inhaler: Reliever; Colour: Blue"); a
table without one is label and text ("Green zone: Keep taking your preventer"); a one-cell table
is a box around ordinary text, so its blocks are taken as they are.
"""

from __future__ import annotations

from typing import Protocol
from xml.etree.ElementTree import Element

from pipeline.importing.elements import tag, trimmed
from pipeline.model import Block, Inline, ListBlock, Paragraph, Strong, Text, inline_text


class CellReader(Protocol):
    """What a table needs of the page's reader: a cell's words, a box's blocks, and where to say what it did."""

    notes: list[str]

    def inline_only(self, element: Element) -> list[Inline]: ...

    def blocks(self, element: Element) -> list[Block]: ...


def table_blocks(reader: CellReader, table: Element) -> list[Block]:
    parents = {child: parent for parent in table.iter() for child in parent}
    rows: list[tuple[list[list[Inline]], bool]] = []  # (cells, is a header row)
    cells_of: list[Element] = []
    for row in table.iter():
        if tag(row) != "tr" or _table_of(row, parents) is not table:  # a table inside a cell is read with the cell
            continue
        cells = [c for c in row if tag(c) in ("td", "th")]
        if not cells:
            continue
        heads = all(tag(c) == "th" for c in cells) or tag(parents[row]) == "thead"
        rows.append(([trimmed(reader.inline_only(c)) for c in cells], heads))
        cells_of += cells
    if not rows:
        return []
    if len(cells_of) == 1:  # a box drawn round some text
        return reader.blocks(cells_of[0])
    first, first_is_header = rows[0]
    if not first_is_header and len(rows) > 1 and all(_all_strong(c) for c in first if c):
        first_is_header = True
    header = [inline_text(tuple(c)).strip() for c in first] if first_is_header else []
    body = rows[1:] if first_is_header else rows
    items: list[tuple[Block, ...]] = []
    for texts, _ in body:
        said = _item(texts, header)
        if said:
            items.append((Paragraph(tuple(said), 0),))
    reader.notes.append(f"a table of {len(rows)} rows became a list of 'label: text' items: check that it reads well")
    return [ListBlock(False, 1, tuple(items), 0)] if items else []


def _item(cells: list[list[Inline]], header: list[str]) -> list[Inline]:
    """'label: text' from a row; with a header row, each value after its column's name, so no word is lost."""
    filled = [(n, cell) for n, cell in enumerate(cells) if inline_text(tuple(cell)).strip()]
    if not filled:
        return []
    if header:
        parts: list[Inline] = []
        for n, cell in filled:
            name = header[n] if n < len(header) else ""
            parts += [Text("; ")] if parts else []
            parts += [Text(f"{name}: ")] if name else []
            parts += cell
        return parts
    (_, first), rest = filled[0], filled[1:]
    parts = [*first]
    for count, (_, cell) in enumerate(rest):
        parts += [Text(": " if count == 0 else "; "), *cell]
    return parts


def _all_strong(cell: list[Inline]) -> bool:
    shown = [n for n in cell if not (isinstance(n, Text) and not n.text.strip())]
    return bool(shown) and all(isinstance(n, Strong) for n in shown)


def _table_of(row: Element, parents: dict[Element, Element]) -> Element | None:
    node = parents.get(row)
    while node is not None and tag(node) != "table":
        node = parents.get(node)
    return node
