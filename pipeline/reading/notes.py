"""Reviewers' notes in the source: `<!-- lint-ok category: reason -->` above a block accepts
that block's warnings of one category (the Markdown reader finds them; lint drops what they accept)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Problem

# Warnings about one block that a reviewer may accept; the others (overdue review, a language
# without words, a section without a rewrite) are about the whole summary and stay.
ACCEPTABLE = ("plain-facts", "content")
LINT_OK = re.compile(r"^<!--\s*lint-ok\b(.*?)-->\s*$", re.S)
LINT_OK_BODY = re.compile(r"^\s*([a-z-]+)\s*:\s*(\S.*?)\s*$", re.S)


@dataclass(frozen=True)
class Accepted:
    """A `<!-- lint-ok category: reason -->` note: warnings of `category` on lines first..last are accepted."""

    category: str
    reason: str
    line: int  # of the note
    first: int
    last: int


def accept(problems: list[Problem], accepted: list[Accepted], path: Path) -> list[Problem]:
    """`problems` without the warnings a note accepts; a note that accepts nothing is a warning
    itself (the text it was about has changed: the note should go)."""
    used: set[Accepted] = set()
    kept = []
    for problem in problems:
        note = next(
            (
                a
                for a in accepted
                if problem.severity == "warning" and problem.category == a.category and a.first <= (problem.line or 0) <= a.last
            ),
            None,
        )
        if note is None:
            kept.append(problem)
        else:
            used.add(note)
    for note in accepted:
        if note not in used:
            kept.append(
                Problem(
                    "warning",
                    "lint-ok",
                    f"this note accepts a '{note.category}' warning, but the block below has none",
                    path,
                    note.line,
                    "delete the note",
                )
            )
    return kept
