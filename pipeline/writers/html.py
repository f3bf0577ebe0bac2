"""The plain-language, large-print web page: `<slug>-large-print.html`.

One self-contained file (CSS, font and images inline, nothing fetched from another host; the
only program is the audio player's caption line, and the page works without it; its schema.org
data is a script of JSON-LD, data that runs nothing), so it still works when saved on a phone. It shows the plain view of the
summary (pipeline/plain.py): the short answer first, the plain rewrites, each glossary
word explained where it is first used, and a "Words to know" list.
"""

from __future__ import annotations

import base64
import io
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup

from pipeline.cache import remembered
from pipeline.editorial.plain import plain_view
from pipeline.errors import OutputError
from pipeline.model import Figure, Summary
from pipeline.options import Options
from pipeline.output import build_timestamp, cache_dir, write_atomic
from pipeline.reading.clean import image_bytes
from pipeline.reading.publisher import accent_css
from pipeline.rendering.about import about_for
from pipeline.rendering.fonts import FILES, font_dir
from pipeline.rendering.formats import MIME
from pipeline.rendering.linked_data import Encoding, medical_web_page, script
from pipeline.rendering.stamp import label, stamp_for
from pipeline.rendering.templating import render, template_file
from pipeline.writers import REGISTRY, Writer, available, get_writer, requested

# The other versions a reader may want, in the order they are offered: (file suffix, label key).
# The print-shop PDF (bleed and crop marks) is not for patients, so it is not offered.
VERSIONS = (
    ("-large-print.pdf", "version_pdf_large_print"),
    ("-a4.pdf", "version_pdf_a4"),
    ("-letter.pdf", "version_pdf_letter"),
    (".epub", "version_epub"),
    ("-read-aloud.epub", "version_read_aloud"),
    (".mp3", "version_audio"),
    (".vtt", "version_transcript"),
    (".brf", "version_braille"),
    ("-easy-read.html", "version_easy_read"),
)


class HtmlWriter(Writer):
    """The large-print page: plain words first, reflowing at 320 px and 400 % zoom."""

    name = "html"
    caches = ("woff2",)
    outputs = ("{slug}-large-print.html",)
    needs = ("audio",)  # its player embeds the audio's captions
    after = ("pdf", "epub", "read-aloud", "braille", "easy-read")  # it links to them
    templates = ("_blocks.html.j2", "large-print.*")
    links_translations = True

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        target = Path(folder) / self.filenames(summary, options)[0]
        page = render_page(summary, other_versions(summary, Path(folder), options), audio_player(summary, Path(folder)))
        return [write_atomic(target, page)]


WRITER = HtmlWriter()


@dataclass(frozen=True)
class Player:
    """What the pages' `<audio>` player needs (templates/_blocks.html.j2, `player`)."""

    mp3: str  # relative link to the MP3 beside the page
    transcript: str  # relative link to the WebVTT beside it
    captions: str  # the WebVTT as a data: address: a track from a file:// address is refused, a saved page keeps this


def audio_player(summary: Summary, folder: Path) -> Player | None:
    """The player for the MP3 and WebVTT beside the page, if both are there (the audio is built before the pages)."""
    mp3, vtt = folder / f"{summary.slug}.mp3", folder / f"{summary.slug}.vtt"
    if not (mp3.is_file() and vtt.is_file()):
        return None
    captions = "data:text/vtt;charset=utf-8;base64," + base64.b64encode(vtt.read_bytes()).decode("ascii")
    return Player(mp3.name, vtt.name, captions)


def render_page(summary: Summary, versions: list[tuple[str, str]], audio: Player | None = None) -> str:
    """The page's HTML; `versions` is [(relative link, label)] of the files beside it; `audio` the player, if any."""
    lang = summary.meta.language
    # its schema.org data names the files it links to (their sizes are the download page's: this page
    # may be made before them) and what makes it easier to read
    encodings = [Encoding(href, MIME.get(Path(href).suffix, "application/octet-stream"), name) for href, name in versions]
    features = ("largePrint", "structuralNavigation") + (("captions", "transcript") if audio else ())
    own = f"{summary.slug}-large-print.html"
    return render(
        "large-print.html.j2",
        summary=summary,
        meta=summary.meta,
        view=plain_view(summary),
        stamp=stamp_for(summary),
        about=about_for(summary, REGISTRY, "html"),
        lang=lang,
        title=label(lang, "large_print_title", title=summary.meta.title),
        modified=build_timestamp(summary),
        versions=versions,
        audio=audio,
        linked_data=script(medical_web_page(summary, own, encodings, features)),
        style=Markup(page_css() + accent_css(summary.publisher, light_only=True)),
        src=figure_data_uri,
        publisher=summary.publisher,
        logo_src=logo_data_uri(summary),
    )


def other_versions(summary: Summary, folder: Path, options: Options) -> list[tuple[str, str]]:
    """The PDF, EPUB and audio files beside the page: those already there, and those this
    same build writes (the formats run one after another, and this one may run first)."""
    coming: set[str] = set()
    for name in requested(options):
        if name not in ("html", "pages", "easy-read") and name in available():
            coming.update(get_writer(name).filenames(summary, options))
    found = []
    for suffix, key in VERSIONS:
        filename = summary.slug + suffix
        if filename in coming or (folder / filename).is_file():
            found.append((filename, label(summary.meta.language, key)))
    return found


def page_css() -> str:
    """The page's whole stylesheet: the embedded font, then large-print.css (ours or the publisher's)."""
    return _page_css(template_file("large-print.css"))


@cache
def _page_css(css: Path) -> str:
    return font_face_css() + css.read_text("utf-8")


@cache
def font_face_css() -> str:
    """@font-face rules embedding Atkinson Hyperlegible (regular, bold) as WOFF2 data.

    Designed for low-vision readers (distinct letter shapes: I l 1, O 0); about 30 kB a
    weight once compressed. Italic is not embedded: the page never uses italics.
    """
    rules = []
    for weight in (400, 700):
        encoded = base64.b64encode(woff2(font_dir() / FILES[(weight, "normal")])).decode("ascii")
        rules.append(
            '@font-face { font-family: "Atkinson Hyperlegible"; font-style: normal; '
            f"font-weight: {weight}; font-display: swap; "
            f'src: url("data:font/woff2;base64,{encoded}") format("woff2"); }}\n'
        )
    return "".join(rules)


def woff2(ttf: Path) -> bytes:
    """The font as WOFF2, from the cache when this font was already encoded by this fontTools and Brotli.

    Brotli at its best setting takes 0.15 s a weight, and under make every page is a new
    process: the cache (.cache/woff2/, or $PIPELINE_FONT_CACHE; `off` disables it) halves the
    page's build time. The key is the font's bytes and the encoders' versions, so a cached file
    is byte for byte what encoding it again would give.
    """
    import brotli
    import fontTools
    from fontTools.ttLib import TTFont

    source = ttf.read_bytes()

    def encode() -> bytes:
        # recalcTimestamp=False keeps the font bytes, and so the page, identical between builds.
        font = TTFont(io.BytesIO(source), recalcTimestamp=False)
        font.flavor = "woff2"
        data = io.BytesIO()
        font.save(data)
        return data.getvalue()

    folder = cache_dir("woff2")
    return remembered(folder, [source, fontTools.version.encode(), brotli.__version__.encode()], ".woff2", encode)


def figure_data_uri(figure: Figure) -> str:
    """An image embedded in the page, so the saved file needs nothing beside it."""
    return data_uri(figure.path)


def logo_data_uri(summary: Summary) -> str:
    return data_uri(summary.publisher.logo) if summary.publisher and summary.publisher.logo else ""


def data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    try:
        data = image_bytes(path)  # without its metadata (GPS, camera, author's notes)
    except OSError as exc:
        raise OutputError(f"cannot read image {path}: {exc.strerror or exc}") from None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
