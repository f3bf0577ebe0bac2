"""`make bench-gate` (and the start of `make bench`): the editorial gate measured on its corpus.

    .venv/bin/python bench/gate.py [PART ...]

Runs `lint`'s real checks on every honest plain rewrite of tests/gate/<part>/honest/*.md and on
every change of tests/gate/<part>/planted.yaml, each planted alone in a copy, and prints for each
part (tuning, heldout, fresh, unseen1, unseen2: tests/gate/README.md) the false alarms, the recall
(planted changes flagged at their line and column) and the precision (warnings at a planted change,
of all warnings), then the whole corpus. A figure, not a test: tests/test_gate_corpus.py holds the targets;
this prints and exits 0 either way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from gate_corpus import PARTS, measure, report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", metavar="PART", help=f"parts of the corpus: {', '.join(PARTS)} (default: all)")
    args = parser.parse_args()
    if unknown := [p for p in args.parts if p not in PARTS]:
        parser.error(f"no part {', '.join(unknown)}: the parts are {', '.join(PARTS)}")
    results = [measure(part) for part in args.parts or PARTS]
    print(report(results))
    pairs, plants = sum(r.pairs for r in results), sum(r.plants for r in results)
    caught, alarms = sum(len(r.caught) for r in results), sum(len(r.false_alarms) for r in results)
    true, stray = sum(r.true_warnings for r in results), sum(len(r.stray_warnings) for r in results)
    warned = true + stray + alarms
    print(
        f"all: {pairs} honest pairs, {alarms} false alarm(s); {plants} planted changes, {caught} caught: "
        f"recall {caught / plants if plants else 1:.1%}; precision {true / warned if warned else 1:.1%}"
    )


if __name__ == "__main__":
    main()
