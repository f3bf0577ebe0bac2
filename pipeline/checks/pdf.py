"""PDF checks: a readable tagged PDF, made from the current source, stamped on every page,
in the embedded leaflet font, and clean for the PDF/UA checker."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf

from pipeline.checks.validators import need, pdf_checkers
from pipeline.errors import OutputError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN
from pipeline.reading.translations import STALE
from pipeline.rendering.stamp import direction, stamp_for
from pipeline.writers.pdf import translations_info
from pipeline.writers.pdf.finish import ALLOWED_FONTS


def normalise(text: str) -> str:
    """Text as extracted from a PDF or a tag, for comparison: one space, no soft hyphens or breaks."""
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return " ".join(text.split())


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    return {path: check_leaflet(summary, path, quick) for path in files}


def check_leaflet(summary: Summary, path: Path, quick: bool = False) -> list[str]:
    try:
        with pikepdf.open(path) as pdf:
            if (why := stale(summary, pdf)) is not None:
                return [why]
            problems = _check_document(summary, pdf)
    except pikepdf.PdfError as exc:
        return [f"not a readable PDF: {exc}"]
    problems += _check_words(summary, path)
    if not quick and not problems:
        problems += [report.problem() for report in pdf_checkers(path) if not report.ok]
    return problems


def stale(summary: Summary, pdf: pikepdf.Pdf) -> str | None:
    """Why a printed file (leaflet, booklet, imposed sheets) is not the current one, from its
    document information: made from another version of the source, naming other translations than
    the summary has now, or a clinic's copy of another clinic's file (or the summary's own)."""
    if str(pdf.docinfo.get("/SourceSHA256", "")) != summary.source_sha256:
        return f"stale: made from an earlier version of the source; {BUILD_AGAIN}"
    if str(pdf.docinfo.get("/Translations", "")) != translations_info(summary):
        return STALE
    if str(pdf.docinfo.get("/ClinicSHA256", "")) == (summary.clinic.sha256 if summary.clinic else ""):
        return None
    if summary.clinic:
        return f"stale: not made from the current {summary.clinic.path.name}; {BUILD_AGAIN}"
    return f"a clinic's copy ({pdf.docinfo.get('/Clinic', '?')}), not the summary's own; {BUILD_AGAIN}"


def _check_document(summary: Summary, pdf: pikepdf.Pdf) -> list[str]:
    info, stamp = pdf.docinfo, stamp_for(summary)
    problems = []
    if (str(info.get("/Reviewed", "")), str(info.get("/NextReview", ""))) != (stamp.reviewed.isoformat(), stamp.next_review.isoformat()):
        problems.append("the review dates in the document information are not the source's")
    if str(info.get("/Title", "")) != summary.meta.title:
        problems.append("the document title is not the summary's title")
    if str(pdf.Root.get("/Lang", "")) != summary.meta.language:
        problems.append(f"the document language is not {summary.meta.language}")
    mark_info = pdf.Root.get("/MarkInfo", pikepdf.Dictionary())
    if "/StructTreeRoot" not in pdf.Root or not bool(mark_info.get("/Marked", False)):
        problems.append("not a tagged PDF")
    for name, embedded in _fonts(pdf):
        if not name.split("+", 1)[-1].startswith(ALLOWED_FONTS) or not embedded:
            problems.append(f"font {name} is not the embedded leaflet font")
    return problems


def _fonts(pdf: pikepdf.Pdf) -> list[tuple[str, bool]]:
    """(name, embedded) of every font the pages use."""
    fonts: dict[str, bool] = {}
    empty = pikepdf.Dictionary()
    for page in pdf.pages:
        for _, font in page.obj.get("/Resources", empty).get("/Font", empty).items():
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", empty)
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont", "?")).lstrip("/")] = embedded
    return sorted(fonts.items())


_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# Lam-alef is one glyph in every Arabic font; pdftotext (and MuPDF) read its two letters in reverse
# when they reorder a right-to-left line, though the PDF's ToUnicode maps them in order.
_LAM_ALEF = {"لا": "ال", "لأ": "أل", "لإ": "إل", "لآ": "آل"}


def comparable(text: str, rtl: bool = False) -> str:
    """Text as pdftotext gives it, for comparison: one space; for a right-to-left language only its
    letters and digits, with lam-alef as pdftotext reads it."""
    text = normalise(text)
    if not rtl:
        return text
    # letters and digits only: spaces and punctuation ("·", "/") move when a line is reordered
    text = "".join(c for c in text.translate(_BIDI_MARKS) if unicodedata.category(c)[0] in "LN")
    for ligature, extracted in _LAM_ALEF.items():
        text = text.replace(ligature, extracted)
    return text


def _check_words(summary: Summary, path: Path) -> list[str]:
    pdftotext = need("pdftotext", "install poppler-utils (make does)")
    try:
        text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    except (subprocess.SubprocessError, OSError) as exc:
        raise OutputError(f"pdftotext could not read {path}: {exc}") from None
    rtl = direction(summary.meta.language) == "rtl"
    pages = [comparable(page, rtl) for page in text.split("\f")[:-1]]
    stamp = stamp_for(summary)
    problems = [f"page {n} lacks the review stamp" for n, page in enumerate(pages, 1) if comparable(stamp.short, rtl) not in page]
    if comparable(stamp.disclaimer, rtl) not in " ".join(pages):
        problems.append("the disclaimer is not there word for word")
    return problems
