"""What a reader of a foreign document hands on: the blocks (pipeline/model.py's, lines 0), and
what it found about the document beside them."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Block


@dataclass
class Document:
    blocks: list[Block]
    words: list[str]  # every word of the document's body, read independently: the count's baseline
    pictures: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # Figure.src -> (media type, bytes)
    title: str = ""  # a paragraph styled as the title (Word's Title style)
    subtitle: str = ""  # Word's Subtitle style
    described: str = ""  # a page's <meta name=description> (Word's is rarely more than the program's name)
    named: str = ""  # the name in its properties or <title>, when nothing in the text is styled as a title
    language: str = ""
    publisher: str = ""
    notes: list[str] = field(default_factory=list)  # what was changed or left out, for the report
    left_out: list[str] = field(default_factory=list)  # words left out on purpose (named in the notes), not missing
