"""Raster images from outside (figures beside a summary, a publisher's PNG logo): decoded whole
before any writer sees them, so a broken or booby-trapped file is refused with its line."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

IMAGE_TYPES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".gif": b"GIF8"}
MAX_IMAGE_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a "decompression bomb" does not


def problem(path: Path | BinaryIO) -> tuple[str, str] | None:
    """(what is wrong, what to do) when the image cannot be decoded whole or is absurdly large."""
    from PIL import Image

    too_large = f"is over {MAX_IMAGE_PIXELS // 1_000_000} million pixels", "resize it: 2,500 pixels wide prints sharp on A4"
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"{too_large[0]} ({width} x {height})", too_large[1]
            image.draft(image.mode, (width // 8, height // 8))  # a JPEG at 1/8 scale: still every byte read, a third faster
            image.load()  # decode it all: a truncated or corrupt file fails here, not in a writer
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        return too_large
    except (OSError, SyntaxError, ValueError) as exc:
        return f"cannot be read ({str(exc).strip() or type(exc).__name__})", "re-export it from the program that made it"
    return None


def figure_file(src: str, base: Path) -> Path | tuple[str, str]:
    """The image file a figure names in the source folder `base`, or (what is wrong, what to do)."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith(("/", "\\")):
        return f"image '{src}' is not a file beside the source", "copy the image next to the .md file and use its name"
    relative = unquote(parts.path)
    target = (base / relative).resolve()
    if ".." in Path(relative).parts or base not in target.parents:
        return f"image '{src}' is outside the source folder", "images must live in the source's folder"
    magic = IMAGE_TYPES.get(target.suffix.lower())
    if magic is None:
        return f"image '{src}' is not PNG, JPEG or GIF", "convert it to PNG"
    if not target.is_file():
        return f"image '{src}' does not exist", f"looked for {target}"
    with target.open("rb") as handle:
        if not handle.read(len(magic)).startswith(magic):
            return f"image '{src}' is not really a {target.suffix} file", "re-export it"
    found = problem(target)
    if found:
        return f"image '{src}' {found[0]}", found[1]
    return target
