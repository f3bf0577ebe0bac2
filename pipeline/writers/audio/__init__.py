"""Audio writer: the summary read aloud as an MP3 with tags and chapters, and a WebVTT transcript.

model --script()--> chapters of pieces (what is shown, what is spoken)
      --voice (pipeline.tts: gTTS or offline, cached)--> one audio clip a piece
      --join with pauses--> WAV --two-pass loudnorm, CBR--> MP3 --mutagen--> ID3v2.4 tags + CHAP/CTOC
The cue and chapter times are the sample counts of the clips, so they are exact.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import write_atomic
from pipeline.tts import PieceCache, Voice, speak
from pipeline.tts.cache import default_cache_dir
from pipeline.tts.mp3 import decode, encode_kept, silence, write_wav
from pipeline.writers import Writer
from pipeline.writers.audio.script import LEAD_IN, PAUSE_CHAPTER, TAIL, Chapter, Timed, _Speaker, script, transcript
from pipeline.writers.audio.tags import _ms, recorded_source_sha256, webvtt, write_tags

# what the read-aloud book, the checks and the tests take from the audio
__all__ = ["WRITER", "Chapter", "Narration", "Timed", "_Speaker", "narrate", "recorded_source_sha256", "script", "transcript"]

log = logging.getLogger("pipeline.audio")


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
    voice, clips = speak([p.for_voice for p in pieces], summary.meta.language, options.tts, cache, options.extra)
    with tempfile.TemporaryDirectory(prefix="pipeline-audio-") as tmp:
        wav, mp3 = Path(tmp) / "speech.wav", Path(tmp) / "speech.mp3"
        timed, bounds = _join(chapters, clips, wav)
        loudness = encode_kept(wav, mp3, cache.root / "encoded" if cache.root is not None else None)
        write_tags(mp3, summary, chapters, bounds, voice)
        data = mp3.read_bytes()
    log.info("%s: %s, %.1f LUFS, true peak %.1f dBTP", summary.slug, voice.name, loudness.integrated, loudness.true_peak)
    _narrations.clear()  # one summary at a time: a catalogue build must not hold every MP3
    _narrations[key] = Narration(voice, chapters, timed, bounds[-1][1], data)
    return _narrations[key]


class AudioWriter(Writer):
    """The spoken summary: MP3 with chapters and tags, and its WebVTT captions."""

    kept_in_editions = True  # a patient may have been given it: an earlier edition is kept
    name = "audio"
    caches = ("speech",)
    outputs = ("{slug}.mp3", "{slug}.vtt")
    settings = ("tts",)  # the voice

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


WRITER = AudioWriter()
