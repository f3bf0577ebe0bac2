"""Speech recognition, used by `pipeline check` and the audio tests: pocketsphinx (English model in its wheel) and a WER normaliser."""

from __future__ import annotations

import io
import re
import subprocess
from functools import cache
from pathlib import Path

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
