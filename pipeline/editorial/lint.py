"""Lint: a source read, then the editorial checks on it (things that are probably mistakes but do
not stop a build; errors under --strict). The reader reads; `lint` and `examine` add these."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pipeline.editorial import easy
from pipeline.editorial.factguard import fact_warnings
from pipeline.editorial.locate import source_lines
from pipeline.errors import Problem
from pipeline.model import Emph, Inline, Link, ListBlock, Paragraph, Strong, Summary, block_text, inline_text, walk_blocks
from pipeline.reading.notes import accept
from pipeline.reading.reader import Reading, raising, read_source
from pipeline.rendering.catalogs import has_catalog

# a telephone number (8 digits or more: "0300 222 5800", "1-800-421-8453"; "call 111"), an e-mail or a web address
_CONTACT = re.compile(
    r"(?<![\w.,])\+?\d(?:[ -]?\d){7,}(?![\w.,]\d)|\b(?:call|dial|phone|ring|text)\s+\d{3}|[\w.+-]+@[\w-]+\.\w|https?://|www\.", re.I
)
MAX_CONTACT_WORDS = 30


def examine(path: Path, today: date | None = None) -> tuple[Summary | None, list[Problem]]:
    """The model of `path` (None if it has errors) and every problem: the reader's, then the editorial
    checks' (the fact guard, duplicates, the glossary, the review date), less those a reviewer's
    `<!-- lint-ok -->` note accepts."""
    reading = read_source(path)
    return reading.summary, checked(reading, today)


def checked(reading: Reading, today: date | None = None) -> list[Problem]:
    """A reading's problems with the editorial checks' added, less what lint-ok notes accept, by line."""
    problems = reading.problems
    if reading.summary is not None:
        problems = problems + content_warnings(reading.summary, reading.key_lines, today or date.today())
        problems = problems + easy.warnings(reading.summary, list(source_lines(reading.summary)))
        problems = accept(problems, reading.accepted, reading.summary.path)
    return sorted(problems, key=lambda p: (p.line or 0, p.severity != "error"))


def lint(path: Path, strict: bool = False, today: date | None = None) -> tuple[Summary, list[Problem]]:
    """As `read`, with the editorial checks: raises SourceError on errors (and on warnings when strict)."""
    return raising(*examine(path, today), strict)


def content_warnings(summary: Summary, key_lines: dict[str, int], today: date) -> list[Problem]:
    path, meta = summary.path, summary.meta
    found: list[Problem] = []

    def warn(category: str, message: str, line: int | None, hint: str) -> None:
        found.append(Problem("warning", category, message, path, line, hint))

    if not has_catalog(meta.language):
        warn(
            "language",
            f"no word catalog for the language '{meta.language}': the outputs' own words will be English",
            key_lines.get("language"),
            f"translate pipeline/locales/messages.pot into pipeline/locales/{meta.language.split('-')[0].lower()}.po "
            "(Weblate, Poedit or Pontoon), or choose another language",
        )

    if today > meta.next_review:
        warn(
            "review",
            f"review overdue: next review was due {meta.next_review}",
            key_lines.get("next_review") or key_lines.get("reviewed"),
            "have the summary reviewed, then update 'reviewed'",
        )

    seen: dict[str, int] = {}
    for section in summary.sections:
        in_original: set[str] = set()
        for blocks in (section.blocks, section.plain or ()):
            for block in walk_blocks(blocks):
                if not isinstance(block, Paragraph):
                    continue
                words = " ".join(block_text(block).split())
                if blocks is section.blocks:
                    in_original.add(words)
                elif words in in_original and no_plainer_form(block):
                    continue  # links and contact lines are said as they are in the section's own rewrite
                if len(words) > 20 and words in seen:
                    warn("content", "duplicate paragraph", block.line, f"the same text is on line {seen[words]}")
                seen.setdefault(words, block.line)
            top = list(blocks)
            for block, after in zip(top, [*top[1:], None], strict=False):
                announces = isinstance(block, Paragraph) and block_text(block).rstrip().endswith(":")
                if announces and not isinstance(after, ListBlock):
                    warn(
                        "content",
                        "paragraph ends with ':' but no list follows",
                        block.line,
                        "add the list it announces, or end the sentence with '.'",
                    )
        if section.plain is None:
            warn(
                "plain-language",
                f"section '{section.title}' has no '::: plain' rewrite",
                section.line,
                "add a plain-language version in a '::: plain' container",
            )

    everything = " ".join(
        [meta.summary, meta.plain_summary or ""]
        + [block_text(b) for s in summary.sections for b in walk_blocks(s.blocks + (s.plain or ()))]
    )
    for entry in summary.glossary:
        if not re.search(rf"(?<!\w){re.escape(entry.term)}", everything, re.IGNORECASE):
            warn(
                "glossary",
                f"glossary term '{entry.term}' is never used",
                key_lines.get(f"glossary.{entry.term}"),
                "remove it, or use the word in the text",
            )
    return found + fact_warnings(summary)


def no_plainer_form(paragraph: Paragraph) -> bool:
    """Whether a paragraph is a link, a list item of links or a contact line ("Helpline: 0300 222 5800, 9am to
    5pm"): text a plain rewrite repeats as it is, since it has no plainer form."""
    words = block_text(paragraph)
    linked = "".join(inline_text(link.children) for link in _links(paragraph.inlines))
    letters = len(re.sub(r"\W", "", words))
    if letters and 2 * len(re.sub(r"\W", "", linked)) >= letters:  # mostly links
        return True
    return bool(linked or _CONTACT.search(words)) and len(words.split()) <= MAX_CONTACT_WORDS


def _links(inlines: tuple[Inline, ...]) -> list[Link]:
    found: list[Link] = []
    for node in inlines:
        if isinstance(node, Link):
            found.append(node)
        elif isinstance(node, (Strong, Emph)):
            found += _links(node.children)
    return found
