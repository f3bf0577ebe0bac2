"""The files of a summary that a patient can download, measured: what each is, its type, size, pages or
length and hash, read from the real file beside the page. The download page words its links with
them, its schema.org data lists them, the FHIR DocumentReference attaches them.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.model import Summary

# (file suffix, locale key of the download link, locale key of its name), in the order a patient is offered them.
FILES = (
    ("-a4.pdf", "download_a4", "version_pdf_a4"),
    ("-letter.pdf", "download_letter", "version_pdf_letter"),
    ("-large-print.pdf", "download_large_print_pdf", "version_pdf_large_print"),
    ("-a5.pdf", "download_booklet", "version_booklet"),
    ("-a5-imposed.pdf", "download_booklet_imposed", "version_booklet_imposed"),  # a print file: it says so, and what to print it on
    ("-large-print-booklet.pdf", "download_large_print_booklet", "version_large_print_booklet"),
    ("-large-print-booklet-imposed.pdf", "download_large_print_booklet_imposed", "version_large_print_booklet_imposed"),
    ("-large-print.html", "download_html", "version_html"),
    (".epub", "download_epub", "version_epub"),
    ("-read-aloud.epub", "download_read_aloud", "version_read_aloud"),
    (".mp3", "download_audio", "version_audio"),
    (".vtt", "download_transcript", "version_transcript"),
    (".brf", "download_braille", "version_braille"),
    (".pef", "download_pef", "version_pef"),
    ("-easy-read.pdf", "download_easy_read_pdf", "version_easy_read_pdf"),
    ("-easy-read.html", "download_easy_read_html", "version_easy_read_html"),
)

MIME = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".epub": "application/epub+zip",
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".brf": "application/x-brf",  # no registered type; what braille libraries serve
    ".pef": "application/x-pef+xml",
}


@dataclass(frozen=True)
class FileFacts:
    path: Path
    suffix: str  # "-a4.pdf"
    link_key: str  # the download link's words (en.yaml)
    name_key: str  # what the file is (en.yaml)
    size: int  # bytes
    pages: int | None = None  # PDF pages, braille pages
    seconds: float | None = None  # audio length

    @property
    def mime(self) -> str:
        return MIME[self.path.suffix]

    def sha1(self) -> str:
        """The SHA-1 of the bytes, base64 (FHIR's Attachment.hash)."""
        return base64.b64encode(hashlib.sha1(self.path.read_bytes()).digest()).decode("ascii")


def file_facts(summary: Summary, folder: Path, suffixes: tuple[str, ...] | None = None) -> list[FileFacts]:
    """The facts of each downloadable file that exists in `folder` (of those `suffixes`, if given)."""
    found = []
    for suffix, link_key, name_key in FILES:
        path = Path(folder) / f"{summary.slug}{suffix}"
        if (suffixes is not None and suffix not in suffixes) or not path.is_file():
            continue
        pages = seconds = None
        if suffix.endswith(".pdf"):
            pages = _pdf_pages(path)
        elif suffix == ".mp3":
            seconds = _mp3_seconds(path)
        elif suffix == ".brf":  # a form feed ends each braille page
            pages = path.read_bytes().count(b"\f")
        elif suffix == ".pef":
            pages = path.read_bytes().count(b"<page>")
        found.append(FileFacts(path, suffix, link_key, name_key, path.stat().st_size, pages, seconds))
    return found


def _pdf_pages(path: Path) -> int:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise OutputError(f"cannot read {path}: {exc}") from None


def _mp3_seconds(path: Path) -> float:
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        info = MP3(path).info
    except HeaderNotFoundError as exc:
        raise OutputError(f"cannot read {path}: {exc}") from None
    return float(info.length) if info else 0.0
