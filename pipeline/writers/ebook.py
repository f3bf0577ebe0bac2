"""What the two ebooks share (the EPUB and the read-aloud EPUB): one skeleton, as Sphinx's EPUB
builders share theirs. A book is its metadata, its stylesheet and cover, the pages a kind of book
adds (`EbookWriter.contents`), the navigation, and a reproducible zip.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import PIL
from ebooklib import epub
from PIL import Image, ImageDraw, ImageFont

from pipeline.cache import remembered
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import atomic_path, build_time, cache_dir
from pipeline.rendering.fonts import bold_for
from pipeline.rendering.links import url
from pipeline.rendering.stamp import direction, label, stamp_for
from pipeline.rendering.templating import template_file
from pipeline.writers import Writer

CSS_NAME = "book.css"
COVER_NAME = "images/cover.png"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Identifiers are uuid5(this namespace, slug): stable across rebuilds, different per summary.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:patient-info-pipeline:epub")
# Our own OPF properties (read back by `pipeline check`); EPUB needs a declared prefix for them.
PREFIX = ("pipeline", "urn:patient-info-pipeline:meta#")
XHTML = "application/xhtml+xml"


@dataclass
class Contents:
    """The pages a kind of book adds between its cover and its navigation, in reading order."""

    before_nav: list[epub.EpubItem]  # the spine before the contents page
    after_nav: list[epub.EpubItem]  # and after it
    toc: list[epub.Link]
    landmarks_before: list[dict[str, str]] = field(default_factory=list)  # the guide, around the contents page's entry
    landmarks_after: list[dict[str, str]] = field(default_factory=list)


class EbookWriter(Writer):
    """An EPUB 3 book of the summary; a subclass says what it holds (`claims`, `contents`)."""

    kept_in_editions = True  # a patient may have been given it: an earlier edition is kept
    templates = ("_blocks.html.j2", "epub/*")
    links_translations = True  # dc:relation names the other languages' books
    caches: ClassVar[tuple[str, ...]] = ("covers",)
    #: CSS added after templates/epub/book.css
    extra_css: str = ""

    def claims(self, summary: Summary) -> dict[str, bool]:
        """What the accessibility metadata says the book holds (set_metadata's has_images, narrated)."""
        raise NotImplementedError

    def contents(self, book: epub.EpubBook, summary: Summary, options: Options) -> Contents:
        """Add the book's own items (pages, images, audio) to `book`; say their reading order."""
        raise NotImplementedError

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        target = Path(folder) / self.filenames(summary, options)[0]
        return [write_book(summary, self.make_book(summary, options), target)]

    def make_book(self, summary: Summary, options: Options) -> epub.EpubBook:
        lang = summary.meta.language
        book = epub.EpubBook()
        set_metadata(book, summary, **self.claims(summary))
        css = template_file(f"epub/{CSS_NAME}").read_bytes() + self.extra_css.encode()
        book.add_item(epub.EpubItem(uid="css", file_name=CSS_NAME, media_type="text/css", content=css))
        book.set_cover(COVER_NAME, cover_png(summary.meta.title), create_page=False)
        contents = self.contents(book, summary, options)
        nav = epub.EpubNav(title=label(lang, "contents"))
        nav.add_link(href=CSS_NAME, rel="stylesheet", type="text/css")
        book.add_item(nav)
        book.add_item(epub.EpubNcx())
        book.spine = [*contents.before_nav, nav, *contents.after_nav]
        book.toc = contents.toc
        # The guide feeds both the EPUB 2 <guide> and the EPUB 3 landmarks ("text" -> bodymatter).
        toc = {"type": "toc", "href": nav.file_name, "title": label(lang, "contents")}
        book.guide = [*contents.landmarks_before, toc, *contents.landmarks_after]
        return book


def write_book(summary: Summary, book: epub.EpubBook, target: Path) -> Path:
    """Package `book` reproducibly (fixed zip times, the review date as its modified date), atomically."""
    settings = {"mtime": build_time(summary), "landmark_title": label(summary.meta.language, "landmarks")}
    with atomic_path(target) as tmp:
        ReproducibleWriter(str(tmp), book, settings).write_book()
    return target


def source_url(summary: Summary) -> str | None:
    """The summary's page online (README: <site_url>/<slug>/), if the source names a site."""
    site = summary.meta.site_url
    return f"{site.rstrip('/')}/{summary.slug}/" if site else None


# Metadata ---------------------------------------------------------------------------------


def book_identifier(slug: str) -> str:
    """The EPUB's dc:identifier: stable across builds, so readers keep their place and translations can name it."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, slug)}"


def related(summary: Summary) -> list[tuple[str, str, str | None]]:
    """(dc:relation, identifier, schema.org property) of each translation (translation_of): where the
    other version's EPUB is published (else its identifier, which its own EPUB carries), and which
    way it goes: the original is this one's translationOfWork, the original's translations its
    workTranslation (sibling translations are related, no more)."""
    out = []
    for member in summary.translations:
        identifier = book_identifier(member.slug)
        relation = url(member, f"{member.slug}.epub") if member.site_url else identifier
        if member.original:
            way: str | None = "schema:translationOfWork"
        else:
            way = "schema:workTranslation" if summary.meta.translation_of is None else None
        out.append((relation, identifier, way))
    return out


def set_metadata(book: epub.EpubBook, summary: Summary, has_images: bool, narrated: bool = False) -> None:
    """Dublin Core, EPUB Accessibility 1.1 and our own properties; `narrated`: a read-aloud book."""
    meta, lang = summary.meta, summary.meta.language
    stamp = stamp_for(summary)
    book.set_identifier(book_identifier(summary.slug))
    book.set_title(meta.title)
    book.set_language(lang)
    if direction(lang) == "rtl":  # the spine's page-progression-direction: pages turn right to left
        book.set_direction("rtl")
    book.add_metadata("DC", "description", meta.summary)
    book.add_metadata("DC", "date", meta.reviewed.isoformat())
    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher)
        book.add_author(meta.publisher)  # the shelf shows a creator; an unsigned leaflet's is its publisher
    if meta.site_url:
        book.add_metadata("DC", "source", source_url(summary))
    book.add_prefix(*PREFIX)

    def prop(name: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name})

    # EPUB Accessibility 1.1 (the schema:, a11y: and dcterms: prefixes are reserved: no declaration).
    prop("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA")
    # The claim needs a party behind it: the publisher, else the words saying how it was checked.
    prop("a11y:certifiedBy", meta.publisher or label(lang, "epub_certifier"))
    prop("schema:accessMode", "textual")
    if has_images:
        prop("schema:accessMode", "visual")
    if narrated:
        prop("schema:accessMode", "auditory")
    prop("schema:accessModeSufficient", "textual")
    if narrated:
        prop("schema:accessModeSufficient", "auditory")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    features += ["alternativeText"] if has_images else []
    features += ["synchronizedAudioText"] if narrated else []
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    words = label(lang, "epub_a11y_summary") + (" " + label(lang, "epub_a11y_images") if has_images else "")
    words += " " + label(lang, "epub_a11y_narrated") if narrated else ""
    prop("schema:accessibilitySummary", words)

    for relation, identifier, direction_of in related(summary):
        book.add_metadata("DC", "relation", relation)
        if direction_of:
            prop(direction_of, identifier)

    # What `pipeline check` and a curious reader look for.
    prop("pipeline:source-sha256", summary.source_sha256)
    prop("pipeline:reviewed", stamp.reviewed.isoformat())
    prop("pipeline:next-review", stamp.next_review.isoformat())
    prop("pipeline:disclaimer", stamp.disclaimer)


# Cover ------------------------------------------------------------------------------------

COVER_SIZE = (1200, 1800)
COVER_INK, COVER_PAPER, COVER_RULE = (255, 255, 255), (22, 54, 92), (246, 190, 0)
COVER_VERSION = 1  # bump when _draw_cover draws differently: kept covers are then made again


def cover_png(title: str) -> bytes:
    """The title in large Atkinson Hyperlegible (DejaVu Sans for scripts it lacks) on a plain ground: the same bytes every time.

    Drawing and compressing it costs 50 ms, the largest part of an ebook's build, for the same
    picture at every build of a title: it is kept in .cache/covers/ ($PIPELINE_COVER_CACHE; `off`
    disables it), under the hash of the title, the font's bytes, the drawing's settings and Pillow's version.
    """
    font = bold_for(title)
    settings = repr((COVER_SIZE, COVER_INK, COVER_PAPER, COVER_RULE, COVER_VERSION, PIL.__version__)).encode()
    folder = cache_dir("covers")
    return remembered(folder, [title.encode(), font.read_bytes(), settings], ".png", lambda: _draw_cover(title, font))


def _draw_cover(title: str, font_file: Path) -> bytes:
    width, height = COVER_SIZE
    image = Image.new("RGB", COVER_SIZE, COVER_PAPER)
    draw = ImageDraw.Draw(image)
    margin = width // 10
    for size in range(150, 40, -10):  # the largest size at which the title fits in 7 lines
        font = ImageFont.truetype(str(font_file), size)
        lines = _wrap(title, font, width - 2 * margin)
        if lines and len(lines) <= 7 and max(font.getlength(line) for line in lines) <= width - 2 * margin:
            break
    step = int(size * 1.2)
    top = int(height * 0.42) - step * len(lines) // 2
    draw.rectangle((margin, top - size, margin + width // 5, top - size + size // 6), fill=COVER_RULE)
    for n, line in enumerate(lines):
        draw.text((margin, top + n * step), line, font=font, fill=COVER_INK)
    buffer = io.BytesIO()
    # zlib level 6, not optimize=True: 3x faster for 7 % more bytes (the cover cost half a catalogue build)
    image.save(buffer, format="PNG", compress_level=6)  # Pillow writes no time chunk: stable bytes
    return buffer.getvalue()


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


# Packaging --------------------------------------------------------------------------------


class ReproducibleWriter(epub.EpubWriter):
    """EbookLib's writer with the two things it lacks: xml:lang on <package>, and fixed zip entries."""

    def _write_opf_file(self, root: Any) -> None:
        # EbookLib hands over the finished <package> element here; Ace requires its xml:lang.
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)

    def _get_nav(self, item: Any) -> bytes:
        # Landmarks are for the reading system's menus, not a page of links in the reading order.
        nav: bytes = super()._get_nav(item)
        return nav.replace(b'<nav epub:type="landmarks">', b'<nav epub:type="landmarks" hidden="hidden">', 1)

    def write_book(self) -> None:
        self.process()
        stamp = _zip_time(self.options["mtime"])
        with zipfile.ZipFile(self.file_name, "w", zipfile.ZIP_DEFLATED) as archive:
            self.out = _FixedZip(archive, stamp)
            # EbookLib's order: mimetype (first, stored), container, package, then items as added.
            self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            self._write_container()
            self._write_opf()
            self._write_items()


class _FixedZip:
    """Stands in for the ZipFile EbookLib writes to: every entry gets the same time and mode."""

    def __init__(self, archive: zipfile.ZipFile, date_time: tuple[int, int, int, int, int, int]) -> None:
        self.archive, self.date_time = archive, date_time

    def writestr(self, name: str, data: str | bytes, compress_type: int = zipfile.ZIP_DEFLATED) -> None:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = compress_type
        info.create_system = 3  # Unix, whatever the build machine
        info.external_attr = 0o100644 << 16
        self.archive.writestr(info, data)


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment.replace(tzinfo=None), datetime(1980, 1, 1))  # zip dates start in 1980
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
