"""Read one source file into the document model, collecting every problem on the way.

The reader only reads: what is wrong with the file as a source (errors, and the warnings of
reading it). The editorial checks (fact guard, duplicates, readability...) are lint's, which
reads through `read_source` and adds its own (pipeline/editorial/lint.py).
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import Problem, SourceError
from pipeline.model import Meta, Publisher, Summary
from pipeline.reading.frontmatter import MAX_SOURCE_BYTES, split_front_matter
from pipeline.reading.markdown import parse_body
from pipeline.reading.notes import Accepted
from pipeline.reading.publisher import find as find_publisher
from pipeline.reading.schema import SLUG, validate_meta
from pipeline.reading.translations import family
from pipeline.reading.trust import HINTS, checklist

# Names the catalogue gives folders beside the summaries' (pipeline/catalogue/): no summary may have them.
RESERVED = {"pagefind": "search index"}

# Bidirectional overrides and isolates make the text shown differ from the text stored
# ("Trojan Source"); control characters have no place in prose.
_FORBIDDEN = re.compile(r"[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# zero-width space, non-joiner and joiner, word joiner, stray BOM, bidi marks: removed with a warning
_INVISIBLE = re.compile(r"[\u200b-\u200f\u061c\u2060\ufeff]")
# characters that show nothing, or each reader something else: Unicode tags (which can hide a text
# inside a text), private use, noncharacters, other invisible format characters (the soft hyphen stays)
_HIDDEN = re.compile(
    r"[\U000e0000-\U000e007f\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd\ufdd0-\ufdef\ufffe\uffff"
    r"\u180e\u2061-\u2064\u206a-\u206f\ufff9-\ufffb\U0001fffe\U0001ffff]"
)
# emoji and pictographs: Pango draws them with the machine's emoji font, braille tables have no cells
_PICTOGRAPH = re.compile(r"[\U0001f000-\U0001faff\ufe0f]")


def _undrawable(text: str, path: Path) -> list[Problem]:
    """An error at the first place of each character no font of the leaflet has (CJK, Thai, most
    symbols): the PDF would refuse it after the other formats were written. Latin text never pays
    for the look-up (0.3 s: it reads every font file)."""
    rare = {c for c in text if ord(c) > 0x24F and c.isprintable() and not c.isspace()} - set(_PICTOGRAPH.findall(text))
    if not rare:
        return []
    from pipeline.rendering import fonts

    missing = sorted(c for c in rare if ord(c) not in fonts.covered())
    problems = []
    for char in missing:
        at = text.index(char)
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        message = f"no font of the leaflet has {char} (U+{ord(char):04X})"
        hint = f"use other characters: {fonts.FAMILY} and {fonts.FALLBACK_NAME} cover Latin, Greek, Cyrillic, Arabic and Hebrew"
        problems.append(Problem("error", "text", message, path, line, hint, column))
    return problems


@dataclass(frozen=True)
class Reading:
    """What reading a source found: the model (None if it has errors), its problems, and what lint needs of the file."""

    summary: Summary | None
    problems: list[Problem]
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key -> line
    accepted: list[Accepted] = field(default_factory=list)  # the reviewers' lint-ok notes


def load(path: Path) -> tuple[Summary | None, list[Problem]]:
    """The model of `path` (None if it has errors) and every error and warning found reading it."""
    reading = read_source(path)
    return reading.summary, reading.problems


def read_source(path: Path) -> Reading:
    """The file read into the model, every problem on the way, sorted by line."""
    path = Path(path)

    def fail(message: str, hint: str, line: int | None = None, category: str = "file") -> Reading:
        return Reading(None, [Problem("error", category, message, path, line, hint)])

    if path.is_dir():  # e.g. an output folder given to `check`, which takes the sources
        return fail("this is a folder, not a summary", "name the summaries (source/<slug>.md); outputs are found in --out (output/)")
    if path.suffix != ".md":
        return fail("a summary must be a .md file", "name it source/<slug>.md")
    if not SLUG.match(path.stem):
        return fail(f"'{path.stem}' is not a valid slug", "use lowercase letters, digits and hyphens: poems-syndrome.md")
    if path.stem in RESERVED:
        return fail(f"'{path.stem}' is the name of the catalogue's {RESERVED[path.stem]} in output/", "give the summary another file name")
    try:
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):  # a FIFO would hang, /dev/zero fill the memory
            return fail("this is not a regular file (a device, a pipe or a socket)", "name the summary's .md file itself")
        with path.open("rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)  # bounded, whatever the file grows to while it is read
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror or exc}", "check the path and permissions")
    if len(raw) > MAX_SOURCE_BYTES:
        size = max(len(raw), path.stat().st_size)
        limit = f"the limit is {MAX_SOURCE_BYTES // 1024} kB"
        return fail(f"the file is {size / 1e6:.1f} MB; {limit}", "a summary should be a few pages; split it")
    if b"\x00" in raw:
        return fail("this is a binary file, not text", "save the summary as UTF-8 text", raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail("the file is not UTF-8", "re-save it as UTF-8", raw[: exc.start].count(b"\n") + 1, "encoding")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if match := _FORBIDDEN.search(line):
            problems.append(
                Problem(
                    "error",
                    "text",
                    f"invisible control character U+{ord(match[0]):04X}",
                    path,
                    number,
                    "delete it; it can make the text shown differ from the text read aloud",
                    match.start() + 1,
                )
            )
        if match := _HIDDEN.search(line):
            problems.append(
                Problem(
                    "error",
                    "text",
                    f"hidden character U+{ord(match[0]):04X} ({unicodedata.name(match[0], 'private use or unassigned').lower()})",
                    path,
                    number,
                    "delete it: it shows nothing, or something else in each font, and no voice or braille table has it",
                    match.start() + 1,
                )
            )
        if _INVISIBLE.search(line):
            problems.append(Problem("warning", "text", "zero-width character removed", path, number, "delete it from the source"))
        if match := _PICTOGRAPH.search(line):
            problems.append(
                Problem(
                    "error",
                    "text",
                    f"the pictograph {match[0]} (U+{ord(match[0]):04X}) cannot be printed, embossed or read the same everywhere",
                    path,
                    number,
                    "say it in words: the leaflet's fonts, braille and the voices have no emoji",
                    match.start() + 1,
                )
            )
    text = _INVISIBLE.sub("", text)
    problems += _undrawable(text, path)

    fm = split_front_matter(text)
    problems += [Problem("error", "front-matter", msg, path, line, hint, column) for line, msg, hint, column in fm.errors]
    meta, glossary, pronunciations, meta_problems = validate_meta(fm, path) if not fm.errors else (None, (), (), [])
    problems += meta_problems
    sections, body_problems, accepted = parse_body(fm.body, fm.body_line, path) if not fm.errors else ([], [], [])
    problems += body_problems
    if meta is None or any(p.severity == "error" for p in problems):
        return Reading(None, _sorted(problems))
    try:
        brand = find_publisher(path.parent)
    except SourceError as exc:
        return Reading(None, _sorted(problems + exc.problems))
    if brand is not None:  # the summary's own front matter wins over the publisher's defaults
        meta = replace(meta, publisher=meta.publisher or brand.name, site_url=meta.site_url or brand.site_url)
        problems += required_by(brand, meta, path)
        if any(p.severity == "error" for p in problems):
            return Reading(None, _sorted(problems))
    summary = Summary(path.stem, path, hashlib.sha256(raw).hexdigest(), meta, tuple(sections), glossary, pronunciations, brand)
    translations, family_problems = family(summary, fm.key_lines.get("translation_of"))
    if any(p.severity == "error" for p in family_problems):
        return Reading(None, _sorted(problems + family_problems))
    summary = replace(summary, translations=translations)
    return Reading(summary, _sorted(problems), fm.key_lines, accepted)


def required_by(brand: Publisher, meta: Meta, path: Path) -> list[Problem]:
    """An error for each trust field publisher.yaml requires and the front matter lacks (at its top)."""
    met = checklist(meta.trust)
    where = f"{brand.path.name}:{brand.require_line}" if brand.require_line else brand.path.name
    return [
        Problem("error", "front-matter", f"{where} requires '{name}', which this summary does not have", path, 1, f"add {HINTS[name]}")
        for name in brand.require
        if not met[name]
    ]


def read(path: Path, strict: bool = False) -> tuple[Summary, list[Problem]]:
    """The model of `path`; raises SourceError on errors (and on warnings when strict)."""
    return raising(*load(path), strict)


def raising(summary: Summary | None, problems: list[Problem], strict: bool) -> tuple[Summary, list[Problem]]:
    """(summary, warnings), or SourceError with the errors (every problem when `strict`)."""
    errors = [p for p in problems if p.severity == "error" or strict]
    if summary is None or errors:
        raise SourceError(errors or problems)
    return summary, problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.severity != "error"))
