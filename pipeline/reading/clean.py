"""What an image from outside may carry into an output: its picture, nothing else.

A photo's EXIF holds where and when it was taken (GPS), the camera and its owner; a PNG's text
chunks and a GIF's comments say what their author wrote; bytes after the image's end can hide
anything. `image_bytes` keeps what draws the picture, losslessly (the pixels' bytes are copied,
never re-encoded), and drops the rest: every output that embeds an image takes it from here. A
JPEG that EXIF turns upright is turned here, since its EXIF goes (the one re-encoding).

An SVG logo is code as much as a picture: pipeline/pictures/dangers.py names what no page or book
may run or fetch; the publisher file refuses a logo that has any (reading/publisher.py).
"""

from __future__ import annotations

import io
import struct
from functools import lru_cache
from pathlib import Path

# PNG chunks that change how the picture looks; the rest (tEXt, zTXt, iTXt, eXIf, tIME, ...) go
PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
# JPEG segments kept before the scan: JFIF (APP0), ICC colour (APP2), Adobe colour transform (APP14)
JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}


def image_bytes(path: Path) -> bytes:
    """The image at `path` with its metadata removed (read once a process per file version)."""
    stat = Path(path).stat()
    return _cleaned(Path(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)  # the EPUB and the page embed the same figure; a catalogue has thousands
def _cleaned(path: Path, mtime_ns: int, size: int) -> bytes:
    data = path.read_bytes()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return png(data)
    if data.startswith(b"\xff\xd8"):
        return jpeg(data)
    if data.startswith(b"GIF8"):
        return gif(data)
    return data  # an SVG: checked, not rewritten


def png(data: bytes) -> bytes:
    out, at = [data[:8]], 8
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        chunk = data[at : at + 12 + length]
        if kind in PNG_KEEP:
            out.append(chunk)
        at += 12 + length
        if kind == b"IEND":
            break  # what follows the end is not the image's
    return b"".join(out)


def jpeg(data: bytes) -> bytes:
    if _orientation(data) not in (None, 1):
        return _upright(data)
    out, at = [b"\xff\xd8"], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return data  # not a JPEG as we know it: leave it to the reader's decoder, which passed it
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        segment = data[at : at + 2 + length]
        if marker == 0xDA:  # start of scan: the picture, to the end-of-image marker
            end = _jpeg_end(data, at + 2 + length)
            out.append(data[at:end])
            break
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE) or marker in JPEG_KEEP_APP:
            out.append(segment)  # tables and frame headers; EXIF/XMP (APP1), IPTC (APP13), comments go
        at += 2 + length
    return b"".join(out)


def _jpeg_end(data: bytes, start: int) -> int:
    """Just after the last end-of-image marker of the scans (progressive JPEGs have many scans)."""
    end = data.rfind(b"\xff\xd9", start)
    return len(data) if end < 0 else end + 2


def _orientation(data: bytes) -> int | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(0x0112)
    except (OSError, SyntaxError, ValueError):
        return None
    return int(value) if isinstance(value, int) else None


def _upright(data: bytes) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        icc = image.info.get("icc_profile")
        turned = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        turned.save(out, "JPEG", quality=95, icc_profile=icc) if icc else turned.save(out, "JPEG", quality=95)
    return out.getvalue()


def gif(data: bytes) -> bytes:
    """Header, colour tables, images and their control blocks; no comments, no application data
    but the looping of an animation (NETSCAPE2.0), nothing after the trailer."""
    flags = data[10]
    at = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    out = [data[:at]]
    while at < len(data):
        kind = data[at]
        if kind == 0x3B:  # trailer
            out.append(b"\x3b")
            break
        if kind == 0x2C:  # an image: descriptor, local colour table, LZW size, data sub-blocks
            local = data[at + 9]
            start, at = at, at + 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
            at = _sub_blocks(data, at)
            out.append(data[start:at])
        elif kind == 0x21:  # an extension: label, sub-blocks
            label, start = data[at + 1], at
            at = _sub_blocks(data, at + 2)
            looping = label == 0xFF and data[start + 3 : start + 14] == b"NETSCAPE2.0"
            if label in (0xF9, 0x01) or looping:  # graphic control, plain text (drawn), looping
                out.append(data[start:at])
        else:
            return data  # not a GIF as we know it: leave it to the decoder, which passed it
    return b"".join(out)


def _sub_blocks(data: bytes, at: int) -> int:
    while at < len(data) and data[at]:
        at += 1 + data[at]
    return at + 1
