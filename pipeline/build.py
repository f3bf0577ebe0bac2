"""Build: read every source into the model first, then run each writer (Pelican's order)."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, SourceError
from .model import Summary
from .options import Options
from .reader import read
from .writers import get_writer


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # "slug format" -> seconds


def read_all(sources: Sequence[Path], options: Options) -> tuple[list[Summary], list[Problem]]:
    """Every source's model; raises one SourceError listing the problems of all of them."""
    summaries, warnings, errors = [], [], []
    for source in sources:
        try:
            summary, problems = read(source, strict=options.strict, today=options.today)
        except SourceError as exc:
            errors.extend(exc.problems)
            continue
        summaries.append(summary)
        warnings.extend(problems)
    if errors:
        raise SourceError(errors)
    return summaries, warnings


def write_summary(summary: Summary, options: Options) -> BuildResult:
    result = BuildResult()
    folder = Path(options.out_dir) / summary.slug
    for name in options.formats:
        started = time.perf_counter()
        result.written += get_writer(name).write(summary, folder, options)
        result.seconds[f"{summary.slug} {name}"] = time.perf_counter() - started
        if not options.quiet:
            print(f"built {summary.slug} {name} in {result.seconds[f'{summary.slug} {name}']:.2f} s", file=sys.stderr)
    return result


def build(sources: Sequence[Path], options: Options) -> BuildResult:
    """Read all sources, then write every requested format of each; nothing is written if any source is bad."""
    summaries, warnings = read_all(sources, options)
    total = BuildResult(warnings=warnings)
    if options.jobs > 1 and len(summaries) > 1:
        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            results = list(pool.map(write_summary, summaries, [options] * len(summaries)))
    else:
        results = [write_summary(s, options) for s in summaries]
    for result in results:
        total.written += result.written
        total.seconds.update(result.seconds)
    return total
