"""Download pages: `<slug>/index.html` for one summary, with its FHIR record `<slug>/fhir.json`.

Each link says what the file is for and what it costs to get (pages, sheets, size, duration),
measured from the real files beside the page (rendering/formats.py), so the page never promises
what is not there. The page lists the earlier editions kept beside it (pipeline/editions.py), says
"About this leaflet" (rendering/about.py) and carries the summary's schema.org data
(rendering/linked_data.py); the FHIR DocumentReference attaches the same files with their sizes and
hashes (rendering/fhir.py). The catalogue of them all is pipeline/catalogue/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markupsafe import Markup

from pipeline.editions import FOLDER, kept_editions
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import build_timestamp, write_atomic
from pipeline.reading.publisher import accent_css
from pipeline.rendering.about import about_for
from pipeline.rendering.fhir import write_document_reference
from pipeline.rendering.formats import FileFacts, file_facts
from pipeline.rendering.linked_data import Encoding, folder_url, medical_web_page, script
from pipeline.rendering.stamp import format_date, label, stamp_for
from pipeline.rendering.templating import render
from pipeline.writers import REGISTRY, Writer
from pipeline.writers.html import audio_player, logo_data_uri, page_css


@dataclass(frozen=True)
class Download:
    href: str
    text: str
    type: str  # MIME type, for the link's `type` attribute


def _size(n: int, lang: str) -> str:
    if n < 1024 * 1024:
        return label(lang, "size_kb", n=max(1, round(n / 1024)))
    return label(lang, "size_mb", n=f"{n / 1024 / 1024:.1f}")


def _count(pages: int, lang: str) -> str:
    return label(lang, "pages_one") if pages == 1 else label(lang, "pages_many", n=pages)


def _sheets(pages: int, lang: str) -> str:
    """The sheets of paper an imposed booklet takes: two of its pages (sides) a sheet."""
    sheets = (pages + 1) // 2
    return label(lang, "sheets_one") if sheets == 1 else label(lang, "sheets_many", n=sheets)


def download(f: FileFacts, lang: str, under: str = "") -> Download:
    """The link to one file (in the page's folder `under`), worded with its measured size, pages and length."""
    facts = {"size": _size(f.size, lang)}
    if f.pages is not None:
        facts["sheets" if f.suffix.endswith("-imposed.pdf") else "pages"] = (_sheets if f.suffix.endswith("-imposed.pdf") else _count)(
            f.pages, lang
        )
    if f.seconds is not None:
        seconds = round(f.seconds)
        facts["duration"] = label(lang, "duration", minutes=seconds // 60, seconds=seconds % 60)
    return Download(f"{under}/{f.path.name}" if under else f.path.name, label(lang, f.link_key, **facts), f.mime)


def downloads(summary: Summary, folder: Path, suffixes: tuple[str, ...] | None = None, under: str = "") -> list[Download]:
    """One link per file that exists beside the page, or in its folder `under` (of those `suffixes`, if given)."""
    return [download(f, summary.meta.language, under) for f in file_facts(summary, Path(folder) / under, suffixes)]


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
        out.append(
            Edition(words or label(lang, "edition_reviewed", reviewed=reviewed), downloads(summary, folder, under=f"{FOLDER}/{name}"))
        )
    return [e for e in out if e.files]


class PagesWriter(Writer):
    """The download page of each summary and its FHIR DocumentReference."""

    name = "pages"
    caches = ("woff2",)
    outputs = ("index.html", "fhir.json")
    needs = ("html", "pdf", "booklet", "epub", "audio", "read-aloud", "braille", "easy-read")  # their sizes, pages, lengths and hashes
    templates = ("_blocks.html.j2", "page.*", "large-print.css")
    links_translations = True

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        lang = summary.meta.language
        files = file_facts(summary, Path(folder))
        names = {f.path.name: label(lang, f.name_key) for f in files}
        encodings = [Encoding(f.path.name, f.mime, names[f.path.name], f.size, f.seconds) for f in files]
        html = render(
            "page.html.j2",
            summary=summary,
            meta=summary.meta,
            stamp=stamp_for(summary),
            about=about_for(summary, REGISTRY),
            lang=lang,
            title=label(lang, "download_title", title=summary.meta.title),
            modified=build_timestamp(summary),
            downloads=[download(f, lang) for f in files],
            editions=earlier_editions(summary, Path(folder)),
            audio=audio_player(summary, Path(folder)),
            download_url=download_url(summary),
            linked_data=script(medical_web_page(summary, "", encodings)),
            style=Markup(page_css() + accent_css(summary.publisher, light_only=True)),
            publisher=summary.publisher,
            logo_src=logo_data_uri(summary),
        )
        return [write_atomic(Path(folder) / "index.html", html), write_document_reference(summary, files, Path(folder))]


WRITER = PagesWriter()


def download_url(summary: Summary) -> str | None:
    """Where the summary's download page is published, if the source says (also the QR code's target)."""
    return folder_url(summary)
