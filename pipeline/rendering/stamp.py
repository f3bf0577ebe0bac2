"""The review stamp: the one place that words the review date, next review and disclaimer.

Every writer asks `stamp_for(summary)`; none formats a date itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from pipeline.model import Summary

if TYPE_CHECKING:
    from babel import Locale


@cache
def labels(language: str) -> dict[str, object]:
    """The words for `language` from its gettext catalog ('fr-CA' falls back to 'fr'); English
    words where the catalog has none (lint warns of a language without a catalog)."""
    from pipeline.rendering.catalogs import translations

    english = _load("en")
    base = language.split("-")[0].lower()
    if base == "en":
        return english
    return {**english, **_load(base), **translations(base)}


def _load(base: str) -> dict[str, object]:
    file = resources.files("pipeline.locales").joinpath(f"{base}.yaml")
    # libyaml when present: this file is read by every process that stamps anything
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(file.read_text("utf-8"), Loader=loader) if file.is_file() else {}


def label(language: str, key: str, **values: object) -> str:
    return str(labels(language)[key]).format(**values)


def direction(language: str) -> str:
    """'rtl' for a language written right to left (Arabic, Hebrew, Persian, Urdu...), else 'ltr' (CLDR)."""
    return "rtl" if locale_for(language).character_order == "right-to-left" else "ltr"


def language_name(language: str) -> str:
    """The language's name in its own words, as a language menu shows it ('Español', 'العربية'; CLDR)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language.replace("-", "_")).display_name
    except (UnknownLocaleError, ValueError):
        return language
    return name[:1].upper() + name[1:] if name else language


def format_date(day: date, language: str, style: str = "long") -> str:
    """The date in the language's own words and order, from CLDR (Babel): '7 April 2026' (long),
    'April 2027' (month), '7 Apr 2026' (short). Any language CLDR knows needs no code here."""
    from babel.dates import format_date as cldr_date
    from babel.dates import format_skeleton

    where = locale_for(language)
    if style == "month":
        return str(format_skeleton("yMMMM", day, locale=where))
    # A right-to-left language keeps the month in words: digits and slashes in an RTL line reorder
    # unpredictably ("15/06/2026" shows as "2026/06/15").
    short = style == "short" and direction(language) == "ltr"
    return str(cldr_date(day, "medium" if short else "long", locale=where))


@cache
def locale_for(language: str) -> Locale:
    """The CLDR locale of a BCP 47 tag; a bare 'en' is international English ('7 April 2026'),
    not CLDR's US default; an unknown region falls back to its language, an unknown language to English."""
    from babel import Locale, UnknownLocaleError

    tag = language.replace("-", "_")
    for candidate in (tag, tag.split("_")[0], "en_001"):
        try:
            return Locale.parse("en_001" if candidate.lower() == "en" else candidate)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("CLDR has no English")  # pragma: no cover


@dataclass(frozen=True)
class Stamp:
    reviewed: date
    next_review: date
    reviewed_text: str  # "7 April 2026"
    next_review_text: str  # "April 2027"
    line: str  # "Medically reviewed 7 April 2026 · Next review due April 2027"
    short: str  # for running footers
    disclaimer_heading: str
    disclaimer: str  # verbatim from the source
    spoken: str  # "This summary was medically reviewed on 7 April 2026."
    spoken_next_review: str
    easy: tuple[str, ...] = ()  # the review and the disclaimer in Easy Read words, one idea a line


def stamp_for(summary: Summary) -> Stamp:
    meta, lang = summary.meta, summary.meta.language
    reviewed = format_date(meta.reviewed, lang)
    next_review = format_date(meta.next_review, lang, "month")
    return Stamp(
        reviewed=meta.reviewed,
        next_review=meta.next_review,
        reviewed_text=reviewed,
        next_review_text=next_review,
        line=label(lang, "reviewed_line", reviewed=reviewed, next_review=next_review),
        short=label(lang, "reviewed_short", reviewed=format_date(meta.reviewed, lang, "short"), next_review=next_review),
        disclaimer_heading=label(lang, "disclaimer_heading"),
        disclaimer=meta.disclaimer,
        spoken=label(lang, "spoken_reviewed", reviewed=reviewed),
        spoken_next_review=label(lang, "spoken_next_review", next_review=next_review),
        easy=tuple(label(lang, key, reviewed=reviewed, next_review=next_review) for key in EASY_STAMP),
    )


# The Easy Read outputs' review lines and disclaimer, in Easy Read words (one idea a line; the
# source's disclaimer follows them word for word)
EASY_STAMP = ("easy_reviewed", "easy_next_review", "easy_disclaimer", "easy_not_advice", "easy_ask")
