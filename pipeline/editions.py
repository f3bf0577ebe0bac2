"""Every edition kept: when a summary's new version (or new review) replaces its PDFs, ebooks and
audio, the files of the edition before are kept in `output/<slug>/editions/<edition>/`, so a clinic
asked "which leaflet did this patient get in May?" can hand it over.

An edition is its `version` and review date; its folder is named `<version>_<reviewed>` (or the
review date alone), e.g. `editions/1_2025-04-07/`. A format written anew for another edition than
its build record names first links its current files there (the bytes are not copied: a writer
renames a new file over a name, it never writes into the old one) with a record of its own,
`edition.<format>.json` (the edition's dates and version, the source's SHA-256, each file's
SHA-256), which the download page lists and `check` proves the files against. The same edition
built again keeps nothing: its files are replaced as before.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.model import Summary
from pipeline.output import write_atomic

FOLDER = "editions"


def edition_of(summary: Summary) -> dict[str, str | None]:
    meta = summary.meta
    return {"version": meta.trust.version, "reviewed": meta.reviewed.isoformat(), "next_review": meta.next_review.isoformat()}


def edition_name(edition: dict[str, str | None]) -> str:
    return "_".join(part for part in (edition.get("version"), edition.get("reviewed")) if part)


def keep_previous(folder: Path, name: str, recorded: dict[str, object], current: dict[str, str | None]) -> Path | None:
    """Keep the files format `name` made for an earlier edition (as its build record says), before they
    are replaced; the edition's folder, or None when there is nothing to keep."""
    before = recorded.get("edition")
    files = recorded.get("files")
    if not isinstance(before, dict) or not isinstance(files, dict) or _same(before, current):
        return None
    target = folder / FOLDER / edition_name(before)
    kept: dict[str, str] = {}
    for file, digest in files.items():
        source = folder / file
        if not source.is_file():
            continue
        target.mkdir(parents=True, exist_ok=True)
        part = target / f".{file}.{os.getpid()}.part"
        try:
            os.link(source, part)  # the old bytes, for free
        except OSError:
            shutil.copy2(source, part)
        os.replace(part, target / file)
        kept[file] = str(digest)
    if not kept:
        return None
    record = {"edition": before, "format": name, "source_sha256": recorded.get("source_sha256"), "files": kept}
    write_atomic(target / f"edition.{name}.json", json.dumps(record, indent=1, sort_keys=True))
    return target


def _same(before: dict[str, object], current: dict[str, str | None]) -> bool:
    return before.get("version") == current.get("version") and before.get("reviewed") == current.get("reviewed")


def kept_editions(folder: Path) -> list[tuple[str, dict[str, object], dict[str, str]]]:
    """(folder name, edition, {file: sha256}) of each kept edition, the newest first."""
    found: dict[str, tuple[dict[str, object], dict[str, str]]] = {}
    for record in sorted((folder / FOLDER).glob("*/edition.*.json")):
        try:
            data = json.loads(record.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        edition, files = data.get("edition"), data.get("files")
        if isinstance(edition, dict) and isinstance(files, dict):
            entry = found.setdefault(record.parent.name, (edition, {}))
            entry[1].update({str(k): str(v) for k, v in files.items()})
    return sorted(((n, e, f) for n, (e, f) in found.items()), key=lambda item: str(item[1].get("reviewed")), reverse=True)
