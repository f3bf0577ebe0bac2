"""`catalogue`: write output/index.html, the page that lists every summary."""

from __future__ import annotations

import argparse

from pipeline.cli.arguments import add_sources, add_templates, source_files
from pipeline.options import Options

NAME = "catalogue"


def add(sub: argparse._SubParsersAction) -> None:
    cat = sub.add_parser(
        NAME, help="write output/index.html listing every summary", description="Write the catalogue page of every source."
    )
    add_sources(cat)
    add_templates(cat)


def run(args: argparse.Namespace) -> int:
    from pipeline.building.loop import read_all
    from pipeline.catalogue import write_catalogue
    from pipeline.rendering.templating import use_templates

    sources = source_files(args.sources)
    use_templates(args.templates)
    summaries, _ = read_all(sources, Options(strict=args.strict))
    write_catalogue(summaries, args.out)
    return 0
