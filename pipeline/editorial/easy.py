"""Lint for Easy Read texts (`::: easy`), by the UK guidance: one idea a line, one short sentence
(15 words at most), a picture beside every idea, hard words in bold and explained, at most about
24 pages; and the text's readability (Flesch-Kincaid grade, target 3 or lower; other languages
by their own measure, as the large-print gate). Every warning is at its line and column."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.errors import Problem
from pipeline.model import EasyIdea, Inline, Strong, Summary, inline_text

MAX_WORDS = 15  # a sentence's words (the UK guidance's "short sentences")
MAX_SYLLABLES = 3  # a word of more syllables is hard, whatever list it is on
MAX_PAGES = 24
TARGET_GRADE = 3.0  # Flesch-Kincaid: the reading age of about eight to nine
ROWS_FIRST, ROWS_NEXT = 6, 7  # the PDF's rows on a part's first page (under its heading) and on the next ones

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9À-Þ¿¡])")
WORD = re.compile(r"[^\W_][\w’'.,-]*[^\W_]|[^\W_]", re.U)
ADDRESS = re.compile(r"\S+\.(org|com|net|uk|gov|nhs)\S*|\S+@\S+|https?://\S+", re.I)
ENDINGS = ("s", "es", "ed", "d", "ing", "er", "est", "ly", "ies")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of each sentence in a line."""
    found, start = [], 0
    for match in SENTENCE_END.finditer(text):
        found.append((start, text[start : match.start()].strip()))
        start = match.end()
    if text[start:].strip():
        found.append((start, text[start:].strip()))
    return found


def words(text: str) -> list[tuple[int, str]]:
    text = ADDRESS.sub(lambda m: " " * len(m[0]), text)
    return [(m.start(), m[0].strip(".,")) for m in WORD.finditer(text)]


@cache
def _stats(language: str) -> Any:
    """textstat for the language (the readability gate's: imported only when lint asks)."""
    from pipeline.editorial.readability import _stats as stats

    return stats(language)


def hard(word: str, language: str) -> bool:
    """A word of more than MAX_SYLLABLES, or (English) one of three or more not on the Dale-Chall list
    of words most children know by 10 (or a plain ending of one: 'illnesses', 'checked')."""
    if not word.isalpha() or word.isupper():  # numbers, names in capitals (POEMS, NHS)
        return False
    stats, lower = _stats(language), word.lower()
    syllables = int(stats.syllable_count(lower))
    if syllables > MAX_SYLLABLES:
        return True
    if language.split("-")[0].lower() != "en" or syllables < 3:
        return False
    stems = {lower} | {lower[: -len(e)] for e in ENDINGS if lower.endswith(e)}
    if lower.endswith("ies"):
        stems.add(lower[:-3] + "y")  # 'allergies' -> 'allergy'
    return all(stats.is_difficult_word(stem, 3) for stem in stems if stem)


def bold(inlines: tuple[Inline, ...]) -> list[str]:
    found: list[str] = []
    for node in inlines:
        if isinstance(node, Strong):
            found.append(inline_text(node.children))
        elif hasattr(node, "children"):
            found += bold(node.children)
    return found


@dataclass(frozen=True)
class EasyReport:
    """What lint says of a summary's Easy Read text."""

    ideas: int
    grade: float | None  # Flesch-Kincaid grade (English), else None
    ease: float | None  # the language's reading ease, where it has one
    pages: int  # about how many pages the PDF will have

    def as_json(self) -> dict[str, object]:
        grade = round(self.grade, 1) if self.grade is not None else None
        ease = round(self.ease, 1) if self.ease is not None else None
        return {"ideas": self.ideas, "pages": self.pages, "grade": grade, "ease": ease, "target_grade": TARGET_GRADE}

    def line(self) -> str:
        score = f"Flesch-Kincaid grade {self.grade:.1f} (target {TARGET_GRADE:g} or lower)" if self.grade is not None else ""
        score = score or (f"reading ease {self.ease:.0f}" if self.ease is not None else "readability not measured for this language")
        return f"Easy Read: {self.ideas} ideas, about {self.pages} pages, {score}"


def easy_ideas(summary: Summary) -> list[EasyIdea]:
    return [idea for _, easy in summary.easy_read for idea in easy.ideas]


def pages(summary: Summary) -> int:
    """About how many pages the PDF has: the front page, each part from a new page, the hard words, the back two."""

    def part(rows: int) -> int:
        return 1 if rows <= ROWS_FIRST else 1 + math.ceil((rows - ROWS_FIRST) / ROWS_NEXT)

    hard_words = {w.casefold() for i in easy_ideas(summary) for w in bold(i.inlines)}
    return 1 + sum(part(len(e.ideas)) for _, e in summary.easy_read) + (part(len(hard_words)) if hard_words else 0) + 2


def report(summary: Summary) -> EasyReport:
    from pipeline.editorial.readability import FORMULAS

    ideas = easy_ideas(summary)
    text = " ".join(inline_text(i.inlines).strip() for i in ideas)
    language = summary.meta.language
    grade_name, ease_name = FORMULAS.get(language.split("-")[0].lower(), (None, None))
    stats = _stats(language)
    grade = float(stats.flesch_kincaid_grade(text)) if grade_name and text else None
    ease = None
    if ease_name and text:
        ease = float(stats.fernandez_huerta(text) if ease_name == "Fernández Huerta" else stats.flesch_reading_ease(text))
    return EasyReport(len(ideas), grade, ease, pages(summary))


def warnings(summary: Summary, source: list[str]) -> list[Problem]:
    """Every Easy Read warning of the summary, at its line and column; `source` the file's lines."""
    problems: list[Problem] = []
    language = summary.meta.language
    explained = {w.casefold() for i in easy_ideas(summary) for w in bold(i.inlines)}
    explained_words = {part for w in explained for part in w.split()}

    def warn(message: str, line: int, column: int, hint: str) -> None:
        problems.append(Problem("warning", "easy-read", message, summary.path, line, hint, column))

    for idea in easy_ideas(summary):
        text = inline_text(idea.inlines)
        raw = source[idea.line - 1] if 0 < idea.line <= len(source) else ""
        at = _columns(raw, idea.column, text)
        if not idea.picture:
            hint = "put its picture first: [picture: NAME] (`patient-info pictures` lists them)"
            warn("an idea with no picture", idea.line, idea.column, hint)
        elif idea.picture_set and not language.lower().startswith("en") and idea.alt == _named(idea.picture):
            hint = f"say what it shows in the summary's language: [picture: {idea.picture} | ...]"
            warn(f"the picture '{idea.picture}' has only its English name for words", idea.line, raw.find(idea.picture) + 1, hint)
        said = sentences(text)
        if len(said) > 1:
            hint = "one idea a line: put the next sentence on a line of its own"
            warn("more than one sentence on an idea's line", idea.line, at(said[1][0]), hint)
        for offset, sentence in said:
            if (count := len(words(sentence))) > MAX_WORDS:
                hint = f"at most {MAX_WORDS} words: split it into two ideas"
                warn(f"a sentence of {count} words", idea.line, at(offset), hint)
        strong = " ".join(bold(idea.inlines)).casefold()
        for offset, word in words(text):
            key = word.casefold()
            if key in strong or key in explained_words or not hard(word, language):
                continue
            hint = f"use an everyday word, or put '{word}' in bold and explain it in the next line"
            warn(f"a hard word: '{word}'", idea.line, at(offset), hint)
    for idea in easy_ideas(summary):
        for word in bold(idea.inlines):
            if not _explained(summary, idea, word):
                text = inline_text(idea.inlines)
                hint = f"say what '{word}' means in the next line, with the word in it"
                at = _columns(source[idea.line - 1] if 0 < idea.line <= len(source) else "", idea.column, text)
                warn(f"the hard word '{word}' is not explained", idea.line, at(text.find(word)), hint)
    if summary.easy_read and (grade := report(summary).grade) is not None and grade > TARGET_GRADE:
        hint = "shorter sentences and shorter words: the sentences with the longest words first"
        warn(f"the Easy Read text reads at Flesch-Kincaid grade {grade:.1f}, over {TARGET_GRADE:g}", summary.easy_read[0][1].line, 1, hint)
    if summary.easy_read and (count := pages(summary)) > MAX_PAGES:
        first = summary.easy_read[0][1].line
        warn(f"the Easy Read text makes about {count} pages", first, 1, f"at most {MAX_PAGES}: say less, or make two leaflets")
    return problems


def not_asked_for(summary: Summary) -> Problem:
    """`lint --formats easy-read` of a summary without Easy Read text: it will have no Easy Read outputs."""
    hint = "write a '::: easy' text after a section's '::: plain' (docs/editors.md, Easy Read)"
    return Problem("warning", "easy-read", "no Easy Read text, so no Easy Read outputs", summary.path, None, hint)


def _named(picture: str) -> str:
    """The words a picture gets from its name (pipeline.pictures.Picture.alt)."""
    from pipeline.pictures import slug

    return slug(picture.partition(":")[2] or picture).replace("-", " ")


def _explained(summary: Summary, idea: EasyIdea, word: str) -> bool:
    """Its next line in the same text uses the word (where the hard words page finds the explanation)."""
    for _, easy in summary.easy_read:
        if idea in easy.ideas:
            later = easy.ideas[easy.ideas.index(idea) + 1 :]
            return any(word.casefold() in inline_text(i.inlines).casefold() for i in later)
    return False


def _columns(raw: str, start: int, text: str) -> Callable[[int], int]:
    """A function from an offset in the idea's words to its column in the source line: the words
    and the line are walked together, the line's markup (bold marks, escapes) skipped."""

    def column(offset: int) -> int:
        i, j = start - 1, 0
        while i < len(raw) and j < offset:
            if raw[i] == text[j]:
                j += 1
            i += 1
        while i < len(raw) and raw[i] in "*_`\\":
            i += 1
        return i + 1

    return column
