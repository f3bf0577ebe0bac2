"""EPUB 3 writer: XHTML pages from the shared block markup, packaged by EbookLib.

The recipe (after Sphinx's Epub3Builder): cover, title page, summary, one page a section,
glossary, colophon; the metadata, navigation and reproducible zip are the ebooks' shared
skeleton (writers/ebook.py).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebooklib import epub

from pipeline.errors import OutputError
from pipeline.model import Figure, Summary, walk_blocks
from pipeline.options import Options
from pipeline.reading.clean import image_bytes
from pipeline.rendering.about import about_for
from pipeline.rendering.stamp import label, stamp_for
from pipeline.rendering.templating import render
from pipeline.writers import REGISTRY
from pipeline.writers.ebook import COVER_NAME, CSS_NAME, XHTML, Contents, EbookWriter, source_url

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}


@dataclass(frozen=True)
class Page:
    """One XHTML document of the book, in reading order."""

    uid: str
    file_name: str
    title: str
    content: str


class EpubWriter(EbookWriter):
    """The EPUB 3 ebook for Apple Books, Kobo and Thorium."""

    name = "epub"
    outputs = ("{slug}.epub",)

    def claims(self, summary: Summary) -> dict[str, bool]:
        return {"has_images": bool(_figure_files(summary) or _logo_name(summary))}

    def contents(self, book: epub.EpubBook, summary: Summary, options: Options) -> Contents:
        lang = summary.meta.language
        figures = _figure_files(summary)
        for figure, name in figures.items():
            media_type = MEDIA_TYPES[figure.path.suffix.lower()]
            book.add_item(epub.EpubItem(uid=Path(name).stem, file_name=name, media_type=media_type, content=_read(figure.path)))
        if summary.publisher and summary.publisher.logo:
            media_type, content = summary.publisher.logo_type, _read(summary.publisher.logo)
            book.add_item(epub.EpubItem(uid="logo", file_name=_logo_name(summary), media_type=media_type, content=content))
        pages = make_pages(summary, figures)
        items = {p.uid: epub.EpubItem(uid=p.uid, file_name=p.file_name, media_type=XHTML, content=p.content.encode("utf-8")) for p in pages}
        for item in items.values():
            book.add_item(item)
        by_uid = {page.uid: page for page in pages}
        first_text = by_uid["summary"]
        after = [
            {"type": "text", "href": first_text.file_name, "title": first_text.title},
        ]
        if "glossary" in by_uid:
            after.append({"type": "glossary", "href": by_uid["glossary"].file_name, "title": by_uid["glossary"].title})
        # Reading order: cover, title page, contents, then the text.
        return Contents(
            before_nav=[items["cover"], items["titlepage"]],
            after_nav=[item for uid, item in items.items() if uid not in ("cover", "titlepage")],
            toc=[epub.Link(p.file_name, p.title, p.uid) for p in pages if p.uid != "cover"],
            landmarks_before=[
                {"type": "cover", "href": by_uid["cover"].file_name, "title": by_uid["cover"].title},
                {"type": "titlepage", "href": by_uid["titlepage"].file_name, "title": label(lang, "title_page")},
            ],
            landmarks_after=after,
        )


WRITER = EpubWriter()


def make_pages(summary: Summary, figures: dict[Figure, str], only: Collection[str] | None = None) -> list[Page]:
    """Every XHTML document (or those whose uid is in `only`), in reading order, rendered from templates/epub/."""
    meta, lang = summary.meta, summary.meta.language
    common: dict[str, Any] = {
        "lang": lang,
        "css": CSS_NAME,
        "meta": meta,
        "stamp": stamp_for(summary),
        "about": about_for(summary, REGISTRY, "epub"),
        "publisher": summary.publisher,
        "logo_src": _logo_name(summary),
    }

    def page(uid: str, title: str, template: str, **context: Any) -> Page:
        if only is not None and uid not in only:
            return Page(uid, f"{uid}.xhtml", title, "")  # not wanted: not rendered (dropped below)
        return Page(uid, f"{uid}.xhtml", title, render(f"epub/{template}.xhtml.j2", **common, **context))

    pages = [
        page("cover", label(lang, "cover"), "cover", cover_href=COVER_NAME, cover_alt=label(lang, "cover_alt", title=meta.title)),
        page("titlepage", meta.title, "titlepage"),
        page("summary", label(lang, "summary_heading"), "summary"),
    ]
    pages += [
        page(f"section-{n:02d}", section.title, "section", section=section, src=lambda figure: figures[figure])
        for n, section in enumerate(summary.sections, start=1)
    ]
    if summary.glossary:
        pages.append(page("glossary", label(lang, "glossary_heading"), "glossary", glossary=summary.glossary))
    pages.append(page("colophon", label(lang, "colophon"), "colophon", source_url=source_url(summary)))
    return [p for p in pages if only is None or p.uid in only]


def _logo_name(summary: Summary) -> str:
    """The publisher's logo inside the book ('' when there is none)."""
    logo = summary.publisher.logo if summary.publisher else None
    return f"images/logo{logo.suffix.lower()}" if logo else ""


def _figure_files(summary: Summary) -> dict[Figure, str]:
    """The images the book shows (sections' full text, not the plain rewrites), with their names in the book."""
    shown = [b for s in summary.sections for b in walk_blocks(s.blocks) if isinstance(b, Figure)]
    names: dict[Figure, str] = {}
    for figure in shown:
        names.setdefault(figure, f"images/figure-{len(names) + 1:02d}{figure.path.suffix.lower()}")
    return names


def _read(path: Path) -> bytes:
    try:
        return image_bytes(path)  # without its metadata (GPS, camera, author's notes)
    except OSError as exc:
        raise OutputError(f"cannot read image {path}: {exc.strerror or exc}") from None
