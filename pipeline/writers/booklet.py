"""The booklet: the leaflet's markup as a folded booklet, and the sheets to print it on.

Clinics print patient information mostly as A5 booklets: A4 sheets printed on both sides, folded
once and stapled in the fold. `<slug>-a5.pdf` is the booklet in reading order (tagged PDF/UA-1,
checked like the leaflets): a cover, the topics, and a back page with the clinic's panel or the
publisher's contact line, the box the nurse writes in, the disclaimer, the review lines and the QR
code. A folded booklet has a multiple of four pages: the pages a printer adds go between the last
topic and the back page (notes lines, then "This page is intentionally left blank"), never
between two lines of text. `<slug>-a5-imposed.pdf` puts its pages two a side on A4 landscape in
saddle-stitch order (pdf/impose.py). The large-print booklet is the same design at 18 pt on A4,
imposed on A3.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pikepdf

from pipeline.errors import OutputError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import atomic_path
from pipeline.rendering.stamp import direction, label
from pipeline.writers import Writer
from pipeline.writers.pdf import Leaflet, Variant, document_info, prepare
from pipeline.writers.pdf.impose import impose
from pipeline.writers.pdf.spread import spread

# What a printer adds to reach a multiple of four, in this order: one page of notes lines, then blanks.
FILLERS = ("notes", "blank", "blank")
FIT = "booklet.fit.css"


@dataclass(frozen=True)
class Booklet:
    variant: Variant  # its page size and stylesheets; <slug>-<suffix>.pdf
    sheet: str  # the paper it is imposed on (pdf/impose.py SHEETS); <slug>-<suffix>-imposed.pdf


BOOKLETS = (
    Booklet(Variant("a5", "A5", ("leaflet.css", "booklet.css"), sheet=False), "A4"),
    Booklet(
        Variant(
            "large-print-booklet",
            "A4",
            ("leaflet.css", "leaflet.large-print.css", "booklet.css", "booklet.large-print.css"),
            page_number_box="top-right",
            sheet=False,
        ),
        "A3",
    ),
)


def pages_of(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def booklet_pdf(summary: Summary, variant: Variant) -> bytes:
    """The booklet in `variant`, its pages a multiple of four: laid out once without fillers, then,
    if it needs them, with as many as make the count up (each a page of its own before the back page,
    so the pages before them lay out as they did)."""
    plain = Leaflet(summary, "booklet.html.j2", fmt="booklet", write_on=True, fillers=())
    pages = plain.pages(variant)
    if pages % 4 == 1:  # one page over: three pages would be added; with less air it may save that page
        tighter = replace(variant, stylesheets=(*variant.stylesheets, FIT))
        if plain.pages(tighter) == pages - 1:
            variant, pages = tighter, pages - 1
    short = -pages % 4
    if not short:
        return plain.render(variant, fit=False)
    pdf = Leaflet(summary, "booklet.html.j2", fmt="booklet", write_on=True, fillers=FILLERS[:short]).render(variant, fit=False)
    if pages_of(pdf) != pages + short:
        raise OutputError(f"{summary.slug}-{variant.suffix}.pdf: {pages} pages and {short} added did not make {pages + short}")
    return pdf


def imposed_info(summary: Summary, booklet: Booklet, info: dict[str, str]) -> dict[str, str]:
    """The booklet's document information, titled and described as a print file."""
    lang = summary.meta.language
    read_instead = f"{summary.slug}-{booklet.variant.suffix}.pdf"
    said = {
        "Title": label(lang, "imposed_title", title=summary.meta.title),
        "Subject": label(lang, "imposed_subject", file=read_instead, sheet=booklet.sheet),
    }
    return info | said | ({"Author": summary.meta.publisher} if summary.meta.publisher else {})


class BookletWriter(Writer):
    """The A5 booklet and the large-print A4 booklet (BOOKLETS), each with its imposed print file."""

    kept_in_editions = True  # a patient may have been given it: an earlier edition is kept
    name = "booklet"
    outputs = (
        "{slug}-a5.pdf",
        "{slug}-a5-imposed.pdf",
        "{slug}-large-print-booklet.pdf",
        "{slug}-large-print-booklet-imposed.pdf",
    )  # BOOKLETS' files
    templates = ("_blocks.html.j2", "_print.html.j2", "leaflet.*", "booklet.*")
    links_translations = True  # the back page names the other languages
    clinic_copies = True  # a clinic's copies carry its panel on the back page

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        info = document_info(summary)
        lang = summary.meta.language

        def pair(booklet: Booklet) -> tuple[bytes, bytes]:
            pdf = booklet_pdf(summary, booklet.variant)
            return pdf, impose(pdf, booklet.sheet, imposed_info(summary, booklet, info), lang, rtl=direction(lang) == "rtl")

        prepare((b.variant for b in BOOKLETS), FIT)
        rendered: dict[Path, bytes] = {}
        # render every booklet (on every core) before writing any, so a failure leaves the earlier set whole
        for booklet, (pdf, sheets) in zip(BOOKLETS, spread([partial(pair, b) for b in BOOKLETS]), strict=True):
            base = f"{summary.slug}-{booklet.variant.suffix}"
            rendered[folder / f"{base}.pdf"] = pdf
            rendered[folder / f"{base}-imposed.pdf"] = sheets
        for target, data in rendered.items():
            with atomic_path(target) as tmp:
                tmp.write_bytes(data)
        return list(rendered)


WRITER = BookletWriter()
