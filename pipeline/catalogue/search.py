"""Search without a server: a static Pagefind index of every summary, written with the catalogue.

Each summary is one record of what its large-print page says (title, plain short answer, every part's
plain words and the words to know), in its own language, so Pagefind stems its words by that
language's rules; a result leads to the large-print page (the download page when there is none). Each
language is its own bundle, output/pagefind/<language>/: a page loads its own language's and merges
the others' (templates/_catalogue.html.j2), so one search finds summaries in every language.

Pagefind (MIT; its binary from PyPI's `pagefind_bin`) indexes a folder of pages, one a summary holding
what it says, and writes the index and its search code (0.7 s for 1,000 summaries; its Python API
takes 0.1 s a record). The bundle is written beside the old one and moved into place.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from pathlib import Path

from pipeline.catalogue.collation import base_language
from pipeline.editorial.plain import plain_view
from pipeline.errors import OutputError
from pipeline.model import Summary, block_text, inline_text
from pipeline.rendering.stamp import direction

FOLDER = "pagefind"
# What Pagefind writes that a page of ours never loads: its ready-made interfaces and the playground.
UNUSED: tuple[str, ...] = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
)
UNUSED += ("pagefind-component-ui.css", "pagefind-highlight.js")


def record(summary: Summary, out_dir: Path) -> tuple[str, str]:
    """(address, page) of one summary as Pagefind reads it: the words its large-print page shows,
    in a page of their own (Pagefind's indexer reads pages; this one has nothing else in it)."""
    view = plain_view(summary)
    words = [inline_text(view.summary.inlines)]
    for part in view.sections:
        words.append(part.section.title)
        words += [block_text(block) for block in part.blocks]
    words += [f"{entry.term}: {entry.explanation}" for entry in view.glossary]
    page = f"{summary.slug}/{summary.slug}-large-print.html"
    lang = summary.meta.language
    metas = "".join(
        f'<span data-pagefind-meta="{name}:{html.escape(value)}"></span>' for name, value in (("lang", lang), ("dir", direction(lang)))
    )
    body = "".join(f"<p>{html.escape(w)}</p>" for w in words if w)
    text = (
        f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{html.escape(summary.meta.title)}</title>'
        f'</head><body><main data-pagefind-body>{metas}<h1 data-pagefind-meta="title">{html.escape(summary.meta.title)}</h1>{body}'
        "</main></body></html>"
    )
    return (page if (Path(out_dir) / page).is_file() else f"{summary.slug}/index.html"), text


def write_search_index(summaries: list[Summary], out_dir: Path) -> Path:
    """output/pagefind/<language>/ for each language of `summaries`; returns output/pagefind."""
    out = Path(out_dir)
    target, work = out / FOLDER, out / f".{FOLDER}-{os.getpid()}"
    fresh, old = work / "bundle", work / "old"
    shutil.rmtree(work, ignore_errors=True)
    try:
        for summary in summaries:
            address, text = record(summary, out)
            page = work / "pages" / summary.meta.language / address
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(text, "utf-8")
        fresh.mkdir()
        for folder in sorted((work / "pages").iterdir()) if summaries else []:
            _pagefind(folder, fresh / folder.name, base_language(folder.name))
        for name in UNUSED:
            for unused in fresh.glob(f"*/{name}"):
                unused.unlink()
        if target.exists():
            target.rename(old)
        fresh.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _pagefind(site: Path, bundle: Path, language: str) -> None:
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--output-path", str(bundle), "--force-language", language]
    try:
        run = subprocess.run([*command, "--keep-index-url", "--silent"], capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"cannot write the search index: {exc}") from None
    if run.returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise OutputError(f"cannot write the search index: pagefind said {(run.stderr or run.stdout).strip()[-500:]}")
