"""`import`: a Word document or saved web page becomes a summary's source, with a report of what changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "import"


def add(sub: argparse._SubParsersAction) -> None:
    im = sub.add_parser(
        NAME,
        help="turn a Word document (.docx) or saved web page (.html) into source/<slug>.md",
        description="Read a leaflet written in Word (or LibreOffice, Google Docs) or saved from the web, and write "
        "source/<slug>.md with its pictures beside it. What the document does not say is left as 'FILL IN: ...' for "
        "lint to ask for; a report says what was changed or left out and how many of the document's words arrived.",
    )
    im.add_argument("file", type=Path, metavar="FILE", help="the .docx or .html file")
    im.add_argument("--slug", help="the source's file name without .md (default: made from the title)")
    im.add_argument("--out", type=Path, default=Path("source"), help="the folder of sources (default: source)")
    im.add_argument("--base-url", metavar="URL", help="the page's own address, so its relative links are kept")
    im.add_argument("--force", action="store_true", help="replace a source of the same name")
    im.add_argument("--debug", action="store_true", help="show the traceback of an unexpected failure")


def run(args: argparse.Namespace) -> int:
    from pipeline.editorial.lint import examine
    from pipeline.importing.convert import import_document

    report = import_document(args.file, args.out, slug=args.slug, base_url=args.base_url, force=args.force)
    for line in report.lines():
        print(line, file=sys.stderr)
    _, problems = examine(report.source)
    if problems:
        print(f"to do before it builds cleanly ({len(problems)}), as `lint` reports them:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}".replace("\n", "\n  "), file=sys.stderr)
    return 0
