"""The review dates a leaflet states in its own words ("Date of publication: 14 March 2025",
"Review date: March 2028", "Last reviewed 03/2025"), read as dates and never guessed.

A date given only as a month is taken as the first of that month (said in the report); a
numeric date that could be day/month or month/day (03/04/2025) is left for the editor unless
the document's language says which (en-US: month first; every other: day first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sept sep",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FORMS = (
    rf"(?P<iso>{_YEAR}-(?P<im>\d\d)-(?P<id>\d\d))",
    rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    rf"{_MONTH},?\s+{_YEAR}",
    rf"(?P<n1>\d{{1,2}})[/.](?P<n2>\d{{1,2}})[/.]{_YEAR}",
    rf"(?P<nm>\d{{1,2}})[/.]{_YEAR}",
)
_DATE = [re.compile(rf"(?<![\w/.-])(?:{form})(?![\w/-])", re.I) for form in _FORMS]
# what a leaflet calls its last review, then its next one (the second list is tried first: "review date")
NEXT = (
    r"next\s+review(?:\s+date)?|review\s+date|date\s+(?:of|for)\s+(?:next\s+)?review|(?:next\s+)?due\s+for\s+review"
    r"|review\s+due(?:\s+date)?|to\s+be\s+reviewed|review\s+by"
)
LAST = (
    r"last\s+reviewed|reviewed(?:\s+on)?|date\s+of\s+publication|publication\s+date|date\s+published|published(?:\s+on)?"
    r"|date\s+of\s+issue|issue\s+date|date\s+issued|issued|last\s+updated|updated|approved(?:\s+on)?|produced"
)
_LABEL = re.compile(rf"(?<!\w)(?:(?P<next>{NEXT})|(?P<last>{LAST}))(?!\w)", re.I)
_GLUE = re.compile(r"^[\s:–—-]*(?:(?:on|in|by|the|date|of|due|is|was|will|be|for|:)[\s:]*)*", re.I)


@dataclass(frozen=True)
class Stated:
    which: str  # "reviewed" or "next_review"
    day: date | None  # None: the date is ambiguous (the report says what was found)
    said: str  # the words as the document has them: "Review date: March 2028"
    month_only: bool = False


def stated_dates(text: str, language: str) -> list[tuple[Stated, tuple[int, int]]]:
    """Each labelled date in `text`, with where its words are (start, end)."""
    found: list[tuple[Stated, tuple[int, int]]] = []
    for label in _LABEL.finditer(text):
        after = label.end() + _GLUE.match(text[label.end() :]).end()  # type: ignore[union-attr]
        for pattern in _DATE:
            match = pattern.match(text, after)
            if match:
                day, month_only = _read(match, language)
                which = "next_review" if label.group("next") else "reviewed"
                said = text[label.start() : match.end()]
                found.append((Stated(which, day, said, month_only), (label.start(), match.end())))
                break
    return found


def _read(match: re.Match[str], language: str) -> tuple[date | None, bool]:
    parts = match.groupdict()
    try:
        year = int(parts["year"])
        if parts.get("iso"):
            return date(year, int(parts["im"]), int(parts["id"])), False
        if parts.get("month"):
            month = _MONTHS[parts["month"].lower().rstrip(".")]
            return (date(year, month, int(parts["day"])), False) if parts.get("day") else (date(year, month, 1), True)
        if parts.get("nm"):
            return date(year, int(parts["nm"]), 1), True
        first, second = int(parts["n1"]), int(parts["n2"])
        if first > 12 or second > 12 or first == second:
            day, month = (first, second) if first > 12 or first == second else (second, first)
        elif language.lower() == "en-us":
            day, month = second, first
        elif (
            language and not language.lower().startswith("en") or language.lower() in ("en-gb", "en-ie", "en-au", "en-nz", "en-in", "en-za")
        ):
            day, month = first, second
        else:
            return None, False  # 03/04/2025 in a document that does not say which English
        return date(year, month, day), False
    except ValueError:  # 31 February
        return None, False
