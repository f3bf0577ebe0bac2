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
import unicodedata
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

from .. import __version__, fonts
from ..errors import OutputError
from ..fonts import font_dir, font_dirs
from ..model import ListBlock, Summary, walk_blocks
from ..options import Options
from ..output import atomic_path, build_timestamp
from ..publisher import accent_css, hyphenation_css
from ..stamp import label, labels, stamp_for
from ..templating import render, template_file, template_roots

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
        _artifact_margin_boxes(pdf)
        _markers_in_reading_order(pdf)
        _list_bodies(pdf)
        _print_links(pdf)
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
        # our fonts have them, yet Pango took the machine's font: a bold face lacking them, or emoji,
        # which Pango sends to fontconfig's emoji fonts whatever the CSS says (the page would vary by machine)
        bold = fonts.covered_bold()
        suspects = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(drawable) if ord(c) not in bold or _emoji_like(c))
        raise OutputError(
            f"{what}: WeasyPrint drew {suspects or 'some characters'} with the machine's font {', '.join(foreign)}, not ours,"
            " so the leaflet would differ from machine to machine. Use other characters in the source."
        )


def _emoji_like(char: str) -> bool:
    """Pictographs and dingbats (U+2600 on, symbols), which Pango draws with an emoji font if it can."""
    return ord(char) >= 0x2600 and unicodedata.category(char) == "So"


def _print_links(pdf: pikepdf.Pdf) -> None:
    """Set the Print flag on every annotation (PDF/UA-1 7.18.1: what prints and what a reader
    gets must not differ); WeasyPrint 70 writes link annotations with no /F at all."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            flags = int(annotation.get("/F", 0))
            annotation.F = (flags | 4) & ~(2 | 32)  # Print on; Hidden and NoView off


def _artifact_margin_boxes(pdf: pikepdf.Pdf) -> None:
    """Mark the running footer (@page margin boxes) as /Artifact /Pagination.

    WeasyPrint 70 tags margin-box text as /Span with structure elements it never links into
    the tree (pdf/tags.py: "could be included in tree as Artifact, but that's only allowed in
    PDF 2.0"); a screen reader should not read "Page 1 of 2" between paragraphs.
    """
    tree = pdf.Root.StructTreeRoot
    reachable: set[tuple[int, int]] = set()
    stack = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and node.objgen not in reachable:
            reachable.add(node.objgen)
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    nums = tree.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    artifact = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
    for page in pdf.pages:
        index = page.obj.get("/StructParents")
        slots = parents.get(int(index)) if index is not None else None
        if not isinstance(slots, pikepdf.Array):
            continue
        orphans = {i for i, elem in enumerate(slots) if isinstance(elem, pikepdf.Dictionary) and elem.objgen not in reachable}
        if not orphans:
            continue
        ops: list[Any] = []
        for instruction in pikepdf.parse_content_stream(page):
            operands, op = list(instruction.operands), instruction.operator
            if str(op) == "BDC" and isinstance(operands[-1], pikepdf.Dictionary) and int(operands[-1].get("/MCID", -1)) in orphans:
                instruction = pikepdf.ContentStreamInstruction(artifact, op)
            ops.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        for i in orphans:
            slots[i] = pikepdf.Object.parse(b"null")


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])


def _role(node: Any) -> Any:
    return node.get("/S") if isinstance(node, pikepdf.Dictionary) else None


def _list_bodies(pdf: pikepdf.Pdf) -> None:
    """Every list item as L > LI > (Lbl, LBody), a nested list inside its item's LBody.

    WeasyPrint 70 tags an item whose text is a block (a paragraph, then a nested list) as
    LI > (Lbl, P), and puts the nested list beside the item, in the outer L (PDF/UA-1 7.6: LI may
    hold only Lbl and LBody; a screen reader would lose the nesting). The misplaced elements move
    into the item's LBody (made when it has none); their marked content stays where it is."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = _kids(node)
        stack.extend(kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.MCR)
        if _role(node) != pikepdf.Name.L:
            continue
        items: list[Any] = []
        for kid in kids:
            if _role(kid) == pikepdf.Name.L and items and _role(items[-1]) == pikepdf.Name.LI:
                _body(pdf, items[-1], [kid])  # a nested list belongs to the item before it
            else:
                items.append(kid)
        for item in items:
            if _role(item) == pikepdf.Name.LI:
                _body(pdf, item, [])
        node.K = pikepdf.Array(items)


def _body(pdf: pikepdf.Pdf, item: Any, more: list[Any]) -> None:
    """Put the item's children other than Lbl and LBody, then `more`, at the end of its LBody."""
    kids = _kids(item)
    loose = [kid for kid in kids if _role(kid) not in (pikepdf.Name.Lbl, pikepdf.Name.LBody)] + more
    if not loose or not all(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.MCR for kid in loose):
        return  # nothing to move, or marked content of its own (its parent tree entry would need to follow)
    body = next((kid for kid in kids if _role(kid) == pikepdf.Name.LBody), None)
    if body is None:
        body = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item, K=pikepdf.Array()))
    for kid in loose:
        kid.P = body
    body.K = pikepdf.Array(_kids(body) + loose)
    item.K = pikepdf.Array([kid for kid in kids if _role(kid) == pikepdf.Name.Lbl] + [body])


def _page_mcids(pdf: pikepdf.Pdf) -> dict[tuple[int, int], list[tuple[int, bool]]]:
    """Each page's marked content in structure-tree (reading) order: (MCID, in a list label), by page object."""
    found: dict[tuple[int, int], list[tuple[int, bool]]] = {}

    def visit(node: Any, page: Any, in_label: bool) -> None:
        page = node.get("/Pg", page)
        in_label = in_label or node.get("/S") == pikepdf.Name.Lbl
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                found.setdefault(kid.get("/Pg", page).objgen, []).append((int(kid.MCID), in_label))
            elif isinstance(kid, pikepdf.Dictionary):
                visit(kid, page, in_label)
            elif page is not None:
                found.setdefault(page.objgen, []).append((int(kid), in_label))

    visit(pdf.Root.StructTreeRoot, None, False)
    return found


def _markers_in_reading_order(pdf: pikepdf.Pdf) -> None:
    """Paint each list marker just before its item's text, as the tags read.

    WeasyPrint 70 lays out an outside ::marker as an absolutely positioned box, so it paints every
    marker of a page after the page's text: a page of lists reads out of order to a tool that
    follows the content stream (outloud ORD-001). Each marker is a self-contained `q ... BDC ...
    EMC ... Q` run placed by its own text matrix; it moves, with the colour it was painted in, to
    before the marked content that follows it in the tree. Anything else is left where it is."""
    order = _page_mcids(pdf)
    for page in pdf.pages:
        tree = order.get(page.obj.objgen, [])
        if not any(is_label for _, is_label in tree):
            continue
        ops = list(pikepdf.parse_content_stream(page))
        runs, states = _marked_runs(ops)
        moves: dict[int, list[Any]] = {}  # index in `ops` -> the runs to paint just before it
        moved: set[int] = set()
        for (mcid, is_label), (after, _) in zip(tree, tree[1:], strict=False):
            if not is_label or mcid not in runs or after not in runs:
                continue
            (start, end, movable), (dest, _, _) = runs[mcid], runs[after]
            if not movable or start < dest or states[start][0] != states[dest][0]:  # in place already, or another transform
                continue
            run = ops[start:end]
            moves.setdefault(dest, []).extend([run[0], *states[start][1], *run[1:]])  # its colour, inside its own q
            moved.update(range(start, end))
        if not moves:
            continue
        out: list[Any] = []
        for i, instruction in enumerate(ops):
            out.extend(moves.get(i, []))
            if i not in moved:
                out.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


COLOUR_OPS = {"rg", "g", "k", "cs", "sc", "scn", "gs"}


def _marked_runs(ops: list[Any]) -> tuple[dict[int, tuple[int, int, bool]], list[tuple[tuple[Any, ...], list[Any]]]]:
    """Each MCID's run in `ops` (start, end, whether it is `q.. BDC .. EMC Q..` and may move), for
    marked content opened outside any other and outside text; and at each index, the transform
    (every `cm` in force) and the colour operators in force."""
    runs: dict[int, tuple[int, int, bool]] = {}
    states: list[tuple[tuple[Any, ...], list[Any]]] = []
    saved: list[tuple[tuple[Any, ...], list[Any]]] = []
    ctm: tuple[Any, ...] = ()
    colour: list[Any] = []
    depth, in_text, opened = 0, False, None
    for i, instruction in enumerate(ops):
        states.append((ctm, colour))
        op = str(instruction.operator)
        if op == "q":
            saved.append((ctm, colour))
        elif op == "Q" and saved:
            ctm, colour = saved.pop()
        elif op == "cm":
            ctm = (*ctm, tuple(float(x) for x in instruction.operands))
        elif op in COLOUR_OPS:
            colour = [*(c for c in colour if str(c.operator) != op), instruction]
        elif op in ("BT", "ET"):
            in_text = op == "BT"
        elif op in ("BDC", "BMC"):
            depth += 1
            props = instruction.operands[-1]
            if depth == 1 and not in_text and op == "BDC" and isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                qs = 0
                while i - qs > 0 and str(ops[i - qs - 1].operator) == "q":
                    qs += 1
                opened = (int(props.MCID), i - qs, qs)
        elif op == "EMC":
            depth -= 1
            if depth == 0 and opened:
                mcid, start, qs = opened
                end = i + 1 + qs
                closed = end <= len(ops) and all(str(ops[j].operator) == "Q" for j in range(i + 1, end))
                runs[mcid] = (start, end if closed else i + 1, closed and qs > 0)
                opened = None
    return runs, states


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
