"""The one document model every writer reads (Pandoc's `Pandoc Meta [Block]`, made small).

Immutable: writers cannot change what another writer will see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Inlines -------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Term:
    """A glossary word explained where it is first used. Never made by the reader: the
    large-print writer adds it to its own copy of the blocks (see pipeline/plain.py)."""

    text: str
    explanation: str  # "" where the sentence itself explains the word


Inline = Text | Strong | Emph | Code | Link | LineBreak | Term

# Blocks --------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (### and deeper)."""

    level: int
    inlines: tuple[Inline, ...]
    line: int


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]
    line: int


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class Figure:
    """An image that stands alone in its paragraph; `path` is resolved and checked."""

    src: str
    path: Path
    alt: str
    line: int


Block = Paragraph | Heading | ListBlock | Quote | Figure

# The document --------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    id: str  # unique, ASCII, usable as an HTML id and a file name
    title: str
    heading: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    plain: tuple[Block, ...] | None  # the `::: plain` rewrite, if any
    line: int


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    explanation: str


@dataclass(frozen=True)
class Reviewer:
    name: str
    role: str


@dataclass(frozen=True)
class Source:
    """What the summary rests on: a guideline, a review, a trial."""

    title: str
    url: str | None = None
    year: str | None = None


@dataclass(frozen=True)
class ConditionCode:
    system: str  # "icd10" or "snomed"
    code: str


@dataclass(frozen=True)
class Trust:
    """Who wrote and reviewed it, what it rests on, which version it is (all optional; reading/trust.py)."""

    author: str | None = None
    reviewed_by: Reviewer | None = None
    sources: tuple[Source, ...] = ()
    feedback: str | None = None
    version: str | None = None
    codes: tuple[ConditionCode, ...] = ()


@dataclass(frozen=True)
class Meta:
    title: str
    reviewed: date
    next_review: date
    summary: str
    disclaimer: str
    language: str = "en"
    publisher: str | None = None
    site_url: str | None = None
    plain_summary: str | None = None
    audio: str = "original"  # which text the audio reads: "original", or "plain" (the `::: plain` rewrites)
    translation_of: str | None = None  # the slug of the summary this one translates
    trust: Trust = Trust()  # the trust fields (pipeline/reading/trust.py)


@dataclass(frozen=True)
class Translation:
    """Another language's version of a summary: a source beside it in the same family."""

    slug: str
    language: str
    title: str
    original: bool = False  # the summary the others translate
    site_url: str | None = None  # where it is published (its front matter's, else the publisher's)


@dataclass(frozen=True)
class Publisher:
    """The branding of a content repository (publisher.yaml; see pipeline/publisher.py)."""

    path: Path  # the publisher.yaml it was read from
    sha256: str  # of the file and the logo: a change to either rebuilds every output
    name: str | None = None
    logo: Path | None = None
    logo_alt: str = ""
    accent: str | None = None  # "#rrggbb", dark enough for headings on white
    contact: str | None = None  # "Questions? Call ...", on every output
    site_url: str | None = None
    hyphenate: bool = False  # the leaflet's body text hyphenated by its language's rules
    braille_cells: int | None = None  # the embosser's page, when the publisher says
    braille_lines: int | None = None

    @property
    def logo_type(self) -> str:
        return {".svg": "image/svg+xml", ".png": "image/png"}[self.logo.suffix.lower()] if self.logo else ""


@dataclass(frozen=True)
class Summary:
    slug: str
    path: Path
    source_sha256: str
    meta: Meta
    sections: tuple[Section, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    pronunciations: tuple[tuple[str, str], ...] = ()
    publisher: Publisher | None = None
    translations: tuple[Translation, ...] = ()  # the family's other members (pipeline/translations.py)

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for s in self.sections for b in walk_blocks(s.blocks + (s.plain or ())) if isinstance(b, Figure))


def walk_blocks(blocks: tuple[Block, ...]) -> list[Block]:
    """Every block, depth first, including those inside lists and quotes."""
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        if isinstance(block, ListBlock):
            for item in block.items:
                out.extend(walk_blocks(item))
        elif isinstance(block, Quote):
            out.extend(walk_blocks(block.blocks))
    return out


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """The words of some inlines, without markup."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, Term):
            parts.append(f"{node.text} ({node.explanation})" if node.explanation else node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(inline_text(node.children))
    return "".join(parts)


def block_text(block: Block) -> str:
    """The words of one block (lists one item a line)."""
    if isinstance(block, (Paragraph, Heading)):
        return inline_text(block.inlines)
    if isinstance(block, ListBlock):
        return "\n".join(" ".join(block_text(b) for b in item) for item in block.items)
    if isinstance(block, Quote):
        return "\n".join(block_text(b) for b in block.blocks)
    return block.alt
