"""How a build reads its sources: the reader's model, with lint's warnings shown but not made again.

The reader only reads (pipeline/reading/). A build still shows an editor lint's warnings (a
rewrite that changed a number), but `make` starts a process for every format of every summary:
the editorial checks are run once a source, day and version of the code, and kept in
.cache/lint/ (sealed, as every cache). `--strict` runs them outright, as lint does.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pipeline.building.tasks import package_state
from pipeline.cache import remembered
from pipeline.errors import Problem
from pipeline.model import Summary
from pipeline.output import cache_dir
from pipeline.reading.reader import Reading, raising, read_source


def read_for_build(path: Path, strict: bool = False, today: date | None = None) -> tuple[Summary, list[Problem]]:
    """The model of `path` and its warnings (the reader's and lint's); raises SourceError as `read` does."""
    reading = read_source(path)
    if strict or reading.summary is None or any(p.severity == "error" for p in reading.problems):
        from pipeline.editorial.lint import checked  # lint's modules only when they run (0.1 s to import)

        return raising(reading.summary, checked(reading, today) if reading.summary else reading.problems, strict)
    return reading.summary, _kept_lint(reading, today or date.today())


def _kept_lint(reading: Reading, today: date) -> list[Problem]:
    assert reading.summary is not None
    summary = reading.summary
    inputs = [str(summary.path).encode(), summary.source_sha256.encode(), today.isoformat().encode(), package_state().encode()]
    inputs.append((summary.publisher.sha256 if summary.publisher else "").encode())
    # the reader's own warnings can depend on the machine, not only the file (a picture set not installed)
    inputs.append(json.dumps([p.as_json() for p in reading.problems]).encode())

    def lint() -> bytes:
        from pipeline.editorial.lint import checked

        return json.dumps([p.as_json() for p in checked(reading, today)]).encode()

    return [
        Problem(p["severity"], p["category"], p["message"], Path(p["file"]), p["line"], p["hint"], p["column"])
        for p in json.loads(remembered(cache_dir("lint"), inputs, ".json", lint))
    ]
