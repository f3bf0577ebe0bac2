"""What Word users type by hand, read for what they mean; the front matter the document states.

- a short paragraph all in bold, alone on its line, is a heading (Word users rarely use styles);
- paragraphs typed with "•", "-", "*" or "1." are a list, also lines of one paragraph split by
  Shift+Enter; the first number is the list's start;
- the title is the paragraph styled as one, else a first heading that stands above the rest,
  else the document's own name; headings are then moved up so the highest is a section (##);
- "Review date: March 2028" and its kind go to the front matter, and so does a paragraph that
  reads as a disclaimer; what is not found is left as a FILL IN value for the editor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pipeline.importing.dates import stated_dates
from pipeline.importing.document import Document
from pipeline.model import (
    Block,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Text,
    block_text,
    inline_text,
    walk_blocks,
)
from pipeline.reading.schema import TO_FILL

# typed bullets, Word's own from its Symbol and Wingdings fonts (private-use code points) among them
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□➢➤►–—*-]\s+|o\t\s*|[\uf0a7\uf0b7\uf0d8\uf0fc\uf076\uf06c\uf06e]\s*)")
_NUMBER = re.compile(r"^\s*(\d{1,3})[.)]\s+(?=\S)")
_DISCLAIMER = re.compile(
    r"not (?:a )?(?:substitute|replacement) for|(?:does|should|is) not (?:intended to )?replace|not intended (?:as|to be|to replace)"
    r"|for (?:general )?information(?:al)? (?:purposes )?only|for educational purposes"
    r"|does not (?:constitute|give|provide) (?:medical )?advice|accepts? no (?:liability|responsibility)",
    re.I,
)
_SUMMARY_HEADINGS = re.compile(r"^(?:summary|in summary|in short|in brief|at a glance|key (?:points|facts)|the short answer)$", re.I)
_DISCLAIMER_HEADINGS = re.compile(r"^(?:disclaimer|important(?: information)?|legal notice)$", re.I)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_PRIVATE = re.compile("[ ]?[\ue000-\uf8ff]")  # Symbol and Wingdings glyphs Word stores as private-use characters
MAX_HEADING_WORDS = 12
MAX_SUMMARY_WORDS = 100


@dataclass
class Draft:
    front: dict[str, str]
    sections: list[tuple[tuple[Inline, ...], list[Block]]]
    moved: list[str] = field(default_factory=list)  # the document's words now in the front matter
    notes: list[str] = field(default_factory=list)


def tidy(doc: Document) -> Draft:
    blocks = _lists(_split_typed_lines(doc.blocks))  # Word's Symbol-font bullets are read before they go
    draft = Draft({}, [], notes=list(doc.notes))
    glyphs = sum(len(_PRIVATE.findall(block_text(b))) for b in walk_blocks(tuple(blocks)))
    if glyphs:
        draft.notes.append(f"{glyphs} Symbol or Wingdings character(s) that no other font has were left out (a tick, an arrow...)")
    blocks = [_clean(b) for b in blocks]
    title, blocks = _title(doc, blocks, draft)
    language = _language(doc.language, draft)
    blocks = _dates(blocks, language, draft)
    disclaimer, blocks = _take(blocks, _is_disclaimer, _DISCLAIMER_HEADINGS)
    summary, blocks = _take(blocks, lambda b: isinstance(b, Paragraph), _SUMMARY_HEADINGS)
    summary = summary or doc.described
    intro = blocks[0] if len(blocks) > 1 and isinstance(blocks[1], Heading) else None  # the one paragraph before the first heading
    if not summary and isinstance(intro, Paragraph) and len(block_text(intro).split()) <= MAX_SUMMARY_WORDS:
        summary, blocks = block_text(intro).strip(), blocks[1:]
        draft.notes.append("summary: the paragraph before the first heading; check that it is the short answer")
    if doc.subtitle:
        blocks.insert(0, Paragraph((Text(doc.subtitle),), 0))
    draft.front = {
        "title": title or f"{TO_FILL}: the title of the leaflet (the document marks none as its title)",
        "reviewed": draft.front.get("reviewed")
        or f"{TO_FILL}: the date of the last medical review, YYYY-MM-DD (none found in the document)",
        **({"next_review": draft.front["next_review"]} if "next_review" in draft.front else {}),
        "language": language,
        **({"publisher": doc.publisher} if doc.publisher else {}),
        "summary": summary or f"{TO_FILL}: the short answer, two or three sentences shown first in every output",
        "disclaimer": disclaimer or f"{TO_FILL}: the medical disclaimer, word for word as your organisation approved it",
    }
    draft.moved += [t for t in (title, summary, disclaimer) if t]
    draft.sections = _sections(_levels(blocks), draft)
    return draft


def _clean(block: Block) -> Block:
    """Invisible characters (soft hyphens, zero-width spaces) and Word's private-use glyphs out of every text."""
    if isinstance(block, Paragraph):
        return Paragraph(_clean_inlines(block.inlines), 0)
    if isinstance(block, Heading):
        return Heading(block.level, _clean_inlines(block.inlines), 0)
    if isinstance(block, ListBlock):
        return ListBlock(block.ordered, block.start, tuple(tuple(_clean(b) for b in item) for item in block.items), 0)
    if isinstance(block, Quote):
        return Quote(tuple(_clean(b) for b in block.blocks), 0)
    return block


def _clean_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(Text(_PRIVATE.sub("", _INVISIBLE.sub("", node.text))))
        elif isinstance(node, (Strong, Emph, Link)):
            out.append(replace(node, children=_clean_inlines(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _split_typed_lines(blocks: list[Block]) -> list[Block]:
    """A paragraph of Shift+Enter lines that each start with a typed bullet: one paragraph a line."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) and any(isinstance(n, LineBreak) for n in block.inlines):
            lines: list[list[Inline]] = [[]]
            for node in block.inlines:
                lines.append([]) if isinstance(node, LineBreak) else lines[-1].append(node)
            typed = [line for line in lines if _marker(inline_text(tuple(line)))]
            if len(typed) >= 2 and len(typed) >= len(lines) - 1:
                out += [Paragraph(tuple(line), 0) for line in lines if inline_text(tuple(line)).strip()]
                continue
        out.append(block)
    return out


def _marker(text: str) -> re.Match[str] | None:
    return _BULLET.match(text) or _NUMBER.match(text)


def _lists(blocks: list[Block]) -> list[Block]:
    """Runs of paragraphs typed as list items become a list (bulleted, or numbered from its first number)."""
    out: list[Block] = []
    for block in blocks:
        marker = _marker(inline_text(block.inlines)) if isinstance(block, Paragraph) else None
        if not isinstance(block, Paragraph) or not marker:
            out.append(block)
            continue
        text = inline_text(block.inlines)
        ordered = bool(_NUMBER.match(text))
        item = (Paragraph(_drop_prefix(block.inlines, marker.end()), 0),)
        last = out[-1] if out else None
        if isinstance(last, ListBlock) and last.line == -1 and last.ordered == ordered:
            out[-1] = ListBlock(ordered, last.start, (*last.items, item), -1)
        else:
            out.append(ListBlock(ordered, int(marker.group(1)) if ordered else 1, (item,), -1))  # -1: typed, may grow
    return [ListBlock(b.ordered, b.start, b.items, 0) if isinstance(b, ListBlock) else b for b in out]


def _drop_prefix(inlines: tuple[Inline, ...], count: int) -> tuple[Inline, ...]:
    """The inlines without their first `count` characters (the typed bullet), wherever those sit."""
    out: list[Inline] = []
    for node in inlines:
        text = inline_text((node,))
        if count <= 0:
            out.append(node)
        elif isinstance(node, Text):
            out.append(Text(node.text[count:])) if len(node.text) > count else None
            count -= len(node.text)
        elif isinstance(node, Strong) and count < len(text):
            out.append(Strong(_drop_prefix(node.children, count)))
            count = 0
        else:
            count -= len(text)
    return tuple(out)


def _bold_line(block: Block) -> str:
    """The text of a paragraph that is one short bold line (a heading typed by hand), else ''."""
    if not isinstance(block, Paragraph):
        return ""
    shown = [n for n in block.inlines if not (isinstance(n, Text) and not n.text.strip())]
    text = inline_text(block.inlines).strip()
    if not shown or not all(isinstance(n, Strong) for n in shown) or len(text.split()) > MAX_HEADING_WORDS:
        return ""
    return "" if text.endswith((".", ",", ";")) or _marker(text) else text


def _title(doc: Document, blocks: list[Block], draft: Draft) -> tuple[str, list[Block]]:
    if doc.title:
        return doc.title, blocks
    first = blocks[0] if blocks else None
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if isinstance(first, Heading) and (first.level == 1 or levels.count(first.level) == 1) and first.level == min(levels):
        return inline_text(first.inlines).strip(), blocks[1:]
    if first is not None and _bold_line(first):
        return _bold_line(first).rstrip(":"), blocks[1:]
    if doc.named:
        draft.notes.append(f"title taken from the document's properties: '{doc.named}'")
        return doc.named, blocks
    return "", blocks


def _language(given: str, draft: Draft) -> str:
    tag = given.replace("_", "-").strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", tag):
        return tag.split("-")[0].lower() + "".join("-" + p.upper() if len(p) == 2 else "-" + p for p in tag.split("-")[1:])
    draft.notes.append("the document does not say its language: 'language: en' was written; change it if that is wrong")
    return "en"


def _dates(blocks: list[Block], language: str, draft: Draft) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        text = inline_text(block.inlines)
        found = [(s, span) for s, span in stated_dates(text, language) if s.which not in draft.front]
        for stated, _ in found:
            if stated.day is None:
                draft.notes.append(f"'{stated.said}' could be day/month or month/day: write {stated.which} as YYYY-MM-DD")
                continue
            draft.front[stated.which] = stated.day.isoformat()
            draft.moved.append(stated.said)
            if stated.month_only:
                draft.notes.append(f"'{stated.said}' gives only the month: {stated.which} is taken as {stated.day.isoformat()}")
        if not found:
            out.append(block)
            continue
        rest = text
        for stated, (start, end) in sorted(found, key=lambda f: -f[1][0]):
            rest = rest[:start] + rest[end:] if stated.day else rest
        rest = re.sub(r"^[\s|.,;:–—-]+|[\s|,;:–—-]+$", "", re.sub(r"\s*\|\s*(?=\|)|\s{2,}", " ", rest))
        if len(rest.split()) >= 2:
            out.append(Paragraph((Text(rest),), 0))
        elif rest:
            draft.moved.append(rest)
    return out


def _is_disclaimer(block: Block) -> bool:
    return isinstance(block, Paragraph) and bool(_DISCLAIMER.search(inline_text(block.inlines)))


def _take(blocks: list[Block], wanted: Callable[[Block], bool], headings: re.Pattern[str]) -> tuple[str, list[Block]]:
    """The text of the paragraph under a heading such as 'Disclaimer' (else the last paragraph that
    `wanted` accepts, for disclaimers), taken out of the body with its heading when it is left empty."""
    for at, block in enumerate(blocks):
        if isinstance(block, Heading) and headings.match(inline_text(block.inlines).strip().rstrip(":")):
            under = blocks[at + 1] if at + 1 < len(blocks) else None
            if isinstance(under, Paragraph):
                ends = at + 2 < len(blocks) and not isinstance(blocks[at + 2], Heading)
                return inline_text(under.inlines).strip(), blocks[: at + 1] + blocks[at + 2 :] if ends else blocks[:at] + blocks[at + 2 :]
    if headings is _DISCLAIMER_HEADINGS:
        for at in range(len(blocks) - 1, -1, -1):
            if wanted(blocks[at]):
                return block_text(blocks[at]).strip(), blocks[:at] + blocks[at + 1 :]
    return "", blocks


def _levels(blocks: list[Block]) -> list[Block]:
    """Bold lines made headings one level below the heading before them; the highest level made 2."""
    out: list[Block] = []
    above = 1
    for block in blocks:
        if isinstance(block, Heading):
            above = block.level
            out.append(block)
        elif _bold_line(block):
            out.append(Heading(min(above + 1, 6), (Text(_bold_line(block).rstrip(":")),), 0))
        else:
            out.append(block)
    levels = [b.level for b in out if isinstance(b, Heading)]
    shift = min(levels) - 2 if levels else 0
    return [Heading(max(2, min(6, b.level - shift)), b.inlines, 0) if isinstance(b, Heading) else b for b in out]


def _sections(blocks: list[Block], draft: Draft) -> list[tuple[tuple[Inline, ...], list[Block]]]:
    sections: list[tuple[tuple[Inline, ...], list[Block]]] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            sections.append((block.inlines, []))
            continue
        if not sections:
            sections.append(((Text("Introduction"),), []))
            draft.notes.append("the text before the first heading is under a new heading, 'Introduction': rename it if you like")
        sections[-1][1].append(block)
    return sections
