"""`pictures`: the names an editor can give a picture in an Easy Read text, and a page that shows them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "pictures"


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME,
        help="list the Easy Read pictures by name ([picture: NAME])",
        description="List the names of the Easy Read pictures: the vocabulary of everyday health ideas, or with --all "
        "every name of both sets (Health Icons, OpenMoji). --page FILE writes a web page showing each picture with its name.",
    )
    p.add_argument("words", nargs="*", metavar="WORD", help="only the names with each of these words")
    p.add_argument("--all", action="store_true", help="every name of both sets, not only the vocabulary")
    p.add_argument("--page", type=Path, metavar="FILE", help="write a web page of the pictures listed, with their names")


def run(args: argparse.Namespace) -> int:
    from markupsafe import Markup

    from pipeline import pictures
    from pipeline.output import write_atomic
    from pipeline.rendering.templating import render

    listed = pictures.names() if args.all else list(pictures.vocabulary().items())
    wanted = [pictures.slug(w) for w in args.words]
    listed = [(name, picture) for name, picture in listed if all(w in name for w in wanted)]
    if args.page is None:
        for name, picture in listed:
            print(f"{name:32} {pictures.SETS[picture.set].title:13} {picture.key}")
        print(f"{len(listed)} pictures", file=sys.stderr)
        return 0
    shown = [(name, picture, Markup(pictures.svg(picture).replace("<svg ", '<svg aria-hidden="true" ', 1))) for name, picture in listed]
    used = [each for key, each in pictures.SETS.items() if any(p.set == key for _, p, _ in shown)]
    write_atomic(args.page, render("pictures.html.j2", shown=shown, credits=used, every=args.all))
    print(f"wrote {args.page}: {len(shown)} pictures")
    return 0
