"""Does the work grow with the source, not with its square? The PDF of a glossary of N terms.

    .venv/bin/python bench/glossary.py [--sizes 250,500,1000]

Builds an A4 leaflet in-process for generated summaries whose glossary has each size (every
seventh term used in the text) and prints seconds per build, per term, and the growth from the
smallest size to the largest (1.0 is linear; 2.0 would be quadratic at 4x the terms). Target: a
1,000-term glossary in seconds (it took 95 s when the glossary box was kept whole). A figure, not
a test: nothing fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from measure import ROOT

sys.path.insert(0, str(ROOT))

from pipeline import read  # noqa: E402
from pipeline.writers.pdf import Leaflet, variant  # noqa: E402

WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta", "lambda", "zeta"]


def term(i: int) -> str:
    return f"{WORDS[i % 10]}{WORDS[i // 10 % 10]}{WORDS[i // 100 % 10]}{WORDS[i // 1000 % 10]}"


def source(folder: Path, size: int) -> Path:
    glossary = "".join(f"  {term(i)}: A word number {i} that means something in the leaflet.\n" for i in range(size))
    body = " ".join(f"The {term(i)} is here." for i in range(0, size, 7))
    path = folder / f"glossary-{size}.md"
    path.write_text(
        f"---\ntitle: Glossary of {size}\nreviewed: 2026-04-07\nsummary: A short answer.\ndisclaimer: Not advice.\n"
        f"glossary:\n{glossary}---\n\n## What it is\n\n{body}\n\n::: plain\nIt is a made-up illness.\n:::\n",
        "utf-8",
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,500,1000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        Leaflet(read(source(Path(tmp), 10))[0]).render(variant("a4"))  # fonts and CSS parsed once, outside the figures
        for size in sizes:
            summary = read(source(Path(tmp), size))[0]
            started = time.perf_counter()
            Leaflet(summary).render(variant("a4"))
            seconds[size] = time.perf_counter() - started
            print(f"{size:>6} terms  {seconds[size]:6.2f} s  {seconds[size] / size * 1000:6.2f} ms a term")
    small, large = min(sizes), max(sizes)
    if large > small:
        growth = (seconds[large] / seconds[small]) / (large / small)
        print(f"growth from {small} to {large} terms: {growth:.2f} (1.0 linear); target a 1,000-term glossary in seconds")


if __name__ == "__main__":
    main()
