"""What the audio says: the model as chapters of pieces (what is shown, what is spoken), with the
pauses between them; the read-aloud book follows the same pieces."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Block, Figure, Heading, ListBlock, Paragraph, Quote, Summary, block_text, inline_text
from pipeline.rendering.about import about_for
from pipeline.rendering.stamp import label, labels, stamp_for
from pipeline.tts.offline import plain
from pipeline.writers import REGISTRY

# Silence before a piece, in milliseconds: sentences flow, blocks breathe, chapters pause.
PAUSE_SENTENCE = 250
PAUSE_BLOCK = 600
PAUSE_CHAPTER = 1300
LEAD_IN, TAIL = 200, 800
LONG_CUE = 150  # characters: longer sentences are cut at ';' or ':' into phrases (one cue each)


@dataclass(frozen=True)
class Piece:
    text: str  # what the transcript shows (the source's own words)
    spoken: str  # the words the voice says (pronunciations applied as words, abbreviations expanded)
    pause_ms: int  # silence before it
    new_block: bool  # starts a new line in the transcript
    voiced: str = ""  # what the voice is given: `spoken` with each respelling marked ⟦polly-new-ROP-a-thee⟧ (tts.offline.plain)
    kind: str = "p"  # the block it belongs to, for a book that shows what is read: h1, h2, p, li

    @property
    def for_voice(self) -> str:
        return self.voiced or self.spoken


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Timed:
    piece: Piece
    start: int  # milliseconds, from the sample counts of the clips
    end: int


class _Speaker:
    """Turns display text into pieces for one summary's language and pronunciations."""

    def __init__(self, summary: Summary) -> None:
        self.lang = summary.meta.language
        words = labels(self.lang)
        abbreviations = words.get("spoken_abbreviations") or {}
        assert isinstance(abbreviations, dict)
        self.abbreviations = [(str(k), str(v)) for k, v in sorted(abbreviations.items(), key=lambda kv: -len(str(kv[0])))]
        separators = str(words.get("thousands_separators") or "")
        self.thousands = re.compile(rf"(?<=\d)[{re.escape(separators)}](?=\d{{3}}(?!\d))") if separators else None
        self.pronunciations = [
            (re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE), f"⟦{' '.join(respelling.split())}⟧")
            for term, respelling in sorted(summary.pronunciations, key=lambda tr: -len(tr[0]))
        ]
        # dots that do not end a sentence: "e.g. this", "Dr. Smith"
        self.no_break = tuple(a for a, _ in self.abbreviations if a.endswith("."))

    def for_voice(self, text: str) -> str:
        """The text as a voice is given it: abbreviations spoken, numbers joined, respellings marked ⟦...⟧."""
        for abbreviation, spoken in self.abbreviations:
            before = r"(?<!\w)" if abbreviation[0].isalnum() else ""
            after = r"(?!\w)" if abbreviation[-1].isalnum() else ""
            text = re.sub(before + re.escape(abbreviation) + after, spoken, text)
        if self.thousands:
            text = self.thousands.sub("", text)  # "100,000" -> "100000": read as one number
        for pattern, respelling in self.pronunciations:
            text = pattern.sub(respelling.replace("\\", r"\\"), text)
        return " ".join(text.split())

    def sentences(self, text: str) -> list[str]:
        text = " ".join(text.split())
        out: list[str] = []
        for part in re.split(r"(?<=[.!?…])\s+(?=[\"“«(]?[^\W\d_]|\d)", text):
            if out and (out[-1].endswith(self.no_break) or part[:1].islower()):
                out[-1] += " " + part
            else:
                out.append(part)
        return [phrase for sentence in out for phrase in _phrases(sentence)]

    def pieces(self, text: str, pause_ms: int, *, end_stop: bool = False, kind: str = "p") -> list[Piece]:
        found = []
        # nothing to say in a piece of bare punctuation (and gTTS refuses it)
        for i, sentence in enumerate(s for s in self.sentences(text) if any(ch.isalnum() for ch in s)):
            voiced = self.for_voice(sentence)
            if end_stop and not voiced.endswith((".", "!", "?", ":", ";", "…")):
                voiced += "."  # a heading or list item ends with a falling voice
            found.append(Piece(sentence, plain(voiced), pause_ms if i == 0 else PAUSE_SENTENCE, i == 0, voiced, kind))
        return found

    def blocks(self, blocks: tuple[Block, ...]) -> list[Piece]:
        out: list[Piece] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out += self.pieces(inline_text(block.inlines), PAUSE_BLOCK)
            elif isinstance(block, Heading):
                out += self.pieces(inline_text(block.inlines), PAUSE_BLOCK, end_stop=True, kind="h2")
            elif isinstance(block, ListBlock):
                for n, item in enumerate(block.items, start=block.start):
                    words = " ".join(block_text(b) for b in item)
                    out += self.pieces(f"{n}. {words}" if block.ordered else words, PAUSE_BLOCK, end_stop=True, kind="li")
            elif isinstance(block, Quote):
                out += self.blocks(block.blocks)
            elif isinstance(block, Figure):
                out += self.pieces(label(self.lang, "spoken_figure", alt=block.alt), PAUSE_BLOCK, end_stop=True)
        return out


def _phrases(sentence: str) -> list[str]:
    """A long sentence as phrases cut after ';' or ':' (shorter captions, same words)."""
    if len(sentence) <= LONG_CUE:
        return [sentence]
    parts = [p for p in re.split(r"(?<=[;:])\s+", sentence) if p]
    return parts if all(len(p) >= 20 for p in parts) else [sentence]


def script(summary: Summary) -> list[Chapter]:
    """What the audio says, in chapters: intro, one per section, about this leaflet, closing.

    With `audio: plain` in the source it reads the plain-language short answer and each section's
    `::: plain` rewrite (the original where a section has none); with `audio: easy` each section's
    Easy Read text, an idea a sentence, under its Easy Read heading (the plain rewrite where a section
    has none); headings, dates and the disclaimer are the same either way."""
    lang, stamp, speaker = summary.meta.language, stamp_for(summary), _Speaker(summary)
    plain_text = summary.meta.audio in ("plain", "easy")
    intro = (
        speaker.pieces(label(lang, "listen_intro", title=summary.meta.title), 0, end_stop=True, kind="h1")
        + speaker.pieces(stamp.spoken, PAUSE_BLOCK)
        + speaker.pieces((plain_text and summary.meta.plain_summary) or summary.meta.summary, PAUSE_BLOCK)
    )
    chapters = [Chapter("intro", summary.meta.title, tuple(intro))]
    for section in summary.sections:
        if summary.meta.audio == "easy" and (easy := section.easy) is not None:
            heading = speaker.pieces(inline_text(easy.heading or section.heading), 0, end_stop=True, kind="h1")
            ideas = [p for idea in easy.ideas for p in speaker.pieces(inline_text(idea.inlines), PAUSE_BLOCK, end_stop=True)]
            chapters.append(Chapter(f"s-{section.id}", inline_text(easy.heading or section.heading), tuple(heading + ideas)))
            continue
        heading = speaker.pieces(inline_text(section.heading), 0, end_stop=True, kind="h1")
        blocks = section.plain if plain_text and section.plain else section.blocks
        chapters.append(Chapter(f"s-{section.id}", section.title, tuple(heading + speaker.blocks(blocks))))
    about = about_for(summary, REGISTRY, "audio")
    spoken_about = speaker.pieces(about.heading, 0, end_stop=True, kind="h1") + speaker.pieces(about.spoken, PAUSE_BLOCK)
    chapters.append(Chapter("about", about.heading, tuple(spoken_about)))
    closing = (
        speaker.pieces(stamp.disclaimer_heading, 0, end_stop=True, kind="h1")
        + speaker.pieces(stamp.disclaimer, PAUSE_BLOCK)
        + speaker.pieces(stamp.spoken, PAUSE_BLOCK)
        + speaker.pieces(stamp.spoken_next_review, PAUSE_SENTENCE)
        + (speaker.pieces(contact, PAUSE_BLOCK) if (contact := summary.publisher and summary.publisher.contact) else [])
        + speaker.pieces(label(lang, "closing"), PAUSE_BLOCK)
    )
    chapters.append(Chapter("closing", stamp.disclaimer_heading, tuple(closing)))
    return chapters


def transcript(chapters: list[Chapter]) -> str:
    """The words of the audio as the source writes them: a line a block, a blank line a chapter."""
    out = []
    for chapter in chapters:
        lines: list[str] = []
        for piece in chapter.pieces:
            if piece.new_block or not lines:
                lines.append(piece.text)
            else:
                lines[-1] += " " + piece.text
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
