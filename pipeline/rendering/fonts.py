"""The fonts outputs are drawn with, found where the build installed them, never guessed.

Atkinson Hyperlegible (PyPI fontpkg-atkinson-hyperlegible) is designed for low-vision readers
and covers Latin scripts; DejaVu Sans (Debian fonts-dejavu-core) covers Greek, Cyrillic and more.
"""

from __future__ import annotations

from array import array
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.cache import remembered
from pipeline.errors import OutputError
from pipeline.output import cache_dir

FAMILY = "Atkinson Hyperlegible"
FILES = {  # (weight, style) -> file in the package's files/ folder
    (400, "normal"): "AtkinsonHyperlegible-Regular.ttf",
    (400, "italic"): "AtkinsonHyperlegible-Italic.ttf",
    (700, "normal"): "AtkinsonHyperlegible-Bold.ttf",
    (700, "italic"): "AtkinsonHyperlegible-BoldItalic.ttf",
}
FALLBACK_NAME = "DejaVu Sans"
FALLBACK_DIR = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_FILES = {
    (400, "normal"): "DejaVuSans.ttf",
    (400, "italic"): "DejaVuSans-Oblique.ttf",
    (700, "normal"): "DejaVuSans-Bold.ttf",
    (700, "italic"): "DejaVuSans-BoldOblique.ttf",
}


def font_dir() -> Path:
    """The installed Atkinson Hyperlegible files (located at run time, never the system's fonts)."""
    folder = Path(str(resources.files("fontpkg_atkinson_hyperlegible").joinpath("files")))
    missing = [name for name in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise OutputError(f"the leaflet font is not installed ({', '.join(missing)} missing in {folder}); run `make .venv/.installed`")
    return folder


def font_dirs() -> tuple[Path, ...]:
    """Where fonts may be read from: the main font's package, and the fallback if installed."""
    return (font_dir(), FALLBACK_DIR) if FALLBACK_DIR.is_dir() else (font_dir(),)


def faces() -> list[tuple[str, Path]]:
    """(which, path) of every font file there is: ("main", ...) then ("fallback", ...)."""
    main = [("main", font_dir() / f) for f in FILES.values()]
    return main + [("fallback", FALLBACK_DIR / f) for f in FALLBACK_FILES.values() if (FALLBACK_DIR / f).is_file()]


@cache
def characters(path: Path) -> frozenset[int]:
    """The characters a font file draws. Reading its table costs 25 ms a face, and the reader asks
    for every summary with a curly quote: it is kept in .cache/cmaps/, under the file's name,
    size and time, as packed code points."""
    import fontTools  # installed with WeasyPrint

    def read() -> bytes:
        from fontTools.ttLib import TTFont

        return array("I", sorted(TTFont(path).getBestCmap())).tobytes()

    stat = path.stat()
    kept = remembered(
        cache_dir("cmaps"), [str(path).encode(), f"{stat.st_size} {stat.st_mtime_ns}".encode(), fontTools.version.encode()], ".cmap", read
    )
    return frozenset(array("I", kept))


@cache
def covered() -> frozenset[int]:
    """Every character some font of ours can draw."""
    return frozenset().union(*(characters(path) for _, path in faces()))


@cache
def covered_bold() -> frozenset[int]:
    """Every character our bold faces can draw (the fallback's bold has fewer than its regular)."""
    bold = [font_dir() / FILES[(700, "normal")], FALLBACK_DIR / FALLBACK_FILES[(700, "normal")]]
    return frozenset().union(*(characters(path) for path in bold if path.is_file()))


def bold_for(text: str) -> Path:
    """The bold font that can draw all of `text` (the main one when it can)."""
    candidates = [font_dir() / FILES[(700, "normal")], FALLBACK_DIR / FALLBACK_FILES[(700, "normal")]]
    wanted = {ord(c) for c in text if not c.isspace()}
    return next((p for p in candidates if p.is_file() and wanted <= characters(p)), candidates[0])
