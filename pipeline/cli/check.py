"""`check`: prove every output exists, is current, carries the stamp and passes its validators."""

from __future__ import annotations

import argparse
import sys

from pipeline.cli.arguments import add_braille_size, add_clinic, add_sources, check_braille_size, clinic_ids, formats, source_files
from pipeline.options import Options
from pipeline.writers import REGISTRY

NAME = "check"


def add(sub: argparse._SubParsersAction) -> None:
    ck = sub.add_parser(
        NAME,
        help="prove every output exists, is current, carries the stamp and passes its validator",
        description="Check every output of each source: present, built from the current source, stamped, valid. Exit 1 if any fails.",
    )
    add_sources(ck)
    ck.add_argument("--formats", help=f"formats to check (default: {','.join(REGISTRY)})")
    ck.add_argument("--print-marks", action="store_true", help="also check <slug>-a4-print.pdf")
    add_clinic(ck, "instead, check these clinics' copies in output/<slug>/clinics/ID/")
    add_braille_size(ck)
    ck.add_argument("--quick", action="store_true", help="skip the slow validators (EPUBCheck, Ace, axe, speech recognition)")
    ck.add_argument("--json", action="store_true", help="print the findings as JSON")
    ck.add_argument("--max-grade", type=float, default=8.0, help="readability limit of the large-print page (default: 8)")


def run(args: argparse.Namespace) -> int:
    from pipeline.building.loop import read_all
    from pipeline.checks.run import check, print_table

    sources = source_files(args.sources)
    check_braille_size(args)
    chosen = formats(args.formats) if args.formats is not None else tuple(REGISTRY)
    options = Options(
        out_dir=args.out,
        formats=chosen,
        clinics=clinic_ids(args.clinic, args.formats, chosen),
        print_marks=args.print_marks,
        max_grade=args.max_grade,
        braille_cells=args.braille_cells,
        braille_lines=args.braille_lines,
    )
    summaries, _ = read_all(sources, options)
    findings = check(summaries, options, quick=args.quick)
    print_table(findings, sys.stdout, as_json=args.json)
    return 1 if any(not f.ok for f in findings) else 0
