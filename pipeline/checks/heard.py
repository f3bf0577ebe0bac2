"""The audio says the leaflet: every cue of the captions is heard where the captions put it.

The whole MP3 is decoded (its length comes from the frames, never from a header) and Whisper
transcribes it once with word times; each cue is compared with the words heard within its span,
by the letters they share, since a recogniser spells medical words its own way ("endocronopathy")
but does not invent a sentence. A cue that does not match gets a second opinion, its slice heard
on its own (Whisper drops words of a long window now and then). A missing, cut-short or swapped
sentence fails, named by its cue, its time and its words.

Thresholds, measured on honest builds (POEMS, Fabry, the plain fixture; Piper): a cue heard
shares at least 0.78 of its letters, and its heard letters are 0.9 to 1.1 of its own; the next
cue's words put in its place share at most 0.63, half of a cue heard at most 0.75 of the letters
and 0.55 of the length.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

SIMILAR = 0.7  # letters in common, heard against written (difflib ratio)
LENGTH = (0.65, 1.5)  # heard letters / written letters
SLACK = 0.25  # seconds a word may stray beyond its cue (word times are approximate)
SAMPLE = 3  # cues heard in quick mode: the first, the middle and the last
RATE = 16000  # what the recognisers take: mono s16le


@dataclass(frozen=True)
class Cue:
    number: int
    start: float
    end: float
    text: str

    def named(self) -> str:
        return f"cue {self.number} at {_clock(self.start)}-{_clock(self.end)} ('{_short(self.text)}')"


def can_hear() -> bool:
    """A recogniser is installed (the `check` extra): quick checks without one check lengths only."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("pocketsphinx", "jiwer"))


def cues(vtt: str) -> list[Cue]:
    """The cues of a WebVTT file, their text unescaped."""
    found = re.findall(r"(?m)^(\d[\d:.]*) --> (\d[\d:.]*)[^\n]*\n(.*?)(?:\n\n|\Z)", vtt, re.S)
    return [Cue(n, _seconds(a), _seconds(b), html.unescape(" ".join(t.split()))) for n, (a, b, t) in enumerate(found, start=1)]


def letters(text: str) -> str:
    from pipeline.checks.speech import normalise

    return re.sub(r"[^a-z0-9]", "", normalise(text))


def matches(written: str, heard: str) -> bool:
    want, got = letters(written), letters(heard)
    if not want:
        return True
    ratio = SequenceMatcher(None, want, got, autojunk=False).ratio()
    return ratio >= SIMILAR and LENGTH[0] <= len(got) / len(want) <= LENGTH[1]


def unheard(pcm: bytes, timed: list[Cue], quick: bool) -> list[str]:
    """A problem for each cue the audio does not say where the captions put it (English voices)."""
    from pipeline.checks.speech import hear, recognise, whisper_available

    seconds = len(pcm) / 2 / RATE
    problems = [f"{c.named()} ends after the audio ({_clock(seconds)})" for c in timed if c.end > seconds + SLACK]
    if problems:
        return problems
    if quick:
        picked = [timed[i] for i in sorted({0, len(timed) // 2, len(timed) - 1})] if timed else []
        heard = {cue: _slice(pcm, cue, recognise) for cue in picked}
        return [f"{cue.named()} not heard: '{_short(h)}'" for cue, h in heard.items() if not matches(cue.text, h)]
    words = words_heard(pcm) if whisper_available() else []
    for cue in timed:
        within = [w for start, end, w in words if cue.start - SLACK <= (start + end) / 2 <= cue.end + SLACK]
        if words and matches(cue.text, " ".join(within)):
            continue
        second = _slice(pcm, cue, hear if whisper_available() else recognise)
        if not matches(cue.text, second):
            problems.append(f"{cue.named()} not heard there: '{_short(second)}'")
    return problems


_heard: dict[bytes, list[tuple[float, float, str]]] = {}


def words_heard(pcm: bytes) -> list[tuple[float, float, str]]:
    """Every word Whisper hears, with its times; the last audio's words are kept, since the read-aloud
    book carries the MP3 that `check` has just heard (11 s for POEMS, once, not twice)."""
    import hashlib

    import numpy as np

    from pipeline.checks.speech import whisper

    key = hashlib.sha256(pcm).digest()
    if key not in _heard:
        audio = np.frombuffer(pcm, "<i2").astype(np.float32) / 32768
        options = {"beam_size": 5, "condition_on_previous_text": False, "vad_filter": False, "word_timestamps": True}
        segments, _ = whisper().transcribe(audio, language="en", **options)
        _heard.clear()
        _heard[key] = [(w.start, w.end, w.word) for s in segments for w in (s.words or [])]
    return _heard[key]


def _slice(pcm: bytes, cue: Cue, recogniser: Callable[[bytes], str]) -> str:
    first = max(0, int((cue.start - SLACK) * RATE)) * 2
    last = int((cue.end + SLACK) * RATE) * 2
    return recogniser(pcm[first:last])


def decoded_seconds(path: Path) -> tuple[bytes, float]:
    """The audio decoded to 16 kHz mono and its length in seconds, counted from the samples."""
    pcm = decode(Path(path).read_bytes())  # not speech.pcm16k: its module needs the check extra
    return pcm, len(pcm) / 2 / RATE


def decode(data: bytes) -> bytes:
    """Audio bytes (an MP3 inside a book) decoded to 16 kHz mono s16le; empty if they do not decode."""
    import subprocess

    cmd = ["ffmpeg", "-v", "error", "-nostdin", "-i", "pipe:0", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-c:a", "pcm_s16le", "-"]
    proc = subprocess.run(cmd, input=data, capture_output=True, check=False)
    return proc.stdout if proc.returncode == 0 else b""


def _seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.split(":")]
    return sum(p * 60**i for i, p in enumerate(reversed(parts)))


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
