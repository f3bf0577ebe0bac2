"""Build: read every source into the model first, then run each writer (Pelican's order).

A format whose outputs were made from the same source bytes, by the same code, with the same
options, is skipped as up to date; Make decides at the file level, this catches a `touch`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from pipeline.errors import PipelineError, Problem, SourceError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.reading.reader import read
from pipeline.rendering.templating import template_roots, use_templates
from pipeline.writers import get_writer

PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline package


@dataclass
class Outcome:
    slug: str
    format: str
    status: str  # "built", "up to date" or "failed"
    seconds: float
    files: list[Path] = field(default_factory=list)
    error: str = ""


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
            summary, problems = read(source, strict=options.strict, today=options.today)
        except SourceError as exc:
            bad.append(Outcome(Path(source).stem, "source", "failed", 0.0, error=str(exc)))
            continue
        summaries.append(summary)
        warnings.extend(problems)
    return summaries, warnings, bad


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
    if errors:  # a bad publisher.yaml is reported once, not once a source
        raise SourceError(list(dict.fromkeys(errors)))
    return summaries, warnings


def code_fingerprint() -> str:
    """A hash of the code and templates that make outputs: a change to either means rebuild."""
    return _fingerprint(template_roots())


@lru_cache(maxsize=4)
def _fingerprint(template_roots: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    code = sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.yaml")])
    for path in code:
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    for root in template_roots:  # the publisher's templates, then ours
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _manifest(options: Options, summary: Summary, name: str) -> Path:
    return Path(options.out_dir) / ".build" / f"{summary.slug}.{name}.json"


def _file_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _record(summary: Summary, name: str, options: Options, files: list[Path]) -> dict[str, object]:
    from pipeline.writers.braille import page_size  # lazily, as every writer is: it loads liblouis

    return {
        "source_sha256": summary.source_sha256,
        "publisher": summary.publisher.sha256 if summary.publisher else None,
        "code": code_fingerprint(),
        "options": [
            options.print_marks,
            options.tts,
            os.environ.get("SOURCE_DATE_EPOCH", ""),
            *page_size(summary, options),
        ],
        "files": {f.name: _file_hash(f) for f in files if f.is_file()},
        # the versions in other languages it names (pages, ebooks, leaflets): adding one rebuilds them
        "translations": [[t.slug, t.language, t.title, t.site_url] for t in summary.translations]
        if getattr(get_writer(name), "links_translations", False)
        else [],
    }


def _up_to_date(summary: Summary, name: str, options: Options) -> list[Path] | None:
    """The outputs, if they are exactly what this build would make; else None."""
    manifest = _manifest(options, summary, name)
    folder = Path(options.out_dir) / summary.slug
    files = [folder / f for f in get_writer(name).filenames(summary, options)]
    try:
        recorded = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not all(f.is_file() for f in files) or recorded != _record(summary, name, options, files):
        return None
    now = time.time()
    for f in files:  # so Make sees them as newer than a touched source
        os.utime(f, (now, now))
    return files


def write_format(summary: Summary, name: str, options: Options) -> Outcome:
    """One format of one summary (a task of its own on a cluster); a failure is an Outcome, not an exception."""
    from pipeline.output import write_atomic

    started = time.perf_counter()
    folder = Path(options.out_dir) / summary.slug
    try:
        fresh = None if options.force else _up_to_date(summary, name, options)
        if fresh is not None:
            return Outcome(summary.slug, name, "up to date", time.perf_counter() - started, fresh)
        files = get_writer(name).write(summary, folder, options)
        write_atomic(_manifest(options, summary, name), json.dumps(_record(summary, name, options, files), indent=1))
        return Outcome(summary.slug, name, "built", time.perf_counter() - started, files)
    except PipelineError as exc:
        return Outcome(summary.slug, name, "failed", time.perf_counter() - started, error=str(exc))


def write_summary(summary: Summary, options: Options, report: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run each requested writer on one summary; a failing writer does not stop the others."""
    outcomes = []
    # the large-print page after the files it links to (its player embeds the audio's captions), the download pages last
    for name in sorted(options.formats, key=lambda f: {"html": 1, "pages": 2}.get(f, 0)):
        outcomes.append(write_format(summary, name, options))
        if report:
            report(outcomes[-1])
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

    built = {o.format for o in outcomes if o.status == "built"}
    folders = []
    if built & {"audio", "read-aloud"}:
        from pipeline.tts.cache import default_cache_dir  # imports the voices (0.1 s): only after speech

        folders.append(default_cache_dir(options.extra))
    if built & {"html", "pages"}:
        folders.append(cache_dir("woff2", os.environ.get("PIPELINE_FONT_CACHE")))
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
