"""The plain-language view of a summary: what the large-print page shows, in reading order.

The summary first (the plain one when there is one), each section's `::: plain` rewrite
(its original text when there is none), and each glossary term explained where it is
first used. The writer renders this view and the readability gate scores it, so the
grade reported is the grade of the words a reader actually gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.editorial.wording import content_words, covered
from pipeline.model import (
    Block,
    Emph,
    GlossaryEntry,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Strong,
    Summary,
    Term,
    Text,
    inline_text,
)


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
    an explanation inside a link's words or a heading would read badly, so the word is
    explained at its next use instead. Where the text around the word already says what it
    means, in its own sentence ("polyneuropathy: damage to many nerves", "small dark red spots,
    called angiokeratomas") or the one right after it ("... gluten. Gluten is in wheat ..."), it
    gets no explanation: the reader would read it twice. Either way, later uses get none.
    """

    def __init__(self, glossary: tuple[GlossaryEntry, ...], language: str = "en") -> None:
        self.pending = {entry.term.casefold(): entry for entry in glossary}
        self.language = language

    def pattern(self) -> re.Pattern[str] | None:
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
        """One paragraph's inlines: its whole text is the context, bold and link words included."""
        return _Paragraph(self, inline_text(nodes)).inlines(nodes)


class _Paragraph:
    """Walks one paragraph's inlines, knowing where each text node sits in the words a reader reads."""

    def __init__(self, explainer: _Explainer, text: str) -> None:
        self.explainer = explainer
        self.text = text
        self.offset = 0  # where the node being walked starts in `text`
        self.ends = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]

    def inlines(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                out.extend(self._split(node.text))
            elif isinstance(node, (Strong, Emph)):
                out.append(replace(node, children=self.inlines(node.children)))
            else:  # links, code, line breaks: read, never explained inside
                self.offset += len(inline_text((node,)))
                out.append(node)
        return tuple(out)

    def _split(self, text: str) -> list[Inline]:
        out: list[Inline] = []
        base, explainer = self.offset, self.explainer
        done = 0
        while (pattern := explainer.pattern()) and (match := pattern.search(text, done)):
            entry = explainer.pending.pop(match.group(1).casefold())
            if match.start() > done:
                out.append(Text(text[done : match.start()]))
            if explains(self._around(base + match.start(), base + match.end()), entry.explanation, explainer.language):
                out.append(Term(match.group(0), ""))  # the defining use, explained by the words around it
            else:
                # Without its full stop the explanation reads as an aside: "cells (a kind of ...)."
                out.append(Term(match.group(0), _aside(entry.explanation)))
            done = match.end()
        if done < len(text):
            out.append(Text(text[done:]))
        self.offset = base + len(text)
        return out

    def _around(self, start: int, end: int) -> str:
        """The rest of the word's sentence, before and after it, and the sentence after that."""
        sentence_start = max((e for e in self.ends if e <= start), default=0)
        later = [e for e in self.ends if e >= end]
        return self.text[sentence_start:start] + " " + self.text[end : later[1] if len(later) > 1 else later[0]]


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def explains(text: str, explanation: str, language: str = "en") -> bool:
    """Whether `text` already says what the glossary explanation says: most of its words, or of
    its first clause ("Damage to many nerves, often felt as ...")."""
    said = content_words(text, language)
    first = content_words(re.split(r"[,;:(]", explanation, maxsplit=1)[0], language)
    return covered(content_words(explanation, language), said) >= 0.5 or (len(first) >= 2 and covered(first, said) >= 0.6)


def _aside(explanation: str) -> str:
    """'A kind of cell.' -> 'a kind of cell': read inside brackets mid-sentence (acronyms keep their capitals)."""
    text = explanation.strip().removesuffix(".")
    first = text.split(maxsplit=1)[0] if text else ""
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        text = text[0].lower() + text[1:]
    return text
