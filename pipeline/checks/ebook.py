"""What the checks of the two ebooks share: a readable EPUB zip, made from the current source and
naming the current translations; then a kind of book's own checks (`EbookCheck.contents`), then
EPUBCheck and Ace, unless a quick check or a problem already found makes them pointless."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pipeline.checks.validators import ace, epubcheck
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN
from pipeline.reading.translations import STALE
from pipeline.writers.ebook import related

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
STALE_SOURCE = f"stale: made from an earlier version of the source; {BUILD_AGAIN}"


class EbookCheck:
    """The checks of one kind of ebook; a subclass adds what that book must hold."""

    def contents(self, summary: Summary, book: zipfile.ZipFile, path: Path, package: ElementTree.Element) -> list[str]:
        raise NotImplementedError

    def check(self, summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
        return {path: self.check_book(summary, path, quick) for path in files}

    def check_book(self, summary: Summary, path: Path, quick: bool = False) -> list[str]:
        try:
            with zipfile.ZipFile(path) as book:
                problems = self._package(summary, book, path)
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
            return [f"not a readable EPUB: {exc}"]
        if problems or quick:
            return problems
        return [report.problem() for report in (epubcheck(path), ace(path)) if not report.ok]

    def _package(self, summary: Summary, book: zipfile.ZipFile, path: Path) -> list[str]:
        first = book.infolist()[0]
        if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            return ["the first zip entry is not an uncompressed 'mimetype'"]
        package = ElementTree.fromstring(book.read("EPUB/content.opf"))
        if properties(package).get("pipeline:source-sha256") != [summary.source_sha256]:
            return [STALE_SOURCE]
        return relation_problems(summary, package) + self.contents(summary, book, path, package)


def properties(package: ElementTree.Element) -> dict[str, list[str]]:
    """The package's <meta property> values about the book itself (not those refining an item)."""
    found: dict[str, list[str]] = {}
    for meta in package.iter(f"{OPF}meta"):
        if meta.get("property") and not meta.get("refines"):
            found.setdefault(meta.get("property", ""), []).append(meta.text or "")
    return found


def relation_problems(summary: Summary, package: ElementTree.Element) -> list[str]:
    """A book made before a translation was added, renamed or removed names the wrong versions."""
    if [r.text for r in package.iter(f"{DC}relation")] != [relation for relation, _, _ in related(summary)]:
        return [STALE]
    return []
