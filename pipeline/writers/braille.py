"""Braille: `<slug>.brf` (Braille Ready Format, for an embosser or a braille display) and
`<slug>.pef` (Portable Embosser Format, the XML DAISY Pipeline writes), from one layout.

Contracted braille where liblouis has it for the language (UEB grade 2 for English), uncontracted
otherwise. Title page (title, review dates, publisher), contents, the short answer, every section,
the glossary, then the disclaimer in full. The full text, not the plain rewrites: braille readers
get what the printed leaflet says.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.braille import louis
from pipeline.braille.layout import BLANK, Block, Layout, contents_line, page_size, to_brf
from pipeline.errors import OutputError
from pipeline.model import Block as ModelBlock
from pipeline.model import Figure, Heading, ListBlock, Paragraph, Quote, Summary, block_text, inline_text
from pipeline.options import Options
from pipeline.output import build_timestamp, write_atomic
from pipeline.rendering.about import about_for
from pipeline.rendering.stamp import label, stamp_for
from pipeline.writers import REGISTRY, Writer

TOP_MARGIN = 2  # blank lines above the title on the title page


class Braille:
    """One summary in braille: the text as blocks of cells, laid out for a given page size."""

    def __init__(self, summary: Summary, cells: int, lines: int) -> None:
        self.summary = summary
        self.lang = summary.meta.language
        self.table, self.grade = louis.table_for(self.lang)
        self.cells, self.lines = cells, lines

    def tr(self, text: str) -> str:
        # The stamp's middle dot is unknown to some tables (Spanish): liblouis would spell out its code
        return louis.translate(" ".join(text.split()).replace("·", "—"), self.table)

    def page_number(self, n: int) -> str:
        return self.tr(str(n))

    def title_page(self) -> list[Block]:
        meta, stamp = self.summary.meta, stamp_for(self.summary)
        blocks = [Block("", kind="blank")] * TOP_MARGIN + [Block(self.tr(meta.title), kind="heading")]
        lines = [
            f"{label(self.lang, 'reviewed_label')} {stamp.reviewed_text}",
            f"{label(self.lang, 'next_review_label')} {stamp.next_review_text}",
        ]
        if meta.publisher:
            lines.append(label(self.lang, "published_by", publisher=meta.publisher))
        if self.summary.publisher and self.summary.publisher.contact:
            lines.append(self.summary.publisher.contact)
        return blocks + [Block(self.tr(line), first=1, runover=3) for line in lines]

    def body(self) -> list[tuple[str, str, list[Block]]]:
        """(anchor, heading, blocks) of each part after the contents, in reading order."""
        meta, stamp, lang = self.summary.meta, stamp_for(self.summary), self.lang
        parts = [("summary", label(lang, "summary_heading"), [Block(self.tr(meta.summary))])]
        for section in self.summary.sections:
            parts.append((section.id, inline_text(section.heading), self.blocks(section.blocks)))
        if self.summary.glossary:
            entries = [Block(self.tr(f"{e.term}: {e.explanation}"), first=1, runover=3) for e in self.summary.glossary]
            parts.append(("glossary", label(lang, "words_to_know"), entries))
        about = about_for(self.summary, REGISTRY, "braille")
        if about.lines or about.sources:  # the addresses written out: braille has no links
            lines = [f"{label(lang, 'label_colon', label=line.label)} {line.text}" for line in about.lines]
            lines += [about.sources_heading] if about.sources else []
            lines += [f"{n}. {s.text}" + (f" ({s.url})" if s.url else "") for n, s in enumerate(about.sources, 1)]
            parts.append(("about", about.heading, [Block(self.tr(line), first=1, runover=3) for line in lines]))
        closing = [Block(self.tr(stamp.disclaimer)), Block(self.tr(stamp.line))]
        parts.append(("disclaimer", stamp.disclaimer_heading, closing))
        return parts

    def blocks(self, blocks: tuple[ModelBlock, ...], depth: int = 0) -> list[Block]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(Block(self.tr(inline_text(block.inlines)), first=3 + 2 * depth, runover=1 + 2 * depth))
            elif isinstance(block, Heading):
                out.append(Block(self.tr(inline_text(block.inlines)), kind="subheading"))
            elif isinstance(block, ListBlock):
                for number, item in enumerate(block.items, start=block.start):
                    words = " ".join(block_text(b) for b in item if not isinstance(b, ListBlock))
                    words = f"{number}. {words}" if block.ordered else words
                    out.append(Block(self.tr(words), first=1 + 2 * depth, runover=3 + 2 * depth))
                    out += self.blocks(tuple(b for b in item if isinstance(b, ListBlock)), depth + 1)
            elif isinstance(block, Quote):
                out += self.blocks(block.blocks, depth + 1)
            elif isinstance(block, Figure):
                out.append(Block(self.tr(label(self.lang, "spoken_figure", alt=block.alt)), first=3 + 2 * depth, runover=1 + 2 * depth))
        return out

    def layout(self) -> Layout:
        """Title page, contents, then the text; the contents' page numbers from a first pass."""
        parts = self.body()
        headings = {anchor: self.tr(title) for anchor, title, _ in parts}
        widest = self.page_number(999)

        def lay(numbers: dict[str, int]) -> Layout:
            layout = Layout(self.cells, self.lines)
            layout.new_page()
            for block in self.title_page():
                layout.add(block)
            layout.new_page()
            layout.add(Block(self.tr(label(self.lang, "contents")), kind="heading"))
            for anchor, cells in headings.items():
                number = self.page_number(numbers[anchor]) if anchor in numbers else widest
                for row in contents_line(cells, number, self.cells):
                    layout.add(Block(row, first=1, runover=1))
            layout.new_page()
            for anchor, _, blocks in parts:
                layout.add(Block(headings[anchor], kind="heading", anchor=anchor))
                for block in blocks:
                    layout.add(block)
            return layout

        first = lay({})  # numbers as wide as 999 take the same lines as the real ones
        return lay(first.anchors)


class BrailleWriter(Writer):
    """Contracted braille for an embosser (BRF) and for braille displays and archives (PEF)."""

    name = "braille"
    outputs = ("{slug}.brf", "{slug}.pef")
    settings = ("braille_cells", "braille_lines")  # the embosser's page, with publisher.yaml's (fingerprint)

    def fingerprint(self, summary: Summary, options: Options) -> list[object]:
        return list(page_size(summary, options))  # the page it lays out: the option, else the publisher's, else 40 x 25

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        braille = Braille(summary, *page_size(summary, options))
        layout = braille.layout()
        pages = layout.numbered(braille.page_number)
        try:
            brf = to_brf(pages)
        except ValueError as exc:
            lacking = _without_braille(summary, braille)
            reason = f"the braille table has no 6-dot cells for {lacking}: replace them in the source" if lacking else str(exc)
            raise OutputError(f"{summary.slug}.brf: {reason} (table {Path(braille.table).name})") from None
        pef = to_pef(summary, pages, braille, options)
        brf_path, pef_path = (Path(folder) / name for name in self.filenames(summary, options))
        return [write_atomic(brf_path, brf), write_atomic(pef_path, pef)]


def _without_braille(summary: Summary, braille: Braille) -> str:
    """'😀 (U+1F600, line 2)' for each character of the source that the table gives only as 8-dot cells."""
    text = summary.path.read_text("utf-8")
    found = []
    for char in dict.fromkeys(c for c in text if ord(c) > 0x7F and not c.isspace()):
        if any(ord(cell) - 0x2800 > 0x3F for cell in braille.tr(char)):
            found.append(f"{char} (U+{ord(char):04X}, line {text[: text.index(char)].count(chr(10)) + 1})")
    return ", ".join(found)


WRITER = BrailleWriter()


def to_pef(summary: Summary, pages: list[list[str]], braille: Braille, options: Options) -> str:
    """PEF 1.0: the same pages as Unicode braille rows, with Dublin Core metadata."""
    meta, stamp = summary.meta, stamp_for(summary)
    head = [
        ("dc:format", "application/x-pef+xml"),
        ("dc:identifier", f"urn:sha256:{summary.source_sha256}"),
        ("dc:title", meta.title),
        ("dc:language", meta.language),
        ("dc:date", stamp.reviewed.isoformat()),
        ("dc:description", f"{stamp.line}. {stamp.disclaimer}"),
        ("dc:source", f"{summary.slug}.md"),
        ("dc:format", f"liblouis {louis.version()}, {Path(braille.table).name} ({braille.grade})"),
    ]
    if meta.publisher:
        head.append(("dc:publisher", meta.publisher))
    head.append(("dcterms:modified", build_timestamp(summary)))
    rows = "\n".join("<page>\n" + "\n".join(f"<row>{row.rstrip(BLANK)}</row>" for row in page) + "\n</page>" for page in pages)
    metadata = "\n".join(f"<{k}>{escape(v)}</{k}>" for k, v in head)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<pef version="2008-1" xmlns="http://www.daisy.org/ns/2008/pef">\n'
        '<head>\n<meta xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">\n'
        f"{metadata}\n</meta>\n</head>\n<body>\n"
        f'<volume cols="{braille.cells}" rows="{braille.lines}" rowgap="0" duplex="false">\n'
        f"<section>\n{rows}\n</section>\n</volume>\n</body>\n</pef>\n"
    )
