"""The readability gate for the plain-language page (Flesch-Kincaid grade, Flesch reading ease).

Scores the words the large-print page shows (pipeline/plain.py): the short answer, each
section as displayed (plain rewrite, else original, with glossary explanations in brackets)
and the "Words to know" list. Not scored: headings (labels, not sentences; textstat would
glue each onto the next sentence), the stamp line, and the disclaimer, which is reproduced
verbatim from the source and may not be reworded.

Each language is measured by a formula made for it: English by the Flesch-Kincaid grade (the
gate: at most --max-grade) and Flesch reading ease; Spanish by Fernández Huerta's reading ease;
French, German, Italian, Dutch and Russian by Flesch's ease with that language's constants
(Kandel-Moles, Amstad, Flesch-Vacca, Douma...). Where a language has only an ease, the gate is the
ease of the same school grade on Flesch's scale (grade 8: at least 60, "plain English"). A
language without a formula is "not measured", never given an English score.

textstat is pinned to 0.7.4: later versions download NLTK data at run time.
"""

from __future__ import annotations

import importlib.resources
import re
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from pipeline.editorial.locate import find, source_lines
from pipeline.editorial.plain import plain_view
from pipeline.editorial.wording import sentences
from pipeline.errors import Problem
from pipeline.model import Block, ListBlock, Paragraph, Quote, Summary, block_text


@contextmanager
def _pkg_resources_stand_in() -> Iterator[None]:
    """textstat 0.7.4 imports pkg_resources for one call, resource_stream (its word lists). The real
    import reads every installed distribution (60 ms of each process that lints or checks), is
    deprecated, and is gone from setuptools 82: textstat gets a stand-in, anyone after it the real one."""
    if "pkg_resources" in sys.modules:
        yield
        return
    stand_in = types.ModuleType("pkg_resources")
    # its lines, as the stream textstat iterates would give them (and no file left open)
    vars(stand_in)["resource_stream"] = lambda package, name: importlib.resources.files(package).joinpath(name).read_bytes().splitlines()
    sys.modules["pkg_resources"] = stand_in
    try:
        yield
    finally:
        del sys.modules["pkg_resources"]


with _pkg_resources_stand_in():
    from textstat.textstat import textstatistics


HARDEST = 3  # sentences named a part at most: the editor's first rewrites
Locator = Callable[[str], "tuple[int, int] | None"]

_ENDS_SENTENCE = re.compile(r"[.!?…]\s*$")


# language -> (grade formula, ease formula); the ease is textstat's, with the language's constants
FORMULAS: dict[str, tuple[str | None, str | None]] = {
    "en": ("Flesch-Kincaid grade", "Flesch reading ease"),
    "es": (None, "Fernández Huerta"),
    "fr": (None, "Flesch (Kandel-Moles)"),
    "de": (None, "Flesch (Amstad)"),
    "it": (None, "Flesch (Vacca)"),
    "nl": (None, "Flesch (Douma)"),
    "ru": (None, "Flesch (Russian)"),
}


def ease_floor(max_grade: float) -> float:
    """Flesch's table: grade 8 reads at 60-70, each grade about 10 points; the floor of a grade's band."""
    return 100.0 - 5.0 * max_grade


@dataclass(frozen=True)
class Hard:
    """A sentence that pushes its part up: its words as the page shows them, where it is, and why."""

    text: str
    words: int
    syllables_per_word: float
    alone: float  # its own grade (or ease), by the part's formula
    line: int | None = None
    column: int | None = None

    def describe(self, measure: str) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.text} ({self.words} words, {self.syllables_per_word:.1f} syllables a word: {measure} {self.alone:.1f})"

    def as_json(self, measure: str) -> dict[str, object]:
        return {
            "text": self.text,
            "line": self.line,
            "column": self.column,
            "words": self.words,
            "syllables_per_word": round(self.syllables_per_word, 2),
            measure: round(self.alone, 1),
        }


@dataclass(frozen=True)
class Score:
    name: str
    grade: float | None  # US school grade (English: Flesch-Kincaid); None where no formula gives one
    ease: float | None  # reading ease, 0-100, higher is easier; None: not measured
    words: int
    hardest: tuple[Hard, ...] = ()  # the sentences that read hardest on their own: the long, the many-syllabled

    @property
    def measure(self) -> str:
        return "grade" if self.grade is not None else "ease"

    def above(self, max_grade: float) -> bool:
        if self.grade is not None:
            return self.grade > max_grade
        return self.ease is not None and self.ease < ease_floor(max_grade)

    def to_rewrite(self, max_grade: float) -> tuple[Hard, ...]:
        """Its sentences that read above the limit on their own, hardest first; else its hardest one."""
        above = tuple(h for h in self.hardest if (h.alone > max_grade if self.grade is not None else h.alone < ease_floor(max_grade)))
        return above or self.hardest[:1]

    def as_json(self, max_grade: float) -> dict[str, object]:
        return {
            "name": self.name,
            "grade": None if self.grade is None else round(self.grade, 1),
            "ease": None if self.ease is None else round(self.ease, 1),
            "words": self.words,
            "above_limit": self.above(max_grade),
            "hardest_sentences": [h.as_json(self.measure) for h in self.to_rewrite(max_grade)],
        }


@dataclass(frozen=True)
class Readability:
    summary: Summary
    parts: tuple[Score, ...]  # the short answer, each section, the word list
    page: Score  # all of them together
    max_grade: float

    @property
    def formulas(self) -> tuple[str | None, str | None]:
        return FORMULAS.get(self.summary.meta.language.split("-")[0].lower(), (None, None))

    @property
    def measured(self) -> bool:
        return self.page.grade is not None or self.page.ease is not None

    @property
    def passed(self) -> bool:
        return not self.page.above(self.max_grade)

    def verdict(self) -> str:
        """How the page reads, in words: for `check` and the lint warning."""
        grade_name, ease_name = self.formulas
        if self.page.grade is not None:
            return f"reads at grade {self.page.grade:.1f} ({grade_name}), above the limit of {self.max_grade:g}"
        if self.page.ease is not None:
            return f"reads at {self.page.ease:.0f} on {ease_name}, below the {ease_floor(self.max_grade):g} of grade {self.max_grade:g}"
        return "not measured: no readability formula for this language"

    def problems(self, strict: bool = False) -> list[Problem]:
        """A warning (an error under --strict) when the page reads above the limit."""
        if self.passed:
            return []
        hardest = max(self.parts, key=lambda s: s.grade if s.grade is not None else 100 - (s.ease or 0))
        named = hardest.to_rewrite(self.max_grade)
        first = named[0] if named else None
        return [
            Problem(
                "error" if strict else "warning",
                "readability",
                f"the large-print page {self.verdict()}",
                self.summary.path,
                first.line if first else None,  # where an editor's tool should jump: the first sentence to rewrite
                f"the hardest part is '{hardest.name}'; rewrite first: "
                + " / ".join(h.describe(hardest.measure) for h in named)
                + ". Use shorter sentences and words in the '::: plain' rewrites, plain_summary and glossary, or set --max-grade",
                first.column if first else None,
            )
        ]

    def table(self) -> str:
        """A plain-text table, one row a part, then the page."""
        width = max(len(s.name) for s in (*self.parts, self.page))
        width = min(max(width, 4), 48)
        grade_name, ease_name = self.formulas
        if not self.measured:
            return f"{self.summary.path}: readability of the large-print page not measured (no formula for '{self.summary.meta.language}')"
        named = " and ".join(n for n in (grade_name, ease_name) if n)
        head = f"{self.summary.path}: readability of the large-print page by {named} (limit: grade {self.max_grade:g})"
        rows = [head, f"  {'part':<{width}}  {'grade':>5}  {'ease':>5}  {'words':>5}"]
        for score in (*self.parts, self.page):
            name = score.name if len(score.name) <= width else score.name[: width - 1] + "…"
            flag = "  above limit" if score.above(self.max_grade) else ""
            grade = "-" if score.grade is None else f"{score.grade:.1f}"
            ease = "-" if score.ease is None else f"{score.ease:.1f}"
            rows.append(f"  {name:<{width}}  {grade:>5}  {ease:>5}  {score.words:>5}{flag}")
            if flag and score is not self.page:
                rows += [f"      rewrite {h.describe(score.measure)}" for h in score.to_rewrite(self.max_grade)]
        return "\n".join(rows)

    def as_json(self) -> dict[str, object]:
        return {
            "file": str(self.summary.path),
            "max_grade": self.max_grade,
            "formulas": [f for f in self.formulas if f],
            "passed": self.passed,
            "parts": [p.as_json(self.max_grade) for p in self.parts],
            "page": self.page.as_json(self.max_grade),
        }


def readability_report(summary: Summary, max_grade: float = 8.0) -> Readability:
    """Score the plain-language page of `summary`; `check` fails when `.passed` is False."""
    view = plain_view(summary)
    lines = source_lines(summary)
    ends = [s.line - 1 for s in summary.sections[1:]] + [len(lines)]
    # each part's sentences, and the lines of the source where they are: the front matter for the short answer and the words
    labelled: list[tuple[str, list[str], tuple[int, int | None]]] = [(_summary_name(summary), [block_text(view.summary)], (1, None))]
    labelled += [(part.section.title, _units(part.blocks), (part.section.line, end)) for part, end in zip(view.sections, ends, strict=True)]
    if view.glossary:
        labelled.append((_glossary_name(summary), [f"{e.term}: {e.explanation}" for e in view.glossary], (1, None)))
    language = summary.meta.language
    parts = tuple(_score(name, _sentences(units), language, _locator(lines, span)) for name, units, span in labelled)
    page = _score("page", [s for _, units, _ in labelled for s in _sentences(units)], language)
    return Readability(summary, parts, page, max_grade)


def _summary_name(summary: Summary) -> str:
    from pipeline.rendering.stamp import label

    return label(summary.meta.language, "summary_heading")


def _glossary_name(summary: Summary) -> str:
    from pipeline.rendering.stamp import label

    return label(summary.meta.language, "words_to_know")


def _units(blocks: tuple[Block, ...]) -> list[str]:
    """The text of each paragraph and list item, so a list reads as separate sentences."""
    units: list[str] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                units += _units(item)
        elif isinstance(block, Quote):
            units += _units(block.blocks)
        elif isinstance(block, Paragraph):
            units.append(block_text(block))
        # headings and figures are not prose
    return [u for u in units if u.strip()]


def _sentences(units: list[str]) -> list[str]:
    """The sentences a reader reads, in order; a list item or paragraph ends one even without a full stop."""
    return [s for unit in units for s in sentences(unit)]


def _scored(sentence: str) -> str:
    return sentence if _ENDS_SENTENCE.search(sentence) else sentence + "."


def _locator(lines: tuple[str, ...], span: tuple[int, int | None]) -> Locator:
    return lambda sentence: _locate(lines, sentence, span)


def _locate(lines: tuple[str, ...], sentence: str, span: tuple[int, int | None]) -> tuple[int, int] | None:
    """Where a sentence of the page is in the source: as shown, without the glossary's asides, or by its first words."""
    for words in (sentence, re.sub(r"\s*\([^)]*\)", "", sentence), " ".join(sentence.split()[:5])):
        if found := find(lines, words, *span):
            return found
    return None


@cache
def _stats(language: str) -> textstatistics:
    # One instance a language: textstat's module-level object keeps the language globally.
    stats = textstatistics()
    base = language.split("-")[0].lower()
    try:
        stats.set_lang(base)
    except KeyError:  # no hyphenation dictionary: count syllables as English
        stats.set_lang("en")
    return stats


def _score(name: str, said: list[str], language: str, locate: Locator | None = None) -> Score:
    stats = _stats(language)
    grade_name, ease_name = FORMULAS.get(language.split("-")[0].lower(), (None, None))
    text = " ".join(_scored(s) for s in said)
    words = int(stats.lexicon_count(text))
    if ease_name is None:
        return Score(name, None, None, words)

    def measure(text: str) -> float:
        if grade_name:
            return float(stats.flesch_kincaid_grade(text))
        return float(stats.fernandez_huerta(text) if ease_name == "Fernández Huerta" else stats.flesch_reading_ease(text))

    ease = float(stats.fernandez_huerta(text) if ease_name == "Fernández Huerta" else stats.flesch_reading_ease(text))
    grade = float(stats.flesch_kincaid_grade(text)) if grade_name else None
    hardest = _hardest(said, stats, measure, higher_is_harder=grade_name is not None, locate=locate) if locate else ()
    return Score(name, grade, ease, words, hardest)


def _hardest(
    said: list[str], stats: textstatistics, measure: Callable[[str], float], higher_is_harder: bool, locate: Locator
) -> tuple[Hard, ...]:
    """The sentences that read hardest on their own, by the part's own formula: Flesch-Kincaid weighs words a
    sentence and syllables a word, so these are the long sentences and those of long words."""
    found = []
    for k, sentence in enumerate(said):
        count = max(1, int(stats.lexicon_count(sentence)))
        where = locate(sentence)
        alone = measure(_scored(sentence))
        found.append(
            (
                alone if higher_is_harder else -alone,
                k,
                Hard(sentence, count, stats.syllable_count(sentence) / count, alone, *(where or (None, None))),
            )
        )
    return tuple(h for _, _, h in sorted(found, key=lambda f: (-f[0], f[1]))[:HARDEST])
