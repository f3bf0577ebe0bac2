"""The fact guard: a `::: plain` rewrite may say things more simply, never differently.

Compares each plain rewrite with its own section's original (its title and text) and warns (an
error under --strict), at the line and column of the rewrite where it happens, when the rewrite
- gives a number, share, ratio, dose, unit or range the original does not: "80 in 100" for "75 %",
  "25 g" for "25 mg", "6 to 12 months" for "6 to 24 months", "over 50" for "between 50 and 60",
  "more than 1 in 100,000" for "fewer than" (pipeline/quantities.py reads "one in 100,000",
  "1 in 100 000", "3 in 4" and "75 per cent" as the figures they are);
- loses or adds a negation: "It is thought to be passed down in families." for "the disease is
  not considered hereditary", "more harsh than" for "not as aggressive as", "not rare" for "rare"
  (pipeline/negation.py; sentences are paired by the words they share, in order: pipeline/alignment.py);
- drops a glossary word of the original without saying what it means, or drops a drug or condition
  name entirely (names ending like -itis, -oma, -pathy, -mab, -statin..., and "Castleman disease").

What it cannot catch (an editor still reads the rewrite): a number of the original given to
another fact, a changed word that carries the meaning ("rare" for "common", "women" for "men"), a
negation lost in a sentence reworded beyond recognition while another negation in the same place
survives, and drug or condition names without a telltale ending.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from pipeline.editorial import negation
from pipeline.editorial.alignment import Group, align
from pipeline.editorial.locate import find, paragraph_end, source_lines
from pipeline.editorial.plain import explains
from pipeline.editorial.quantities import TIME_UNITS, Quantities, Quantity, read_quantities, same_share
from pipeline.editorial.wording import content_words, sentences
from pipeline.errors import Problem
from pipeline.model import Block, Figure, Heading, ListBlock, Paragraph, Quote, Section, Summary, block_text, walk_blocks

_NOT_NAMES = """diagnosis diagnoses prognosis prognoses sympathy empathy apathy telepathy aroma aromas diploma
diplomas academia stoma stomas"""  # words with a name's ending that name no condition
NOT_NAMES = frozenset(_NOT_NAMES.split())
_ENDINGS = (
    # conditions
    "itis|omas?|aemias?|emias?|pathy|pathies|osis|oses|plasia|trophy|algia|penia|megaly|plegia|ectomy"
    # drugs
    "|mab|nib|mib|cillin|mycin|cycline|floxacin|statin|pril|sartan|olol|prazole|platin|taxel|lidomide|parin|vir|azole|profen|formin"
    "|tidine|dipine|thiazide|lukast|triptan|setron|sone|olone"
)
_MEDICAL_NAME = re.compile(rf"(?<!\w)[^\W\d_]{{3,}}(?:{_ENDINGS})(?!\w)", re.I)
# "Castleman disease", "Guillain-Barré syndrome": a capitalised name before disease or syndrome, mid-sentence
_EPONYM = re.compile(r"(?<=[a-z,;:] )([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) (?:disease|syndrome)\b")
_FIGURE_HINT = "check the figure against the original: a rewrite may write it in words or as '1 in 4', never change it"

Leaf = Paragraph | Heading


@dataclass(frozen=True)
class _Said:
    """A sentence of the rewrite, and the block it is in (for its line)."""

    text: str
    leaf: Leaf


def fact_warnings(summary: Summary) -> list[Problem]:
    lines = source_lines(summary)
    ends = [s.line - 1 for s in summary.sections[1:]] + [len(lines) or 10**9]
    found: list[Problem] = []
    for section, end in zip(summary.sections, ends, strict=True):
        if section.plain:
            found += _SectionGuard(summary, section, lines, end).problems()
    return found


class _SectionGuard:
    def __init__(self, summary: Summary, section: Section, lines: tuple[str, ...], last_line: int) -> None:
        self.summary, self.section, self.lines, self.last_line = summary, section, lines, last_line
        self.language = summary.meta.language
        self.original = section.title + ". " + _text(section.blocks)
        self.leaves = _leaves(section.plain or ())
        self.found: list[Problem] = []
        self.bags: dict[str, set[str]] = {}
        self.terms = [(e, re.compile(rf"(?<!\w){re.escape(e.term)}", re.I)) for e in summary.glossary]

    def problems(self) -> list[Problem]:
        self._numbers()
        if negation.checked(self.language):
            self._negations()
        self._names()
        return list(dict.fromkeys(self.found))

    def warn(self, message: str, hint: str, leaf: Leaf | None, words: str = "") -> None:
        line, column = self.section.line, None
        if leaf is not None:
            line = leaf.line
            if words and (at := find(self.lines, words, leaf.line, paragraph_end(self.lines, leaf.line))):
                line, column = at
        self.found.append(Problem("warning", "plain-facts", message, self.summary.path, line, hint, column))

    # numbers ---------------------------------------------------------------------------------

    def _numbers(self) -> None:
        facts = read_quantities(self.original, self.language)
        counts = {Fraction(len(b.items)) for b in walk_blocks(self.section.blocks) if isinstance(b, ListBlock)}  # "its five signs"
        values = {q.value for q in facts.numbers} | counts
        units: dict[Fraction, set[str]] = defaultdict(set)
        for q in facts.numbers:
            units[q.value].add(q.unit)
        original_ranges = {g.values for g in facts.ranges}
        told_ranges: set[tuple[Fraction, Fraction]] = set()
        told_numbers: dict[Fraction, tuple[Leaf, Quantity]] = {}
        for leaf in self.leaves:
            told = read_quantities(block_text(leaf), self.language)
            judged = self._ratios(told, facts, leaf)
            for q in told.numbers:
                if q.start not in judged:
                    told_numbers.setdefault(q.value, (leaf, q))
                    self._number(q, facts, values, units, leaf)
            for span in told.ranges:
                told_ranges.add(span.values)
                if span.values not in original_ranges and all(v in values for v in span.values):
                    given = ", ".join(g.text for g in facts.ranges) or "no range"
                    self.warn(
                        f"the plain rewrite gives the range {span.text}, where its original gives {given}", _FIGURE_HINT, leaf, span.text
                    )
        range_ends = {v for span in told_ranges for v in span}
        for span in facts.ranges:  # "over 50" for "between 50 and 60": a range cut to one end
            ends = [v for v in span.values if v in told_numbers]
            missing = [v for v in span.values if v not in told_numbers]
            # "a week or two" for "1 to 2 weeks": a one is often said "a"
            if span.values not in told_ranges and len(ends) == 1 and ends[0] not in range_ends and missing != [1]:
                leaf, q = told_numbers[ends[0]]
                self.warn(
                    f"the plain rewrite gives {q.text} but not the whole range of its original, {span.text}",
                    "give both ends of the range",
                    leaf,
                    q.text,
                )

    def _ratios(self, told: Quantities, facts: Quantities, leaf: Leaf) -> set[int]:
        """Judge the rewrite's ratios ('1 in 4' may say '25 %'); the starts of the numbers they used."""
        judged: set[int] = set()
        shares = [q for q in facts.numbers if q.unit == "%"]
        for ratio in told.ratios:
            judged |= {ratio.part.start, ratio.whole.start}
            same = [r for r in facts.ratios if r.value == ratio.value]
            as_share = [q for q in shares if same_share(q.value, ratio)]
            if not same and not as_share:
                self.warn(f"the plain rewrite says {ratio.text}, which its original section does not", _FIGURE_HINT, leaf, ratio.text)
            elif _contradicts(ratio.bound, {r.bound for r in same} | {q.bound for q in as_share}):
                self._bound_warning(ratio.text, ratio.bound, leaf)
        return judged

    def _number(self, q: Quantity, facts: Quantities, values: set[Fraction], units: dict[Fraction, set[str]], leaf: Leaf) -> None:
        if q.spelt and q.value == 1 and not q.unit:
            return  # "one kind of protein", "no one": a word before it is a count
        if q.unit == "%" and any(same_share(q.value, r) for r in facts.ratios):
            return  # "25 %" for "1 in 4"
        if q.value not in values:
            self.warn(f"the plain rewrite says {q.text}, which its original section does not", _FIGURE_HINT, leaf, q.text)
        elif q.unit and q.unit not in units[q.value]:
            others = [f.text for f in facts.numbers if f.value == q.value and f.unit]
            if others:
                message = f"the plain rewrite gives {q.text} where its original gives {others[0]}"
                self.warn(message, "check the unit or dose against the original", leaf, q.text)
            elif q.unit not in TIME_UNITS:  # "aged 50" may become "50 years old"; 25 may not become 25 mg
                message = f"the plain rewrite gives {q.text} where its original gives {_figure(q.value)} with no unit"
                self.warn(message, "check the unit or dose against the original", leaf, q.text)
        elif _contradicts(q.bound, {f.bound for f in facts.numbers if f.value == q.value and f.unit == q.unit}):
            self._bound_warning(q.text, q.bound, leaf)

    def _bound_warning(self, text: str, bound: str, leaf: Leaf) -> None:
        said, original = ("more", "less") if bound == ">" else ("less", "more")
        self.warn(
            f"the plain rewrite says {said} than {text} where its original says {original} than",
            "say 'fewer than', 'under'... where the original does, and 'more than', 'over'... where it does",
            leaf,
            text,
        )

    # negations -------------------------------------------------------------------------------

    def _bag(self, sentence: str) -> set[str]:
        """The words two sentences are compared by: content words, numbers, and the meaning of glossary words."""
        if sentence not in self.bags:
            self.bags[sentence] = self._words(sentence)
        return self.bags[sentence]

    def _words(self, sentence: str) -> set[str]:
        words = set(content_words(sentence, self.language)) - negation.words(self.language)  # "not" is no topic
        words |= {w[2:] for w in words & negation.implicit_words(self.language) if w[:2] in ("un", "in", "im")}  # "uncommon": common
        words |= {str(q.value) for q in read_quantities(sentence, self.language).numbers if not q.spelt or q.value != 1}
        for entry, term in self.terms:
            if term.search(sentence):
                words |= set(content_words(entry.explanation, self.language))
        return words

    def _negations(self) -> None:
        originals = [s for leaf in _leaves(self.section.blocks) for s in sentences(block_text(leaf))]
        said = {s.text: s for s in (_Said(s, leaf) for leaf in self.leaves for s in sentences(block_text(leaf)))}
        for group in align(originals, list(said), self._bag):
            self._group_negations(group, said)

    def _group_negations(self, group: Group, said: dict[str, _Said]) -> None:
        language = self.language
        # originals no rewrite sentence may say are dropped, not negated: left out unless some rewrite is unpaired
        considered = group.originals if group.unpaired_rewrites else group.paired
        denied = [(o, c) for o in considered for c in negation.negated_clauses(o, language)]
        # a rewrite keeps a negation with 'milder', 'unknown'... (implicit); it adds one only with 'not', 'no', 'never'...
        every_denied = [c for o in group.originals for c in negation.negated_clauses(o, language, implicit=True)]
        denying = [r for r in group.rewrites if negation.count(r, language, implicit=True)]
        if sum(negation.count(r, language, implicit=True) for r in group.rewrites) < len(denied):
            for sentence, clause in denied:
                # kept when a negative sentence of the rewrite speaks of what the original's negation does
                if not any(self._denied_words(clause) & self._bag(r) for r in denying):
                    target = self._counterpart(sentence, clause, group, denying)
                    self.warn(
                        f"the plain rewrite loses a negation: its original says {_clause(clause)!r}",
                        f"keep the 'not' (or 'no', 'never', 'less'...) of the original: {sentence!r}",
                        said[target].leaf,
                        target,
                    )
                    break
        explicit = [c for o in group.originals for c in negation.negated_clauses(o, language)]
        for rewrite in denying:
            for clause in negation.negated_clauses(rewrite, language):  # 'not', 'no', 'never': 'milder' adds nothing
                words = self._bag(clause)
                if any(words & self._bag(c) for c in every_denied):
                    continue  # it says what a negation of the original says
                # added: nothing negative where it is, or it denies what the original affirms ("not rare" for "rare")
                if not explicit or any(words & self._bag(o) for o in group.originals):
                    self.warn(
                        f"the plain rewrite adds a negation its original does not have: {_clause(clause)!r}",
                        "check the rewrite says the same thing as its original, not its opposite",
                        said[rewrite].leaf,
                        clause,
                    )
                    break

    def _denied_words(self, clause: str) -> set[str]:
        """What a negated clause of the original says 'not' of ('considered hereditary'); the clause if nothing follows."""
        scope = negation.scope(clause, self.language) - negation.words(self.language)
        return scope or self._bag(clause)

    def _counterpart(self, sentence: str, clause: str, group: Group, denying: list[str]) -> str:
        """The rewrite sentence that most likely lost `clause` of `sentence`: of those with no negation, the one
        sharing most of what the clause denies, else the one at the clause's place in the group."""
        candidates = [r for r in group.rewrites if r not in denying] or list(group.rewrites)
        denied = self._denied_words(clause)
        best = max(candidates, key=lambda r: len(denied & self._bag(r)))
        if denied & self._bag(best):
            return best
        at = (group.originals.index(sentence) + sentence.find(clause) / max(1, len(sentence))) / len(group.originals)
        return candidates[min(len(candidates) - 1, int(at * len(candidates)))]

    # names -----------------------------------------------------------------------------------

    def _names(self) -> None:
        plain = _text(self.section.plain or ())
        first = self.leaves[0] if self.leaves else None
        for entry in self.summary.glossary:
            term = re.compile(rf"(?<!\w){re.escape(entry.term)}(?:s|es)?(?!\w)", re.I)
            if term.search(self.original) and not term.search(plain) and not explains(plain, entry.explanation, self.language):
                self.warn(
                    f"the plain rewrite drops '{entry.term}' and does not say what it means",
                    f"use the word (the page explains it) or its meaning: {entry.explanation}",
                    first,
                )
        if self.language.split("-")[0].lower() != "en":  # name endings are English ones ("síntomas" is no -oma)
            return
        names = {_singular(m.casefold()) for m in _MEDICAL_NAME.findall(self.original)} - NOT_NAMES
        names |= set(_EPONYM.findall(self.original))
        glossary_words = [e.term.casefold() for e in self.summary.glossary]
        for name in sorted(names):
            if any(name.casefold() in g or g in name.casefold() for g in glossary_words):
                continue  # a glossary word: checked above, where its meaning may stand in for it
            if not re.search(rf"(?<!\w){re.escape(name)}(?:e?s)?(?!\w)", plain, re.I):
                where = find(self.lines, name, self.section.line, self.last_line)
                self.warn(
                    f"the plain rewrite drops '{name}', a drug or condition its original names",
                    "keep the name in the rewrite: a reader may need it with a doctor"
                    + (f" (the original names it on line {where[0]})" if where else ""),
                    first,
                )


def _text(blocks: tuple[Block, ...]) -> str:
    return " ".join(block_text(b) for b in blocks if not isinstance(b, Figure))


def _leaves(blocks: tuple[Block, ...]) -> list[Leaf]:
    """The paragraphs (list items' included) and headings of some blocks, each with its line."""
    out: list[Leaf] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            out.append(block)
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += _leaves(item)
        elif isinstance(block, Quote):
            out += _leaves(block.blocks)
    return out


def _contradicts(bound: str, original: set[str]) -> bool:
    """'more than' where the original gives the same figure only with 'less than' (or the other way)."""
    return bool(bound) and bound not in original and bool(original - {""})


def _figure(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def _singular(name: str) -> str:
    return name[:-1] if name.endswith(("omas", "emias")) else name


def _clause(clause: str) -> str:
    """A clause as quoted in a message, without the 'and' that joined it to the one before."""
    return re.sub(r"^(?:and|or|so|y|o|et|ou)\s+", "", clause.strip(), flags=re.I)
