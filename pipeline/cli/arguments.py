"""What several commands share: the source arguments, the formats and the braille page size."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.braille.layout import PAGE_LIMITS, PAGE_SIZE
from pipeline.errors import PipelineError, UsageError
from pipeline.writers import REGISTRY, get_writer


def add_sources(p: argparse.ArgumentParser, out: bool = True) -> None:
    p.add_argument("sources", nargs="*", type=Path, metavar="SOURCE", help="summary files (default: source/*.md)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected failure")
    if out:
        p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")


def add_templates(p: argparse.ArgumentParser) -> None:
    p.add_argument("--templates", type=Path, metavar="DIR", help="templates and stylesheets that replace ours of the same name")


def add_braille_size(p: argparse.ArgumentParser) -> None:
    for (what, per), default in zip((("cells", "a line"), ("lines", "a page")), PAGE_SIZE, strict=True):
        default_is = f"publisher.yaml's braille_{what}, else {default}"
        p.add_argument(f"--braille-{what}", type=int, help=f"braille {what} {per} (default: {default_is})")


def check_braille_size(args: argparse.Namespace) -> None:
    for what, (low, high) in PAGE_LIMITS.items():  # None: publisher.yaml's, checked when it is read
        given = getattr(args, f"braille_{what}")
        if given is not None and not low <= given <= high:
            raise UsageError(f"--braille-{what} must be {low} to {high}")


def source_files(given: list[Path]) -> list[Path]:
    if given:
        return given
    found = sorted(Path("source").glob("*.md"))
    if not found:
        raise PipelineError("no sources: source/*.md is empty; name the files to build")
    return found


def formats(text: str) -> tuple[str, ...]:
    chosen = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in chosen if f not in REGISTRY]
    if unknown or not chosen:
        raise PipelineError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(REGISTRY)}")
    return chosen


def add_clinic(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--clinic", metavar="ID[,ID...]|all", help=f"{what}; all: every clinic file")


def clinic_ids(given: str | None, asked: str | None, chosen: tuple[str, ...]) -> tuple[str, ...]:
    """--clinic's ids (or "all"); with --formats, only formats that make clinics' copies."""
    if given is None:
        return ()
    wanted = tuple(dict.fromkeys(c.strip() for c in given.split(",") if c.strip()))
    if not wanted:
        raise UsageError("--clinic: name a clinic (the name of its file in source/clinics/ without .yaml), or all")
    copies = [name for name in REGISTRY if get_writer(name).clinic_copies]
    others = [name for name in chosen if name not in copies]
    if asked is not None and others:
        raise UsageError(f"--clinic: {', '.join(others)} has no clinics' copies; those formats that do: {', '.join(copies)}")
    return wanted
