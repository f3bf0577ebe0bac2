"""EPUB checks: a real zip EPUB, made from the current source, stamped, valid and Ace-clean."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pipeline.checks.validators import ace, epubcheck
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.reading.translations import STALE
from pipeline.rendering.stamp import stamp_for
from pipeline.writers.epub import related

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    return {path: check_book(summary, path, quick) for path in files}


def check_book(summary: Summary, path: Path, quick: bool = False) -> list[str]:
    try:
        with zipfile.ZipFile(path) as book:
            problems = _check_contents(summary, book)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        return [f"not a readable EPUB: {exc}"]
    if problems or quick:
        return problems
    return [report.problem() for report in (epubcheck(path), ace(path)) if not report.ok]


def _check_contents(summary: Summary, book: zipfile.ZipFile) -> list[str]:
    first = book.infolist()[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        return ["the first zip entry is not an uncompressed 'mimetype'"]
    package = ElementTree.fromstring(book.read("EPUB/content.opf"))
    props = {m.get("property"): m.text or "" for m in package.iter(f"{OPF}meta") if m.get("property")}
    stamp = stamp_for(summary)
    if props.get("pipeline:source-sha256") != summary.source_sha256:
        return ["stale: made from an earlier version of the source; run `make all`"]
    problems = []
    if [d.text for d in package.iter(f"{DC}date")] != [stamp.reviewed.isoformat()]:
        problems.append("dc:date is not the review date")
    if props.get("pipeline:next-review") != stamp.next_review.isoformat():
        problems.append("the next review date in the metadata is not the source's")
    problems += relation_problems(summary, package)
    title_page = "".join(ElementTree.fromstring(book.read("EPUB/titlepage.xhtml")).itertext())
    if stamp.line not in title_page:
        problems.append("the title page lacks the review stamp")
    if stamp.disclaimer not in title_page:
        problems.append("the title page lacks the disclaimer, word for word")
    return problems


def relation_problems(summary: Summary, package: ElementTree.Element) -> list[str]:
    """A book made before a translation was added, renamed or removed names the wrong versions."""
    if [r.text for r in package.iter(f"{DC}relation")] != [relation for relation, _, _ in related(summary)]:
        return [STALE]
    return []
