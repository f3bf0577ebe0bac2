"""The PDF leaflet: the summary's HTML markup plus print CSS, rendered by WeasyPrint in-process.

One HTML document a summary, rendered once a variant (A4, US Letter, large print and, with
`--print-marks`, A4 with bleed and crop marks). A variant is only a different set of
stylesheets, never another template (WeasyPrint's variants are a table too).
Tagged PDF/UA-1; the font comes from the installed fontpkg package, never from the system;
WeasyPrint may read nothing but our templates, that font and the summary's own images.
"""

from __future__ import annotations

import io
import logging
import os
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pikepdf
import segno
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from pipeline import __version__
from pipeline.errors import OutputError
from pipeline.model import ListBlock, Summary, walk_blocks
from pipeline.options import Options
from pipeline.output import atomic_path, build_timestamp
from pipeline.reading.publisher import accent_css, hyphenation_css
from pipeline.rendering import fonts
from pipeline.rendering.fonts import font_dir, font_dirs
from pipeline.rendering.stamp import label, labels, stamp_for
from pipeline.rendering.templating import render, template_file, template_roots
from pipeline.writers.pdf import tags as pdf_tags

FALLBACK_FAMILY = "Leaflet Fallback"
ALLOWED_FONTS = ("Atkinson-Hyperlegible", "Leaflet-Fallback")  # embedded names: the @font-face families


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

# --- the boundary to the outside world ---------------------------------------------------


class _Refused(Exception):
    pass


class RestrictedFetcher(URLFetcher):
    """Lets WeasyPrint read only files inside `roots` or one of `files` (real paths, so no
    `..` or symlink escape); refuses every other file, http(s), data: and any other scheme.

    WeasyPrint only logs a failed fetch; `fail_on_errors` makes it stop the rendering, and
    `refused` keeps the URL so the writer can name it.
    """

    def __init__(self, roots: tuple[Path, ...], files: frozenset[Path] = frozenset()) -> None:
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)
        self.roots = tuple(Path(os.path.realpath(r)) for r in roots)
        self.files = frozenset(Path(os.path.realpath(f)) for f in files)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            self._check(url)
        except _Refused:
            self.refused.append(url)
            raise
        return super().fetch(url, headers)

    def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise _Refused(url)
        real = Path(os.path.realpath(unquote(parts.path)))
        if real not in self.files and not any(root in real.parents for root in self.roots):
            raise _Refused(url)


class _Problems(logging.Handler):
    """WeasyPrint's errors (a missing lang or alt, a failed resource): ours become hard errors."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _refusal(fetcher: RestrictedFetcher, what: str) -> OutputError:
    allowed = "the project's templates, its font and images beside the source"
    return OutputError(f"{what}: refused to read {fetcher.refused[0]}: the leaflet may only use {allowed}")


@contextmanager
def _guarded(fetcher: RestrictedFetcher, what: str) -> Iterator[None]:
    """Turn a refused URL or a WeasyPrint error into one clear OutputError.

    A refusal stops the rendering (FatalURLFetchingError), except inside an SVG, where
    WeasyPrint catches it and logs an error: the fetcher's record names the URL either way.
    """
    problems = _Problems()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(problems)
    try:
        yield
    except FatalURLFetchingError as exc:
        if fetcher.refused:
            raise _refusal(fetcher, what) from None
        raise OutputError(f"{what}: {exc} ({exc.__cause__})") from None
    finally:
        logger.removeHandler(problems)
    if fetcher.refused:
        raise _refusal(fetcher, what)
    if problems.messages:
        raise OutputError(f"{what}: WeasyPrint: {'; '.join(problems.messages)}")


# --- stylesheets, parsed once a process ----------------------------------------------------


@cache
def _fonts() -> FontConfiguration:
    return FontConfiguration()


def _shared_fetcher() -> RestrictedFetcher:
    return RestrictedFetcher((*template_roots(), *font_dirs()))


def _stylesheet(name: str) -> CSS:
    """A template stylesheet (ours or the publisher's), or the generated @font-face rules."""
    return _parsed(name if name == "@font-face" else template_file(name))


@cache
def _parsed(name: str | Path) -> CSS:
    """A stylesheet parsed once and reused by every render."""
    fetcher = _shared_fetcher()
    with _guarded(fetcher, f"stylesheet {name}"):
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


def css_string(text: str) -> str:
    """`text` as a quoted CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_css(summary: Summary, variant: Variant) -> str:
    """The page size and the running footer (stamp + "Page N of M" in the summary's language)."""
    # "Page {page} of {pages}" -> "Page " counter(page) " of " counter(pages)
    parts: list[str] = []
    for literal, field, _, _ in string.Formatter().parse(str(labels(summary.meta.language)["page_of"])):
        if literal:
            parts.append(css_string(literal))
        if field in ("page", "pages"):
            parts.append(f"counter({field})")
    return (
        (
            f"@page {{ size: {variant.page_size};"
            f" @bottom-left {{ content: {css_string(stamp_for(summary).short)}; }}"
            f" @{variant.page_number_box} {{ content: {' '.join(parts)}; }} }}\n"
        )
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
    return info | ({"Publisher": meta.publisher} if meta.publisher else {})


def french_spacing(html: str) -> str:
    """Keep « » ; : ! ? on the line of the word they belong to (a no-break space, as French print does)."""
    html = re.sub(r"« ", "«\u00a0", html)
    return re.sub(r" ([»;:!?])", "\u00a0\\1", html)


def leaflet_html(summary: Summary) -> str:
    meta, lang = summary.meta, summary.meta.language
    when = build_timestamp(summary)
    url = download_url(summary)
    keywords = [meta.title, *(entry.term for entry in summary.glossary)]
    html = render(
        "leaflet.html.j2",
        summary=summary,
        meta=meta,
        lang=lang,
        stamp=stamp_for(summary),
        created=when,
        generator=f"patient-info-pipeline {__version__}",
        keywords=", ".join(keywords),
        url=url,
        qr=qr_svg(url, label(lang, "qr_alt", url=url)) if url else None,
        src=lambda figure: figure.path.as_uri(),
        logo_src=summary.publisher.logo.as_uri() if summary.publisher and summary.publisher.logo else "",
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
    with _guarded(fetcher, what):
        document = html.render(_fonts(), **options)
        if fit is not None and len(document.pages) == SHEET_PAGES + 1:
            tighter = html.render(_fonts(), **{**options, "stylesheets": [*stylesheets, fit]})
            if len(tighter.pages) <= SHEET_PAGES:
                document = tighter
        pdf = document.write_pdf(**options)
    assert pdf is not None
    return _finish(pdf, what, text, info or {})


def embedded_fonts(pdf: pikepdf.Pdf) -> set[str]:
    """The fonts the pages use, without the subset prefix ('Atkinson-Hyperlegible-Bold')."""
    names = set()
    for page in pdf.pages:
        for _, font in page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary()).items():
            names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
    return names


def _finish(pdf_bytes: bytes, what: str, text: str, info: dict[str, str]) -> bytes:
    """Check the fonts, mark the running footer as an artifact and add our document information."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _refuse_fallback_fonts(pdf, what, text)
        pdf_tags.repair(pdf)
        for key, value in info.items():
            pdf.docinfo[pikepdf.Name("/" + key)] = value
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _refuse_fallback_fonts(pdf: pikepdf.Pdf, what: str, text: str) -> None:
    """A character missing from our fonts is drawn as an empty box, or with whatever font the
    machine has (so the leaflet would change from machine to machine): name it instead."""
    foreign = sorted(name for name in embedded_fonts(pdf) if not name.startswith(ALLOWED_FONTS))
    covered = fonts.covered()  # once: it walks every font file (10 s a build when asked per character)
    drawable = {c for c in text if c.isprintable() and not c.isspace()}
    missing = sorted(c for c in drawable if ord(c) not in covered)
    named = " ".join(f"{c} (U+{ord(c):04X})" for c in missing)
    if missing:
        drawn = f"; WeasyPrint fell back to the system font {', '.join(foreign)}" if foreign else ""
        fonts_of_ours = f"neither {fonts.FAMILY} nor {fonts.FALLBACK_NAME}"
        raise OutputError(f"{what}: {fonts_of_ours} has a glyph for {named}{drawn}. Use other characters in the source.")
    if foreign:
        # our fonts have them, yet Pango took the machine's font: a bold face lacks them (emoji, which
        # Pango sends to fontconfig's emoji fonts whatever the CSS says, the reader refuses first)
        bold = fonts.covered_bold()
        suspects = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(drawable) if ord(c) not in bold)
        raise OutputError(
            f"{what}: WeasyPrint drew {suspects or 'some characters'} with the machine's font {', '.join(foreign)}, not ours,"
            " so the leaflet would differ from machine to machine. Use other characters in the source."
        )


def figure_files(summary: Summary) -> frozenset[Path]:
    return frozenset(f.path for f in summary.figures)


def logo_files(summary: Summary) -> frozenset[Path]:
    return frozenset([summary.publisher.logo]) if summary.publisher and summary.publisher.logo else frozenset()


class Leaflet:
    """One summary's leaflet document, parsed once and rendered in any variant."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.fetcher = RestrictedFetcher((*template_roots(), *font_dirs()), figure_files(summary) | logo_files(summary))
        self.source = leaflet_html(summary)
        self.html = HTML(string=self.source, base_url=str(summary.path.parent) + "/", url_fetcher=self.fetcher)
        self.images: dict[str, Any] = {}  # decoded images, shared by the variants
        self.info = document_info(summary)

    def render(self, variant: Variant, fit: bool = True) -> bytes:
        page = CSS(string=_page_css(self.summary, variant), url_fetcher=self.fetcher)
        sheets = [_stylesheet("@font-face"), *map(_stylesheet, variant.stylesheets), page]
        what = f"{self.summary.slug}-{variant.suffix}.pdf"
        tighter = _stylesheet(FIT) if fit and variant.sheet else None
        return render_pdf(self.html, self.fetcher, sheets, what, self.images, text=self.source, info=self.info, fit=tighter)


def variant(suffix: str) -> Variant:
    return next(v for v in VARIANTS if v.suffix == suffix)


class PdfWriter:
    name = "pdf"
    links_translations = True  # the back page names the other languages: rebuilt when they change

    def variants(self, options: Options) -> list[Variant]:
        return [v for v in VARIANTS if options.print_marks or not v.print_only]

    def filenames(self, summary: Summary, options: Options) -> list[str]:
        return [f"{summary.slug}-{v.suffix}.pdf" for v in self.variants(options)]

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        leaflet = Leaflet(summary)
        # render every variant before writing any, so a failure leaves the earlier set whole
        rendered = {folder / f"{summary.slug}-{each.suffix}.pdf": leaflet.render(each) for each in self.variants(options)}
        for target, pdf in rendered.items():
            with atomic_path(target) as tmp:
                tmp.write_bytes(pdf)
        return list(rendered)


WRITER = PdfWriter()
