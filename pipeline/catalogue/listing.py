"""What the catalogue lists: an entry a summary, grouped by language, in each language's order, filed
under letters, and cut into pages a phone loads quickly when there are many.

A catalogue of at most PAGE_SIZE summaries is one page (output/index.html). A larger one is a front
page (the languages, each one's A to Z and its pages, named by their first and last titles as a
dictionary's guide words) and pages of PAGE_SIZE entries, `index-<language>-<n>.html`, beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path

from pipeline.catalogue.collation import NUMBERS, alphabet, index_letter, sort_key
from pipeline.model import Summary
from pipeline.rendering.stamp import format_date, label, language_name
from pipeline.writers.pages import Download, downloads

PAGE_SIZE = 50  # entries a page: about 25 kB of HTML, 6 kB compressed
AZ_FROM = 13  # a language with fewer summaries is one short list: an A to Z of 26 letters would hide it
SHORT = 200  # characters: an entry says its first sentence, and the second if both fit
_SENTENCE_END = re.compile(r"(?<=[.!?…؟。])\s+(?=[^\sa-z])")  # not "e.g. in"


@dataclass(frozen=True)
class Entry:
    summary: Summary
    letter: str
    text: str  # the plain short answer's first sentence or two
    reviewed: str  # "Reviewed 7 April 2026"
    overdue: bool
    braille: list[Download]
    also: list[tuple[str, str, str]]  # (href, language, its name) of each translation


@dataclass(frozen=True)
class Page:
    number: int
    file: str  # index.html, or index-<language>-<n>.html
    entries: list[Entry]

    @property
    def letters(self) -> list[tuple[str, list[Entry]]]:
        """The entries under each letter, in order."""
        return [(letter, list(group)) for letter, group in groupby(self.entries, key=lambda e: e.letter)]


@dataclass(frozen=True)
class Group:
    """The summaries in one language."""

    code: str
    name: str
    entries: list[Entry]
    pages: list[Page] = field(default_factory=list)  # none when the whole catalogue is one page

    def href(self, letter: str) -> str | None:
        """Where the A to Z bar's `letter` leads: the first entry filed under it, or None."""
        for page in self.pages or [Page(1, "index.html", self.entries)]:
            if any(e.letter == letter for e in page.entries):
                return f"{'' if page.file == 'index.html' else page.file}#{anchor(self.code, letter)}"
        return None

    @property
    def indexed(self) -> bool:
        """Its entries are filed under letters, with an A to Z bar (else one short list)."""
        return bool(self.pages) or len(self.entries) >= AZ_FROM

    @property
    def letters(self) -> list[tuple[str | None, list[Entry]]]:
        """All its entries under their letters (a catalogue of one page), or under none when it is short."""
        return list(Page(1, "index.html", self.entries).letters) if self.indexed else [(None, self.entries)]

    @property
    def bar(self) -> list[tuple[str, str, str | None]]:
        """(letter, what it shows, where it leads) for each letter of the language's A to Z."""
        letters = alphabet(self.code, {e.letter for e in self.entries})
        return [(letter, label(self.code, "catalogue_numbers") if letter == NUMBERS else letter, self.href(letter)) for letter in letters]


def anchor(code: str, letter: str) -> str:
    """The id of a letter's heading: letter-en-A, letter-es-u00d1 (ASCII, so any address may carry it)."""
    name = "num" if letter == NUMBERS else letter if letter.isascii() else f"u{ord(letter):04x}"
    return f"letter-{code}-{name}"


def short_text(summary: Summary) -> str:
    """The plain short answer (the technical one where there is none), cut to its first sentence or two."""
    meta = summary.meta
    sentences = _SENTENCE_END.split(" ".join((meta.plain_summary or meta.summary).split()))
    text = sentences[0]
    if len(sentences) > 1 and len(text) + 1 + len(sentences[1]) <= SHORT:
        text += " " + sentences[1]
    return text


def entry(summary: Summary, out_dir: Path, today: date) -> Entry:
    lang = summary.meta.language
    return Entry(
        summary=summary,
        letter=index_letter(summary.meta.title, lang),
        text=short_text(summary),
        reviewed=label(lang, "catalogue_reviewed", reviewed=format_date(summary.meta.reviewed, lang)),
        overdue=today > summary.meta.next_review,
        braille=downloads(summary, Path(out_dir) / summary.slug, (".brf",)),
        also=[(f"{t.slug}/index.html", t.language, language_name(t.language)) for t in summary.translations],
    )


def groups(summaries: list[Summary], out_dir: Path, today: date, page_size: int = PAGE_SIZE) -> list[Group]:
    """The summaries by language (the most summaries first), each in its language's order; paged when
    the catalogue has more than `page_size` summaries."""
    by_language: dict[str, list[Summary]] = {}
    for summary in summaries:
        by_language.setdefault(summary.meta.language, []).append(summary)
    found = []
    for code, members in sorted(by_language.items(), key=lambda item: (-len(item[1]), language_name(item[0]).casefold())):
        members.sort(key=lambda s: (sort_key(s.meta.title, code), s.slug))
        entries = [entry(s, out_dir, today) for s in members]
        pages = []
        if len(summaries) > page_size:
            chunks = [entries[i : i + page_size] for i in range(0, len(entries), page_size)]
            pages = [Page(n, f"index-{code}-{n}.html", chunk) for n, chunk in enumerate(chunks, 1)]
        found.append(Group(code, language_name(code), entries, pages))
    return found
