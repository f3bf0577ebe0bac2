"""`translations`: list the families of summaries that translate each other, or write one file a source for make."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.cli.arguments import add_sources, source_files

NAME = "translations"


def add(sub: argparse._SubParsersAction) -> None:
    tr = sub.add_parser(
        NAME,
        help="list the summaries that translate each other (translation_of)",
        description="List each family of translations. --write DIR also writes DIR/<slug>.txt for each source, "
        "rewritten only when its family changes: make rebuilds a summary's pages when a translation is added or renamed.",
    )
    add_sources(tr, out=False)
    tr.add_argument("--write", type=Path, metavar="DIR", help="write one <slug>.txt a source, only when it changes")


def run(args: argparse.Namespace) -> int:
    from pipeline.output import write_atomic
    from pipeline.reading.translations import families

    sources, write = source_files(args.sources), args.write
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
