"""What the fact guard's checks share: the blocks they read, and what they find."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Block, Figure, Heading, ListBlock, Paragraph, Quote, block_text

Leaf = Paragraph | Heading


@dataclass(frozen=True)
class Finding:
    """A fact the rewrite changed: the warning's words, and where (the block, and the words in it where known)."""

    message: str
    hint: str
    leaf: Leaf | None  # None: the rewrite's first block
    words: str = ""


def text(blocks: tuple[Block, ...]) -> str:
    return " ".join(block_text(b) for b in blocks if not isinstance(b, Figure))


def leaves(blocks: tuple[Block, ...]) -> list[Leaf]:
    """The paragraphs (list items' included) and headings of some blocks, each with its line."""
    out: list[Leaf] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            out.append(block)
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += leaves(item)
        elif isinstance(block, Quote):
            out += leaves(block.blocks)
    return out
