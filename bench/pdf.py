"""How fast is a PDF leaflet? In-process, as a whole process, and against pandoc + WeasyPrint.

    .venv/bin/python bench/pdf.py [SOURCE] [--runs N]

Prints seconds per PDF for:
  in-process (warm)   Leaflet(summary).render(variant) with the parsed fonts/CSS reused
  in-process (cold)   the first render in a fresh interpreter (font and CSS parsing included)
  whole process       `python -m pipeline build --formats pdf` (interpreter, imports, reading, 3 PDFs) / 3
  pandoc              `pandoc SOURCE --pdf-engine=weasyprint` on the same Markdown (untagged, default look)
and each one's ratio to the warm in-process figure. A figure, not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", nargs="?", type=Path, default=ROOT / "source" / "poems-syndrome.md")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = args.source.resolve()
    summary = read(source)[0]
    python = sys.executable
    rows: list[tuple[str, float]] = []

    cold = [float(subprocess.run([python, "-c", COLD.format(root=str(ROOT), source=str(source))], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(max(1, args.runs // 2))]  # fmt: skip

    Leaflet(summary).render(VARIANTS[0])  # warm up: fonts and stylesheets parsed once
    per_variant = {}
    for variant in VARIANTS:
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            Leaflet(summary).render(variant)
            times.append(time.perf_counter() - started)
        per_variant[variant.suffix] = statistics.median(times)
    warm = statistics.median(per_variant.values())
    rows.append(("in-process, warm (median of variants)", warm))
    rows.append(("in-process, cold first render", statistics.median(cold)))

    with tempfile.TemporaryDirectory() as tmp:
        # a new output folder each run: the build skips outputs that are up to date
        command = [python, "-m", "pipeline", "build", str(source), "--formats", "pdf", "--quiet", "--out"]
        builds = [[*command, f"{tmp}/{i}"] for i in range(args.runs)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        whole = statistics.median(timed(build, env) for build in builds) / 3
        rows.append(("whole process (build --formats pdf) / 3 PDFs", whole))

        pandoc = shutil.which("pandoc")
        if pandoc:
            # pandoc calls the `weasyprint` command: the one installed beside this Python
            env = {**os.environ, "PATH": f"{Path(python).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
            command = [pandoc, str(source), "--from", "markdown", "--pdf-engine=weasyprint", "-o", f"{tmp}/pandoc.pdf"]
            seconds = statistics.median(timed(command, env) for _ in range(args.runs))
            rows.append(("pandoc --pdf-engine=weasyprint (whole process)", seconds))
        else:
            print("pandoc is not installed (make installs it); skipping that row", file=sys.stderr)

    print(f"PDF leaflet timings for {source.name} ({args.runs} runs, medians)\n")
    for suffix, seconds in per_variant.items():
        print(f"  in-process {suffix:<12} {seconds * 1000:8.0f} ms")
    print()
    print(f"  {'method':<48} {'s / PDF':>8} {'x warm':>8}")
    for name, seconds in rows:
        print(f"  {name:<48} {seconds:8.3f} {seconds / warm:8.1f}")
    pandoc_row = [s for n, s in rows if n.startswith("pandoc")]
    if pandoc_row:
        ratio_warm, ratio_whole = pandoc_row[0] / warm, pandoc_row[0] / whole
        print(f"\n  pandoc + WeasyPrint takes {ratio_warm:.1f}x the in-process time and {ratio_whole:.1f}x the whole-process time a PDF")


if __name__ == "__main__":
    main()
