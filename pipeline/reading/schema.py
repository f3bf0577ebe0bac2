"""The front matter contract: which keys exist, which are required, what each must hold."""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import Problem
from pipeline.model import GlossaryEntry, Meta
from pipeline.reading import trust
from pipeline.reading.frontmatter import FrontMatter

# An ebook's zip stores dates from 1980 to 2107, and the next review is some years on
FIRST_YEAR, LAST_YEAR = 1980, 2099
REQUIRED = ("title", "reviewed", "summary", "disclaimer")
OPTIONAL: tuple[str, ...] = ("language", "next_review", "publisher", "site_url", "glossary", "pronunciations", "plain_summary", "audio")
OPTIONAL += ("translation_of", *trust.KEYS)  # trust.KEYS: who wrote and reviewed it, its sources, the condition's codes
AUDIO_TEXTS = ("original", "plain")  # `audio:` which text the audio version reads
KEYS = REQUIRED + OPTIONAL
MAPPINGS = ("glossary", "pronunciations")
MAX_TITLE = 120  # characters: a title, not a sentence (PDF checkers call one over 200 unhelpful)
TO_FILL = "FILL IN"  # `import` leaves what a document does not say as "FILL IN: what to write"

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # a source's file name without .md
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's end (29 Feb + 12 months = 28 Feb)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def validate_meta(fm: FrontMatter, path: Path) -> tuple[Meta | None, tuple[GlossaryEntry, ...], tuple[tuple[str, str], ...], list[Problem]]:
    """Check the front matter against the contract; report every problem at once."""
    problems: list[Problem] = []

    def error(key: str | None, message: str, hint: str | None = None, line: int | None = None) -> None:
        problems.append(Problem("error", "front-matter", message, path, line or fm.key_lines.get(key or "", 1), hint))

    unfilled = {k for k, v in fm.data.items() if isinstance(v, str) and v.strip().startswith(TO_FILL)}
    for key in sorted(unfilled, key=lambda k: fm.key_lines.get(k, 0)):
        wanted = fm.data[key].strip()[len(TO_FILL) :].lstrip(" :")
        error(key, f"'{key}' is still to be filled in", f"write {wanted}" if wanted else f"give '{key}' its value")
    data = {k: v for k, v in fm.data.items() if k not in unfilled}
    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KEYS)}"
            error(key, f"unknown key '{key}'", hint)
    for key, value in data.items():
        if key in KEYS and key not in MAPPINGS + trust.MAPPINGS and not isinstance(value, str):
            error(key, f"'{key}' must be text, not a {type(value).__name__}", "write it on one line after the colon")
    for key in REQUIRED:
        value = data.get(key)
        if key in unfilled:
            continue
        if key not in data:
            error(None, f"required key '{key}' is missing", f"add a line '{key}: ...' to the front matter", line=1)
        elif isinstance(value, str) and not value.strip():
            error(key, f"required key '{key}' is empty", f"give '{key}' a value")

    title = data.get("title")
    if isinstance(title, str) and len(title.strip()) > MAX_TITLE:
        error(
            "title",
            f"the title is {len(title.strip())} characters; the limit is {MAX_TITLE}",
            "it names the leaflet, the page, the ebook and the audio: keep it short and put the rest in the summary",
        )
    reviewed = _date(data.get("reviewed"), "reviewed", error)
    next_review = _date(data.get("next_review"), "next_review", error)
    if reviewed and next_review and next_review < reviewed:
        error("next_review", f"next_review {next_review} is before reviewed {reviewed}", "the next review comes after the last one")
    language = data.get("language", "en")
    if isinstance(language, str) and not _BCP47.match(language):
        error("language", f"language '{language}' is not a BCP 47 tag", "e.g. en, en-GB, fr")
    elif isinstance(language, str) and not _has_braille(language):
        hint = "every summary is made in braille too; docs/languages.md lists the languages"
        error("language", f"liblouis has no braille table for the language '{language}'", hint)
    audio = data.get("audio", "original")
    if isinstance(audio, str) and audio.strip() not in AUDIO_TEXTS:
        error(
            "audio",
            f"audio '{audio}' is not one of {', '.join(AUDIO_TEXTS)}",
            "original reads the text as written; plain reads the ::: plain rewrites",
        )
    original = data.get("translation_of")
    if isinstance(original, str) and not SLUG.match(original.strip()):
        error(
            "translation_of",
            f"translation_of '{original}' is not a summary's file name",
            "write the original's file name without .md, e.g. translation_of: poems-syndrome",
        )
    site_url = data.get("site_url")
    if isinstance(site_url, str) and not re.match(r"^https://[^\s/$.?#][^\s]*$", site_url):
        error("site_url", f"site_url '{site_url}' is not an https address", "e.g. https://example.org/leaflets")

    trusted = trust.trust_fields(data, lambda key, message, hint: error(key, message, hint))
    pairs: dict[str, tuple[tuple[str, str], ...]] = {}
    for key in MAPPINGS:
        value = data.get(key, {})
        if value is None:
            value = {}
        if not isinstance(value, dict):
            error(key, f"'{key}' must be a list of 'term: text' lines", f"indent each term under '{key}:'")
            value = {}
        for term, text in value.items():
            if not isinstance(text, str) or not text.strip():
                error(f"{key}.{term}", f"{key} entry '{term}' needs a text", f"'{term}: ...'")
        pairs[key] = tuple((str(t), str(x).strip()) for t, x in value.items() if isinstance(x, str))

    if problems or reviewed is None:
        return None, (), (), problems
    meta = Meta(
        title=data["title"].strip(),
        reviewed=reviewed,
        next_review=next_review or add_months(reviewed, 12),
        summary=" ".join(data["summary"].split()),
        disclaimer=" ".join(data["disclaimer"].split()),
        language=language,
        publisher=_opt(data.get("publisher")),
        site_url=_opt(site_url),
        plain_summary=_opt(data.get("plain_summary")),
        audio=audio.strip() if isinstance(audio, str) else "original",
        translation_of=_opt(original),
        trust=trusted,
    )
    glossary = tuple(GlossaryEntry(t, x) for t, x in pairs["glossary"])
    return meta, glossary, pairs["pronunciations"], problems


def _has_braille(language: str) -> bool:
    """A braille table for the language (the braille writer would refuse it after the others were
    written); True where liblouis is not installed, which the braille build reports itself."""
    from pipeline.braille import louis
    from pipeline.errors import OutputError

    try:
        louis.version()
    except OutputError:
        return True
    try:
        louis.table_for(language)
    except OutputError:
        return False
    return True


def _opt(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _date(value: Any, key: str, error: Any) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    match = _DATE.match(value.strip())
    try:
        if match and not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            error(key, f"'{key}' {value.strip()} is not a year of review", f"check the year: dates from {FIRST_YEAR} to {LAST_YEAR}")
            return None
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    error(key, f"'{key}' is not a valid date: '{value}'", "write the date as YYYY-MM-DD, e.g. 2026-04-07")
    return None
