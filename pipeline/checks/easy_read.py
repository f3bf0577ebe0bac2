"""Checks of the Easy Read PDF and page: what every leaflet must be (checks/pdf.py: current,
stamped on every page, the disclaimer word for word, our font, the three PDF/UA checkers), plus
every picture a Figure with its alt text, at most 24 pages; the page current, stamped, axe and
vnu clean, with every picture named."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pikepdf

from pipeline.checks.html import current_problems
from pipeline.checks.html_validators import axe, vnu
from pipeline.checks.pdf import check_leaflet
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.rendering.stamp import stamp_for

MAX_PAGES = 24  # the UK guidance's longest Easy Read document


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    return {path: (pdf_problems(summary, path, quick) if path.suffix == ".pdf" else page_problems(summary, path, quick)) for path in files}


def pictures_wanted(summary: Summary) -> int:
    """The pictures the outputs show: one an idea that has one, the front page's, the outputs' own rows
    and one a hard word (its explaining row's)."""
    from pipeline.editorial.easy import bold
    from pipeline.writers.easy_read.document import ABOUT, INTRO

    ideas = [idea for _, easy in summary.easy_read for idea in easy.ideas]
    hard = {word.casefold() for idea in ideas for word in bold(idea.inlines)}
    return sum(1 for idea in ideas if idea.picture) + 1 + len(INTRO) + len(ABOUT) + len(hard)


def figures(pdf: pikepdf.Pdf) -> list[str]:
    """The alt text of every Figure in the structure tree ('' for one without)."""
    found: list[str] = []
    todo = [pdf.Root.StructTreeRoot] if "/StructTreeRoot" in pdf.Root else []
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
        elif isinstance(node, pikepdf.Array):
            todo.extend(node)
    return found


def pdf_problems(summary: Summary, path: Path, quick: bool) -> list[str]:
    problems = check_leaflet(summary, path, quick=True)
    if problems:
        return problems
    with pikepdf.open(path) as pdf:
        pages, alts = len(pdf.pages), figures(pdf)
    if pages > MAX_PAGES:
        problems.append(f"{pages} pages: an Easy Read document has at most {MAX_PAGES}; say less, or split it")
    wanted = pictures_wanted(summary)
    if sum(1 for alt in alts if alt.strip()) < wanted:
        problems.append(
            f"{len(alts)} Figures, {sum(1 for a in alts if not a.strip())} without alt text; {wanted} pictures with words wanted"
        )
    return problems or (check_leaflet(summary, path, quick=False) if not quick else [])


def page_problems(summary: Summary, path: Path, quick: bool) -> list[str]:
    page = path.read_text("utf-8", errors="replace")
    stamp = stamp_for(summary)
    problems = current_problems(summary, page)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for line in (stamp.line, stamp.disclaimer, *stamp.easy):
        if line not in text:
            problems.append(f"'{line[:40]}...' is not there word for word")
    named = len(re.findall(r'<svg [^>]*role="img"[^>]*><title>[^<]+</title>', page)) + len(re.findall(r'<img [^>]*alt="[^"]+"', page))
    if named < pictures_wanted(summary):
        problems.append(f"{named} pictures with a name; {pictures_wanted(summary)} wanted")
    if problems or quick:
        return problems
    return [report.problem() for report in (axe(path), vnu(path)) if not report.ok]
