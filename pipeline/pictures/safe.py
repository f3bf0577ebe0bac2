"""Pictures from a package are untrusted files: each is rebuilt from a small safe subset of SVG
(shapes, paths, groups, colours and strokes; no ids, links, styles, scripts or text), then
verified with the same svg_dangers() that logos pass, before any writer sees it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pipeline.pictures.dangers import svg_dangers

SVG = "http://www.w3.org/2000/svg"
ELEMENTS = {"svg", "g", "path", "circle", "ellipse", "line", "rect", "polyline", "polygon"}
SHAPE = {"d", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "points"}
PAINT = {
    "fill",
    "fill-rule",
    "fill-opacity",
    "clip-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "transform",
}
NUMBERS = re.compile(r"^[0-9eE.,+\-\s]*$")
COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|none|currentColor|[a-zA-Z]{3,20})$")
KEYWORD = re.compile(r"^[a-z-]{1,20}$")
TRANSFORM = re.compile(r"^(\s*(matrix|translate|scale|rotate|skewX|skewY)\([0-9eE.,+\-\s]*\)\s*)+$")
PATH = re.compile(r"^[MmZzLlHhVvCcSsQqTtAa0-9eE.,+\-\s]*$")
VIEWBOX = re.compile(r"^\s*-?[0-9.]+[\s,]+-?[0-9.]+[\s,]+[0-9.]+[\s,]+[0-9.]+\s*$")


class UnsafePicture(ValueError):
    """A picture that cannot be reduced to the safe subset."""


def _value_ok(name: str, value: str) -> bool:
    if name == "d":
        return bool(PATH.match(value))
    if name in ("fill", "stroke"):
        return bool(COLOUR.match(value.strip()))
    if name == "transform":
        return bool(TRANSFORM.match(value))
    if name in ("fill-rule", "clip-rule", "stroke-linecap", "stroke-linejoin"):
        return bool(KEYWORD.match(value.strip()))
    return bool(NUMBERS.match(value))


def _copy(source: ET.Element, target: ET.Element) -> None:
    for child in source:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag not in ELEMENTS - {"svg"}:
            continue  # metadata, titles, defs, styles, text: none is part of the drawing we keep
        kept = ET.SubElement(target, tag)
        for attribute, value in child.attrib.items():
            if attribute in SHAPE | PAINT and _value_ok(attribute, value):
                kept.set(attribute, value)
        _copy(child, kept)


def reduce(data: bytes, what: str) -> str:
    """The picture as a safe SVG document (a string with no XML declaration), or UnsafePicture."""
    found = svg_dangers(data)
    if found and any("does not parse" in f or "DOCTYPE" in f for f in found):
        raise UnsafePicture(f"{what}: {'; '.join(found)}")
    root = ET.fromstring(data)
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise UnsafePicture(f"{what}: not an SVG drawing")
    view_box = root.get("viewBox", "")
    if not VIEWBOX.match(view_box):
        raise UnsafePicture(f"{what}: no viewBox")
    ET.register_namespace("", SVG)
    out = ET.Element("svg", {"xmlns": SVG, "viewBox": " ".join(view_box.replace(",", " ").split())})
    _copy(root, out)
    text = ET.tostring(out, encoding="unicode")
    if left := svg_dangers(text.encode()):
        raise UnsafePicture(f"{what}: {'; '.join(left)}")
    return text
