"""Size limits for the content-addressed caches (speech pieces in .cache/tts, the WOFF2 font in
.cache/woff2): what many workers on many machines may share in one folder.

Entries are named by a hash of their content's inputs and engine, and written atomically (temp
file + rename), so concurrent writers of one entry race harmlessly: both write the same bytes. A
read refreshes an entry's time, so pruning removes the least recently used first. Pruning is safe
while others work: a reader that loses an entry just makes it again.

An entry carries its own length and SHA-256 (`seal`), since a rename is atomic only on one
machine's disk: a copy cut short on a shared network folder, a full disk, a crashed worker or a
stray edit leaves bytes that are not what was written. `read_entry` hands out only an entry that
checks; a damaged one is deleted with a warning naming it, and the caller makes it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.output import write_atomic

log = logging.getLogger("pipeline.cache")

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


SEAL = b"patient-info cache entry\n"  # then "<length> <sha256>\n", then the bytes


def seal(data: bytes) -> bytes:
    """`data` with a header holding its length and hash."""
    return SEAL + f"{len(data)} {hashlib.sha256(data).hexdigest()}\n".encode("ascii") + data


def unseal(sealed: bytes) -> tuple[bytes | None, str]:
    """The bytes a sealed entry holds, or None and why it does not check."""
    if not sealed.startswith(SEAL):
        return None, "no cache header (not written by this pipeline, or overwritten)"
    header, newline, data = sealed[len(SEAL) :].partition(b"\n")
    fields = header.split()
    if not newline or len(fields) != 2 or not fields[0].isdigit():
        return None, "its header is cut short"
    if int(fields[0]) != len(data):
        return None, f"{len(data)} bytes where {int(fields[0])} were written (cut short?)"
    if hashlib.sha256(data).hexdigest().encode("ascii") != fields[1]:
        return None, "its bytes are not those written (SHA-256 differs)"
    return data, ""


def read_entry(path: Path) -> bytes | None:
    """A cache entry's bytes if it is there and whole; a damaged entry is deleted with a warning."""
    try:
        sealed = Path(path).read_bytes()
    except OSError:
        return None
    data, why = unseal(sealed)
    if data is None:
        log.warning("warning: cache entry %s is damaged: %s; deleted, it is made again", path, why)
        with contextlib.suppress(OSError):
            Path(path).unlink()
        return None
    touch(path)  # recently used: kept when the cache is pruned
    return data


def write_entry(path: Path, data: bytes) -> None:
    """Keep `data` sealed at `path`, atomically; an unwritable cache only costs time."""
    with contextlib.suppress(OutputError):
        write_atomic(path, seal(data))


def remembered(folder: Path | None, inputs: list[bytes], suffix: str, make: Callable[[], bytes]) -> bytes:
    """What `make()` gives, kept in `folder` under the hash of every input it depends on (None: not
    kept): the same inputs give the same bytes, so a kept entry is what making it again would give."""
    key = hashlib.sha256(b"\0".join([b"sealed", *inputs])).hexdigest()
    entry = None if folder is None else folder / f"{key}{suffix}"
    found = read_entry(entry) if entry is not None else None
    if found is not None:
        return found
    data = make()
    if entry is not None:
        write_entry(entry, data)
    return data


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
