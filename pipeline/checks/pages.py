"""Checks of the download page: current, stamped, axe-clean, valid, and every link leads to a file."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.checks.html import page_problems
from pipeline.model import Summary
from pipeline.options import Options

CATALOGUE_HINT = "`patient-info catalogue` writes it (as a build of every source does)"


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    results = {}
    for path in files:
        problems = page_problems(summary, path, quick)
        for href in re.findall(r'<a href="([^"#:]+)"', path.read_text("utf-8")):
            if (path.parent / href).is_file():
                continue
            if (path.parent / href).resolve() == (path.parent.parent / "index.html").resolve():
                problems.append(f"links to {href}, the catalogue, which does not exist: {CATALOGUE_HINT}")
            else:
                problems.append(f"links to {href}, which does not exist")
        results[path] = problems
    return results
