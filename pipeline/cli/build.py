"""`build`: write the outputs of each source (the default `make all` runs, one format at a time)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from pipeline.cli.arguments import (
    add_braille_size,
    add_clinic,
    add_sources,
    add_templates,
    check_braille_size,
    clinic_ids,
    formats,
    source_files,
)
from pipeline.errors import PipelineError
from pipeline.options import TTS_ENGINES, Options
from pipeline.reading.clinics import ids
from pipeline.writers import REGISTRY, requested

NAME = "build"


def add(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser(NAME, help="write the outputs of each source", description="Write the outputs of each source into output/<slug>/.")
    add_sources(b)
    b.add_argument("--formats", help=f"comma-separated, from: {', '.join(REGISTRY)} (default: {','.join(REGISTRY)})")
    b.add_argument(
        "--tts", choices=TTS_ENGINES, default="auto", help="voice: gTTS, the offline voice, or gTTS falling back to offline (default)"
    )
    b.add_argument("--print-marks", action="store_true", help="also write <slug>-a4-print.pdf with 3 mm bleed and crop marks")
    copies = "instead, write these clinics' copies of the printed leaflets and booklets (source/clinics/ID.yaml: their panel"
    add_clinic(b, copies + " on the back page) into output/<slug>/clinics/ID/")
    add_braille_size(b)
    b.add_argument("--jobs", "-j", type=int, default=1, help="build this many summaries at once (with --scheduler local: workers)")
    b.add_argument(
        "--scheduler", metavar="local|tcp://HOST:8786", help="run each (summary, format) as a Dask task: a local cluster or a running one"
    )
    b.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    b.add_argument("--force", action="store_true", help="rebuild outputs that are up to date")
    add_templates(b)


def run(args: argparse.Namespace) -> int:
    from pipeline.building.loop import build, print_summary
    from pipeline.cli.progress import progress

    sources = source_files(args.sources)
    chosen = formats(args.formats) if args.formats is not None else tuple(REGISTRY)
    clinics = clinic_ids(args.clinic, args.formats, chosen)
    if args.jobs < 1:
        raise PipelineError("--jobs must be 1 or more")
    check_braille_size(args)
    options = Options(
        out_dir=args.out,
        formats=chosen,
        strict=args.strict,
        tts=args.tts,
        print_marks=args.print_marks,
        jobs=args.jobs,
        quiet=args.quiet,
        force=args.force,
        templates=args.templates,
        scheduler=args.scheduler,
        clinics=clinics,
        braille_cells=args.braille_cells,
        braille_lines=args.braille_lines,
    )
    copies = max(1, len(ids(sources[0].parent, clinics))) if clinics else 1
    per_copy = len(requested(replace(options, clinics=clinics)))
    with progress(len(sources) * copies * per_copy, quiet=args.quiet) as report:
        result = build(sources, options, report)
    if "pages" in chosen and not args.sources and not clinics:  # a build of every source also lists them
        from pipeline.catalogue import write_catalogue

        write_catalogue(result.summaries, args.out)
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    for failure in result.failed:
        print(f"{failure.slug} {failure.format}: {failure.error}", file=sys.stderr)
    if not args.quiet or result.failed:
        print_summary(result)
    return 2 if result.failed else 0
