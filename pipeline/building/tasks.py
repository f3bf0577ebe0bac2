"""One format of one summary: the unit of work of the build loop and of a cluster task.

A format whose outputs were made from the same source bytes, publisher file, code, templates
and settings (each writer declares its own, pipeline/writers/__init__.py) is skipped as up to
date: Make decides at the file level, the record in output/.build/ catches a `touch`. Changing
`--tts` thus marks the audio formats stale and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.building.makefile import format_code, templates, words
from pipeline.cache import read_entry, write_entry
from pipeline.editions import edition_of, keep_previous
from pipeline.errors import PipelineError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import cache_dir, output_folder, place, record_file, write_atomic
from pipeline.rendering.templating import template_roots
from pipeline.writers import REGISTRY, Writer, get_writer

PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline package


@dataclass
class Outcome:
    slug: str  # where its files are under the output folder: the slug, or <slug>/clinics/<id> (output.place)
    format: str
    status: str  # "built", "up to date" or "failed"
    seconds: float
    files: list[Path] = field(default_factory=list)
    error: str = ""


def code_fingerprint(name: str) -> str:
    """A hash of the code, templates and words a format is made with: a change to one rebuilds it."""
    return _fingerprint(REGISTRY[name], get_writer(name).templates, template_roots())


@lru_cache(maxsize=32)
def _fingerprint(module: str, patterns: tuple[str, ...], roots: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for path in [*_code(module), *words()]:
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    for root in roots:  # the publisher's templates, then ours
        for path in templates(patterns, (root,)):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def package_state() -> str:
    """A hash of the path, size and time of every module of the package: it changes with any edit."""
    modules = sorted(PACKAGE.rglob("*.py"))
    return hashlib.sha256(
        repr([(str(p.relative_to(PACKAGE)), p.stat().st_size, p.stat().st_mtime_ns) for p in modules]).encode()
    ).hexdigest()


def _code(module: str) -> list[Path]:
    """makefile.format_code(module), remembered between processes: following the imports parses
    every module (0.6 s), and make starts a process for every output. The memo is named by the
    path, size and time of every module of the package, so an edit anywhere follows them again."""
    folder = cache_dir("code")
    memo = folder / f"{module}-{package_state()[:32]}.json" if folder else None
    remembered = read_entry(memo) if memo else None
    if remembered is not None:
        return [PACKAGE / name for name in json.loads(remembered)]
    found = list(format_code(module))
    if memo:
        for stale in memo.parent.glob(f"{module}-*.json"):  # the code as it was before an edit
            stale.unlink(missing_ok=True)
        write_entry(memo, json.dumps([str(p.relative_to(PACKAGE)) for p in found]).encode())
    return found


def _manifest(options: Options, summary: Summary, name: str) -> Path:
    return record_file(summary, name, options.out_dir)


def _file_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _needed(summary: Summary, writer: Writer, options: Options) -> list[Path]:
    folder = output_folder(summary, options.out_dir)
    return [folder / f for name in writer.needs for f in get_writer(name).filenames(summary, options)]


def _record(summary: Summary, name: str, options: Options, files: list[Path]) -> dict[str, object]:
    writer = get_writer(name)
    return {
        "source_sha256": summary.source_sha256,
        "publisher": summary.publisher.sha256 if summary.publisher else None,
        "clinic": summary.clinic.sha256 if summary.clinic else None,  # a clinic's copy: its file and logo
        "code": code_fingerprint(name),
        "settings": [os.environ.get("SOURCE_DATE_EPOCH", ""), *writer.fingerprint(summary, options)],
        "files": {f.name: _file_hash(f) for f in files if f.is_file()},
        # the files of the formats it reads (the page's player embeds the captions): new bytes there rebuild it
        "needs": {f.name: _file_hash(f) for f in _needed(summary, writer, options) if f.is_file()},
        # the versions in other languages it names (pages, ebooks, leaflets): adding one rebuilds them
        "translations": [[t.slug, t.language, t.title, t.site_url] for t in summary.translations] if writer.links_translations else [],
        "edition": edition_of(summary),  # a new one keeps the files of this one (editions.py)
    }


def _recorded(manifest: Path) -> dict[str, object]:
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _up_to_date(summary: Summary, name: str, options: Options) -> list[Path] | None:
    """The outputs, if they are exactly what this build would make; else None."""
    manifest = _manifest(options, summary, name)
    folder = output_folder(summary, options.out_dir)
    files = [folder / f for f in get_writer(name).filenames(summary, options)]
    recorded = _recorded(manifest)
    if not recorded or not all(f.is_file() for f in files) or recorded != _record(summary, name, options, files):
        return None
    now = time.time()
    for f in files:  # so Make sees them as newer than a touched source
        os.utime(f, (now, now))
    return files


def write_format(summary: Summary, name: str, options: Options) -> Outcome:
    """One format of one summary (a task of its own on a cluster); a failure is an Outcome, not an exception."""
    started = time.perf_counter()
    folder, where = output_folder(summary, options.out_dir), place(summary)
    try:
        fresh = None if options.force else _up_to_date(summary, name, options)
        if fresh is not None:
            return Outcome(where, name, "up to date", time.perf_counter() - started, fresh)
        writer = get_writer(name)
        if writer.kept_in_editions and summary.clinic is None:
            keep_previous(folder, name, _recorded(_manifest(options, summary, name)), edition_of(summary))
        files = writer.write(summary, folder, options)
        write_atomic(_manifest(options, summary, name), json.dumps(_record(summary, name, options, files), indent=1))
        return Outcome(where, name, "built", time.perf_counter() - started, files)
    except PipelineError as exc:
        return Outcome(where, name, "failed", time.perf_counter() - started, error=str(exc))
    except OSError as exc:  # the machine, not the source: a full disk or temporary folder, a read-only mount
        where = f" ({exc.filename})" if exc.filename else ""
        error = f"output: cannot write{where}: {exc.strerror or exc}"
        return Outcome(where, name, "failed", time.perf_counter() - started, error=error)
