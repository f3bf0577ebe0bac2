"""The fact guard: a `::: plain` rewrite may say things more simply, never differently.

Compares each plain rewrite with its own section's original text and warns (an error under
--strict), with the rewrite's line, when the rewrite
- gives a number, percentage, age range, dose or unit that the original does not ("75", "5 mg");
- adds or loses a negation in a sentence that matches an original one ("not hereditary" against
  "hereditary"; "not as aggressive as" and "less aggressive than" count as the same);
- drops a glossary term of the original without saying what it means, or drops a drug or
  condition name entirely (names ending like -itis, -oma, -pathy, -mab, -statin...).

What it cannot catch (an editor still reads the rewrite): a number that is in the original but
attached to another fact, a changed word that carries the meaning ("rare" for "common"), a
negation in a sentence too far reworded to match its original, and drug or condition names
without a telltale ending. Negations are English words only; numbers and terms work in any language.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import Problem
from .model import Block, Figure, Heading, ListBlock, Paragraph, Quote, Section, Summary, block_text
from .plain import explains
from .wording import content_words, sentences

_COUNTS = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty"""
NUMBER_WORDS = {word: n for n, word in enumerate(_COUNTS.split())}
_UNITS = r"%|percent\b|per cent\b|mg\b|mcg\b|µg\b|g\b|kg\b|ml\b|l\b|mmol\b|iu\b|units?\b"
_NUMBER = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:\s*({_UNITS}))?", re.I)
_NOT_NAMES = "diagnosis diagnoses prognosis prognoses"  # -osis words that name no condition
NOT_NAMES = frozenset(_NOT_NAMES.split())
_NEGATIONS = "not no never none nobody nothing neither nor without cannot unlike less fewer"
NEGATIONS = frozenset(_NEGATIONS.split())
# Endings of drug and condition names: a rewrite that drops one has dropped a medical fact.
_MEDICAL_NAME = re.compile(
    r"(?<!\w)[^\W\d_]{3,}(?:itis|omas?|aemia|emia|pathy|pathies|osis|ectomy|mab|nib|cillin|mycin|statin|pril|sartan|olol|prazole|platin|taxel|lidomide)(?!\w)",
    re.I,
)


def fact_warnings(summary: Summary) -> list[Problem]:
    found: list[Problem] = []
    for section in summary.sections:
        if section.plain:
            found += _section_warnings(summary, section)
    return found


def _text(blocks: tuple[Block, ...]) -> str:
    return " ".join(block_text(b) for b in blocks if not isinstance(b, Figure))


def _numbers(text: str) -> set[tuple[str, str]]:
    """(number, unit) pairs; number words count as numbers ("one in 100,000")."""
    found = {(_plain_number(m[1]), _unit(m[2])) for m in _NUMBER.finditer(text)}
    found |= {(str(NUMBER_WORDS[w.casefold()]), "") for w in re.findall(r"[^\W\d_]+", text) if w.casefold() in NUMBER_WORDS}
    return found


def _plain_number(text: str) -> str:
    return re.sub(r"(?<=\d)[,](?=\d{3}\b)", "", text)


def _unit(text: str | None) -> str:
    unit = (text or "").casefold()
    return {"percent": "%", "per cent": "%", "unit": "units"}.get(unit, unit)


def _negated(sentence: str) -> bool:
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+(?:['’]t)?", sentence)}
    return bool(words & NEGATIONS) or any(w.endswith(("n't", "n’t")) for w in words)


def _leaves(blocks: tuple[Block, ...]) -> list[Paragraph | Heading]:
    """The paragraphs (list items' included) and headings of a rewrite, each with its line."""
    out: list[Paragraph | Heading] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            out.append(block)
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += _leaves(item)
        elif isinstance(block, Quote):
            out += _leaves(block.blocks)
    return out


def _section_warnings(summary: Summary, section: Section) -> list[Problem]:
    assert section.plain is not None
    path, language, english = summary.path, summary.meta.language, summary.meta.language.split("-")[0] == "en"
    original = _text(section.blocks)
    plain = _text(section.plain)
    problems: list[Problem] = []

    def warn(message: str, line: int, hint: str) -> None:
        problems.append(Problem("warning", "plain-facts", message, path, line, hint))

    facts = _numbers(original) | {(str(len(b.items)), "") for b in section.blocks if isinstance(b, ListBlock)}  # "its five signs"
    numbers = {n for n, _ in facts}
    for leaf in _leaves(section.plain):
        for number, unit in sorted(_numbers(block_text(leaf))):
            if number not in numbers and number != "1":  # "one" is a word, not only a count
                warn(
                    f"the plain rewrite says {number}{unit and ' ' + unit}, which its original section does not",
                    leaf.line,
                    "check the figure against the original; a rewrite may not add facts",
                )
            elif unit and (number, unit) not in facts:
                warn(f"the plain rewrite gives {number} {unit}, which the original does not", leaf.line, "check the unit or dose")
    if english:
        problems += _negation_warnings(section, sentences(original), language, warn)
    first_line = _leaves(section.plain)[0].line if _leaves(section.plain) else section.line
    terms = [re.compile(rf"(?<!\w){re.escape(e.term)}(?:s|es)?(?!\w)", re.I) for e in summary.glossary]
    for entry, term in zip(summary.glossary, terms, strict=True):
        if term.search(original) and not term.search(plain) and not explains(plain, entry.explanation, language):
            warn(
                f"the plain rewrite drops '{entry.term}' and does not say what it means",
                first_line,
                f"use the word (the page explains it) or its meaning: {entry.explanation}",
            )
    # name endings are English ones ("síntomas" is no -oma): other languages are not checked for names
    names = {m.casefold() for m in _MEDICAL_NAME.findall(original)} - NOT_NAMES if english else set()
    for name in sorted(n for n in names if not any(t.search(n) or n in t.pattern for t in terms)):  # terms: checked above
        if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", plain, re.I):
            warn(f"the plain rewrite drops '{name}', a drug or condition its original names", first_line, "keep the name in the rewrite")
    return _unique(problems)


def _negation_warnings(section: Section, original: list[str], language: str, warn: Callable[[str, int, str], None]) -> list[Problem]:
    """A rewrite may split an original sentence in two: the negation must survive in one of them."""
    rewritten: dict[str, list[str]] = {}
    for sentence in sentences(_text(section.plain or ())):
        match = _best_match(sentence, original, language)
        if match is not None:
            rewritten.setdefault(match, []).append(sentence)
    for sentence, rewrites in rewritten.items():
        if _negated(sentence) and not any(_negated(r) for r in rewrites):
            warn(
                f"the plain rewrite loses the negation of: {sentence!r}",
                _line_of(section, rewrites[0]),
                "say 'not' where the original does",
            )
        elif not _negated(sentence) and (added := [r for r in rewrites if _negated(r)]):
            warn(
                f"the plain rewrite adds a negation: {added[0]!r}",
                _line_of(section, added[0]),
                "check it says the same thing, not its opposite",
            )
    return []


def _best_match(sentence: str, candidates: list[str], language: str) -> str | None:
    """The candidate sharing most content words with `sentence`, if it shares enough to be its counterpart."""
    words = content_words(sentence, language) + [n for n, _ in _numbers(sentence)]
    best, score = None, 0.0
    for candidate in candidates:
        other = content_words(candidate, language) + [n for n, _ in _numbers(candidate)]
        shared = len(set(words) & set(other))
        value = shared / max(1, min(len(set(words)), len(set(other))))
        if shared >= 2 and value > score:
            best, score = candidate, value
    return best if score >= 0.4 else None


def _line_of(section: Section, sentence: str) -> int:
    for leaf in _leaves(section.plain or ()):
        if sentence in " ".join(block_text(leaf).split()):
            return leaf.line
    return section.line


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
