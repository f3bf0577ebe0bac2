"""The PDF leaflet: the summary's HTML markup plus print CSS, rendered by WeasyPrint in-process.

One HTML document a summary, rendered once a variant (A4, US Letter, large print and, with
`--print-marks`, A4 with bleed and crop marks). A variant is only a different set of
stylesheets, never another template (WeasyPrint's variants are a table too).
Tagged PDF/UA-1; the font comes from the installed fontpkg package, never from the system;
WeasyPrint may read nothing but our templates, that font and the summary's own images.
"""

from __future__ import annotations

import multiprocessing.util
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import segno

from pipeline import __version__
from pipeline.model import ListBlock, Summary, walk_blocks
from pipeline.options import Options
from pipeline.output import atomic_path, build_timestamp
from pipeline.reading.publisher import accent_css, hyphenation_css
from pipeline.rendering import fonts
from pipeline.rendering.about import about_for
from pipeline.rendering.fonts import font_dir, font_dirs
from pipeline.rendering.stamp import label, labels, stamp_for
from pipeline.rendering.templating import render, template_file, template_roots
from pipeline.writers import REGISTRY, Writer
from pipeline.writers.pdf.engine import CSS, HTML, FontConfiguration
from pipeline.writers.pdf.fetcher import RestrictedFetcher, guarded
from pipeline.writers.pdf.finish import finish
from pipeline.writers.pdf.spread import spread

FALLBACK_FAMILY = "Leaflet Fallback"


@dataclass(frozen=True)
class Variant:
    suffix: str  # <slug>-<suffix>.pdf
    page_size: str  # CSS `size`
    stylesheets: tuple[str, ...]  # files in templates/, applied in order
    print_only: bool = False  # only with options.print_marks
    page_number_box: str = "bottom-right"  # @page margin box for "Page N of M"
    sheet: bool = True  # a handout: one page over a double-sided sheet is tightened to fit (leaflet.fit.css)


VARIANTS: tuple[Variant, ...] = (
    Variant("a4", "A4", ("leaflet.css",)),
    Variant("letter", "letter", ("leaflet.css",)),
    # at 18 pt the stamp needs the footer's whole width: the page number goes to the top
    Variant("large-print", "A4", ("leaflet.css", "leaflet.large-print.css"), page_number_box="top-right", sheet=False),
    Variant("a4-print", "A4", ("leaflet.css", "leaflet.print-marks.css"), print_only=True),
)

# --- stylesheets, parsed once a process ----------------------------------------------------


@cache
def _fonts() -> FontConfiguration:
    config = FontConfiguration()
    # WeasyPrint removes the folder it copies @font-face files into in __del__, which never runs
    # for an object kept to the end of a process, nor in one ended by os._exit (cli.main.run, a
    # pool's worker): removed at exit instead, in the process that made it (a fork does not).
    multiprocessing.util.Finalize(None, config.__del__, exitpriority=0)
    return config


def _shared_fetcher() -> RestrictedFetcher:
    return RestrictedFetcher((*template_roots(), *font_dirs()))


def _stylesheet(name: str) -> CSS:
    """A template stylesheet (ours or the publisher's), or the generated @font-face rules."""
    return _parsed(name if name == "@font-face" else template_file(name))


@cache
def _parsed(name: str | Path) -> CSS:
    """A stylesheet parsed once and reused by every render."""
    fetcher = _shared_fetcher()
    with guarded(fetcher, f"stylesheet {name}"):
        if name == "@font-face":
            return CSS(string=_font_face_css(), url_fetcher=fetcher, font_config=_fonts())
        return CSS(filename=str(name), url_fetcher=fetcher, font_config=_fonts())


def _font_face_css() -> str:
    families = [(fonts.FAMILY, font_dir(), fonts.FILES), (FALLBACK_FAMILY, fonts.FALLBACK_DIR, fonts.FALLBACK_FILES)]
    return "".join(
        f"@font-face {{ font-family: '{family}'; src: url('{(folder / file).as_uri()}') format('truetype');"
        f" font-weight: {weight}; font-style: {style}; }}\n"
        for family, folder, files in families
        for (weight, style), file in files.items()
        if (folder / file).is_file()
    )


def prepare(variants: Iterable[Variant], *more: str) -> None:
    """Parse the variants' stylesheets (and `more`) now, before they are spread over processes: the
    children have them."""
    for name in ("@font-face", *(name for v in variants for name in v.stylesheets), *more):
        _stylesheet(name)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_rule(summary: Summary, size: str, number_box: str = "bottom-right") -> str:
    """The @page rule of every printed PDF: its size and the running footer, the stamp's short
    line and "Page N of M" in the summary's language."""
    # "Page {page} of {pages}" -> "Page " counter(page) " of " counter(pages)
    parts: list[str] = []
    for literal, field, _, _ in string.Formatter().parse(str(labels(summary.meta.language)["page_of"])):
        if literal:
            parts.append(css_string(literal))
        if field in ("page", "pages"):
            parts.append(f"counter({field})")
    return (
        f"@page {{ size: {size};"
        f" @bottom-left {{ content: {css_string(stamp_for(summary).short)}; }}"
        f" @{number_box} {{ content: {' '.join(parts)}; }} }}\n"
    )


def _page_css(summary: Summary, variant: Variant) -> str:
    """A variant's page, and the publisher's accent, hyphenation and the lists' start numbers."""
    return (
        page_rule(summary, variant.page_size, variant.page_number_box)
        + accent_css(summary.publisher)
        + hyphenation_css(summary.publisher)
        + _list_starts_css(summary)
    )


def _list_starts_css(summary: Summary) -> str:
    """WeasyPrint ignores <ol start>: each numbered list that starts elsewhere than 1 gets its counter set."""
    blocks = (b for section in summary.sections for b in walk_blocks(section.blocks + (section.plain or ())))
    starts = sorted({b.start for b in blocks if isinstance(b, ListBlock) and b.ordered and b.start != 1})
    return "".join(f'ol[start="{n}"] {{ counter-reset: list-item {n - 1}; }}\n' for n in starts)


# --- the document ---------------------------------------------------------------------------


def qr_svg(url: str, alt: str) -> str:
    """An inline SVG QR code; its <title> becomes the Figure's Alt in the tagged PDF."""
    return str(segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, title=alt))


def download_url(summary: Summary) -> str | None:
    site = summary.meta.site_url
    return f"{site.rstrip('/')}/{summary.slug}/" if site else None


def translations_info(summary: Summary) -> str:
    """'slug:language' of each translation, as the back page names them ('' for none)."""
    return " ".join(f"{t.slug}:{t.language}" for t in summary.translations)


def document_info(summary: Summary) -> dict[str, str]:
    """Custom document information entries, read back by `pipeline check` to detect a stale PDF."""
    meta = summary.meta
    info = {
        "SourceSHA256": summary.source_sha256,
        "Slug": summary.slug,
        "Reviewed": meta.reviewed.isoformat(),
        "NextReview": meta.next_review.isoformat(),
        "Disclaimer": meta.disclaimer,
        "Translations": translations_info(summary),  # the languages its back page names
    }
    info |= {"Publisher": meta.publisher} if meta.publisher else {}
    clinic = summary.clinic
    return info | ({"Clinic": f"{clinic.id}: {clinic.name}", "ClinicSHA256": clinic.sha256} if clinic else {})


def french_spacing(html: str) -> str:
    """Keep « » ; : ! ? on the line of the word they belong to (a no-break space, as French print does)."""
    html = re.sub(r"« ", "«\u00a0", html)
    return re.sub(r" ([»;:!?])", "\u00a0\\1", html)


def leaflet_html(summary: Summary, template: str = "leaflet.html.j2", fmt: str = "pdf", **more: object) -> str:
    """The printed document: the leaflet, or (`template`) a kind of it such as the booklet; a clinic's
    copy (summary.clinic) has the clinic's panel and a write-on box for the next appointment."""
    meta, lang = summary.meta, summary.meta.language
    when = build_timestamp(summary)
    url = download_url(summary)
    keywords = [meta.title, *(entry.term for entry in summary.glossary)]
    clinic = summary.clinic
    html = render(
        template,
        summary=summary,
        meta=meta,
        lang=lang,
        stamp=stamp_for(summary),
        about=about_for(summary, REGISTRY, fmt),
        created=when,
        generator=f"patient-info-pipeline {__version__}",
        keywords=", ".join(keywords),
        url=url,
        qr=qr_svg(url, label(lang, "qr_alt", url=url)) if url else None,
        src=lambda figure: figure.path.as_uri(),
        logo_src=summary.publisher.logo.as_uri() if summary.publisher and summary.publisher.logo else "",
        clinic=clinic,
        clinic_logo_src=clinic.logo.as_uri() if clinic and clinic.logo else "",
        **({"write_on": clinic is not None} | more),
    )
    if lang.split("-")[0].lower() == "fr":  # only the body: the metadata keeps the source's words
        head, body = html.split("<body>", 1)
        html = head + "<body>" + french_spacing(body)
    return html


SHEET_PAGES = 2  # a handout: one sheet printed on both sides
FIT = "leaflet.fit.css"


def render_pdf(
    html: HTML,
    fetcher: RestrictedFetcher,
    stylesheets: list[CSS],
    what: str,
    cache: dict[str, Any] | None = None,
    text: str = "",
    info: dict[str, str] | None = None,
    fit: CSS | None = None,
) -> bytes:
    """One PDF/UA-1 rendering, checked to use only our font, with the running footer marked as an artifact.

    With `fit`, a layout that runs one page past the sheet is laid out again with that stylesheet
    added (less air, the same text and sizes) and kept if it fits: two pages instead of three for a
    few lines over. A longer one flows onto more sheets as it is."""
    options: dict[str, Any] = {"stylesheets": stylesheets, "pdf_variant": "pdf/ua-1", "cache": cache if cache is not None else {}}
    options["pdf_identifier"] = True  # a content hash, not a random /ID
    with guarded(fetcher, what):
        document = html.render(_fonts(), **options)
        if fit is not None and len(document.pages) == SHEET_PAGES + 1:
            tighter = html.render(_fonts(), **{**options, "stylesheets": [*stylesheets, fit]})
            if len(tighter.pages) <= SHEET_PAGES:
                document = tighter
        pdf = document.write_pdf(**options)
    assert pdf is not None
    return finish(pdf, what, text, info or {})


def figure_files(summary: Summary) -> frozenset[Path]:
    return frozenset(f.path for f in summary.figures)


def logo_files(summary: Summary) -> frozenset[Path]:
    """The publisher's logo and a clinic's copy's clinic logo: the only images besides the figures."""
    brand = summary.publisher.logo if summary.publisher else None
    return frozenset(logo for logo in (brand, summary.clinic.logo if summary.clinic else None) if logo)


class Leaflet:
    """One summary's leaflet document, parsed once and rendered in any variant."""

    def __init__(self, summary: Summary, template: str = "leaflet.html.j2", fmt: str = "pdf", **more: object) -> None:
        self.summary = summary
        self.fetcher = RestrictedFetcher((*template_roots(), *font_dirs()), figure_files(summary) | logo_files(summary))
        self.source = leaflet_html(summary, template, fmt, **more)
        self.html = HTML(string=self.source, base_url=str(summary.path.parent) + "/", url_fetcher=self.fetcher)
        self.images: dict[str, Any] = {}  # decoded images, shared by the variants
        self.info = document_info(summary)

    def stylesheets(self, variant: Variant) -> list[CSS]:
        page = CSS(string=_page_css(self.summary, variant), url_fetcher=self.fetcher)
        return [_stylesheet("@font-face"), *map(_stylesheet, variant.stylesheets), page]

    def pages(self, variant: Variant) -> int:
        """The number of pages in `variant`: a layout, no PDF written."""
        with guarded(self.fetcher, f"{self.summary.slug}-{variant.suffix}.pdf"):
            document = self.html.render(_fonts(), stylesheets=self.stylesheets(variant), pdf_variant="pdf/ua-1", cache=self.images)
        return len(document.pages)

    def render(self, variant: Variant, fit: bool = True) -> bytes:
        sheets = self.stylesheets(variant)
        what = f"{self.summary.slug}-{variant.suffix}.pdf"
        tighter = _stylesheet(FIT) if fit and variant.sheet else None
        return render_pdf(self.html, self.fetcher, sheets, what, self.images, text=self.source, info=self.info, fit=tighter)


def variant(suffix: str) -> Variant:
    return next(v for v in VARIANTS if v.suffix == suffix)


class PdfWriter(Writer):
    """The leaflet: A4 and US Letter handouts, large print, and the print shop's A4 with marks (VARIANTS)."""

    kept_in_editions = True  # a patient may have been given it: an earlier edition is kept
    name = "pdf"
    outputs = ("{slug}-a4.pdf", "{slug}-letter.pdf", "{slug}-large-print.pdf", "{slug}-a4-print.pdf")  # VARIANTS' files
    settings = ("print_marks",)  # the print shop's A4
    templates = ("_blocks.html.j2", "_print.html.j2", "leaflet.*")
    links_translations = True  # the back page names the other languages
    clinic_copies = True  # a clinic's copies carry its panel and the write-on box

    def variants(self, options: Options) -> list[Variant]:
        return [v for v in VARIANTS if options.print_marks or not v.print_only]

    def filenames(self, summary: Summary, options: Options) -> list[str]:
        return [f"{summary.slug}-{v.suffix}.pdf" for v in self.variants(options)]

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        leaflet = Leaflet(summary)
        variants = self.variants(options)
        prepare(variants, FIT)
        # render every variant before writing any, so a failure leaves the earlier set whole
        pdfs = spread([partial(leaflet.render, each) for each in variants])
        rendered = {folder / f"{summary.slug}-{each.suffix}.pdf": pdf for each, pdf in zip(variants, pdfs, strict=True)}
        for target, pdf in rendered.items():
            with atomic_path(target) as tmp:
                tmp.write_bytes(pdf)
        return list(rendered)


WRITER = PdfWriter()
