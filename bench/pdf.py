"""How fast is a PDF leaflet in-process? Warm (fonts and CSS parsed once) and cold.

    .venv/bin/python bench/pdf.py [SOURCE] [--runs N]

Prints seconds per PDF for:
  in-process (warm)   Leaflet(summary).render(variant) with the parsed fonts/CSS reused
  in-process (cold)   the first render in a fresh interpreter (font and CSS parsing included)
A figure, not a test: nothing fails. The whole process against WeasyPrint's CLI and pandoc
--pdf-engine=weasyprint is measured by bench/run.py (`make bench`).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from measure import ROOT, timed

sys.path.insert(0, str(ROOT))

from pipeline import read  # noqa: E402
from pipeline.writers.pdf import VARIANTS, Leaflet  # noqa: E402

COLD = """
import sys, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
from pipeline import read
from pipeline.writers.pdf import Leaflet, variant
Leaflet(read(__import__("pathlib").Path({source!r}))[0]).render(variant("a4"))
print(time.perf_counter() - started)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", nargs="?", type=Path, default=ROOT / "source" / "poems-syndrome.md")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = args.source.resolve()
    summary = read(source)[0]
    cold_code = COLD.format(root=str(ROOT), source=str(source))
    cold = [
        float(subprocess.run([sys.executable, "-c", cold_code], capture_output=True, text=True, check=True).stdout)
        for _ in range(args.runs)
    ]

    Leaflet(summary).render(VARIANTS[0])  # warm up: fonts and stylesheets parsed once
    per_variant = {
        variant.suffix: statistics.median(timed(lambda v=variant: Leaflet(summary).render(v))[0] for _ in range(args.runs))
        for variant in VARIANTS
    }
    warm = statistics.median(per_variant.values())

    print(f"PDF leaflet, in-process, {source.name} ({args.runs} runs, medians)\n")
    for suffix, seconds in per_variant.items():
        print(f"  warm {suffix:<12} {seconds * 1000:8.0f} ms")
    print(
        f"  cold first render  {statistics.median(cold) * 1000:8.0f} ms  ({statistics.median(cold) / warm:.1f}x warm: imports, fonts, CSS)"
    )


if __name__ == "__main__":
    main()
