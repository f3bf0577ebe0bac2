"""Voices for the audio writer, and the choice between them (`--tts auto|gtts|offline`).

`auto` asks gTTS first and, if it cannot speak (no connection, repeated HTTP errors), uses the
best offline voice for the whole file with a warning naming it: one file, one voice.
"""

from __future__ import annotations

import logging
from typing import Protocol

from pipeline.errors import OutputError
from pipeline.tts.cache import PieceCache
from pipeline.tts.offline import offline_voice, plain

log = logging.getLogger("pipeline.audio")

__all__ = ["PieceCache", "Voice", "speak"]


class Voice(Protocol):
    engine: str  # cache key part, e.g. "festival-cmu_us_slt_arctic_hts"
    name: str  # said in the file's tags and in warnings
    language: str
    suffix: str  # what the engine's bytes are: ".wav" or ".mp3"
    respells: bool  # takes respellings marked ⟦polly-new-ROP-a-thee⟧ (as phonemes); else they are read as words

    def synthesise(self, texts: list[str]) -> list[bytes]:
        """Audio (a file ffmpeg reads) for each text, in order."""


def render(voice: Voice, texts: list[str], cache: PieceCache) -> list[bytes]:
    """Each text's audio, from the cache when the same voice already said the same text."""
    if not voice.respells:
        texts = [plain(t) for t in texts]
    found = {i: cache.get(voice.engine, voice.language, t, voice.suffix) for i, t in enumerate(texts)}
    missing = [i for i, data in found.items() if data is None]
    if missing:
        distinct = list(dict.fromkeys(texts[i] for i in missing))  # a sentence said twice is made once
        made = dict(zip(distinct, voice.synthesise(distinct), strict=True))
        for text, data in made.items():
            if not data:
                raise OutputError(f"{voice.name} produced no audio for: {text[:60]!r}")
            cache.put(voice.engine, voice.language, text, voice.suffix, data)
        found.update((i, made[texts[i]]) for i in missing)
    return [found[i] or b"" for i in range(len(texts))]


def speak(texts: list[str], language: str, mode: str, cache: PieceCache, extra: dict[str, str] | None = None) -> tuple[Voice, list[bytes]]:
    """The voice used and the audio of every text; raises OutputError if no voice can speak.
    `extra` holds gTTS's settings (`GttsSettings.from_extra`: gtts_url, gtts_timeout...)."""
    if mode not in ("auto", "gtts", "offline"):
        raise OutputError(f"unknown voice {mode!r}; choose auto, gtts or offline")
    if mode in ("auto", "gtts"):
        # gTTS and requests take 60 ms to import: not for every process that reads the audio
        # writer's file names (the page's and the read-aloud book's builds, `check`)
        from pipeline.tts.gtts import GttsSettings, GttsUnavailable, GttsVoice

        online = GttsVoice(language, GttsSettings.from_extra(extra or {}))
        try:
            return online, render(online, texts, cache)
        except GttsUnavailable as exc:
            if mode == "gtts":
                raise OutputError(f"{exc}; no audio written (use --tts auto or --tts offline to build without the network)") from None
            fallback = offline_voice(language)
            log.warning("warning: %s; using the offline voice %s instead", exc, fallback.name)
            return fallback, render(fallback, texts, cache)
    voice = offline_voice(language)
    return voice, render(voice, texts, cache)
