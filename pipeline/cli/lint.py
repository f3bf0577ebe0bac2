"""`lint`: every problem of every source, with file and line, and the readability of each large-print page."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.cli.arguments import add_sources, formats, source_files
from pipeline.errors import PipelineError, Problem, SourceError
from pipeline.model import Summary
from pipeline.options import Options

NAME = "lint"


def add(sub: argparse._SubParsersAction) -> None:
    lint = sub.add_parser(
        NAME, help="check sources without writing anything", description="Check sources and report every problem, with file and line."
    )
    add_sources(lint, out=False)
    lint.add_argument(
        "--max-grade", type=float, default=Options.max_grade, help="readability limit of the large-print page (default: %(default)g)"
    )
    lint.add_argument("--json", action="store_true", help="print every problem and the readability as JSON (for editors and CI)")
    lint.add_argument(
        "--checklist",
        action="store_true",
        help="also list, per summary, the publishing criteria met and missing (who wrote and reviewed it...)",
    )
    lint.add_argument(
        "--formats",
        type=formats,
        help="the formats to be built (comma-separated): with easy-read, a summary without Easy Read text is a warning",
    )


def run(args: argparse.Namespace) -> int:
    """Each source is read on its own, so one with errors does not hide the warnings and readability of
    the others. Exit 2 when a source has errors (bad input, or any warning under --strict), 1 when
    the readability limit fails under --strict, else 0.
    """
    from pipeline.editorial import easy
    from pipeline.editorial.lint import lint
    from pipeline.editorial.readability import readability_report  # textstat's import costs 0.1 s: not for every build

    try:
        sources = source_files(args.sources)
    except PipelineError as exc:
        if not args.json:
            raise
        _print_json([], [], 0, failure=exc)
        return 2
    summaries, problems, unreadable = [], [], False
    for source in sources:
        try:
            summary, found = lint(source, strict=args.strict)
        except SourceError as exc:
            problems += exc.problems
            unreadable = True
            continue
        summaries.append(summary)
        problems += found
    problems = list(dict.fromkeys(problems))  # a bad publisher.yaml is reported once, not once a source
    if args.formats and "easy-read" in args.formats:
        problems += [easy.not_asked_for(s) for s in summaries if not s.easy_read]
    readability = [readability_report(s, args.max_grade) for s in summaries]
    problems += [p for r in readability for p in r.problems(strict=args.strict)]
    errors = sum(p.severity == "error" for p in problems)
    code = 2 if unreadable else 1 if errors else 0
    checks = [_checklist(s) for s in summaries]
    if args.json:
        easy_read = [{"file": str(s.path), **easy.report(s).as_json()} for s in summaries if s.easy_read]
        _print_json(problems, [r.as_json() for r in readability], len(sources), checklist=checks, easy_read=easy_read)
        return code
    for grades in readability:
        print(grades.table())
    for summary in summaries:
        if summary.easy_read:
            print(f"{summary.path}: {easy.report(summary).line()}")
    if args.checklist:
        for summary, check in zip(summaries, checks, strict=True):
            print(_checklist_table(summary.path, check))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(sources)} source(s) checked: {errors} errors, {len(problems) - errors} warning(s)", file=sys.stderr)
    return code


# the questions patient-information quality marks ask (PIF TICK, HONcode), in the order a checklist gives them
CRITERIA = {
    "author": "who wrote it (author)",
    "reviewed_by": "who reviewed it, with their role (reviewed_by)",
    "sources": "the evidence it rests on (sources)",
    "dates": "when it was reviewed and will be again (reviewed, next_review)",
    "feedback": "how to give feedback (feedback)",
    "formats": "that other formats are available (made by the build)",
    "version": "a record of the version (version, changes)",
    "codes": "the condition's codes, for clinical systems (codes)",
}


def _checklist(summary: Summary) -> dict[str, object]:
    from pipeline.reading.trust import checklist

    met: dict[str, bool] = {**checklist(summary.meta.trust), "dates": True, "formats": True}  # a summary always has both
    required = summary.publisher.require if summary.publisher else ()
    return {"file": str(summary.path), "criteria": {name: {"met": met[name], "required": name in required} for name in CRITERIA}}


def _checklist_table(path: Path, found: dict[str, object]) -> str:
    criteria = found["criteria"]
    assert isinstance(criteria, dict)
    rows = [f"{path}: publishing checklist", f"  {'criterion':<66} state"]
    for name, what in CRITERIA.items():
        state = "met" if criteria[name]["met"] else "missing" + (" (required)" if criteria[name]["required"] else "")
        rows.append(f"  {what:<66} {state}")
    return "\n".join(rows)


def _print_json(
    problems: list[Problem],
    readability: list[dict[str, object]],
    sources: int,
    failure: PipelineError | None = None,
    checklist: list[dict[str, object]] | None = None,
    easy_read: list[dict[str, object]] | None = None,
) -> None:
    """The report `lint --json` prints; a failure before any source is read (no sources) is one problem without a file."""
    listed = [p.as_json() for p in problems]
    if failure is not None:
        listed.append(
            {
                "file": None,
                "line": None,
                "column": None,
                "category": failure.category,
                "severity": "error",
                "message": Exception.__str__(failure),  # without the "error: " an editor reads
                "hint": None,
            }
        )
    errors = sum(p["severity"] == "error" for p in listed)
    report = {"sources": sources, "problems": listed, "readability": readability, "errors": errors, "warnings": len(listed) - errors}
    report["checklist"] = checklist or []
    report["easy_read"] = easy_read or []  # each summary with Easy Read text: its ideas, pages and grade
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
