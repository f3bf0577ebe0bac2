"""Build: read every source into the model first, then run each writer (Pelican's order), in the
order the writers' declarations give (pipeline/writers/__init__.py), here, in processes (--jobs)
or on a Dask cluster (building/cluster.py). Each (summary, format) is a task (building/tasks.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from pipeline.building.rollback import Previous
from pipeline.building.sources import read_for_build
from pipeline.building.tasks import Outcome, write_format
from pipeline.errors import PipelineError, Problem, SourceError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.reading import clinics
from pipeline.rendering.templating import use_templates
from pipeline.writers import get_writer, in_order, requested


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)  # the models read, for what comes after (the catalogue)

    @property
    def written(self) -> list[Path]:
        return [f for o in self.outcomes if o.status == "built" for f in o.files]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def read_each(sources: Sequence[Path], options: Options) -> tuple[list[Summary], list[Problem], list[Outcome]]:
    """Every good source's model, the warnings, and a failed Outcome for each bad source."""
    summaries, warnings, bad = [], [], []
    for source in sources:
        try:
            summary, problems = read_for_build(source, strict=options.strict, today=options.today)
        except SourceError as exc:
            bad.append(Outcome(Path(source).stem, "source", "failed", 0.0, error=str(exc)))
            continue
        try:
            summaries += clinic_copies(summary, options)
        except SourceError as exc:
            bad.append(Outcome(Path(source).stem, "clinic", "failed", 0.0, error=str(exc)))
            continue
        warnings.extend(problems)
    return summaries, warnings, bad


def clinic_copies(summary: Summary, options: Options) -> list[Summary]:
    """What a build writes of a summary: the summary itself, or with --clinic each chosen clinic's copy
    (the same model with that clinic's panel, written into output/<slug>/clinics/<id>/)."""
    if not options.clinics:
        return [summary]
    return [replace(summary, clinic=clinic) for clinic in clinics.find(summary.path.parent, options.clinics)]


def read_all(sources: Sequence[Path], options: Options) -> tuple[list[Summary], list[Problem]]:
    """Every source's model; raises one SourceError listing the problems of all of them."""
    summaries, warnings, errors = [], [], []
    for source in sources:
        try:
            summary, problems = read_for_build(source, strict=options.strict, today=options.today)
        except SourceError as exc:
            errors.extend(exc.problems)
            continue
        try:
            summaries += clinic_copies(summary, options)
        except SourceError as exc:
            errors.extend(exc.problems)
        warnings.extend(problems)
    if errors:  # a bad publisher.yaml or clinic file is reported once, not once a source
        raise SourceError(list(dict.fromkeys(errors)))
    return summaries, warnings


def write_summary(summary: Summary, options: Options, report: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run each requested writer on one summary; a failing writer does not stop the others, but if
    one fails the summary's previous outputs are put back whole (building/rollback.py)."""
    names = in_order(requested(options))  # each after the formats it waits for
    outcomes = []
    with Previous(summary, names, options) as previous:
        for name in names:
            outcomes.append(write_format(summary, name, options))
            if report:
                report(outcomes[-1])
        failed = [o.format for o in outcomes if o.status == "failed"]
        if failed:  # a failed format may have written some of its files, the others all of theirs
            previous.restore()
            why = f"not kept: {', '.join(failed)} failed, so {summary.slug}'s previous outputs stay whole"
            for n, outcome in enumerate(outcomes):
                if outcome.status == "built":
                    outcomes[n] = replace(outcome, status="failed", files=[], error=why)
                    if report:
                        report(outcomes[n])
    return outcomes


def _write_one(args: tuple[Summary, Options]) -> list[Outcome]:
    use_templates(args[1].templates)  # a worker process starts with our templates only
    return write_summary(*args)


def build(sources: Sequence[Path], options: Options, report: Callable[[Outcome], None] | None = None) -> BuildResult:
    """Read all sources (nothing is written if any is bad), then write every requested format of each."""
    use_templates(options.templates)
    if options.scheduler:  # thousands of sources: a bad one fails its own tasks, not the others'
        from pipeline.building.cluster import build_on_cluster

        summaries, warnings, bad = read_each(sources, options)
        result = BuildResult(outcomes=bad, warnings=warnings, summaries=summaries)
        for outcome in bad:
            if report:
                report(outcome)
        result.outcomes += build_on_cluster(summaries, options, report)
        prune_caches(options, result.outcomes)
        return result
    summaries, warnings = read_all(sources, options)
    result = BuildResult(warnings=warnings, summaries=summaries)
    if options.jobs > 1 and len(summaries) > 1:
        from concurrent.futures import ProcessPoolExecutor  # 10 ms of imports a process that make starts: only when used

        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            for outcomes in pool.map(_write_one, [(s, options) for s in summaries]):
                result.outcomes += outcomes
                for outcome in outcomes:
                    if report:
                        report(outcome)
    else:
        for summary in summaries:
            result.outcomes += write_summary(summary, options, report)
    prune_caches(options, result.outcomes)
    return result


def prune_caches(options: Options, outcomes: list[Outcome]) -> None:
    """Keep the caches this build wrote to within PIPELINE_CACHE_LIMIT (least recently used go first)."""
    from pipeline.cache import limit_from_env, prune
    from pipeline.output import cache_dir

    filled = {cache for o in outcomes if o.status == "built" for cache in get_writer(o.format).caches}
    folders = [cache_dir(name) for name in sorted(filled - {"speech"})]
    if "speech" in filled:
        from pipeline.tts.cache import default_cache_dir  # imports the voices (0.1 s): only after speech

        folders.append(default_cache_dir(options.extra))
    try:
        limit = limit_from_env()
    except ValueError as exc:
        raise PipelineError(str(exc)) from None
    for folder in folders:
        if folder is not None:
            prune(folder, limit)


def print_summary(result: BuildResult, stream: TextIO | None = None) -> None:
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("built", "up to date", "failed")}
    total = sum(o.seconds for o in result.outcomes)
    print(
        f"{counts['built']} built, {counts['up to date']} up to date, {counts['failed']} failed ({total:.1f} s of work)",
        file=stream or sys.stderr,
    )
