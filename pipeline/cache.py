"""Size limits for the content-addressed caches (speech pieces in .cache/tts, the WOFF2 font in
.cache/woff2): what many workers on many machines may share in one folder.

Entries are named by a hash of their content's inputs and engine, and written atomically (temp
file + rename), so concurrent writers of one entry race harmlessly: both write the same bytes. A
read refreshes an entry's time, so pruning removes the least recently used first. Pruning is safe
while others work: a reader that loses an entry just makes it again.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LIMIT = 2 * 1024**3  # bytes; PIPELINE_CACHE_LIMIT overrides ("500M", "2G", "0" = no limit)
STALE_PART_SECONDS = 3600  # a temp file this old belongs to a writer that died


@dataclass(frozen=True)
class Pruned:
    files: int
    bytes: int
    kept_bytes: int


def limit_from_env(default: int = DEFAULT_LIMIT) -> int:
    text = os.environ.get("PIPELINE_CACHE_LIMIT", "").strip()
    if not text:
        return default
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?", text, re.I)
    if not match:
        raise ValueError(f"PIPELINE_CACHE_LIMIT={text!r}: write a size such as 500M or 2G")
    return int(float(match[1]) * 1024 ** " KMGT".index(match[2].upper() or " "))


def touch(path: Path) -> None:
    """Mark an entry as just used (least-recently-used pruning)."""
    with contextlib.suppress(OSError):  # pruned, or read-only: nothing to mark
        os.utime(path)


def prune(root: Path, limit: int) -> Pruned:
    """Delete the least recently used entries until the folder holds at most `limit` bytes (0: no limit)."""
    entries: list[tuple[float, int, Path]] = []
    now = time.time()
    removed = freed = 0
    for path in Path(root).rglob("*") if Path(root).is_dir() else []:
        try:
            stat = path.stat()
        except OSError:
            continue
        if not path.is_file():
            continue
        if path.name.endswith(".part"):
            if now - stat.st_mtime > STALE_PART_SECONDS:
                path.unlink(missing_ok=True)
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    if limit <= 0 or total <= limit:
        return Pruned(0, 0, total)
    for _, size, path in sorted(entries):
        if total <= limit * 0.9:  # some headroom, so the next build does not prune again at once
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed += 1
        freed += size
    return Pruned(removed, freed, total)
