"""Checks of the large-print page and the download page: current, stamped, readable, axe-clean, valid HTML."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipeline.checks.html_validators import axe, vnu
from pipeline.editorial.readability import readability_report
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN
from pipeline.reading.translations import STALE
from pipeline.rendering.links import alternates
from pipeline.rendering.stamp import stamp_for


def _meta(page: str, name: str) -> str | None:
    found = re.search(rf'<meta name="{re.escape(name)}" content="([^"]*)">', page)
    return html.unescape(found[1]) if found else None


def current_problems(summary: Summary, page: str) -> list[str]:
    """An HTML output made from this source, with its review dates in its metadata (every page's check)."""
    stamp = stamp_for(summary)
    problems = []
    if _meta(page, "source-sha256") != summary.source_sha256:
        problems.append(f"stale: made from an earlier version of the source; {BUILD_AGAIN}")
    if (_meta(page, "dcterms.date"), _meta(page, "dcterms.valid")) != (stamp.reviewed.isoformat(), stamp.next_review.isoformat()):
        problems.append("the review dates in the page's metadata are not the source's")
    return problems


def page_problems(summary: Summary, path: Path, quick: bool) -> list[str]:
    """What every HTML output must carry: the source hash, the review dates, the stamp and the disclaimer."""
    page = path.read_text("utf-8", errors="replace")
    stamp = stamp_for(summary)
    problems = current_problems(summary, page)
    kind = "page" if path.name == "index.html" else "large-print"
    found = [tuple(map(html.unescape, m)) for m in re.findall(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">', page)]
    if found != [(code, href) for href, code, _ in alternates(summary, kind, published=True)]:
        problems.append(STALE)
    for _, href in found:
        if ":" not in href and not (path.parent / href).is_file():
            problems.append(f"the translation {href} is not built; {BUILD_AGAIN}")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    if stamp.line not in text:
        problems.append("the review stamp is missing")
    if stamp.disclaimer not in text:
        problems.append("the disclaimer is not there word for word")
    if problems or quick:
        return problems
    return [report.problem() for report in (axe(path), vnu(path)) if not report.ok]


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    results = {}
    for path in files:
        problems = page_problems(summary, path, quick)
        grades = readability_report(summary, options.max_grade)
        if not grades.passed:
            problems.append(grades.verdict())
        results[path] = problems
    return results
