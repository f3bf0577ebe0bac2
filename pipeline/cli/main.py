"""`python -m pipeline build|lint|check`: exit 0 success, 1 a check failed, 2 bad input or usage."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pipeline import __version__
from pipeline.braille.layout import PAGE_LIMITS, PAGE_SIZE
from pipeline.building.loop import build, print_summary, read_all
from pipeline.cli.progress import progress
from pipeline.errors import PipelineError, Problem, SourceError, UsageError
from pipeline.options import TTS_ENGINES, Options
from pipeline.reading.reader import read
from pipeline.writers import REGISTRY

DESCRIPTION = """\
Publish a medically reviewed summary (source/<slug>.md) as a PDF leaflet, an EPUB,
a large-print web page and an audio version, each stamped with its review date.
"""
EPILOG = """\
examples:
  patient-info build                      every source/*.md into output/
  patient-info build source/poems-syndrome.md --formats pdf,html
  patient-info lint --strict              check sources; warnings count as errors

A publisher.yaml beside the sources brands every output (name, logo, accent colour,
contact line); --templates DIR overrides any template or stylesheet by name.

exit status: 0 success, 1 a check failed, 2 bad input or usage, 3 an unexpected failure (a bug)
"""


def _prog() -> str:
    """`patient-info` when run as the console script, `python -m pipeline` otherwise."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m pipeline" if name in ("", "__main__.py", "-c") else name


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too, but say it our way
        self.print_usage(sys.stderr)
        print(f"usage: {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=_prog(), description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def sources(p: argparse.ArgumentParser, out: bool = True) -> None:
        p.add_argument("sources", nargs="*", type=Path, metavar="SOURCE", help="summary files (default: source/*.md)")
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected failure")
        if out:
            p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")

    b = sub.add_parser(
        "build", help="write the outputs of each source", description="Write the outputs of each source into output/<slug>/."
    )
    sources(b)
    b.add_argument(
        "--formats", default=",".join(REGISTRY), help=f"comma-separated, from: {', '.join(REGISTRY)} (default: {','.join(REGISTRY)})"
    )
    b.add_argument(
        "--tts", choices=TTS_ENGINES, default="auto", help="voice: gTTS, the offline voice, or gTTS falling back to offline (default)"
    )
    b.add_argument("--print-marks", action="store_true", help="also write <slug>-a4-print.pdf with 3 mm bleed and crop marks")
    braille_size(b)
    b.add_argument("--jobs", "-j", type=int, default=1, help="build this many summaries at once (with --scheduler local: workers)")
    b.add_argument(
        "--scheduler", metavar="local|tcp://HOST:8786", help="run each (summary, format) as a Dask task: a local cluster or a running one"
    )
    b.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    b.add_argument("--force", action="store_true", help="rebuild outputs that are up to date")
    b.add_argument("--templates", type=Path, metavar="DIR", help="templates and stylesheets that replace ours of the same name")

    pv = sub.add_parser(
        "preview",
        help="serve output/ on 127.0.0.1 and rebuild on save",
        description="Serve the outputs locally and rebuild when a source, template or code changes.",
    )
    sources(pv)
    pv.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    pv.add_argument("--formats", default=None, help="formats to rebuild (default: all)")
    pv.add_argument("--templates", type=Path, metavar="DIR", help="templates and stylesheets that replace ours of the same name")

    cat = sub.add_parser(
        "catalogue", help="write output/index.html listing every summary", description="Write the catalogue page of every source."
    )
    sources(cat)
    cat.add_argument("--templates", type=Path, metavar="DIR", help="templates and stylesheets that replace ours of the same name")

    tr = sub.add_parser(
        "translations",
        help="list the summaries that translate each other (translation_of)",
        description="List each family of translations. --write DIR also writes DIR/<slug>.txt for each source, "
        "rewritten only when its family changes: make rebuilds a summary's pages when a translation is added or renamed.",
    )
    sources(tr, out=False)
    tr.add_argument("--write", type=Path, metavar="DIR", help="write one <slug>.txt a source, only when it changes")

    ck = sub.add_parser(
        "check",
        help="prove every output exists, is current, carries the stamp and passes its validator",
        description="Check every output of each source: present, built from the current source, stamped, valid. Exit 1 if any fails.",
    )
    sources(ck)
    ck.add_argument("--formats", default=",".join(REGISTRY), help=f"formats to check (default: {','.join(REGISTRY)})")
    ck.add_argument("--print-marks", action="store_true", help="also check <slug>-a4-print.pdf")
    braille_size(ck)
    ck.add_argument("--quick", action="store_true", help="skip the slow validators (EPUBCheck, Ace, axe, speech recognition)")
    ck.add_argument("--json", action="store_true", help="print the findings as JSON")
    ck.add_argument("--max-grade", type=float, default=8.0, help="readability limit of the large-print page (default: 8)")

    lint = sub.add_parser(
        "lint", help="check sources without writing anything", description="Check sources and report every problem, with file and line."
    )
    sources(lint, out=False)
    lint.add_argument(
        "--max-grade", type=float, default=Options.max_grade, help="readability limit of the large-print page (default: %(default)g)"
    )
    lint.add_argument("--json", action="store_true", help="print every problem and the readability as JSON (for editors and CI)")
    return parser


def braille_size(p: argparse.ArgumentParser) -> None:
    for (what, per), default in zip((("cells", "a line"), ("lines", "a page")), PAGE_SIZE, strict=True):
        default_is = f"publisher.yaml's braille_{what}, else {default}"
        p.add_argument(f"--braille-{what}", type=int, help=f"braille {what} {per} (default: {default_is})")


def _translations(sources: list[Path], write: Path | None) -> int:
    from pipeline.output import write_atomic
    from pipeline.reading.translations import families

    found: dict[str, list[str]] = {}
    for folder in sorted({path.parent for path in sources}):
        found.update(families(folder))
    shown: set[tuple[str, ...]] = set()
    for path in sources:
        members = found.get(path.stem, [])
        if members and tuple(members) not in shown and write is None:
            shown.add(tuple(members))
            print(" | ".join(members))
        if write is not None:
            target, text = write / f"{path.stem}.txt", "".join(f"{m}\n" for m in members)
            if not target.is_file() or target.read_text("utf-8") != text:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, text)
    return 0


def _check_braille(args: argparse.Namespace) -> None:
    for what, (low, high) in PAGE_LIMITS.items():  # None: publisher.yaml's, checked when it is read
        given = getattr(args, f"braille_{what}")
        if given is not None and not low <= given <= high:
            raise UsageError(f"--braille-{what} must be {low} to {high}")


def _sources(given: list[Path]) -> list[Path]:
    if given:
        return given
    found = sorted(Path("source").glob("*.md"))
    if not found:
        raise PipelineError("no sources: source/*.md is empty; name the files to build")
    return found


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in REGISTRY]
    if unknown or not formats:
        raise PipelineError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(REGISTRY)}")
    return formats


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except PipelineError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `lint --json | head`: the reader has gone; as a shell's SIGPIPE, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug: one line for an editor, the traceback with --debug
        if args.debug:
            traceback.print_exc()
        else:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            print(
                f"internal error: {type(exc).__name__}: {exc} (in {os.path.basename(where.filename)}:{where.lineno}); "
                "run again with --debug for the traceback, and please report it",
                file=sys.stderr,
            )
        return 3


def _lint(args: argparse.Namespace) -> int:
    """Every problem of every source, then the readability of each large-print page; `--json` for tools.

    Each source is read on its own, so one with errors does not hide the warnings and readability of
    the others. Exit 2 when a source has errors (bad input, or any warning under --strict), 1 when
    the readability limit fails under --strict, else 0.
    """
    from pipeline.editorial.readability import readability_report  # textstat's import costs 0.1 s: not for every build

    try:
        sources = _sources(args.sources)
    except PipelineError as exc:
        if not args.json:
            raise
        _print_lint_json([], [], 0, failure=exc)
        return 2
    summaries, problems, unreadable = [], [], False
    for source in sources:
        try:
            summary, found = read(source, strict=args.strict)
        except SourceError as exc:
            problems += exc.problems
            unreadable = True
            continue
        summaries.append(summary)
        problems += found
    problems = list(dict.fromkeys(problems))  # a bad publisher.yaml is reported once, not once a source
    readability = [readability_report(s, args.max_grade) for s in summaries]
    problems += [p for r in readability for p in r.problems(strict=args.strict)]
    errors = sum(p.severity == "error" for p in problems)
    code = 2 if unreadable else 1 if errors else 0
    if args.json:
        _print_lint_json(problems, [r.as_json() for r in readability], len(sources))
        return code
    for grades in readability:
        print(grades.table())
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(sources)} source(s) checked: {errors} errors, {len(problems) - errors} warning(s)", file=sys.stderr)
    return code


def _print_lint_json(
    problems: list[Problem], readability: list[dict[str, object]], sources: int, failure: PipelineError | None = None
) -> None:
    """The report `lint --json` prints; a failure before any source is read (no sources) is one problem without a file."""
    import json

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
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


def _run(args: argparse.Namespace) -> int:
    if args.command == "lint":
        return _lint(args)
    sources = _sources(args.sources)
    if args.command == "preview":
        from pipeline.rendering.templating import use_templates

        use_templates(args.templates)  # so it watches the publisher's templates too
        from pipeline.cli.preview import preview

        # no sources named: each rebuild builds source/*.md as it is then, so a new summary appears too
        build_args = [*map(str, args.sources), "--out", str(args.out), "--quiet"] + (["--formats", args.formats] if args.formats else [])
        build_args += ["--templates", str(args.templates)] if args.templates else []
        return preview(sources, args.out, args.port, build_args)
    if args.command == "catalogue":
        from pipeline.rendering.templating import use_templates
        from pipeline.writers.pages import write_catalogue

        use_templates(args.templates)
        summaries, _ = read_all(sources, Options(strict=args.strict))
        write_catalogue(summaries, args.out)
        return 0
    if args.command == "translations":
        return _translations(sources, args.write)
    if args.command == "check":
        from pipeline.checks.run import check, print_table

        _check_braille(args)
        options = Options(
            out_dir=args.out,
            formats=_formats(args.formats),
            print_marks=args.print_marks,
            max_grade=args.max_grade,
            braille_cells=args.braille_cells,
            braille_lines=args.braille_lines,
        )
        summaries, _ = read_all(sources, options)
        findings = check(summaries, options, quick=args.quick)
        print_table(findings, sys.stdout, as_json=args.json)
        return 1 if any(not f.ok for f in findings) else 0
    formats = _formats(args.formats)
    if args.jobs < 1:
        raise PipelineError("--jobs must be 1 or more")
    _check_braille(args)
    options = Options(
        out_dir=args.out,
        formats=formats,
        strict=args.strict,
        tts=args.tts,
        print_marks=args.print_marks,
        jobs=args.jobs,
        quiet=args.quiet,
        force=args.force,
        templates=args.templates,
        scheduler=args.scheduler,
        braille_cells=args.braille_cells,
        braille_lines=args.braille_lines,
    )
    with progress(len(sources) * len(formats), quiet=args.quiet) as report:
        result = build(sources, options, report)
    if "pages" in formats and not args.sources:  # a build of every source also lists them
        from pipeline.writers.pages import write_catalogue

        write_catalogue(result.summaries, args.out)
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    for failure in result.failed:
        print(f"{failure.slug} {failure.format}: {failure.error}", file=sys.stderr)
    if not args.quiet or result.failed:
        print_summary(result)
    return 2 if result.failed else 0
