"""A cache of synthesised pieces, keyed by engine, language and text.

A rebuild of unchanged text asks no engine for anything (and gTTS no server). Entries are
written atomically and sealed with their length and hash (pipeline/cache.py), so a piece cut
short or overwritten is said, deleted and synthesised again, never joined into the audio.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.cache import read_entry, write_entry
from pipeline.output import cache_dir

CACHE_VERSION = "2"  # bump when the stored bytes change meaning (2: sealed entries)


class PieceCache:
    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root is not None else None  # None: no cache (always synthesise)
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(engine: str, language: str, text: str) -> str:
        return hashlib.sha256("\0".join((CACHE_VERSION, engine, language, text)).encode("utf-8")).hexdigest()

    def _path(self, engine: str, language: str, text: str, suffix: str) -> Path:
        assert self.root is not None
        digest = self.key(engine, language, text)
        return self.root / engine / digest[:2] / f"{digest}{suffix}"

    def get(self, engine: str, language: str, text: str, suffix: str) -> bytes | None:
        if self.root is None:
            return None
        data = read_entry(self._path(engine, language, text, suffix))
        if not data:  # missing or damaged; an empty piece is never valid audio
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, engine: str, language: str, text: str, suffix: str, data: bytes) -> None:
        if self.root is None or not data:
            return
        write_entry(self._path(engine, language, text, suffix), data)


def default_cache_dir(extra: dict[str, str]) -> Path | None:
    """`tts_cache` option, else $PIPELINE_TTS_CACHE, else .cache/tts in the project; 'off' disables."""
    return cache_dir("tts", extra.get("tts_cache"))
