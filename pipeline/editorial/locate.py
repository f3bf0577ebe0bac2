"""Where words of the model are in the source file: the line and column an editor's tool jumps to.

The model keeps the first line of each block; a number or a sentence may sit on a later line of
its paragraph, and an editor wants the column too. So the file is read again (a few kB), and only
used if it is still the file the model was read from.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from pipeline.model import Summary

_WORD = re.compile(r"\w+|[%°]")  # words, and the signs that make a number a share or a temperature
_GAP = r"[\W_]*?"  # spaces, line breaks, punctuation and Markdown marks between two words


@lru_cache(maxsize=16)
def _source_lines(path: Path, sha256: str) -> tuple[str, ...]:
    try:
        raw = path.read_bytes()
    except OSError:
        return ()
    if hashlib.sha256(raw).hexdigest() != sha256:
        return ()  # changed since it was read: its lines may no longer be the model's
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return tuple(text.split("\n"))


def source_lines(summary: Summary) -> tuple[str, ...]:
    """The lines of the file `summary` was read from; () when it is gone or changed."""
    return _source_lines(Path(summary.path), summary.source_sha256)


def paragraph_end(lines: tuple[str, ...], first: int) -> int:
    """The last line of the paragraph (or list) starting on line `first` (1-based)."""
    last = first
    while last < len(lines) and lines[last].strip():
        last += 1
    return last


def find(lines: tuple[str, ...], words: str, first: int = 1, last: int | None = None) -> tuple[int, int] | None:
    """(line, column), 1-based, where `words` start between lines `first` and `last`.

    Its words are matched in order, whatever lies between them (line breaks, '**', a comma), so a
    sentence of the model is found in the Markdown it came from. None when it is not there.
    """
    tokens = _WORD.findall(words)
    if not tokens or not lines or first < 1:
        return None
    end = len(lines) if last is None else min(last, len(lines))
    text = "\n".join(lines[first - 1 : end])
    pattern = r"(?<!\w)" + _GAP.join(re.escape(t) for t in tokens) + r"(?!\w)"
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    before = text[: match.start()]
    return first + before.count("\n"), match.start() - (before.rfind("\n") + 1) + 1
