"""The publisher's branding: `publisher.yaml` beside the sources, validated like front matter.

    name: Northshore Clinic
    logo: logo.svg                 # SVG or PNG beside publisher.yaml
    logo_alt: Northshore Clinic    # required with a logo
    accent: "#1d4e89"              # headings and rules; must reach 7:1 on white (WCAG AAA)
    contact: "Questions? Call the clinic on 0161 555 0100."
    site_url: https://example.org/leaflets
    hyphenate: "no"                # "yes": the leaflet's body text breaks words by its language's rules
    braille_cells: "40"            # the embosser's page (BRF/PEF); the command line's options win
    braille_lines: "25"
    require: [author, reviewed_by, sources]   # trust fields every summary must have (lint --checklist lists them)

Every key is optional; a summary's own front matter (`publisher`, `site_url`) wins over it.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pipeline.braille.layout import PAGE_LIMITS, PAGE_SIZE
from pipeline.errors import Problem, SourceError
from pipeline.model import Publisher
from pipeline.pictures.dangers import svg_dangers
from pipeline.reading import images
from pipeline.reading.frontmatter import read_side_file

FILE_NAME = "publisher.yaml"
KEYS = ("name", "logo", "logo_alt", "accent", "contact", "site_url", "hyphenate", "braille_cells", "braille_lines", "require")
LOGO_TYPES = (".svg", ".png")
MAX_FILE_BYTES = 64 * 1024
MAX_LOGO_BYTES = 512 * 1024  # a logo is a few kB; it is embedded in every page and book
MIN_CONTRAST = 7.0  # WCAG AAA for normal text: the large-print page's target
WHITE = (255, 255, 255)
_HEX = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def contrast(foreground: str, background: tuple[int, int, int] = WHITE) -> float:
    """WCAG 2 contrast ratio of a #rrggbb colour against `background`."""

    def luminance(rgb: tuple[int, ...]) -> float:
        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hex6 = foreground[1:] if len(foreground) == 7 else "".join(c * 2 for c in foreground[1:])
    rgb = tuple(int(hex6[i : i + 2], 16) for i in (0, 2, 4))
    lighter, darker = sorted((luminance(rgb), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def accent_css(publisher: Publisher | None, light_only: bool = False) -> str:
    """CSS that sets the stylesheets' --accent to the publisher's colour (nothing when unset).

    `light_only` for web pages: in a dark colour scheme a dark accent would not read, so there
    headings keep the scheme's text colour.
    """
    if not (publisher and publisher.accent):
        return ""
    rule = f":root {{ --accent: {publisher.accent}; }}"
    return f"@media not all and (prefers-color-scheme: dark) {{ {rule} }}\n" if light_only else rule + "\n"


def hyphenation_css(publisher: Publisher | None) -> str:
    """The leaflet's body text hyphenated by the rules of its `lang` (WeasyPrint's Pyphen dictionaries;
    a language without one, such as Arabic, is not broken). Off unless the publisher asks: clear-print
    guidance (RNIB) keeps words whole for readers who find broken words hard. Headings, the stamp and
    the disclaimer (quoted word for word) are never hyphenated."""
    return "section.topic p, section.topic li, section.short-answer p { hyphens: auto; }\n" if publisher and publisher.hyphenate else ""


def find(source_dir: Path) -> Publisher | None:
    """The publisher of the sources in `source_dir`, or None when it has no publisher.yaml."""
    path = Path(source_dir) / FILE_NAME
    if not path.is_file():
        return None
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


def load(path: Path) -> Publisher:
    """Read and check a publisher file; raises SourceError listing every problem with its line."""
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


@cache  # once per folder of sources, read again when the file changes
def _load(path: Path, mtime_ns: int, size: int) -> Publisher:
    problems: list[Problem] = []

    def error(message: str, hint: str, line: int | None = 1) -> None:
        problems.append(Problem("error", "publisher", message, path, line, hint))

    data, lines, found, raw = read_side_file(path, "publisher", "a publisher file", MAX_FILE_BYTES)
    problems += found
    for key, value in data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            error(f"unknown key '{key}'", f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KEYS)}", lines[key])
        elif key == "require":
            continue  # a list, checked below
        elif not isinstance(value, str) or not value.strip():
            error(f"'{key}' must be text on one line", f"write '{key}: ...'", lines[key])
    text = {k: " ".join(v.split()) for k, v in data.items() if k in KEYS and isinstance(v, str) and v.strip()}

    accent = text.get("accent")
    if accent is not None:
        if not _HEX.match(accent):
            error(f"accent '{accent}' is not a colour", 'write it as "#rrggbb" in quotes, e.g. "#1d4e89"', lines["accent"])
            accent = None
        elif (ratio := contrast(accent)) < MIN_CONTRAST:
            error(
                f"accent {accent} has a contrast of {ratio:.1f}:1 on white; headings in it need {MIN_CONTRAST:g}:1 (WCAG AAA)",
                "choose a darker shade of the colour (it also has to read on a black-and-white printout)",
                lines["accent"],
            )
            accent = None
        else:
            accent = accent.lower()
    site_url = text.get("site_url")
    if site_url is not None and not re.match(r"^https://[^\s/$.?#][^\s]*$", site_url):
        error(f"site_url '{site_url}' is not an https address", "e.g. https://example.org/leaflets", lines["site_url"])
    hyphenate = text.get("hyphenate", "no").lower()
    if hyphenate not in ("yes", "no"):
        error(f"hyphenate '{text['hyphenate']}' is not yes or no", 'write hyphenate: "yes" or "no" (default: no)', lines["hyphenate"])
    braille: dict[str, int | None] = {}
    for (what, (low, high)), example in zip(PAGE_LIMITS.items(), PAGE_SIZE, strict=True):
        key = f"braille_{what}"
        value = text.get(key)
        braille[key] = int(value) if value is not None and value.isdigit() and low <= int(value) <= high else None
        if value is not None and braille[key] is None:
            error(
                f"{key} '{value}' is not a whole number from {low} to {high}",
                f'e.g. {key}: "{example}"',
                lines[key],
            )
    require = _require(data.get("require"), lines.get("require"), error)
    logo = logo_file(path, text.get("logo"), lines.get("logo"), error)
    if logo is not None and not text.get("logo_alt"):
        error("a logo needs 'logo_alt', the text a screen reader says for it", "e.g. logo_alt: Northshore Clinic", lines["logo"])
    if problems:
        raise SourceError(problems)
    digest = hashlib.sha256(raw + (logo.read_bytes() if logo else b""))
    brand = (text.get("name"), logo, text.get("logo_alt", ""), accent, text.get("contact"), site_url)
    return Publisher(
        path,
        digest.hexdigest(),
        *brand,
        hyphenate=hyphenate == "yes",
        braille_cells=braille["braille_cells"],
        braille_lines=braille["braille_lines"],
        require=require,
        require_line=lines.get("require"),
    )


def _require(value: object, line: int | None, error: Callable[..., None]) -> tuple[str, ...]:
    """The trust fields publisher.yaml makes required (reading/trust.py CRITERIA)."""
    from pipeline.reading.trust import CRITERIA

    if value is None:
        return ()
    listed = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    if listed is None or not all(isinstance(v, str) for v in listed):
        error("'require' must be a list of field names", f"e.g. require: [{', '.join(CRITERIA[:3])}]", line)
        return ()
    unknown = [v for v in listed if v not in CRITERIA]
    for name in unknown:
        error(
            f"'require' names '{name}', which is not a field a summary can be required to have", f"choose from {', '.join(CRITERIA)}", line
        )
    return tuple(v for v in listed if v in CRITERIA)


def logo_file(path: Path, name: str | None, line: int | None, error: Callable[..., None]) -> Path | None:
    """The logo `name` that the file `path` (publisher.yaml, a clinic's file) names, beside it; or None,
    each problem reported to `error(message, hint, line)`."""
    if name is None:
        return None
    logo = (path.parent / name).resolve()
    if logo.suffix.lower() not in LOGO_TYPES:
        error(f"logo '{name}' is not an SVG or PNG file", f"save the logo as .svg or .png beside {path.name}", line)
    elif not logo.is_relative_to(path.parent.resolve()):
        error(f"logo '{name}' is outside the folder of {path.name}", f"put the logo beside {path.name}", line)
    elif not logo.is_file():
        error(f"logo '{name}' does not exist", f"put it in {path.parent}/", line)
    elif logo.stat().st_size > MAX_LOGO_BYTES:
        error(f"logo '{name}' is {logo.stat().st_size // 1024} kB; the limit is {MAX_LOGO_BYTES // 1024} kB", "export a smaller file", line)
    elif not _readable(logo):
        error(f"logo '{name}' is not a readable {logo.suffix[1:].upper()} image", "export it again from your design tool", line)
    elif logo.suffix.lower() == ".svg" and (dangers := svg_dangers(logo.read_bytes())):
        error(
            f"logo '{name}' holds what no page or book may run or fetch: {'; '.join(dangers)}",
            "export it again as a plain drawing (Inkscape: Save as Plain SVG; Illustrator: SVG with no scripts, "
            "fonts or linked images), or save it as PNG",
            line,
        )
    elif logo.suffix.lower() == ".svg" and _has_text(logo):
        error(
            f"logo '{name}' draws words with a font (<text>); each reader would show them in a different font",
            "convert the words to outlines (Inkscape: Path > Object to Path), or use a PNG",
            line,
        )
    else:
        return logo
    return None


def _has_text(svg: Path) -> bool:
    return any(el.tag.rsplit("}", 1)[-1] == "text" for el in ET.fromstring(svg.read_bytes()).iter())


def _readable(logo: Path) -> bool:
    if logo.suffix.lower() == ".png":
        return images.problem(logo) is None
    try:  # expat expands no external entities and refuses entity bombs
        root = ET.fromstring(logo.read_bytes())
    except ET.ParseError:
        return False
    return root.tag in ("{http://www.w3.org/2000/svg}svg", "svg")
