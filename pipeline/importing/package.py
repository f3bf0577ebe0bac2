"""A .docx is a zip of XML parts: opened only when it is one, of bounded size, with no entities.

What a hostile file may try, and where it stops: not a zip, or a zip without a Word document;
a zip bomb (parts that unpack to gigabytes: the sizes are capped before anything is inflated,
and zipfile stops each part at its declared size); XML with a DOCTYPE (entity expansion, or an
external entity that reads a file of this machine); a relationship that points at a file
outside the package (an image "linked" from C:\\ or ../../); too many parts.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

MAX_FILE = 100 * 1024 * 1024  # bytes of the .docx itself
MAX_UNPACKED = 200 * 1024 * 1024  # all its parts inflated: a 40-page leaflet with photos is a few MB
MAX_RATIO = 200  # inflated size over packed size, a part: XML packs about 10:1, a bomb 1000:1
MAX_PARTS = 5000
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
}


class Refused(Exception):
    """The file cannot be imported: (what is wrong, what to do)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Properties:
    """What the document says of itself (File > Properties in Word)."""

    title: str = ""
    language: str = ""
    company: str = ""


def open_package(path: Path) -> tuple[bytes, Properties]:
    """The .docx's bytes, checked whole before any XML is parsed, and its properties."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise Refused(f"is {size // 1_000_000} MB, over {MAX_FILE // 1_000_000} MB", "save it without embedded fonts or video")
        data = path.read_bytes()
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror or exc}", "check the file's name and permissions") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise Refused("is not a Word document (.docx is a zip file; this is not one)", _SAVE_AS)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise Refused("is a zip file but not a Word document (it has no word/document.xml)", _SAVE_AS)
        _check_sizes(infos)
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _check_xml(info.filename, package.read(info))
        return data, _properties(package, names)


_SAVE_AS = "open it in Word or LibreOffice and save it as 'Word Document (.docx)'"


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise Refused(f"has {len(infos)} parts, over {MAX_PARTS}", "this is not an ordinary document; re-save it from Word")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise Refused(f"unpacks to {total // 1_000_000} MB, over {MAX_UNPACKED // 1_000_000} MB (a zip bomb?)", _SAVE_AS)
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(
                f"has a part that unpacks {info.file_size // max(info.compress_size, 1)} times its size ({info.filename}): a zip bomb",
                _SAVE_AS,
            )


def _check_xml(name: str, data: bytes) -> None:
    if _DOCTYPE.search(data):
        raise Refused(f"declares XML entities ({name}), which Word never writes", "re-save it from Word or LibreOffice")
    if not name.endswith(".rels"):
        return
    try:
        relationships = ET.fromstring(data)
    except ET.ParseError:
        raise Refused(f"has a broken part ({name})", _SAVE_AS) from None
    for relationship in relationships:
        target = relationship.get("Target", "")
        if relationship.get("TargetMode") == "External":
            # a link may point anywhere (it stays a link); a picture or object linked from a file of this machine may not
            if not relationship.get("Type", "").endswith("/hyperlink") and not re.match(r"(?i)https?:", target):
                raise Refused(
                    f"links a file outside the document ({target[:80]})", "insert the image into the document instead of linking it"
                )
        elif "\\" in target or target.startswith("/..") or target.count("../") > 1:
            raise Refused(f"names a part outside the document ({target[:80]})", _SAVE_AS)


def _properties(package: zipfile.ZipFile, names: set[str]) -> Properties:
    def text(part: str, path: str) -> str:
        if part not in names:
            return ""
        try:
            found = ET.fromstring(package.read(part)).find(path, _NS)
        except ET.ParseError:
            return ""
        return " ".join((found.text or "").split()) if found is not None else ""

    language = text("docProps/core.xml", "dc:language")
    if not language and "word/styles.xml" in names:
        try:
            lang = ET.fromstring(package.read("word/styles.xml")).find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS)
        except ET.ParseError:
            lang = None
        language = lang.get(f"{{{_NS['w']}}}val", "") if lang is not None else ""
    return Properties(
        title=text("docProps/core.xml", "dc:title"),
        language=language,
        company=text("docProps/app.xml", "ep:Company"),
    )
