"""`python -m pipeline check`: prove each output exists, is current, carries the stamp and passes its validator.

One `Finding` per output file: a stale output (its recorded source hash differs from the
source's) is a failure, not a pass. Each format's checks live in pipeline/checks/<format>.py.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from pipeline.checks.editions import check_editions
from pipeline.errors import PipelineError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN, output_folder, place, remedy
from pipeline.writers import get_writer, requested


@dataclass(frozen=True)
class Finding:
    slug: str
    format: str
    file: str
    size: int | None
    ok: bool
    why: str


NOTE = "note: "  # a checker's word on what it did, not a problem (e.g. which audio check ran)
CHECK_EXTRA = remedy(
    "install the check extra: .venv/bin/pip install -e '.[check]' (`make test` installs it)",
    "install the check extra from the checkout or wheel you installed: pipx install --force '/path/to/patient-info-pipeline[check]' "
    "(docs/publishers.md, Checking in a content repository)",
)


def check_summary(summary: Summary, options: Options, quick: bool = False) -> list[Finding]:
    folder, where = output_folder(summary, options.out_dir), place(summary)
    findings: list[Finding] = []
    for name in requested(options):
        files = [folder / f for f in get_writer(name).filenames(summary, options)]
        missing = [f for f in files if not f.is_file()]
        for f in missing:
            findings.append(Finding(where, name, str(f), None, False, f"missing: {BUILD_AGAIN}"))
        present = [f for f in files if f.is_file()]
        if not present:
            continue
        checker = importlib.import_module(f"pipeline.checks.{name.replace('-', '_')}")
        try:
            results: dict[Path, list[str]] = checker.check(summary, present, options, quick)
        except PipelineError as exc:
            results = {f: [str(exc)] for f in present}
        except ModuleNotFoundError as exc:  # a validator of the `check` extra, not our own code
            if (exc.name or "").split(".")[0] == "pipeline":
                raise
            why = f"not checked: the validator module {exc.name!r} is not installed; {CHECK_EXTRA}"
            results = {f: [why] for f in present}
        for f in present:
            said = results.get(f, [])
            problems = [p for p in said if not p.startswith(NOTE)]
            notes = [p.removeprefix(NOTE) for p in said if p.startswith(NOTE)]
            why = "; ".join(problems) or "; ".join(["ok", *notes])
            findings.append(Finding(where, name, str(f), f.stat().st_size, not problems, why))
    if summary.clinic is None:  # the editions a new version kept, each proved whole
        for path, problems in check_editions(folder):
            size = path.stat().st_size if path.is_file() else None
            findings.append(Finding(where, "edition", str(path), size, not problems, "; ".join(problems) or "ok: as kept"))
    return findings


def check(summaries: Sequence[Summary], options: Options, quick: bool = False) -> list[Finding]:
    from pipeline.checks.html_validators import shared

    with shared() as validators:  # a browser starts at the first axe check only
        if not quick:
            validators.prefetch_vnu(_pages(summaries, options))
        return [f for s in summaries for f in check_summary(s, options, quick)]


def _pages(summaries: Sequence[Summary], options: Options) -> list[Path]:
    """Every HTML output the run will check, for one Java run of the Nu HTML Checker."""
    return [
        output_folder(s, options.out_dir) / name
        for s in summaries
        for writer in map(get_writer, requested(options))
        for name in writer.filenames(s, options)
        if name.endswith(".html")
    ]


def print_table(findings: Sequence[Finding], stream: TextIO, as_json: bool = False) -> None:
    if as_json:
        json.dump([asdict(f) for f in findings], stream, indent=1, ensure_ascii=False)
        stream.write("\n")
        return
    rows = [("format", "file", "size", "verdict", "why")]
    rows += [(f.format, _name(f), _size(f.size), "pass" if f.ok else "FAIL", f.why) for f in findings]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        stream.write("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4] + "\n")
    failed = sum(not f.ok for f in findings)
    stream.write(f"{len(findings)} outputs checked: {len(findings) - failed} pass, {failed} fail\n")


def _name(finding: Finding) -> str:
    """The file's name; a clinic's copy's with its folder, clinics/<id>/; a kept edition's with editions/<edition>/."""
    inside = finding.slug.split("/", 1)[1] + "/" if "/" in finding.slug else ""
    if finding.format == "edition":
        inside += f"editions/{Path(finding.file).parent.name}/"
    return inside + Path(finding.file).name


def _size(size: int | None) -> str:
    if size is None:
        return "-"
    return f"{size / 1024:.0f} kB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
