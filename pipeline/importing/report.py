"""Nothing dropped unseen: the document's words counted against the source's, and what changed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MIN_CARRIED = 0.99  # of the document's body words, found again in the source
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")


def words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def source_words(text: str, moved: list[str]) -> Counter[str]:
    """The words a reader of the source meets: its front matter's values and the body's text as
    Markdown renders it (so markup and escapes are not counted), plus what went into the dates."""
    from markdown_it import MarkdownIt

    _, front, body = text.split("---\n", 2)
    found: Counter[str] = Counter()
    for value in (yaml.safe_load(front) or {}).values():
        found.update(words(str(value)))
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "list_item_open" and token.info:  # a numbered item's number: the document typed it
            found[token.info] += 1
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                found.update(words(child.content))
    for said in moved:
        found.update(words(said))
    return found


@dataclass
class Report:
    source: Path
    document_words: int
    carried: int
    missing: list[str]
    notes: list[str] = field(default_factory=list)
    pictures: int = 0
    sections: int = 0

    @property
    def share(self) -> float:
        return self.carried / self.document_words if self.document_words else 1.0

    def lines(self) -> list[str]:
        head = (
            f"imported {self.source}: {self.sections} sections, {self.pictures} pictures, "
            f"{self.carried} of the document's {self.document_words} words ({self.share:.1%})"
        )
        out = [head]
        if self.share < MIN_CARRIED:
            shown = ", ".join(self.missing[:20])
            out.append(f"warning: {1 - self.share:.1%} of the document's words are not in the source: {shown}")
        out += [f"note: {note}" for note in self.notes]
        return out


def count(document_words: list[str], text: str, moved: list[str], source: Path) -> Report:
    wanted = Counter(w for t in document_words for w in words(t))
    found = source_words(text, moved)
    carried = sum(min(n, found[w]) for w, n in wanted.items())
    missing = [w for w, n in wanted.most_common() if found[w] < n]
    return Report(source, sum(wanted.values()), carried, missing)
