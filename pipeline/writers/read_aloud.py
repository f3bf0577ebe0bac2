"""The read-aloud EPUB: the book and its narration in one file, EPUB 3 Media Overlays (SMIL) telling
a reading system which sentence is being read, so it can highlight it (what DAISY Pipeline 2 makes).

It builds on the two writers it joins, as Sphinx's EPUB builder builds on HTML: the audio writer's
narration (the same script, voice, MP3 and per-sentence timings as `<slug>.mp3` and its WebVTT)
and the ebooks' skeleton (writers/ebook.py: metadata, cover, navigation, reproducible packaging). Each chapter of
the narration is a page showing exactly the sentences it says; the glossary and the colophon,
which are not read, follow without overlays.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebooklib import epub

from pipeline.model import Summary
from pipeline.options import Options
from pipeline.rendering.about import about_for
from pipeline.rendering.stamp import stamp_for
from pipeline.rendering.templating import render
from pipeline.writers import REGISTRY
from pipeline.writers.audio import Chapter, Narration, narrate
from pipeline.writers.ebook import CSS_NAME, XHTML, Contents, EbookWriter
from pipeline.writers.epub import make_pages

AUDIO_NAME = "audio/narration.mp3"
ACTIVE_CLASS = "-epub-media-overlay-active"  # the class the reading system puts on the sentence being read
SMIL_NS = "http://www.w3.org/ns/SMIL"


@dataclass(frozen=True)
class Said:
    id: str  # the span's id in its page, the <text src> fragment of its <par>
    text: str
    start_ms: int
    end_ms: int


class ReadAloudWriter(EbookWriter):
    """The EPUB 3 with media overlays: the book highlights each sentence as the narration says it."""

    name = "read-aloud"
    caches = ("covers", "speech")
    outputs = ("{slug}-read-aloud.epub",)
    after = ("audio",)  # it speaks the audio's sentences again, from the speech cache the audio filled
    settings = ("tts",)  # the voice
    extra_css = f"\n.{ACTIVE_CLASS} {{ outline: 0.15em solid; text-decoration: underline; }}\n"

    def claims(self, summary: Summary) -> dict[str, bool]:
        return {"has_images": False, "narrated": True}

    def contents(self, book: epub.EpubBook, summary: Summary, options: Options) -> Contents:
        return narrated_pages(book, summary, narrate(summary, options))


WRITER = ReadAloudWriter()


def sentences(narration: Narration) -> list[tuple[Chapter, list[Said]]]:
    """Each chapter's sentences with their ids and times (the WebVTT cues' times)."""
    timed = iter(narration.timed)
    out = []
    for chapter in narration.chapters:
        said = []
        for n, piece in enumerate(chapter.pieces, start=1):
            cue = next(timed)
            said.append(Said(f"{chapter.id}-{n:03d}", piece.text, cue.start, cue.end))
        out.append((chapter, said))
    return out


def groups(chapter: Chapter, said: list[Said]) -> list[dict[str, Any]]:
    """The chapter's blocks for the page: headings, paragraphs and lists of the sentences in them."""
    out: list[dict[str, Any]] = []
    for piece, sentence in zip(chapter.pieces, said, strict=True):
        if not piece.new_block and out:
            target = out[-1]["rows"][-1]
            target.append(sentence)
        elif piece.kind == "li":
            if out and out[-1]["kind"] == "list":
                out[-1]["rows"].append([sentence])
            else:
                out.append({"kind": "list", "rows": [[sentence]]})
        else:
            out.append({"kind": piece.kind, "rows": [[sentence]]})
    return out


def clock(ms: int) -> str:
    """SMIL clock value: seconds with milliseconds ("12.345s")."""
    return f"{ms // 1000}.{ms % 1000:03d}s"


def duration(ms: int) -> str:
    """media:duration: h:mm:ss.fff."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def smil(page_name: str, said: list[Said]) -> str:
    pars = "\n".join(
        f'<par id="par-{s.id}"><text src="../{page_name}#{s.id}"/>'
        f'<audio src="../{AUDIO_NAME}" clipBegin="{clock(s.start_ms)}" clipEnd="{clock(s.end_ms)}"/></par>'
        for s in said
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<smil xmlns="{SMIL_NS}" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
        f'<body>\n<seq id="seq-{Path(page_name).stem}" epub:textref="../{page_name}" epub:type="chapter">\n{pars}\n</seq>\n'
        "</body>\n</smil>\n"
    )


def narrated_pages(book: epub.EpubBook, summary: Summary, narration: Narration) -> Contents:
    """The narration, a page and an overlay a chapter, then the pages that are not read."""
    meta, lang = summary.meta, summary.meta.language

    def prop(name: str, value: str, refines: str | None = None) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **({"refines": f"#{refines}"} if refines else {})})

    book.add_item(epub.EpubItem(uid="narration", file_name=AUDIO_NAME, media_type="audio/mpeg", content=narration.mp3))
    common = {"lang": lang, "css": CSS_NAME, "meta": meta, "stamp": stamp_for(summary), "about": about_for(summary, REGISTRY, "read-aloud")}
    spoken: list[epub.EpubItem] = []
    total = 0
    for chapter, said in sentences(narration):
        page_name = f"read-{chapter.id}.xhtml"
        smil_id = f"smil-{chapter.id}"
        content = render(
            "epub/spoken.xhtml.j2",
            **common,
            title=chapter.title,
            matter="frontmatter" if chapter.id == "intro" else "backmatter" if chapter.id == "closing" else "bodymatter",
            epub_type="titlepage" if chapter.id == "intro" else "chapter",
            heading_id=f"{chapter.id}-heading",
            groups=groups(chapter, said),
        )
        item = epub.EpubItem(uid=f"read-{chapter.id}", file_name=page_name, media_type=XHTML, content=content.encode("utf-8"))
        item.media_overlay = smil_id
        book.add_item(item)
        book.add_item(epub.EpubSMIL(uid=smil_id, file_name=f"smil/{chapter.id}.smil", content=smil(page_name, said).encode("utf-8")))
        # EPUBCheck: an overlay lasts as long as its clips, the book as long as its overlays
        lasts = sum(s.end_ms - s.start_ms for s in said)
        prop("media:duration", duration(lasts), smil_id)
        total += lasts
        spoken.append(item)
    prop("media:duration", duration(total))
    prop("media:narrator", narration.voice.name)
    prop("media:active-class", ACTIVE_CLASS)

    unread = make_pages(summary, {}, only=("glossary", "colophon"))  # the book's figures are on no page it reads
    unread_items = [epub.EpubItem(uid=p.uid, file_name=p.file_name, media_type=XHTML, content=p.content.encode("utf-8")) for p in unread]
    for item in unread_items:
        book.add_item(item)
    [cover] = make_pages(summary, {}, only=("cover",))
    cover_item = epub.EpubItem(uid="cover", file_name=cover.file_name, media_type=XHTML, content=cover.content.encode("utf-8"))
    book.add_item(cover_item)

    titles = [(item, chapter.title) for item, (chapter, _) in zip(spoken, sentences(narration), strict=True)]
    return Contents(
        before_nav=[cover_item, spoken[0]],
        after_nav=[*spoken[1:], *unread_items],
        toc=[epub.Link(item.file_name, title, item.id) for item, title in titles]
        + [epub.Link(p.file_name, p.title, p.uid) for p in unread],
        landmarks_before=[{"type": "cover", "href": cover.file_name, "title": cover.title}],
        landmarks_after=[{"type": "text", "href": spoken[0].file_name, "title": titles[0][1]}],
    )
