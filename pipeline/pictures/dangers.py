"""What an SVG holds that a page or book must not run or fetch: scripts, event attributes, foreign
objects, outside or file references, style imports and escapes, entities and processing
instructions. A publisher's logo with any is refused (reading/publisher.py); the Easy Read pictures
are rebuilt from a safe subset and then checked here again (pictures/safe.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_BANNED = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video", "handler", "listener"}
SAFE_REFERENCE = re.compile(r"\s*(#[^\s]*|data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*)\s*$", re.I)
URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)


def svg_dangers(data: bytes) -> list[str]:
    """What an SVG holds that a page or book must not run or fetch ([] for a plain drawing)."""
    head = data[:4096].lower()
    found = []
    if b"<!doctype" in head or b"<!entity" in data.lower():
        found.append("a DOCTYPE or entity declarations")
    if re.search(rb"<\?(?!xml\s)", data):
        found.append("a processing instruction (<?xml-stylesheet ...?>)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [*found, f"XML that does not parse ({exc})"]
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if name in SVG_BANNED:
            found.append(f"a <{name}> element")
        if name in ("animate", "set", "animateTransform", "animateMotion") and "href" in (element.get("attributeName") or ""):
            found.append(f"an <{name}> that changes a link")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            if local.lower().startswith("on"):
                found.append(f"an event attribute ({local}) on <{name}>")
            elif local == "href" and not SAFE_REFERENCE.match(value):
                found.append(f"a reference to '{value[:60]}' on <{name}> (only #fragments and embedded PNG, JPEG or GIF data)")
            else:
                found += _style_dangers(value, f"the {local} attribute of <{name}>")
        if name == "style":
            found += _style_dangers("".join(element.itertext()), "a <style>")
    return list(dict.fromkeys(found))


def _style_dangers(css: str, where: str) -> list[str]:
    found = [f"an @import in {where}"] if "@import" in css.lower() else []
    found += [f"a CSS escape (\\) in {where}, which can hide an import or an address"] if "\\" in css else []
    found += [f"url({target[:60]}) in {where}" for _, target in URL.findall(css) if not SAFE_REFERENCE.match(target)]
    return found
