"""The editorial gate's corpus, measured: honest plain rewrites must pass `lint`, planted changes
must be flagged at their line and column.

tests/gate/<part>/honest/*.md are complete summaries whose every section has an honest `::: plain`
rewrite (a pair); tests/gate/<part>/planted.yaml lists changes, each planted alone in a copy of one
of them. The parts (tests/gate/README.md) are `tuning` (what the fact guard was tuned on),
`heldout`, `fresh`, `unseen1` and `unseen2` (each written after the fixes before it and measured
before any fix it prompted). Everything `lint` warns of counts (the fact guard, duplicate paragraphs, a colon with no
list...), read by the real reader as `lint` reads it.

Used by tests/test_gate_corpus.py (the targets) and bench/gate.py (`make bench-gate`: the report).
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from pipeline import examine
from pipeline.errors import Problem

CORPUS = Path(__file__).resolve().parent / "gate"
PARTS = ("tuning", "heldout", "fresh", "unseen1", "unseen2")  # in the order they were written: see tests/gate/README.md
TODAY = date(2026, 6, 1)  # the corpus was reviewed 2026-05-01: no review is overdue on this day


@dataclass(frozen=True)
class Plant:
    part: str
    file: str
    category: str
    replace: str
    by: str
    at: tuple[str, ...]  # the warning starts where one of these starts

    @property
    def name(self) -> str:
        return f"{self.part}/{self.file}: {self.category}: {' '.join(self.replace.split())!r} -> {' '.join(self.by.split())!r}"


@dataclass
class Found:
    """What lint said of a part of the corpus."""

    part: str
    files: int = 0
    pairs: int = 0
    conditions: set[str] = field(default_factory=set)
    false_alarms: list[tuple[Problem, str]] = field(default_factory=list)  # each with the line it is on
    caught: list[Plant] = field(default_factory=list)
    missed: list[tuple[Plant, list[Problem]]] = field(default_factory=list)  # with what was said instead
    true_warnings: int = 0  # warnings a plant raised in the paragraph it is in
    stray_warnings: list[tuple[Plant, Problem]] = field(default_factory=list)  # warnings a plant raised elsewhere

    @property
    def plants(self) -> int:
        return len(self.caught) + len(self.missed)

    @property
    def recall(self) -> float:
        return len(self.caught) / self.plants if self.plants else 1.0

    @property
    def precision(self) -> float:
        alarms = self.true_warnings + len(self.stray_warnings) + len(self.false_alarms)
        return self.true_warnings / alarms if alarms else 1.0


def honest_files(part: str) -> list[Path]:
    return sorted((CORPUS / part / "honest").glob("*.md"))


def plants(part: str) -> list[Plant]:
    entries = yaml.safe_load((CORPUS / part / "planted.yaml").read_text("utf-8")) or []
    return [
        Plant(part, e["file"], e["category"], e["replace"], e["with"], tuple(e["at"]) if isinstance(e["at"], list) else (e["at"],))
        for e in entries
    ]


def problems(path: Path) -> list[Problem]:
    """Every error and warning `lint` gives the file (its readability report aside)."""
    return examine(path, TODAY)[1]


def plain_spans(text: str) -> list[tuple[int, int]]:
    """Where the `::: plain` blocks of a source are: (start, end) offsets."""
    return [(m.start(), m.end()) for m in re.finditer(r"^::: plain\n.*?^:::$", text, re.M | re.S)]


def plant(entry: Plant, folder: Path) -> tuple[Path, list[tuple[int, int]], range]:
    """The copy with the change planted (in a plain rewrite, where `replace` is once), where a warning
    must start (line, column), and the lines of the paragraph it is in."""
    text = (CORPUS / entry.part / "honest" / entry.file).read_text("utf-8")
    spans = plain_spans(text)
    places = [m.start() for m in re.finditer(re.escape(entry.replace), text) if any(s < m.start() < e for s, e in spans)]
    if len(places) != 1:
        raise ValueError(f"{entry.name}: the text to replace is in the file's plain rewrites {len(places)} times, not once")
    at = places[0]
    planted = text[:at] + entry.by + text[at + len(entry.replace) :]
    path = folder / entry.file
    path.write_text(planted, "utf-8")
    start = planted.rfind("\n\n", 0, at) + 2
    end = planted.find("\n\n", at + len(entry.by))
    positions = []
    for words in entry.at:
        match = re.compile(r"\s+".join(re.escape(w) for w in words.split())).search(planted, start)
        if match is None:
            raise ValueError(f"{entry.name}: {words!r} is not in the planted paragraph")
        before = planted[: match.start()]
        positions.append((before.count("\n") + 1, match.start() - before.rfind("\n")))
    return path, positions, range(planted.count("\n", 0, start) + 1, planted.count("\n", 0, end) + 2)


def measure(part: str) -> Found:
    found = Found(part)
    baseline: dict[str, set[str]] = {}
    for path in honest_files(part):
        text = path.read_text("utf-8")
        lines = text.splitlines()
        found.files += 1
        found.pairs += len(plain_spans(text))
        found.conditions.add(path.stem)
        said = problems(path)
        baseline[path.name] = {str(p) for p in said}
        found.false_alarms += [(p, lines[p.line - 1].strip() if p.line else "") for p in said]
    with tempfile.TemporaryDirectory(prefix="gate-corpus-") as tmp:
        for number, entry in enumerate(plants(part)):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            path, positions, paragraph = plant(entry, folder)
            # only what the plant added: the copy's problems named as if they were the honest file's
            honest = str(CORPUS / part / "honest" / entry.file)
            said = [p for p in problems(path) if str(p).replace(str(path), honest) not in baseline[entry.file]]
            if any((p.line, p.column) in positions for p in said):
                found.caught.append(entry)
            else:
                found.missed.append((entry, said))
            for p in said:
                if p.line in paragraph:
                    found.true_warnings += 1
                else:
                    found.stray_warnings.append((entry, p))
    return found


def report(results: list[Found]) -> str:
    out = []
    for r in results:
        by_category = Counter(p.category for p in r.caught) + Counter(p.category for p, _ in r.missed)
        caught = Counter(p.category for p in r.caught)
        out.append(
            f"{r.part}: {r.pairs} honest pairs in {r.files} files, {len(r.false_alarms)} false alarm(s); "
            f"{r.plants} planted changes, {len(r.caught)} caught at their line and column: recall {r.recall:.1%}; "
            f"precision {r.precision:.1%} ({r.true_warnings} warnings at a planted change, "
            f"{len(r.stray_warnings)} elsewhere in a planted copy, {len(r.false_alarms)} on honest text)"
        )
        out.append("  by category: " + ", ".join(f"{c} {caught[c]}/{n}" for c, n in sorted(by_category.items())))
        out += [f"  false alarm: {p}\n      on: {line}" for p, line in r.false_alarms]
        for entry, said in r.missed:
            out.append(f"  missed: {entry.name}")
            out += [f"      said instead: {p}" for p in said]
        out += [f"  stray: {entry.name}: {p}" for entry, p in r.stray_warnings]
    return "\n".join(out)
