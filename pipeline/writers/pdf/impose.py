"""Imposition: a booklet's pages two a side on landscape sheets, in saddle-stitch order, for an
office printer. Printed double-sided, flipped on the short edge, the pile folded once and stapled
in the fold, it reads 1, 2, 3 ... (8 pages: 8|1, 2|7, 6|3, 4|5).

The booklet's own pages are placed as they are (pikepdf Form XObjects: nothing is drawn again), so
the sheets print exactly what the booklet shows. The result is a print file, not a document to
read: no tags, and its title, subject and keywords say so and name the booklet to read instead.
"""

from __future__ import annotations

import io

import pikepdf

from pipeline.errors import OutputError

# landscape sheets, in points: an A5 booklet on A4, an A4 booklet on A3
SHEETS = {"A4": (841.89, 595.28), "A3": (1190.55, 841.89)}
PRINT_FILE = "print file, not for screen readers"


def saddle_stitch(pages: int, rtl: bool = False) -> list[tuple[int, int]]:
    """(left, right) page numbers of each side, sheet by sheet, front then back: 8 pages give
    [(8, 1), (2, 7), (6, 3), (4, 5)]. A right-to-left booklet (Arabic, Hebrew) is bound on its
    right, its cover the left half of the outer sheet: each pair the other way round, (1, 8) first."""
    if pages <= 0 or pages % 4:
        raise ValueError(f"a saddle-stitched booklet has a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        outer, inner = pages - 2 * sheet, 2 * sheet + 1
        sides += [(outer, inner), (inner + 1, outer - 1)]
    return [(right, left) for left, right in sides] if rtl else sides


def impose(booklet: bytes, sheet: str, info: dict[str, str], language: str, rtl: bool = False) -> bytes:
    """The booklet's pages on `sheet` landscape sheets in saddle-stitch order, each page centred in
    its half (an A5 page is 0.5 mm narrower than half an A4); `info` is the document information
    (with Title and Subject saying it is a print file). Each side's page label is its pair, "8|1"."""
    width, height = SHEETS[sheet]
    with pikepdf.open(io.BytesIO(booklet)) as source, pikepdf.new() as out:
        sides = saddle_stitch(len(source.pages), rtl)
        for left, right in sides:
            side = out.add_blank_page(page_size=(width, height))
            forms, drawn = pikepdf.Dictionary(), []
            for number, x0 in ((left, 0.0), (right, width / 2)):
                page = source.pages[number - 1]
                box = [float(v) for v in page.mediabox]
                if box[2] - box[0] > width / 2 + 2 or box[3] - box[1] > height + 2:
                    raise OutputError(f"a {box[2] - box[0]:.0f} x {box[3] - box[1]:.0f} pt page does not fit half a {sheet} sheet")
                # centred in its half; named after its page, not at random, so that a rebuild is byte for byte the same
                x = x0 + (width / 2 - (box[2] - box[0])) / 2 - box[0]
                y = (height - (box[3] - box[1])) / 2 - box[1]
                forms[f"/Page{number}"] = out.copy_foreign(page.as_form_xobject())
                drawn.append(f"q 1 0 0 1 {x:.4f} {y:.4f} cm /Page{number} Do Q")
            side.obj.Resources = pikepdf.Dictionary(XObject=forms)
            side.obj.Contents = out.make_stream("\n".join(drawn).encode())
        labels: list[object] = []  # each side's label is its pair of pages, with no number of its own
        for n, (left, right) in enumerate(sides):
            labels += [n, pikepdf.Dictionary(P=pikepdf.String(f"{left}|{right}"))]
        out.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(labels))
        out.Root.Lang = pikepdf.String(language)
        out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)  # the title says it is a print file
        with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = info["Title"]
            xmp["dc:description"] = info["Subject"]
            xmp["pdf:Keywords"] = PRINT_FILE
        for key in ("/CreationDate", "/ModDate"):  # the booklet's: the build time, never the clock
            if key in source.docinfo:
                out.docinfo[key] = source.docinfo[key]
        for key, value in {**info, "Imposition": " ".join(f"{a}|{b}" for a, b in sides), "Keywords": PRINT_FILE}.items():
            out.docinfo[pikepdf.Name("/" + key)] = value
        result = io.BytesIO()
        out.save(result, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return result.getvalue()
