"""Audio writer: the summary read aloud as an MP3 with tags and chapters, and a WebVTT transcript.

model --script()--> chapters of pieces (what is shown, what is spoken)
      --voice (pipeline.tts: gTTS or offline, cached)--> one audio clip a piece
      --join with pauses--> WAV --two-pass loudnorm, CBR--> MP3 --mutagen--> ID3v2.4 tags + CHAP/CTOC
The cue and chapter times are the sample counts of the clips, so they are exact.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TLAN, TPE1, TXXX, USLT, WOAS, CTOCFlags, Encoding

from pipeline.model import Block, Figure, Heading, ListBlock, Paragraph, Quote, Summary, block_text, inline_text
from pipeline.options import Options
from pipeline.output import write_atomic
from pipeline.rendering.stamp import label, labels, stamp_for
from pipeline.tts import GttsSettings, PieceCache, Voice, speak
from pipeline.tts.cache import default_cache_dir
from pipeline.tts.mp3 import decode, encode, silence, write_wav
from pipeline.tts.offline import plain

log = logging.getLogger("pipeline.audio")

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


# The script ---------------------------------------------------------------------------------


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
    """What the audio says, in chapters: intro, one per section, closing.

    With `audio: plain` in the source it reads the plain-language short answer and each section's
    `::: plain` rewrite (the original where a section has none); headings, dates and the
    disclaimer are the same either way."""
    lang, stamp, speaker = summary.meta.language, stamp_for(summary), _Speaker(summary)
    plain_text = summary.meta.audio == "plain"
    intro = (
        speaker.pieces(label(lang, "listen_intro", title=summary.meta.title), 0, end_stop=True, kind="h1")
        + speaker.pieces(stamp.spoken, PAUSE_BLOCK)
        + speaker.pieces((plain_text and summary.meta.plain_summary) or summary.meta.summary, PAUSE_BLOCK)
    )
    chapters = [Chapter("intro", summary.meta.title, tuple(intro))]
    for section in summary.sections:
        heading = speaker.pieces(inline_text(section.heading), 0, end_stop=True, kind="h1")
        blocks = section.plain if plain_text and section.plain else section.blocks
        chapters.append(Chapter(f"s-{section.id}", section.title, tuple(heading + speaker.blocks(blocks))))
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


# Timings, WebVTT and tags ----------------------------------------------------------------------


def _ms(samples: int, rate: int) -> int:
    return round(samples * 1000 / rate)


def vtt_time(ms: int) -> str:
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    seconds, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"


def webvtt(summary: Summary, timed: list[Timed], voice: Voice) -> str:
    stamp = stamp_for(summary)
    lines = [
        "WEBVTT",
        "",
        "NOTE",
        f"language: {summary.meta.language}",
        f"reviewed: {stamp.reviewed.isoformat()}",
        f"next-review: {stamp.next_review.isoformat()}",
        f"voice: {voice.name}",
        f"text: {summary.meta.audio}",
        f"source-sha256: {summary.source_sha256}",
        "",
    ]
    for n, cue in enumerate(timed, start=1):
        text = cue.piece.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [str(n), f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}", text, ""]
    return "\n".join(lines)


class _InOrderID3(ID3):
    """ID3 whose frames are written in the order they were added.

    mutagen sorts frames by size, and ffmpeg-based players list CHAP frames in file order
    (ignoring the CTOC), so chapters must be written in playback order. The test reads
    them back with ffprobe, so a mutagen change here cannot pass unnoticed.
    """

    def _write(self, config: object) -> bytearray:
        from mutagen.id3._tags import save_frame

        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def write_tags(path: Path, summary: Summary, chapters: list[Chapter], bounds: list[tuple[int, int]], voice: Voice) -> None:
    """ID3v2.4: title, publisher, review date, language, disclaimer, transcript, voice, chapters."""
    meta, stamp, lang, utf8 = summary.meta, stamp_for(summary), summary.meta.language, Encoding.UTF8
    iso639_2 = label(lang, "iso639_2")
    tags = _InOrderID3()
    tags.add(TIT2(encoding=utf8, text=[meta.title]))
    if meta.publisher:
        tags.add(TPE1(encoding=utf8, text=[meta.publisher]))
    tags.add(TALB(encoding=utf8, text=[label(lang, "kind")]))
    tags.add(TDRC(encoding=utf8, text=[stamp.reviewed.isoformat()]))
    tags.add(TLAN(encoding=utf8, text=[iso639_2]))
    tags.add(COMM(encoding=utf8, lang=iso639_2, desc="", text=[stamp.disclaimer]))
    tags.add(USLT(encoding=utf8, lang=iso639_2, desc="", text=transcript(chapters)))
    extra = {
        "voice": voice.name,
        "tts_engine": voice.engine,
        "text": summary.meta.audio,  # which text it reads: original, or the plain rewrites
        "reviewed": stamp.reviewed.isoformat(),
        "next_review": stamp.next_review.isoformat(),
        "source_sha256": summary.source_sha256,
    }
    for desc, value in extra.items():
        tags.add(TXXX(encoding=utf8, desc=desc, text=[value]))
    if meta.site_url:
        tags.add(WOAS(url=f"{meta.site_url.rstrip('/')}/{summary.slug}/"))
    for chapter, (start, end) in zip(chapters, bounds, strict=True):
        tags.add(
            CHAP(
                element_id=chapter.id,
                start_time=start,
                end_time=end,
                start_offset=0xFFFFFFFF,  # "not used": players seek by time
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=utf8, text=[chapter.title])],
            )
        )
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=[c.id for c in chapters],
            sub_frames=[TIT2(encoding=utf8, text=[label(lang, "contents")])],
        )
    )
    tags.save(path, v2_version=4, v1=0, padding=lambda info: 0)  # no padding: same bytes every time


# The writer --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Narration:
    """The summary read aloud: what was said, by which voice, when, and the tagged MP3's bytes.

    The audio writer saves it as the MP3 and the WebVTT; the read-aloud EPUB carries the same
    MP3 and points its media overlays at the same sentence timings.
    """

    voice: Voice
    chapters: list[Chapter]
    timed: list[Timed]
    duration_ms: int  # the whole file, lead-in and tail included
    mp3: bytes


_narrations: dict[tuple[object, ...], Narration] = {}


def narrate(summary: Summary, options: Options) -> Narration:
    """Synthesise (from the speech cache where it can), join, normalise, encode and tag; once a
    process for the same summary and voice settings, since two writers use it."""
    key = (summary, options.tts, tuple(sorted(options.extra.items())))
    if key in _narrations:
        return _narrations[key]
    chapters = script(summary)
    pieces = [p for c in chapters for p in c.pieces]
    cache = PieceCache(default_cache_dir(options.extra))
    voice, clips = speak([p.for_voice for p in pieces], summary.meta.language, options.tts, cache, GttsSettings.from_extra(options.extra))
    with tempfile.TemporaryDirectory(prefix="pipeline-audio-") as tmp:
        wav, mp3 = Path(tmp) / "speech.wav", Path(tmp) / "speech.mp3"
        timed, bounds = _join(chapters, clips, wav)
        loudness = encode(wav, mp3)
        write_tags(mp3, summary, chapters, bounds, voice)
        data = mp3.read_bytes()
    log.info("%s: %s, %.1f LUFS, true peak %.1f dBTP", summary.slug, voice.name, loudness.integrated, loudness.true_peak)
    _narrations.clear()  # one summary at a time: a catalogue build must not hold every MP3
    _narrations[key] = Narration(voice, chapters, timed, bounds[-1][1], data)
    return _narrations[key]


class AudioWriter:
    name = "audio"

    def filenames(self, summary: Summary, options: Options) -> list[str]:
        return [f"{summary.slug}.mp3", f"{summary.slug}.vtt"]

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        mp3, vtt = (folder / name for name in self.filenames(summary, options))
        narration = narrate(summary, options)
        write_atomic(mp3, narration.mp3)
        write_atomic(vtt, webvtt(summary, narration.timed, narration.voice))
        return [mp3, vtt]


def _join(chapters: list[Chapter], clips: list[bytes], wav: Path) -> tuple[list[Timed], list[tuple[int, int]]]:
    """Write the clips with their pauses as one WAV; return each piece's span and each chapter's (ms)."""
    rate, samples = decode(clips)
    pcm = bytearray(silence(LEAD_IN, rate))
    timed: list[Timed] = []
    starts: list[int] = []
    clip = iter(samples)
    for c, chapter in enumerate(chapters):
        for i, piece in enumerate(chapter.pieces):
            pcm += silence(PAUSE_CHAPTER if c and not i else piece.pause_ms, rate)
            if not i:
                starts.append(0 if not c else _ms(len(pcm) // 2, rate))
            start = len(pcm) // 2
            pcm += next(clip)
            timed.append(Timed(piece, _ms(start, rate), _ms(len(pcm) // 2, rate)))
    pcm += silence(TAIL, rate)
    write_wav(wav, bytes(pcm), rate)
    total = _ms(len(pcm) // 2, rate)
    return timed, list(zip(starts, starts[1:] + [total], strict=True))


def recorded_source_sha256(path: Path) -> str | None:
    """The source checksum an MP3 (TXXX:source_sha256) or VTT (NOTE line) was built from, for `pipeline check`."""
    if path.suffix == ".mp3":
        try:
            frame = ID3(path).get("TXXX:source_sha256")
        except (MutagenError, OSError):  # missing, or no ID3 tags: nothing recorded
            return None
        return str(frame.text[0]) if frame else None
    found = re.search(r"^source-sha256: ([0-9a-f]{64})$", path.read_text("utf-8", "replace"), re.M) if path.is_file() else None
    return found.group(1) if found else None


WRITER = AudioWriter()
