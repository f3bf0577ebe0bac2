"""The fact guard's figures: a plain rewrite may write a number, share, dose, range or frequency
another way ('1 in 4' for '25 %', 'milligrams' for 'mg', '3 days' for '72 hours', '1 or 2 times a
day' for 'once or twice a day'), never change it.

Compared as the figures they are (pipeline/editorial/quantities.py reads them): a number the
original does not give, a unit or period it does not give with that number, a range it does not
give, a range cut to one end, 'more than' where the original says 'fewer than' (a bound after a
negation is turned round: 'do not take more than 4' says at most 4, as 'no more than 4' does), and
a label ('type 2', 'stage 1') the original does not give.
"""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction

from pipeline.editorial import negation
from pipeline.editorial.finding import Finding, Leaf
from pipeline.editorial.quantities import Quantities, Quantity, read_quantities, same_share
from pipeline.editorial.units import BOUND_PHRASE, duration, same_time
from pipeline.model import Block, ListBlock, block_text, walk_blocks

FIGURE_HINT = "check the figure against the original: a rewrite may write it in words or as '1 in 4', never change it"
UNIT_HINT = "check the unit or dose against the original"
# "first birthday" may be "1 year old": the original's ordinals are figures a rewrite may give in digits
_ORDINALS = {
    w: n for n, w in enumerate(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], start=1)
}
# "type 2 diabetes", "stage 1 hypertension", "grade III": a label, not a figure
_LABEL = re.compile(r"(?<!\w)(type|stage|grade|class|phase)\s+(\d+|[IV]{1,4}(?![\w-]))", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
_CLAUSE_START = re.compile(r".*(?:[.!?;:,()]|^)", re.S)
_EXCEPT = re.compile(r"(?<!\w)(?:without|unless|sin|sans|a menos que|à moins)(?!\w)", re.I)
_COMPARATIVE = re.compile(r"(?<!\w)(?:more|less|fewer|longer)\s+than\s*$", re.I)


def labels(text: str) -> dict[tuple[str, int], str]:
    """The labels of a text: (kind, number) -> as written."""
    found: dict[tuple[str, int], str] = {}
    for m in _LABEL.finditer(text):
        number = int(m[2]) if m[2].isdigit() else _ROMAN.get(m[2].casefold(), 0)
        found.setdefault((m[1].casefold(), number), m[0])
    return found


class Figures:
    """The figures of one section's rewrite against its original's."""

    def __init__(self, original: str, blocks: tuple[Block, ...], language: str, document: str) -> None:
        self.original, self.language, self.document = original, language, document
        self.facts = read_quantities(original, language)
        in_labels = {m.start(2) for m in _LABEL.finditer(original)}
        numbers = [q for q in self.facts.numbers if q.start not in in_labels]
        counts = {Fraction(len(b.items)) for b in walk_blocks(blocks) if isinstance(b, ListBlock)}  # "its five signs"
        ordinals = {Fraction(_ORDINALS[w]) for w in re.findall(r"[a-z]+", original.casefold()) if w in _ORDINALS}
        self.values = {q.value for q in numbers} | counts | ordinals
        self.measures: dict[Fraction, set[str]] = defaultdict(set)
        for q in numbers:
            self.measures[q.value].add(q.measure)
        self.durations = {d for q in numbers if (d := duration(q))}
        self.bounds = {q.start: bound(original, q, language) for q in self.facts.numbers}
        self.found: list[Finding] = []

    def check(self, leaves: list[Leaf]) -> list[Finding]:
        facts = self.facts
        original_ranges = {g.values for g in facts.ranges}
        told_ranges: set[tuple[Fraction, Fraction]] = set()
        told: dict[Fraction, tuple[Leaf, Quantity]] = {}
        told_durations: set[tuple[str, Fraction]] = set()
        for leaf in leaves:
            text = block_text(leaf)
            said = read_quantities(text, self.language)
            judged = self._labels(text, leaf) | self._ratios(text, said, leaf)
            for q in said.numbers:
                if q.start not in judged:
                    told.setdefault(q.value, (leaf, q))
                    told_durations |= {d} if (d := duration(q)) else set()
                    self._number(text, q, leaf)
            for span in said.ranges:
                told_ranges.add(span.values)
                if span.values not in original_ranges and all(v in self.values for v in span.values):
                    given = ", ".join(g.text for g in facts.ranges) or "no range"
                    self.warn(
                        f"the plain rewrite gives the range {span.text}, where its original gives {given}", FIGURE_HINT, leaf, span.text
                    )
        range_ends = {v for span in told_ranges for v in span}
        for span in facts.ranges:  # "over 50" for "between 50 and 60": a range cut to one end
            if span.values in told_ranges:
                continue
            said_ends = [
                v
                for v in span.values
                if v in told or any(same_time(duration(Quantity(v, span.high.unit, "", 0, 0)), d) for d in told_durations)
            ]
            ends = [v for v in said_ends if v in told]
            missing = [v for v in span.values if v not in said_ends]
            # "a week or two" for "1 to 2 weeks": a one is often said "a"
            if len(said_ends) == 1 and ends and ends[0] not in range_ends and missing != [1]:
                leaf, q = told[ends[0]]
                self.warn(
                    f"the plain rewrite gives {q.text} but not the whole range of its original, {span.text}",
                    "give both ends of the range",
                    leaf,
                    q.text,
                )
        return self.found

    def warn(self, message: str, hint: str, leaf: Leaf, words: str) -> None:
        self.found.append(Finding(message, hint, leaf, words))

    def _labels(self, text: str, leaf: Leaf) -> set[int]:
        """Judge the rewrite's labels ('type 2'); the starts of the numbers in them."""
        mine, everywhere = labels(self.original), labels(self.document)
        for (kind, number), written in labels(text).items():
            if (kind, number) in mine:
                continue
            same_kind = [w for (k, _), w in mine.items() if k == kind]
            if same_kind:
                self.warn(f"the plain rewrite says {written} where its original says {same_kind[0]}", FIGURE_HINT, leaf, written)
            elif (kind, number) not in everywhere:
                self.warn(f"the plain rewrite says {written}, which its original does not", FIGURE_HINT, leaf, written)
        return {m.start(2) for m in _LABEL.finditer(text)}

    def _ratios(self, text: str, told: Quantities, leaf: Leaf) -> set[int]:
        """Judge the rewrite's ratios ('1 in 4' may say '25 %'); the starts of the numbers they used."""
        judged: set[int] = set()
        shares = [q for q in self.facts.numbers if q.unit == "%"]
        for ratio in told.ratios:
            judged |= {ratio.part.start, ratio.whole.start}
            same = [r for r in self.facts.ratios if r.value == ratio.value]
            as_share = [q for q in shares if same_share(q.value, ratio)]
            if not same and not as_share:
                self.warn(f"the plain rewrite says {ratio.text}, which its original section does not", FIGURE_HINT, leaf, ratio.text)
            elif contradicts(bound(text, ratio.part, self.language), {self.bounds[q.start] for q in [r.part for r in same] + as_share}):
                self._bound_warning(ratio.text, bound(text, ratio.part, self.language), leaf)
        return judged

    def _number(self, text: str, q: Quantity, leaf: Leaf) -> None:
        if q.spelt and q.value == 1 and not q.unit:
            return  # "one kind of protein", "no one": a word before it is a count
        if q.unit == "%" and any(same_share(q.value, r) for r in self.facts.ratios):
            return  # "25 %" for "1 in 4"
        measures = self.measures[q.value]
        if q.value not in self.values:
            if not any(same_time(duration(q), d) for d in self.durations):  # "3 days" for "72 hours", "3 months" for "12 weeks"
                self.warn(f"the plain rewrite says {q.text}, which its original section does not", FIGURE_HINT, leaf, q.text)
        elif (
            q.unit
            and q.measure not in measures
            and not (q.unit == "times" and not q.period and any(m.startswith("times/") for m in measures))
        ):
            others = [f.text for f in self.facts.numbers if f.value == q.value and f.unit]
            if others:
                self.warn(f"the plain rewrite gives {q.text} where its original gives {others[0]}", UNIT_HINT, leaf, q.text)
            elif q.unit not in ("year", "times"):  # "aged 50" may become "50 years old"; 25 may not become 25 mg, "under 1" "1 month"
                self.warn(
                    f"the plain rewrite gives {q.text} where its original gives {figure(q.value)} with no unit", UNIT_HINT, leaf, q.text
                )
        else:
            same = {self.bounds[f.start] for f in self.facts.numbers if f.value == q.value and f.measure == q.measure}
            if contradicts(bound(text, q, self.language), same):
                self._bound_warning(q.text, bound(text, q, self.language), leaf)

    def _bound_warning(self, text: str, sign: str, leaf: Leaf) -> None:
        said, original = ("more", "less") if sign == ">" else ("less", "more")
        self.warn(
            f"the plain rewrite says {said} than {text} where its original says {original} than",
            "say 'fewer than', 'under'... where the original does, and 'more than', 'over'... where it does",
            leaf,
            text,
        )


def bound(text: str, q: Quantity, language: str) -> str:
    """The bound a number is given with, turned round by a negation a few words before it: 'do not take more than
    4' is at most 4, 'never use it for longer than 7 days' at most 7 (not 'under 12' in 'not for children under 12');
    none when an exception follows ('do not take it for more than 10 days without asking a pharmacist' may be said
    'ask a pharmacist before you take it for longer than 10 days')."""
    before = " ".join(text[: q.start].split())
    if q.bound and _EXCEPT.search(re.split(r"[.;:!?]", text[q.end :], maxsplit=1)[0]):
        return ""  # "no more than 14 days unless your doctor says", "for more than 10 days without asking": it depends
    if not q.bound or not _COMPARATIVE.search(before):
        return q.bound
    clause = BOUND_PHRASE.sub("", before[_CLAUSE_START.match(before).end() :])  # type: ignore[union-attr]
    if negation.denies(" ".join(clause.split()[-6:]), language):
        return "<" if q.bound == ">" else ">"
    return q.bound


def contradicts(sign: str, original: set[str]) -> bool:
    """'more than' where the original gives the same figure only with 'less than' (or the other way)."""
    return bool(sign) and sign not in original and bool(original - {""})


def figure(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
