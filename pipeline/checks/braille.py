"""Braille checks: made from the current source, within the embosser's lines and cells, and saying
what it must, as liblouis reads it back (back-translation): the title, the review date and the
disclaimer (at least 95 % of its words)."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from pipeline.braille import louis
from pipeline.braille.layout import BLANK, BRF_ASCII, CONTINUES, from_brf, page_size
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN
from pipeline.rendering.stamp import stamp_for

MIN_DISCLAIMER_WORDS = 0.95


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    manifest = Path(options.out_dir) / ".build" / f"{summary.slug}.braille.json"
    try:
        recorded = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        recorded = {}
    results = {}
    for path in files:
        problems = _current(summary, path, recorded)
        if not problems:
            problems = check_brf(summary, path, options) if path.suffix == ".brf" else check_pef(summary, path, options)
        results[path] = problems
    return results


def _current(summary: Summary, path: Path, recorded: dict[str, object]) -> list[str]:
    files = recorded.get("files")
    if recorded.get("source_sha256") != summary.source_sha256 or not isinstance(files, dict):
        return [f"stale: made from an earlier version of the source (or no build record); {BUILD_AGAIN}"]
    if files.get(path.name) != hashlib.sha256(path.read_bytes()).hexdigest():
        return ["changed since it was built (its bytes differ from the build record)"]
    return []


def check_brf(summary: Summary, path: Path, options: Options) -> list[str]:
    data = path.read_bytes()
    problems = []
    allowed = set(BRF_ASCII) | set(BRF_ASCII.lower()) | {"\r", "\n", "\f"}
    if stray := sorted(set(data.decode("latin-1")) - allowed):
        problems.append(f"characters outside ASCII braille: {stray[:5]}")
        return problems
    pages = from_brf(data)
    problems += layout_problems(pages, *page_size(summary, options))
    problems += wording_problems(summary, pages)
    return problems


def check_pef(summary: Summary, path: Path, options: Options) -> list[str]:
    import xml.etree.ElementTree as ET

    ns = {"p": "http://www.daisy.org/ns/2008/pef", "dc": "http://purl.org/dc/elements/1.1/"}
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return [f"not well-formed PEF: {exc}"]
    problems = []
    if root.findtext("p:head/p:meta/dc:identifier", namespaces=ns) != f"urn:sha256:{summary.source_sha256}":
        problems.append("the PEF's dc:identifier is not the source's hash")
    pages = [[row.text or "" for row in page.findall("p:row", ns)] for page in root.iter(f"{{{ns['p']}}}page")]
    problems += layout_problems(pages, *page_size(summary, options))
    return problems + wording_problems(summary, pages)


def layout_problems(pages: list[list[str]], cells: int, lines: int) -> list[str]:
    problems = []
    if not pages:
        return ["no pages"]
    long_pages = [n for n, page in enumerate(pages, 1) if len(page) > lines]
    long_rows = [(n, i) for n, page in enumerate(pages, 1) for i, row in enumerate(page, 1) if len(row) > cells]
    if long_pages:
        problems.append(f"{len(long_pages)} page(s) longer than {lines} lines (first: page {long_pages[0]})")
    if long_rows:
        problems.append(f"{len(long_rows)} line(s) wider than {cells} cells (first: page {long_rows[0][0]} line {long_rows[0][1]})")
    return problems


def read_back(summary: Summary, pages: list[list[str]]) -> str:
    """The text of the pages as liblouis translates it back, page numbers left out."""
    table, _ = louis.table_for(summary.meta.language)
    rows = [row.strip(BLANK) for page in pages for row in page[:-1]]
    joined = ""
    for row in rows:
        if not row:
            continue
        joined += row[:-1] if row.endswith(CONTINUES) else row + BLANK
    return louis.back_translate(joined, table)


def _words(text: str) -> list[str]:
    """Lower-case words, digits as ASCII: Arabic braille reads '15' back as '١٥'."""
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None else c for c in text)
    return re.findall(r"\w+", text.casefold())


def wording_problems(summary: Summary, pages: list[list[str]]) -> list[str]:
    text = read_back(summary, pages)
    said, stamp = " ".join(_words(text)), stamp_for(summary)
    problems = []
    if " ".join(_words(summary.meta.title)) not in said:
        problems.append("the title is not there when read back")
    if " ".join(_words(stamp.reviewed_text)) not in said:
        problems.append(f"the review date ({stamp.reviewed_text}) is not there when read back")
    wanted, found = Counter(_words(stamp.disclaimer)), Counter(_words(text))
    share = sum(min(n, found[w]) for w, n in wanted.items()) / max(1, sum(wanted.values()))
    if share < MIN_DISCLAIMER_WORDS:
        problems.append(f"only {share:.0%} of the disclaimer's words read back (at least {MIN_DISCLAIMER_WORDS:.0%} needed)")
    return problems
