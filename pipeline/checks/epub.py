"""EPUB checks: a real zip EPUB, made from the current source, stamped, valid and Ace-clean."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pipeline.checks.ebook import DC, EbookCheck, properties
from pipeline.model import Summary
from pipeline.rendering.stamp import stamp_for


class EpubCheck(EbookCheck):
    def contents(self, summary: Summary, book: zipfile.ZipFile, path: Path, package: ElementTree.Element) -> list[str]:
        stamp = stamp_for(summary)
        problems = []
        if [d.text for d in package.iter(f"{DC}date")] != [stamp.reviewed.isoformat()]:
            problems.append("dc:date is not the review date")
        if properties(package).get("pipeline:next-review") != [stamp.next_review.isoformat()]:
            problems.append("the next review date in the metadata is not the source's")
        title_page = "".join(ElementTree.fromstring(book.read("EPUB/titlepage.xhtml")).itertext())
        if stamp.line not in title_page:
            problems.append("the title page lacks the review stamp")
        if stamp.disclaimer not in title_page:
            problems.append("the title page lacks the disclaimer, word for word")
        return problems


CHECK = EpubCheck()
check, check_book = CHECK.check, CHECK.check_book
