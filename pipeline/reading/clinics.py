"""The clinics that hand a leaflet out: one file each in `clinics/` beside the sources, checked like
publisher.yaml (every problem at once, at its line).

    # source/clinics/kirkby-ward.yaml
    name: Kirkby Ward, Northshore Hospital
    address: |
      Level 2, Northshore Hospital
      Shore Road, Northshore NS1 2AB
    phone: 0161 555 0142
    hours: Monday to Friday, 8am to 6pm
    out_of_hours: Evenings and weekends, call NHS 111; in an emergency call 999.
    email: kirkby.ward@northshore.example      # optional
    logo: kirkby.svg                           # optional, beside this file, with logo_alt
    logo_alt: Kirkby Ward

`build --clinic ID` (or `all`) gives each clinic its own copies of the printed leaflets and booklets,
with this panel on the back page; the summary's text and stamp are the same in every copy. The
limits on each field keep the panel to the back page of an A5 booklet.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pipeline.errors import Problem, SourceError
from pipeline.model import Clinic
from pipeline.reading.frontmatter import read_side_file
from pipeline.reading.publisher import logo_file
from pipeline.reading.schema import SLUG

FOLDER = "clinics"
ALL = "all"  # --clinic all: every clinic file (so no clinic may be called all)
REQUIRED = ("name", "address", "phone", "hours", "out_of_hours")
KEYS = (*REQUIRED, "email", "logo", "logo_alt")
MAX_FILE_BYTES = 16 * 1024
# key -> (most lines, most characters a line): what the back page of an A5 booklet holds
LIMITS = {"name": (1, 48), "address": (3, 55), "phone": (1, 30), "hours": (2, 48), "out_of_hours": (1, 150), "email": (1, 48)}
LIMITS |= {"logo": (1, 200), "logo_alt": (1, 120)}
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-.]*[0-9](\s*(ext\.?|extension|x)\s*[0-9]+)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PICTOGRAPH = re.compile(r"[\U0001f000-\U0001faff\ufe0f]")


def folder(source_dir: Path) -> Path:
    return Path(source_dir) / FOLDER


def ids(source_dir: Path, wanted: tuple[str, ...]) -> list[str]:
    """The clinics `wanted` names (`all`: every clinic file there), without reading their files."""
    if ALL in wanted:
        return sorted(p.stem for p in folder(source_dir).glob("*.yaml"))
    return list(dict.fromkeys(wanted))


def find(source_dir: Path, wanted: tuple[str, ...]) -> tuple[Clinic, ...]:
    """The clinics `wanted` names for the sources in `source_dir`; raises SourceError with every
    problem of every file (and each clinic that has no file)."""
    problems: list[Problem] = []
    found: list[Clinic] = []
    chosen = ids(source_dir, wanted)
    if not chosen:
        where = folder(source_dir)
        problems.append(Problem("error", "clinic", "there are no clinic files", where, None, f"write one, e.g. {where}/kirkby-ward.yaml"))
    for clinic_id in chosen:
        path = folder(source_dir) / f"{clinic_id}.yaml"
        if not path.is_file():
            known = ", ".join(ids(source_dir, (ALL,))) or "none yet"
            problems.append(Problem("error", "clinic", f"no clinic '{clinic_id}'", path, None, f"write {path} (clinics there: {known})"))
            continue
        try:
            found.append(load(path))
        except SourceError as exc:
            problems += exc.problems
    if problems:
        raise SourceError(problems)
    return tuple(found)


def load(path: Path) -> Clinic:
    """Read and check one clinic file; raises SourceError listing every problem with its line."""
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


@cache  # read again when the file changes
def _load(path: Path, mtime_ns: int, size: int) -> Clinic:
    problems: list[Problem] = []

    def error(message: str, hint: str, line: int | None = 1) -> None:
        problems.append(Problem("error", "clinic", message, path, line, hint))

    if not SLUG.match(path.stem) or path.stem == ALL:
        error(f"'{path.stem}' cannot name a clinic", "name the file with lowercase letters, digits and hyphens: kirkby-ward.yaml", None)
    data, lines, found, raw = read_side_file(path, "clinic", "a clinic file", MAX_FILE_BYTES)
    problems += found
    text: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            error(f"unknown key '{key}'", f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KEYS)}", lines[key])
        elif not isinstance(value, str) or not value.strip():
            error(f"'{key}' must be text", f"write '{key}: ...'", lines[key])
        else:
            text[key] = tuple(" ".join(line.split()) for line in value.strip().splitlines() if line.strip())
            _check_text(key, text[key], lines[key], error)
    for key in REQUIRED:
        if key not in data:
            error(f"'{key}' is missing", f"add '{key}: ...' (a clinic file needs {', '.join(REQUIRED)})", None)
    one = {key: value[0] for key, value in text.items()}
    if "phone" in one and not (_PHONE.match(one["phone"]) and sum(c.isdigit() for c in one["phone"]) >= 5):
        error(f"phone '{one['phone']}' is not a telephone number", "digits, spaces, brackets and hyphens: 0161 555 0142", lines["phone"])
    if "email" in one and not _EMAIL.match(one["email"]):
        error(f"email '{one['email']}' is not an email address", "e.g. kirkby.ward@northshore.example", lines["email"])
    logo = logo_file(path, one.get("logo"), lines.get("logo"), error)
    if logo is not None and not one.get("logo_alt"):
        error("a logo needs 'logo_alt', the text a screen reader says for it", "e.g. logo_alt: Kirkby Ward", lines["logo"])
    if problems:
        raise SourceError(problems)
    digest = hashlib.sha256(raw + (logo.read_bytes() if logo else b""))
    return Clinic(
        path.stem,
        path,
        digest.hexdigest(),
        name=one["name"],
        address=text["address"],
        phone=one["phone"],
        hours=text["hours"],
        out_of_hours=one["out_of_hours"],
        email=one.get("email"),
        logo=logo,
        logo_alt=one.get("logo_alt", ""),
    )


def _check_text(key: str, lines: tuple[str, ...], line: int, report: Callable[..., None]) -> None:
    """Within the field's limits, and only characters every output can print."""
    most_lines, most_chars = LIMITS[key]
    if len(lines) > most_lines:
        report(f"'{key}' has {len(lines)} lines; at most {most_lines} fit the back page", "shorten it", line)
    longest = max(len(each) for each in lines)
    if longest > most_chars:
        report(f"'{key}' has a line of {longest} characters; at most {most_chars} fit the back page", "shorten it", line)
    joined = "\n".join(lines)
    odd = sorted({c for c in joined if (not c.isprintable() and c != "\n") or _PICTOGRAPH.match(c)})
    if odd:
        named = " ".join(f"U+{ord(c):04X}" for c in odd)
        report(f"'{key}' has characters that cannot be printed: {named}", "type it again without them (no emoji)", line)
    rare = {c for c in joined if ord(c) > 0x24F and c.isprintable() and not c.isspace()}
    if rare:
        from pipeline.rendering import fonts

        missing = sorted(c for c in rare if ord(c) not in fonts.covered())
        if missing:
            named = " ".join(f"{c} (U+{ord(c):04X})" for c in missing)
            report(
                f"no font of the leaflet has {named}", f"use other characters: {fonts.FAMILY} and {fonts.FALLBACK_NAME} cover them", line
            )
