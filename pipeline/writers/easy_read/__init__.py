"""Easy Read: `<slug>-easy-read.pdf` and `<slug>-easy-read.html`, from the sections' `::: easy` texts.

One idea a row, its picture on the left (UK Easy Read guidance; pictures from pipeline/pictures/),
18 pt Atkinson Hyperlegible at 1.5 line spacing, a front page with the title and a picture, a
page of hard words, and the review and disclaimer in Easy Read words beside the exact disclaimer.
The PDF is the leaflet's render (pdf/: WeasyPrint, PDF/UA-1, the same fetcher, fonts and tag
repairs); the page is one self-contained file like the large-print page. A summary with no
Easy Read text writes neither (`filenames()` is empty; Make's rules ask for them only of a source
with a `::: easy` line).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from pipeline import __version__
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import atomic_path, build_timestamp, write_atomic
from pipeline.reading.publisher import accent_css
from pipeline.rendering.stamp import label, stamp_for
from pipeline.rendering.templating import render, template_file
from pipeline.writers import Writer
from pipeline.writers.easy_read.document import EasyDocument, easy_document
from pipeline.writers.html import data_uri, font_face_css, logo_data_uri, other_versions

SUFFIXES = ("-easy-read.pdf", "-easy-read.html")


class EasyReadWriter(Writer):
    """The Easy Read PDF and web page, for a summary with Easy Read text."""

    name = "easy-read"
    caches = ("woff2",)
    outputs = ("{slug}-easy-read.pdf", "{slug}-easy-read.html")
    after = ("pdf", "epub", "audio", "read-aloud", "braille")  # the page links to them
    templates = ("_blocks.html.j2", "easy-read.*")
    links_translations = True
    #: the source line Make looks for (grep -E): a summary without it has no Easy Read outputs
    source_marker = "^:{3,}[[:space:]]*easy[[:space:]]*$"

    def filenames(self, summary: Summary, options: Options) -> list[str]:
        return [summary.slug + suffix for suffix in SUFFIXES] if summary.easy_read_drawable else []

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        if not summary.easy_read_drawable:
            return []  # no Easy Read text, or a picture set not installed here (the reader warned)
        pdf_path, html_path = (Path(folder) / name for name in self.filenames(summary, options))
        pdf = render_pdf(summary)  # both made before either is written: a failure leaves the earlier pair
        page = render_page(summary, other_versions(summary, Path(folder), options))
        with atomic_path(pdf_path) as tmp:
            tmp.write_bytes(pdf)
        return [pdf_path, write_atomic(html_path, page)]


WRITER = EasyReadWriter()


def _html(summary: Summary, document: EasyDocument, medium: str, **more: object) -> str:
    lang = summary.meta.language
    return render(
        "easy-read.html.j2",
        summary=summary,
        meta=summary.meta,
        lang=lang,
        medium=medium,
        title=label(lang, "easy_title", title=summary.meta.title),
        stamp=stamp_for(summary),
        modified=build_timestamp(summary),
        generator=f"patient-info-pipeline {__version__}",
        publisher=summary.publisher,
        cover=document.cover,
        intro=document.intro,
        parts=document.parts,
        hard_words=document.hard_words,
        about=document.about,
        credits=document.credits,
        **more,
    )


def render_page(summary: Summary, versions: list[tuple[str, str]]) -> str:
    """The web page: one file, its font, pictures and styles inside it."""
    document = easy_document(summary, data_uri)
    style = font_face_css() + template_file("easy-read.css").read_text("utf-8") + accent_css(summary.publisher, light_only=True)
    return _html(summary, document, "screen", style=Markup(style), versions=versions, logo_src=logo_data_uri(summary))


def page_css(summary: Summary) -> str:
    """The PDF's page: A4, the stamp and "Page N of M" in the running footer (as the leaflet's)."""
    from pipeline.writers.pdf import page_rule

    return page_rule(summary, "A4") + accent_css(summary.publisher)


def render_pdf(summary: Summary) -> bytes:
    from pipeline.rendering.fonts import font_dirs
    from pipeline.rendering.templating import template_roots
    from pipeline.writers.pdf import _stylesheet, document_info, logo_files
    from pipeline.writers.pdf import render_pdf as render_leaflet
    from pipeline.writers.pdf.engine import CSS, HTML
    from pipeline.writers.pdf.fetcher import RestrictedFetcher

    files = frozenset(i.file for _, easy in summary.easy_read for i in easy.ideas if i.file is not None)
    fetcher = RestrictedFetcher((*template_roots(), *font_dirs()), files | logo_files(summary))
    document = easy_document(summary, lambda path: path.as_uri())
    logo = summary.publisher.logo.as_uri() if summary.publisher and summary.publisher.logo else ""
    source = _html(summary, document, "print", logo_src=logo)
    html = HTML(string=source, base_url=str(summary.path.parent) + "/", url_fetcher=fetcher)
    sheets = [_stylesheet("@font-face"), _stylesheet("easy-read.css"), _stylesheet("easy-read.print.css")]
    sheets.append(CSS(string=page_css(summary), url_fetcher=fetcher))
    return render_leaflet(html, fetcher, sheets, f"{summary.slug}-easy-read.pdf", {}, text=source, info=document_info(summary))
