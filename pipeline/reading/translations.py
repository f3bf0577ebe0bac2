"""Translations of one summary: the sources beside it that say `translation_of: <slug>`.

A family is an original and every source naming it in `translation_of`; each member's pages and
ebook link to the others (hreflang), and the catalogue shows them together. The family is worked
out from the front matter of the files in the source's folder, so building one file alone links
the same translations as `make all`. A broken sibling is skipped here: its own build reports it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import time
from functools import lru_cache
from pathlib import Path

from pipeline.errors import Problem
from pipeline.model import Summary, Translation
from pipeline.output import BUILD_AGAIN
from pipeline.reading.frontmatter import MAX_SOURCE_BYTES, split_front_matter

# Only files that name an original are parsed in full: a folder of thousands stays cheap to scan.
_MENTIONS = re.compile(rb"^translation_of\s*:\s*[\"']?([a-z0-9-]+)", re.M)
_HEAD_BYTES = 64 * 1024  # front matter sits at the top; a summary is a few kB
STALE = f"stale: its translations changed (translation_of); {BUILD_AGAIN}"  # what check says of an output made before


def family(summary: Summary, key_line: int | None) -> tuple[tuple[Translation, ...], list[Problem]]:
    """The other members of `summary`'s family (the original first, then by language), and the
    problems with its `translation_of` (an original that is missing, itself, or a translation)."""
    path, meta = summary.path, summary.meta
    problems: list[Problem] = []

    def error(message: str, hint: str) -> None:
        problems.append(Problem("error", "translation", message, path, key_line or 1, hint))

    folder = _folder(path.parent)
    original = meta.translation_of or summary.slug
    if meta.translation_of:
        known = folder.get(original)
        if original == summary.slug:
            error("a summary cannot be a translation of itself", "remove translation_of, or name the original's file")
        elif known is None:
            close = difflib.get_close_matches(original, list(folder), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"name a file beside this one, without .md (e.g. {original}.md)"
            error(f"translation_of '{original}': there is no {original}.md beside this file", hint)
        elif known[1]:
            error(
                f"translation_of '{original}': {original}.md is itself a translation of '{known[1]}'",
                f"name the original: translation_of: {known[1]}",
            )
    brand_site = summary.publisher.site_url if summary.publisher else None
    members = [
        Translation(slug, language, title, original=slug == original, site_url=site or brand_site)
        for slug, (language, of, title, site) in sorted(folder.items())
        if slug != summary.slug and (slug == original or of == original) and language
    ]
    for other in members:
        if other.language.casefold() == meta.language.casefold():
            error(
                f"{other.slug}.md is already the '{meta.language}' version of '{original}'",
                "give each translation its own language, or a different original",
            )
    members.sort(key=lambda t: (not t.original, t.language.casefold()))
    return tuple(members), problems


def _folder(folder: Path) -> dict[str, tuple[str, str | None, str, str | None]]:
    """slug -> (language, translation_of, title, site_url) of every summary in `folder`; language,
    title and site are read only where it names an original or is named as one, and are empty
    where the front matter does not parse."""
    return _scan(folder, _listing(folder))


def forget() -> None:
    """Drop what this process knows of folders (as a new process starts; tests and the bench)."""
    _LISTINGS.clear()
    _scan.cache_clear()


_LISTINGS: dict[Path, tuple[int, float, tuple[tuple[str, int, int, int], ...]]] = {}
LISTING_SECONDS = 2.0  # how long a process trusts its listing of a folder whose own time has not moved


def _listing(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """(name, mtime, size, inode) of each .md file. One build reads thousands of summaries from one
    folder: listing it for each would stat every file again (O(n^2)); a file added, removed or
    saved by rename moves the folder's time, and an edit in place is seen within LISTING_SECONDS."""
    changed, now = os.stat(folder).st_mtime_ns, time.monotonic()
    kept = _LISTINGS.get(folder)
    if kept and kept[0] == changed and now - kept[1] < LISTING_SECONDS:
        return kept[2]
    entries = []
    for entry in os.scandir(folder):
        try:  # regular files only: a FIFO would block the read, a dangling link has no time
            if entry.name.endswith(".md") and entry.is_file():
                stat = entry.stat()
                entries.append((entry.name, stat.st_mtime_ns, stat.st_size, stat.st_ino))
        except OSError:
            continue
    _LISTINGS[folder] = (changed, now, tuple(sorted(entries)))
    return _LISTINGS[folder][2]


@lru_cache(maxsize=8)
def _scan(folder: Path, entries: tuple[tuple[str, int, int, int], ...]) -> dict[str, tuple[str, str | None, str, str | None]]:
    named: dict[str, str | None] = {}
    sizes = {name[:-3]: size for name, _, size, _ in entries}
    known = _remembered(folder)  # what earlier runs read, by file name, time, size and inode
    seen: dict[str, list[object]] = {}
    for name, mtime, size, inode in entries:
        hit = known.get(name)
        if isinstance(hit, list) and len(hit) == 4 and hit[:3] == [mtime, size, inode]:
            of = hit[3] if isinstance(hit[3], str) else None
        else:
            try:
                with open(folder / name, "rb") as handle:
                    head = handle.read(_HEAD_BYTES)
            except OSError:
                continue
            found = _MENTIONS.search(_front(head))
            of = found.group(1).decode() if found else None
        named[name[:-3]] = of
        seen[name] = [mtime, size, inode, of]
    if seen != known:
        _remember(folder, seen)
    wanted = {slug for slug, of in named.items() if of} | {of for of in named.values() if of}
    out: dict[str, tuple[str, str | None, str, str | None]] = {}
    for slug, of in named.items():
        readable = slug in wanted and sizes[slug] <= MAX_SOURCE_BYTES  # an oversized file is refused by its own build
        out[slug] = _facts(folder / f"{slug}.md", of) if readable else ("", of, "", None)
    return out


def _memo(folder: Path) -> Path | None:
    """Where the scan of `folder` is remembered between runs: make starts a process per output,
    and reading every file's head again in each costs 30 ms a thousand summaries."""
    from pipeline.output import cache_dir

    root = cache_dir("translations")
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return root / f"{key}.json" if root else None


def _remembered(folder: Path) -> dict[str, object]:
    """The scan kept for `folder` (sealed with its length and hash: a damaged one is said, deleted and made again)."""
    from pipeline.cache import read_entry

    memo = _memo(folder)
    kept = read_entry(memo) if memo else None
    try:
        data = json.loads(kept) if kept else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _remember(folder: Path, seen: dict[str, list[object]]) -> None:
    from pipeline.cache import write_entry

    memo = _memo(folder)
    if memo is not None:
        write_entry(memo, json.dumps(seen).encode("utf-8"))  # atomic: parallel builds each write a whole entry


def _front(head: bytes) -> bytes:
    """The front matter block of a file's first bytes (the body may quote 'translation_of:')."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.startswith(b"---"):
        return b""
    end = head.find(b"\n---", 3)
    return head[:end] if end > 0 else b""


def _facts(path: Path, of: str | None) -> tuple[str, str | None, str, str | None]:
    try:
        data = split_front_matter(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return "", of, "", None
    language, title, site = (data.data.get(k, d) for k, d in (("language", "en"), ("title", ""), ("site_url", None)))
    if data.errors or not isinstance(language, str) or not isinstance(title, str):
        return "", of, "", None
    return language.strip(), of, " ".join(title.split()), site.strip() if isinstance(site, str) and site.strip() else None


def families(folder: Path) -> dict[str, list[str]]:
    """slug -> "slug language title" of every member of its family, itself included (empty for a
    summary without translations), from the cheap scan: what `make` needs to know which pages to redo."""
    scanned = _folder(folder)
    groups: dict[str, list[str]] = {}
    for slug, (language, of, title, _) in scanned.items():
        if language:
            groups.setdefault(of or slug, []).append(f"{slug} {language} {title}")
    out = {}
    for slug, (_, of, _, _) in scanned.items():
        members = sorted(groups.get(of or slug, []))
        out[slug] = members if len(members) > 1 else []
    return out
