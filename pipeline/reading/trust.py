"""The trust fields of the front matter: who wrote and who reviewed a summary, what it is based on,
and the codes of the condition it is about. All optional; each is checked where it is written.

    author: Dr Ada Lovelace                      # text
    reviewed_by: {name: Dr Grace Hopper, role: Consultant haematologist}
    sources:                                     # what the summary is based on
      - {title: POEMS syndrome (review), url: https://example.org/poems, year: "2024"}
    codes: {icd10: [D47.Z9], snomed: ["79268002"]}   # ICD-10(-CM) and SNOMED CT concept ids
    version: "2.1"
    feedback: https://example.org/feedback       # where a reader says what is wrong or unclear

They are the model's `Meta.trust` (a `Trust`, the shape main's trust fields have); the web pages'
schema.org data, the FHIR DocumentReference and the feed read them there through
pipeline/rendering/trust.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipeline.model import ConditionCode, Reviewer, Source, Trust

KEYS = ("author", "reviewed_by", "sources", "codes", "version", "feedback")
MAPPINGS = ("reviewed_by", "sources", "codes")  # not text: checked here, not as text by the schema
CODE_KEYS = ("icd10", "snomed")
FIRST_YEAR, LAST_YEAR = 1800, 2099  # of a source
# ICD-10 and ICD-10-CM: a letter, two characters, then up to four after a dot (E75.21, S72.001A)
_ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_SNOMED = re.compile(r"^[1-9][0-9]{5,17}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")

Error = Callable[[str, str, str], None]  # (key, message, hint)


def verhoeff_valid(digits: str) -> bool:
    """The Verhoeff check digit of a SNOMED CT identifier is right (a mistyped digit fails)."""
    d = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7]]
    d += [[4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3]]
    d += [[8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
    p = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7]]
    p += [[9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
    check = 0
    for i, digit in enumerate(reversed(digits)):
        check = d[check][p[i % 8][int(digit)]]
    return check == 0


def trust_fields(data: dict[str, Any], error: Error) -> Trust:
    """The trust keys present in `data`, every problem reported through `error`."""
    fields: dict[str, Any] = {}
    for key in ("author", "version", "feedback"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            fields[key] = " ".join(value.split())
    feedback = fields.get("feedback", "")
    if feedback and " " not in feedback and "@" not in feedback and not _URL.match(feedback):  # one word: an address
        error("feedback", f"feedback '{feedback}' is not a web address", "an https address, an e-mail address or a sentence")
    if "reviewed_by" in data:
        fields["reviewed_by"] = _reviewer(data["reviewed_by"], error)
    if "sources" in data:
        fields["sources"] = _sources(data["sources"], error)
    if "codes" in data:
        fields["codes"] = _codes(data["codes"], error)
    return Trust(**{k: v for k, v in fields.items() if v})


def _reviewer(value: Any, error: Error) -> Reviewer | None:
    hint = "write 'reviewed_by:' then indented 'name: ...' and 'role: ...'"
    if not isinstance(value, dict):
        error("reviewed_by", "'reviewed_by' must be a name and a role", hint)
        return None
    for key in value:
        if key not in ("name", "role"):
            error("reviewed_by", f"reviewed_by: unknown key '{key}'", "reviewed_by has a name and a role")
    name, role = value.get("name"), value.get("role")
    if not isinstance(name, str) or not name.strip():
        error("reviewed_by", "reviewed_by needs the reviewer's name", hint)
        return None
    if role is not None and not isinstance(role, str):
        error("reviewed_by", "reviewed_by's role must be text", "e.g. role: Consultant neurologist")
    return Reviewer(" ".join(name.split()), " ".join(role.split()) if isinstance(role, str) else "")


def _sources(value: Any, error: Error) -> tuple[Source, ...]:
    hint = "a list: '- title: ...' with 'url: https://...' and 'year: 2024' under it"
    if not isinstance(value, list):
        error("sources", "'sources' must be a list of what the summary is based on", hint)
        return ()
    found = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            error("sources", f"source {number} needs a title", hint)
            continue
        for key in item:
            if key not in ("title", "url", "year"):
                error("sources", f"source {number}: unknown key '{key}'", "a source has a title, a url and a year")
        url, year = item.get("url"), item.get("year")
        if url is not None and not (isinstance(url, str) and _URL.match(url.strip())):
            error("sources", f"source {number}: '{url}' is not a web address", "e.g. url: https://example.org/guideline")
            url = None
        if year is not None and not (isinstance(year, str) and year.strip().isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
            error("sources", f"source {number}: '{year}' is not a year", "e.g. year: 2024")
            year = None
        found.append(Source(" ".join(item["title"].split()), url.strip() if url else None, year.strip() if year else None))
    return tuple(found)


def _codes(value: Any, error: Error) -> tuple[ConditionCode, ...]:
    hint = "e.g. codes: {icd10: [E75.21], snomed: ['16652001']}"
    if not isinstance(value, dict):
        error("codes", "'codes' must name the coding systems: icd10, snomed", hint)
        return ()
    found: list[ConditionCode] = []
    for system, codes in value.items():
        if system not in CODE_KEYS:
            error("codes", f"codes: unknown coding system '{system}'", f"known: {', '.join(CODE_KEYS)}")
            continue
        for code in [codes] if isinstance(codes, str) else codes if isinstance(codes, list) else [None]:
            code = code.strip() if isinstance(code, str) else code
            if not isinstance(code, str) or not code:
                error("codes", f"codes.{system} must be a list of codes", hint)
            elif system == "icd10" and not _ICD10.match(code):
                error("codes", f"'{code}' is not an ICD-10 code", "a letter, two digits, then a dot and up to four more: E75.21")
            elif system == "snomed" and not (_SNOMED.match(code) and code[-3:-1] in ("00", "10") and verhoeff_valid(code)):
                error("codes", f"'{code}' is not a SNOMED CT concept id", "6 to 18 digits, the last a check digit: copy it, do not type it")
            else:
                found.append(ConditionCode(system, code))
    return tuple(found)
