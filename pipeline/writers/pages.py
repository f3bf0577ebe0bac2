"""Download pages: `<slug>/index.html` for one summary, and the catalogue `index.html` of all.

Each link says what the file is for and what it costs to get (pages, size, duration),
measured from the real files beside the page, so the page never promises what is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markupsafe import Markup

from pipeline.editions import FOLDER, kept_editions
from pipeline.errors import OutputError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import build_timestamp, write_atomic
from pipeline.reading.publisher import accent_css
from pipeline.rendering.about import about_for
from pipeline.rendering.stamp import format_date, label, language_name, stamp_for
from pipeline.rendering.templating import render
from pipeline.writers import REGISTRY, Writer
from pipeline.writers.html import audio_player, logo_data_uri, page_css

# (file suffix, locale key), in the order a patient is offered them.
DOWNLOADS = (
    ("-a4.pdf", "download_a4"),
    ("-letter.pdf", "download_letter"),
    ("-large-print.pdf", "download_large_print_pdf"),
    ("-a5.pdf", "download_booklet"),
    ("-a5-imposed.pdf", "download_booklet_imposed"),  # a print file: it says so, and what to print it on
    ("-large-print-booklet.pdf", "download_large_print_booklet"),
    ("-large-print-booklet-imposed.pdf", "download_large_print_booklet_imposed"),
    ("-large-print.html", "download_html"),
    (".epub", "download_epub"),
    ("-read-aloud.epub", "download_read_aloud"),
    (".mp3", "download_audio"),
    (".vtt", "download_transcript"),
    (".brf", "download_braille"),
    (".pef", "download_pef"),
    ("-easy-read.pdf", "download_easy_read_pdf"),
    ("-easy-read.html", "download_easy_read_html"),
)


@dataclass(frozen=True)
class Download:
    href: str
    text: str
    type: str  # MIME type, for the link's `type` attribute


def _size(n: int, lang: str) -> str:
    if n < 1024 * 1024:
        return label(lang, "size_kb", n=max(1, round(n / 1024)))
    return label(lang, "size_mb", n=f"{n / 1024 / 1024:.1f}")


def _page_count(path: Path) -> int:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise OutputError(f"cannot read {path}: {exc}") from None


def _pages(path: Path, lang: str) -> str:
    return _count(_page_count(path), lang)


def _sheets(path: Path, lang: str) -> str:
    """The sheets of paper an imposed booklet takes: two of its pages (sides) a sheet."""
    sheets = (_page_count(path) + 1) // 2
    return label(lang, "sheets_one") if sheets == 1 else label(lang, "sheets_many", n=sheets)


def _count(pages: int, lang: str) -> str:
    return label(lang, "pages_one") if pages == 1 else label(lang, "pages_many", n=pages)


def _duration(path: Path, lang: str) -> str:
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        info = MP3(path).info
        seconds = round(info.length) if info else 0
    except HeaderNotFoundError as exc:
        raise OutputError(f"cannot read {path}: {exc}") from None
    return label(lang, "duration", minutes=seconds // 60, seconds=seconds % 60)


MIME = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".epub": "application/epub+zip",
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".brf": "application/x-brf",  # no registered type; what braille libraries serve
    ".pef": "application/x-pef+xml",
}


def downloads(summary: Summary, folder: Path, under: str = "") -> list[Download]:
    """One link per file that exists beside the page (or in its folder `under`), worded with its measured size."""
    lang = summary.meta.language
    found = []
    for suffix, key in DOWNLOADS:
        path = folder / under / f"{summary.slug}{suffix}"
        if not path.is_file():
            continue
        facts = {"size": _size(path.stat().st_size, lang)}
        if suffix.endswith("-imposed.pdf"):
            facts["sheets"] = _sheets(path, lang)
        elif suffix.endswith(".pdf"):
            facts["pages"] = _pages(path, lang)
        if suffix == ".mp3":
            facts["duration"] = _duration(path, lang)
        if suffix == ".brf":  # a form feed ends each braille page
            facts["pages"] = _count(path.read_bytes().count(b"\f"), lang)
        if suffix == ".pef":
            facts["pages"] = _count(path.read_bytes().count(b"<page>"), lang)
        found.append(Download(f"{under}/{path.name}" if under else path.name, label(lang, key, **facts), MIME[path.suffix]))
    return found


@dataclass(frozen=True)
class Edition:
    name: str  # "Version 1, reviewed 7 April 2025"
    files: list[Download]


def earlier_editions(summary: Summary, folder: Path) -> list[Edition]:
    """The editions kept beside the page (pipeline/editions.py), the newest first, each with its files."""
    lang = summary.meta.language
    out = []
    for name, edition, _ in kept_editions(folder):
        reviewed = format_date(date.fromisoformat(str(edition["reviewed"])), lang)
        words = label(lang, "edition_version", version=edition["version"], reviewed=reviewed) if edition.get("version") else None
        out.append(Edition(words or label(lang, "edition_reviewed", reviewed=reviewed), downloads(summary, folder, f"{FOLDER}/{name}")))
    return [e for e in out if e.files]


class PagesWriter(Writer):
    """The download page of each summary (and, from `catalogue`, the catalogue of them all)."""

    name = "pages"
    caches = ("woff2",)
    outputs = ("index.html",)
    needs = ("html", "pdf", "booklet", "epub", "audio", "read-aloud", "braille", "easy-read")  # it gives their sizes, pages and lengths
    templates = ("_blocks.html.j2", "page.*", "catalogue.*", "large-print.css")
    links_translations = True

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        lang = summary.meta.language
        html = render(
            "page.html.j2",
            summary=summary,
            meta=summary.meta,
            stamp=stamp_for(summary),
            about=about_for(summary, REGISTRY),
            lang=lang,
            title=label(lang, "download_title", title=summary.meta.title),
            modified=build_timestamp(summary),
            downloads=downloads(summary, Path(folder)),
            editions=earlier_editions(summary, Path(folder)),
            audio=audio_player(summary, Path(folder)),
            download_url=download_url(summary),
            style=Markup(page_css() + accent_css(summary.publisher, light_only=True)),
            publisher=summary.publisher,
            logo_src=logo_data_uri(summary),
        )
        return [write_atomic(Path(folder) / "index.html", html)]


WRITER = PagesWriter()


def download_url(summary: Summary) -> str | None:
    """Where the summary's download page is published, if the source says (also the QR code's target)."""
    site = summary.meta.site_url
    return f"{site.rstrip('/')}/{summary.slug}/" if site else None


def write_catalogue(summaries: list[Summary], out_dir: Path, today: date | None = None) -> Path:
    """`index.html` listing every summary, marking those whose review is overdue."""
    today = today or date.today()
    ordered = sorted(summaries, key=lambda s: s.meta.title.casefold())
    languages = {s.meta.language for s in ordered}
    lang = languages.pop() if len(languages) == 1 else "en"
    entries = [
        {
            "summary": s,
            "stamp": stamp_for(s),
            "reviewed": label(s.meta.language, "catalogue_reviewed", reviewed=format_date(s.meta.reviewed, s.meta.language)),
            "overdue": today > s.meta.next_review,
            "braille": [d for d in downloads(s, Path(out_dir) / s.slug) if d.href.endswith(".brf")],
            "also": [(f"{t.slug}/index.html", t.language, language_name(t.language)) for t in s.translations],
        }
        for s in ordered
    ]
    # A catalogue in several languages is grouped by language, the most summaries first.
    by_language: dict[str, list[dict[str, object]]] = {}
    for summary, entry in zip(ordered, entries, strict=True):
        by_language.setdefault(summary.meta.language, []).append(entry)
    groups = [
        {"code": code, "name": language_name(code), "entries": group}
        for code, group in sorted(by_language.items(), key=lambda item: (-len(item[1]), language_name(item[0]).casefold()))
    ]
    # One content repository, one publisher: the catalogue wears the first summary's branding.
    brand = ordered[0] if ordered else None
    publisher = brand.publisher if brand else None
    html = render(
        "catalogue.html.j2",
        groups=groups,
        lang=lang,
        title=label(lang, "catalogue_title"),
        style=Markup(page_css() + accent_css(publisher, light_only=True)),
        publisher=publisher,
        logo_src=logo_data_uri(brand) if brand else "",
    )
    return write_atomic(Path(out_dir) / "index.html", html)
