"""The front matter that says who stands behind a summary (the questions quality marks such as the
PIF TICK ask): `author`, `reviewed_by` (name, role), `sources` (title, url, year), `feedback`
(an e-mail or https address), `version` and `changes`, and the condition's `codes` (ICD-10, and
SNOMED CT checked by its check digit). Each is optional unless publisher.yaml's `require` names it.

    author: Dr Ann Example, consultant haematologist
    reviewed_by:
      name: Dr Ben Example
      role: Consultant neurologist
    sources:
      - title: "POEMS syndrome: 2023 update on diagnosis, risk-stratification, and management"
        url: https://doi.org/10.1002/ajh.26737
        year: "2023"
    feedback: leaflets@example.org
    version: "2"
    changes: New treatment section.
    codes:
      icd10: [D47.7]
      snomed: ["79268008"]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipeline.model import ConditionCode, Reviewer, Source, Trust

KEYS = ("author", "reviewed_by", "sources", "feedback", "version", "changes", "codes")
STRUCTURED = ("reviewed_by", "sources", "codes")  # not one line of text
# what `lint --checklist` asks, in order, and what publisher.yaml's `require` may name
CRITERIA = ("author", "reviewed_by", "sources", "feedback", "version", "codes")
CODE_SYSTEMS = ("icd10", "snomed")
_ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")  # D47.7, E11, U07.1 (ICD-10 and ICD-10-CM)
_SNOMED = re.compile(r"^[1-9][0-9]{5,17}$")  # an SCTID: 6 to 18 digits, its last a Verhoeff check digit
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")  # it names a folder of kept editions
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HTTPS = re.compile(r"^https://[^\s/$.?#][^\s]*$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")

Error = Callable[..., None]  # error(key, message, hint, line=None)


def verhoeff_ok(digits: str) -> bool:
    """The Verhoeff check every SNOMED CT identifier carries in its last digit."""
    d = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7]]
    d += [[4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3]]
    d += [[8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
    p = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7]]
    p += [[9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
    check = 0
    for i, digit in enumerate(reversed(digits)):
        check = d[check][p[i % 8][int(digit)]]
    return check == 0


def read_trust(data: dict[str, Any], error: Error) -> Trust:
    """The trust fields of a front matter, every problem said through `error` at its key's line."""

    def text(key: str) -> str | None:
        value = data.get(key)
        return " ".join(value.split()) if isinstance(value, str) and value.strip() else None

    feedback = text("feedback")
    if feedback and not (_EMAIL.match(feedback) or _HTTPS.match(feedback)):
        error("feedback", f"feedback '{feedback}' is not an e-mail or https address", "e.g. feedback: leaflets@example.org")
        feedback = None
    version = text("version")
    if version and not _VERSION.match(version):
        error("version", f"version '{version}' is not a version name", 'letters, digits, dots and hyphens, e.g. version: "2.1"')
        version = None
    if text("changes") and not version:
        error("changes", "'changes' says what changed in a version, but there is no 'version'", 'add e.g. version: "2"')
    return Trust(
        author=text("author"),
        reviewed_by=_reviewer(data.get("reviewed_by"), error),
        sources=_sources(data.get("sources"), error),
        feedback=feedback,
        version=version,
        changes=text("changes"),
        codes=_codes(data.get("codes"), error),
    )


def _reviewer(value: Any, error: Error) -> Reviewer | None:
    if value is None:
        return None
    hint = "write its name and role indented under it: '  name: Dr Ben Example' and '  role: Consultant neurologist'"
    if not isinstance(value, dict):
        error("reviewed_by", "'reviewed_by' needs a name and a role", hint)
        return None
    for extra in sorted(set(value) - {"name", "role"}):
        error(f"reviewed_by.{extra}", f"unknown key '{extra}' in reviewed_by", "reviewed_by has a name and a role")
    name, role = (" ".join(v.split()) if isinstance(v, str) else "" for v in (value.get("name"), value.get("role")))
    for key, got in (("name", name), ("role", role)):
        if not got:
            error("reviewed_by", f"reviewed_by has no {key}", hint)
    return Reviewer(name, role) if name and role else None


def _sources(value: Any, error: Error) -> tuple[Source, ...]:
    if value is None:
        return ()
    hint = "list each under 'sources:' as '  - title: ...' with, if you have them, url: and year:"
    if not isinstance(value, list):
        error("sources", "'sources' must be a list", hint)
        return ()
    found = []
    for index, item in enumerate(value):
        where = f"sources.{index}"
        if isinstance(item, str) and item.strip():
            item = {"title": item}
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            error(where, f"source {index + 1} has no title", hint)
            continue
        for extra in sorted(set(item) - {"title", "url", "year"}):
            error(f"{where}.{extra}", f"unknown key '{extra}' in source {index + 1}", "a source has a title, a url and a year")
        url, year = (str(item.get(k)).strip() if item.get(k) is not None else None for k in ("url", "year"))
        if url and not _HTTPS.match(url):
            error(f"{where}.url", f"source {index + 1}'s url '{url}' is not an https address", "e.g. url: https://doi.org/...")
            url = None
        if year and not _YEAR.match(year):
            error(f"{where}.year", f"source {index + 1}'s year '{year}' is not a year", 'write it as year: "2023"')
            year = None
        found.append(Source(" ".join(item["title"].split()), url, year))
    return tuple(found)


def _codes(value: Any, error: Error) -> tuple[ConditionCode, ...]:
    if value is None:
        return ()
    hint = "e.g. codes: then '  icd10: [D47.7]' and '  snomed: [\"79268008\"]' indented under it"
    if not isinstance(value, dict):
        error("codes", "'codes' must name each system: icd10, snomed", hint)
        return ()
    found = []
    for system, listed in value.items():
        where = f"codes.{system}"
        if system not in CODE_SYSTEMS:
            error(where, f"unknown code system '{system}'", f"use {' or '.join(CODE_SYSTEMS)}")
            continue
        for code in [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []:
            code = str(code).strip().upper()
            if system == "icd10" and not _ICD10.match(code):
                error(where, f"'{code}' is not an ICD-10 code", "a letter, two digits, then a dot and more, e.g. D47.7")
            elif system == "snomed" and not (_SNOMED.match(code) and verhoeff_ok(code)):
                error(
                    where, f"'{code}' is not a SNOMED CT identifier (its check digit does not match)", "copy it from the SNOMED CT browser"
                )
            else:
                found.append(ConditionCode(system, code))
    return tuple(found)


def checklist(trust: Trust) -> dict[str, bool]:
    """Each criterion of CRITERIA: does the summary meet it?"""
    return {
        "author": trust.author is not None,
        "reviewed_by": trust.reviewed_by is not None,
        "sources": bool(trust.sources),
        "feedback": trust.feedback is not None,
        "version": trust.version is not None,
        "codes": bool(trust.codes),
    }


HINTS = {
    "author": "author: the name of the person (or team) who wrote it",
    "reviewed_by": "reviewed_by: with '  name: ...' and '  role: ...' under it",
    "sources": "sources: a list of '  - title: ...' (with url: and year: where you have them)",
    "feedback": "feedback: an e-mail address or an https address for comments",
    "version": 'version: "1", and changes: what changed, for each new version',
    "codes": "codes: with '  icd10: [...]' and/or '  snomed: [...]' under it",
}
