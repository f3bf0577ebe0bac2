"""The plain-language view of a summary: what the large-print page shows, in reading order.

The summary first (the plain one when there is one), each section's `::: plain` rewrite
(its original text when there is none), and each glossary term explained where it is
first used. The writer renders this view and the readability gate scores it, so the
grade reported is the grade of the words a reader actually gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import Block, Emph, GlossaryEntry, Inline, ListBlock, Paragraph, Quote, Section, Strong, Summary, Term, Text
from .wording import content_words, covered


@dataclass(frozen=True)
class PlainSection:
    section: Section
    blocks: tuple[Block, ...]  # the plain rewrite or the original, with terms explained
    is_plain: bool


@dataclass(frozen=True)
class PlainView:
    summary: Paragraph  # the short answer, with terms explained
    sections: tuple[PlainSection, ...]
    glossary: tuple[GlossaryEntry, ...]


def plain_view(summary: Summary) -> PlainView:
    explainer = _Explainer(summary.glossary, summary.meta.language)
    meta = summary.meta
    short = Paragraph(explainer.inlines((Text(meta.plain_summary or meta.summary),)), line=0)
    sections = tuple(
        PlainSection(s, explainer.blocks(s.plain if s.plain is not None else s.blocks), s.plain is not None) for s in summary.sections
    )
    return PlainView(short, sections, summary.glossary)


class _Explainer:
    """Replaces the first whole-word use of each glossary term with a `Term`.

    Matching ignores case and accepts a plural ending ('plasma cells' uses 'plasma cell'),
    as the source's "term never used" lint does. Links, code and headings are left alone:
    an explanation inside a link's words or a heading would read badly. Where the sentence
    goes on to explain the word itself ("polyneuropathy: damage to many nerves"), it gets no
    explanation: the reader would read it twice. Either way, later uses get none.
    """

    def __init__(self, glossary: tuple[GlossaryEntry, ...], language: str = "en") -> None:
        self.pending = {entry.term.casefold(): entry for entry in glossary}
        self.language = language

    def _pattern(self) -> re.Pattern[str] | None:
        if not self.pending:
            return None
        # Longest first, so 'monoclonal protein' wins over a shorter term at the same place.
        terms = sorted((e.term for e in self.pending.values()), key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in terms)
        return re.compile(rf"(?<!\w)({alternatives})(?:s|es)?(?!\w)", re.IGNORECASE)

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(self._block(b) for b in blocks)

    def _block(self, block: Block) -> Block:
        if isinstance(block, Paragraph):
            return replace(block, inlines=self.inlines(block.inlines))
        if isinstance(block, ListBlock):
            return replace(block, items=tuple(self.blocks(item) for item in block.items))
        if isinstance(block, Quote):
            return replace(block, blocks=self.blocks(block.blocks))
        return block  # Heading, Figure

    def inlines(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                out.extend(self._split(node.text))
            elif isinstance(node, (Strong, Emph)):
                out.append(replace(node, children=self.inlines(node.children)))
            else:
                out.append(node)
        return tuple(out)

    def _split(self, text: str) -> list[Inline]:
        out: list[Inline] = []
        while (pattern := self._pattern()) and (match := pattern.search(text)):
            entry = self.pending.pop(match.group(1).casefold())
            if match.start():
                out.append(Text(text[: match.start()]))
            rest = re.split(r"(?<=[.!?…])\s", text[match.end() :], maxsplit=1)[0]
            if explains(rest, entry.explanation, self.language):
                out.append(Term(match.group(0), ""))  # the defining use, explained by its own sentence
            else:
                # Without its full stop the explanation reads as an aside: "cells (a kind of ...)."
                out.append(Term(match.group(0), _aside(entry.explanation)))
            text = text[match.end() :]
        if text:
            out.append(Text(text))
        return out


def explains(rest: str, explanation: str, language: str = "en") -> bool:
    """Whether the rest of a sentence already says what the glossary explanation says: most of
    its words, or of its first clause ("Damage to many nerves, often felt as ...")."""
    said = content_words(rest, language)
    first = content_words(re.split(r"[,;:(]", explanation, maxsplit=1)[0], language)
    return covered(content_words(explanation, language), said) >= 0.5 or (len(first) >= 2 and covered(first, said) >= 0.6)


def _aside(explanation: str) -> str:
    """'A kind of cell.' -> 'a kind of cell': read inside brackets mid-sentence (acronyms keep their capitals)."""
    text = explanation.strip().removesuffix(".")
    first = text.split(maxsplit=1)[0] if text else ""
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        text = text[0].lower() + text[1:]
    return text
