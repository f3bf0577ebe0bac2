"""The fact guard: a `::: plain` rewrite may say things more simply, never differently.

Compares each plain rewrite with its own section's original (its title and text) and warns (an
error under --strict), at the line and column of the rewrite where it happens, when the rewrite
- gives a number, share, ratio, dose, unit, frequency, range or label the original does not: "80 in
  100" for "75 %", "25 g" for "25 mg", "once a week" for "once a day", "6 to 12 months" for "6 to 24
  months", "over 50" for "between 50 and 60", "more than 1 in 100,000" for "fewer than", "type 1"
  for "type 2" (pipeline/editorial/figures.py, with quantities.py);
- loses or adds a negation: "It is thought to be passed down in families." for "the disease is
  not considered hereditary", "more harsh than" for "not as aggressive as", "not rare" for "rare";
  while "scars that do not go away" says "permanent scar tissue" and "no signs" "no symptoms"
  (pipeline/editorial/negation.py; sentences are paired by the words and ideas they share, in
  order: alignment.py, wording.py);
- drops a glossary word of the original without saying what it means, drops a drug or condition
  name, or names one the original does not ("methotrexate" for "metformin": names.py).

What it cannot catch (an editor still reads the rewrite): a number of the original given to
another fact, a changed word that carries the meaning ("rare" for "common", "women" for "men"), a
negation lost in a sentence reworded beyond recognition while another negation in the same place
survives, and drug or condition names it does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.editorial import negation
from pipeline.editorial.alignment import Group, align
from pipeline.editorial.figures import Figures
from pipeline.editorial.finding import Leaf, leaves, text
from pipeline.editorial.locate import find, paragraph_end, source_lines
from pipeline.editorial.names import name_findings
from pipeline.editorial.quantities import read_quantities
from pipeline.editorial.wording import content_words, ideas, opposites, says_any, sentences
from pipeline.errors import Problem
from pipeline.model import Section, Summary, block_text


@dataclass(frozen=True)
class _Said:
    """A sentence of the rewrite, and the block it is in (for its line)."""

    text: str
    leaf: Leaf


def fact_warnings(summary: Summary) -> list[Problem]:
    lines = source_lines(summary)
    ends = [s.line - 1 for s in summary.sections[1:]] + [len(lines) or 10**9]
    document = " ".join([summary.meta.title, summary.meta.summary] + [text(s.blocks) for s in summary.sections])
    found: list[Problem] = []
    for section, end in zip(summary.sections, ends, strict=True):
        if section.plain:
            found += _SectionGuard(summary, section, lines, end, document).problems()
    return found


class _SectionGuard:
    def __init__(self, summary: Summary, section: Section, lines: tuple[str, ...], last_line: int, document: str) -> None:
        self.summary, self.section, self.lines, self.last_line = summary, section, lines, last_line
        self.language = summary.meta.language
        self.original = section.title + ". " + text(section.blocks)
        self.document = document
        self.leaves = leaves(section.plain or ())
        self.found: list[Problem] = []
        self.bags: dict[str, set[str]] = {}
        self.terms = [(e, re.compile(rf"(?<!\w){re.escape(e.term)}", re.I)) for e in summary.glossary]

    def problems(self) -> list[Problem]:
        findings = Figures(self.original, self.section.blocks, self.language, self.document).check(self.leaves)
        for finding in findings:
            self.warn(finding.message, finding.hint, finding.leaf, finding.words)
        if negation.checked(self.language):
            self._negations()
        meta = self.summary.meta
        subject = " ".join((meta.title, meta.summary, self.section.title))
        for finding in name_findings(self.original, self.document, subject, self.leaves, self.summary.glossary, self.language, self._where):
            self.warn(finding.message, finding.hint, finding.leaf or (self.leaves[0] if self.leaves else None), finding.words)
        return list(dict.fromkeys(self.found))

    def warn(self, message: str, hint: str, leaf: Leaf | None, words: str = "") -> None:
        line, column = self.section.line, None
        if leaf is not None:
            line = leaf.line
            if words and (at := find(self.lines, words, leaf.line, paragraph_end(self.lines, leaf.line))):
                line, column = at
        self.found.append(Problem("warning", "plain-facts", message, self.summary.path, line, hint, column))

    def _where(self, name: str) -> str:
        at = find(self.lines, name, self.section.line, self.last_line)
        return f" (the original names it on line {at[0]})" if at else ""

    # negations -------------------------------------------------------------------------------

    def _bag(self, sentence: str) -> set[str]:
        """The words two sentences are compared by: content words, ideas, numbers, and the meaning of glossary words."""
        if sentence not in self.bags:
            self.bags[sentence] = self._words(sentence)
        return self.bags[sentence]

    def _words(self, sentence: str) -> set[str]:
        language = self.language
        # "not" is no topic, nor "can't"
        words = {_trim(w) for w in content_words(sentence, language) if not w.endswith("n't")} - negation.words(language)
        raw = re.findall(r"[^\W\d_]+", sentence.casefold())
        words |= {
            _trim(content_words(w[2:], language)[0]) for w in raw if w in negation.implicit_words(language) and w[:2] in ("un", "in", "im")
        }
        words |= ideas(sentence, language)
        words |= {str(q.value) for q in read_quantities(sentence, language).numbers if not q.spelt or q.value != 1}
        for entry, term in self.terms:
            if term.search(sentence):
                words |= {_trim(w) for w in content_words(entry.explanation, language)} | ideas(entry.explanation, language)
        return words

    def _negations(self) -> None:
        originals = [s for leaf in leaves(self.section.blocks) for s in sentences(block_text(leaf))]
        said = {s.text: s for s in (_Said(s, leaf) for leaf in self.leaves for s in sentences(block_text(leaf)))}
        self.flagged: set[str] = set()  # rewrite sentences already warned of
        self._directions(said)
        groups = align(originals, list(said), self._bag)
        # a trailing sentence of a group that shares more with the next group's originals than with its own may say them
        leaning = [
            tuple(r for r in group.trailing if self._shared(r, after.originals) > self._shared(r, group.originals))
            for group, after in zip(groups, groups[1:], strict=False)
        ]
        for k, group in enumerate(groups):
            before = leaning[k - 1] if k else ()
            after = groups[k + 1].originals if k + 1 < len(groups) else ()
            self._group_negations(group, said, before, after, leaning[k] if k < len(leaning) else ())

    def _shared(self, sentence: str, originals: tuple[str, ...]) -> int:
        return max((len(self._bag(sentence) & self._bag(o)) for o in originals), default=0)

    def _directions(self, said: dict[str, _Said]) -> None:
        """'more salt' where the original says 'less salt', 'fewer side effects' where it says 'more'."""
        original = _directions(self.original, self.language)
        for sentence, where in said.items():
            for match in _DIRECTION.finditer(sentence):
                sign, thing = _direction(match, self.language)
                if thing and (-sign, thing) in original and (sign, thing) not in original:
                    before = {1: "less", -1: "more"}[sign]
                    self.warn(
                        f"the plain rewrite says {match.group()!r} where its original says {before} {match[2]!r}",
                        "say 'less', 'fewer'... where the original does, and 'more' where it does",
                        where.leaf,
                        match.group(),
                    )
                    self.flagged.add(sentence)

    def _group_negations(
        self, group: Group, said: dict[str, _Said], before: tuple[str, ...], after: tuple[str, ...], leaning: tuple[str, ...]
    ) -> None:
        """`before`: the previous group's trailing sentences that may say this group's originals; `leaning`: this group's
        that may say `after`, the next group's originals."""
        language = self.language
        # originals no rewrite sentence may say are dropped, not negated: left out unless some rewrite is unpaired
        considered = group.originals if group.unpaired_rewrites or before else group.paired
        denied = [(o, c) for o in considered for c in negation.negated_clauses(o, language) + negation.avoided_clauses(o, language)]
        # a rewrite keeps a negation with 'milder', 'unknown'... (implicit); it adds one only with 'not', 'no', 'never'...
        every_denied = [c for o in group.originals for c in negation.negated_clauses(o, language, implicit=True, original=True)]
        denying = [r for r in group.rewrites if negation.count(r, language, implicit=True)]
        borrowed = [r for r in before if negation.count(r, language, implicit=True)]
        if self._affirmed(group, denied, said):
            return
        if sum(negation.count(r, language, implicit=True) for r in group.rewrites + tuple(borrowed)) < len(denied):
            for sentence, clause in denied:
                # kept when a negative sentence of the rewrite speaks of what the original's negation does
                keeping = denying + borrowed + [r for r in group.rewrites if negation.kept_otherwise(clause, r, language)]
                # left out, with what it is of, when no sentence speaks of that: a dropped fact, not a lost 'not' ("get
                # into your body" for "enter the body of someone who is not infected")
                spoken = any(self._denied_words(clause) & self._bag(r) for r in before + group.rewrites)
                # or said with the opposite word: "feel well" for "do not feel sick"
                opposite = opposites(negation.after(clause, language), language)
                if any(says_any(r, opposite) for r in before + group.rewrites):
                    continue
                if spoken and not any(self._denied_words(clause) & self._bag(r) for r in keeping):
                    target = self._counterpart(sentence, clause, group, before)
                    if target in self.flagged:
                        break
                    self.warn(
                        f"the plain rewrite loses a negation: its original says {_clause(clause)!r}",
                        f"keep the 'not' (or 'no', 'never', 'less'...) of the original: {sentence!r}",
                        said[target].leaf,
                        target,
                    )
                    break
        for rewrite in denying:
            # a trailing sentence may say the next group's originals
            originals = group.originals + (after if rewrite in leaning else ())
            explicit = [c for o in originals for c in negation.negated_clauses(o, language)]
            every = every_denied + [c for o in originals[len(group.originals) :] for c in negation.negated_clauses(o, language, True, True)]
            for clause in negation.negated_clauses(rewrite, language):  # 'not', 'no', 'never': 'milder' adds nothing
                words, verb = self._bag(clause), negation.undoing(clause, language)
                if verb:  # "do not stop taking them early" says "finish the course", and denies "stop taking it"
                    affirming = [c for o in originals for c in negation.clauses(o) if not negation.denies(c, language)]
                    if not any(verb in self._bag(c) for c in affirming):
                        continue
                elif any(words & self._bag(c) for c in every):
                    continue  # it says what a negation of the original says
                elif any(says_any(o, opposites(negation.after(clause, language), language)) for o in originals):
                    continue  # it says what the original says with the opposite word: "not common" for "rare"
                # added: it denies what an original of the group affirms, saying at least half of what that one says
                # ("not rare" for "rare"), or, where no original of the group says 'not', something of what one says; a
                # negation that speaks of what no original does ("with no lasting problems" for "a full recovery", "does
                # not mean you are not clean" for "not caused by poor hygiene") is the rewrite's way of saying it
                shared = [len(words & self._bag(o)) for o in originals]
                said_too = any(2 * n >= len(words) > 0 for n in shared) or (not explicit and any(shared))
                if rewrite not in self.flagged and said_too:
                    self.warn(
                        f"the plain rewrite adds a negation its original does not have: {_clause(clause)!r}",
                        "check the rewrite says the same thing as its original, not its opposite",
                        said[rewrite].leaf,
                        clause,
                    )
                    break

    def _affirmed(self, group: Group, denied: list[tuple[str, str]], said: dict[str, _Said]) -> bool:
        """Warn of a clause of the rewrite that says, without a negation, what a negated clause of the original denies:
        "Hold them down." where the original says "Do not hold them down or put anything in their mouth" (a negation
        split in two, one half lost, which counting negations cannot see)."""
        for rewrite in group.rewrites:
            for part in negation.clauses(rewrite):
                own = {_trim(w) for w in content_words(part, self.language)}
                if rewrite in self.flagged or len(own) < 2 or negation.count(part, self.language, implicit=True):
                    continue
                for sentence, clause in denied:
                    # every word of it is what the original says 'not' of, the word the 'not' is of first ("Hold them down."
                    # for "Do not hold them down or ..."; not "so it needs treatment" for "does not get better ... and needs
                    # to be treated")
                    if _trim(negation.head(clause, self.language)) in own and own <= self._denied_words(clause, alone=True):
                        self.warn(
                            f"the plain rewrite says what its original denies: its original says {_clause(clause)!r}",
                            f"keep the 'not' (or 'no', 'never', 'less'...) of the original: {sentence!r}",
                            said[rewrite].leaf,
                            part,
                        )
                        self.flagged.add(rewrite)
                        return True
        return False

    def _denied_words(self, clause: str, alone: bool = False) -> set[str]:
        """What a negated clause of the original says 'not' of ('considered hereditary'); the clause if nothing follows.
        `alone`: not what a coordinated clause with its own subject says after it."""
        scope = {_trim(w) for w in negation.scope(clause, self.language, own=alone)} - negation.words(self.language)
        return (scope | ideas(negation.after(clause, self.language), self.language)) if scope else self._bag(clause)

    def _counterpart(self, sentence: str, clause: str, group: Group, before: tuple[str, ...]) -> str:
        """The rewrite sentence that most likely lost `clause` of `sentence`: of those with no negation (the group's, and
        those `before` it that may say its originals), the one sharing most of what the clause denies (the word the
        'not' is of first: 'leaves' in 'does not leave scars and clears up in 7 days'), else the one at the clause's
        place in the group."""
        candidates = [r for r in before + group.rewrites if not negation.count(r, self.language, implicit=True)] or list(group.rewrites)
        # first those that say this sentence of the original more than any other of the group
        mine = [
            r
            for r in candidates
            if all(len(self._bag(r) & self._bag(sentence)) >= len(self._bag(r) & self._bag(o)) for o in group.originals)
        ]
        candidates = mine or candidates
        denied, head = self._denied_words(clause), _trim(negation.head(clause, self.language))
        best = max(candidates, key=lambda r: (head in self._bag(r), len(denied & self._bag(r))))  # the word the 'not' is of first
        if denied & self._bag(best):
            return best
        at = (group.originals.index(sentence) + sentence.find(clause) / max(1, len(sentence))) / len(group.originals)
        return candidates[min(len(candidates) - 1, int(at * len(candidates)))]


# "more salt", "fewer side effects", "too many red cells": which way an amount goes, and of what
_DIRECTION = re.compile(r"(?<![\w-])(more|less|fewer|many|few)\s+([^\W\d_]+)", re.I)
_SIGNS = {"more": 1, "many": 1, "less": -1, "fewer": -1, "few": -1}


# comparisons of how, not of how much: "more common in men" is "less common in women", "more often" "less rarely"
_HOW_WORDS = """than of and or common likely often frequent severe serious effective aggressive harsh difficult easy
important dangerous painful active able sensitive prone susceptible at"""
_HOW = frozenset(_HOW_WORDS.split())


def _direction(match: re.Match[str], language: str) -> tuple[int, str]:
    """(+1 for more, -1 for less, of what: 'more salt', 'fewer seizures'); nothing for 'more than', 'a few', and
    for a comparison of how ('less likely', 'more slowly'), which a rewrite may turn round with its subject."""
    word = match[2].casefold()
    thing = content_words(word, language)
    before = match.string[max(0, match.start() - 2) : match.start()]
    if not thing or word in _HOW or word.endswith("ly") or before == "a " or not language.startswith("en"):
        return 0, ""
    return _SIGNS[match[1].casefold()], _trim(thing[0])


# an original may say it with a verb: "reduce the number of relapses" is fewer relapses, "raise your HDL" more HDL
_VERB_DIRECTION = re.compile(
    r"(?<![\w-])(reduc(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|lower(?:s|ed|ing)?(?= (?:the|your|their) )|cut(?:s|ting)? down on"
    r"|increas(?:e|es|ed|ing)|rais(?:e|es|ed|ing))\s+(?:(?:the|your|their)\s+)?(?:(?:number|amount|level)s?\s+of\s+)?"
    r"(?:(?:the|your|their)\s+)?([^\W\d_]+)",
    re.I,
)


def _directions(text: str, language: str) -> set[tuple[int, str]]:
    """Which ways the amounts of an original go: 'less salt', 'fewer seizures', 'reduce the number of relapses'."""
    found = {d for m in _DIRECTION.finditer(text) if (d := _direction(m, language))[1]}
    if language.startswith("en"):
        for m in _VERB_DIRECTION.finditer(text):
            if thing := content_words(m[2], language):
                found.add((1 if m[1].casefold().startswith(("incr", "rais")) else -1, _trim(thing[0])))
    return found


def _trim(word: str) -> str:
    """'cure' and 'cured' (stemmed 'cur'), 'cause' and 'caused', 'treated' and 'treatment', 'breath' and
    'breathlessness', 'weak' and 'weakness': one word."""
    word = word[:-4] if len(word) > 7 and word.endswith(("ment", "ness")) else word
    word = word[:-4] if len(word) > 7 and word.endswith("less") else word
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _clause(clause: str) -> str:
    """A clause as quoted in a message, without the 'and' that joined it to the one before."""
    return re.sub(r"^(?:and|or|so|y|o|et|ou)\s+", "", clause.strip(), flags=re.I)
