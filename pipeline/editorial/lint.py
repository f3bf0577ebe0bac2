"""Things that are probably mistakes but do not stop a build (errors under --strict)."""

from __future__ import annotations

import re
from datetime import date

from pipeline.editorial.factguard import fact_warnings
from pipeline.errors import Problem
from pipeline.model import ListBlock, Paragraph, Summary, block_text, walk_blocks
from pipeline.rendering.catalogs import has_catalog


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
        for blocks in (section.blocks, section.plain or ()):
            for block in walk_blocks(blocks):
                if not isinstance(block, Paragraph):
                    continue
                words = " ".join(block_text(block).split())
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
