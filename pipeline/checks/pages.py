"""Checks of the download page (current, stamped, axe-clean, valid, every link leads to a file) and of
its FHIR DocumentReference (current: it attaches every file beside it, each with its size and hash)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.checks.html import page_problems
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN
from pipeline.rendering.fhir import FILE, document_reference
from pipeline.rendering.formats import file_facts

CATALOGUE_HINT = "`patient-info catalogue` writes it (as a build of every source does)"


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    results = {}
    for path in files:
        if path.name == FILE:
            results[path] = record_problems(summary, path)
            continue
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


def record_problems(summary: Summary, path: Path) -> list[str]:
    """The DocumentReference is what the pages writer would write now: the same files, sizes and hashes,
    the same words and dates (a file rebuilt since, or an edited source, makes it stale)."""
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"not a FHIR record: {exc}; {BUILD_AGAIN}"]
    if not isinstance(found, dict) or found.get("resourceType") != "DocumentReference":
        return [f"not a FHIR DocumentReference; {BUILD_AGAIN}"]
    expected = document_reference(summary, file_facts(summary, path.parent))
    if found != expected:
        differ = sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))
        return [f"stale: its {', '.join(differ)} differ from the files and source now; {BUILD_AGAIN}"]
    return []
