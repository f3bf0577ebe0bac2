"""What in an HTML tree is a leaflet's content, and its text made tidy: the rules both the page
reader (html.py) and the table reader (tables.py) follow."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from pipeline.model import Inline, LineBreak, Text

NS = "{http://www.w3.org/1999/xhtml}"
SKIP = set(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "canvas",
        "video",
        "audio",
        "map",
        "head",
    ]
)
CHROME = {"nav": "navigation", "aside": "side panels", "footer": "footers", "header": "page headers"}
ROLES = {
    "navigation": "navigation",
    "banner": "page headers",
    "contentinfo": "footers",
    "search": "search boxes",
    "complementary": "side panels",
}
_HIDDEN_CLASS = re.compile(r"(?:^|[\s_-])(?:breadcrumbs?|cookie\w*|skip-?link|sr-only|visually-?hidden|screen-?reader-?text)(?:$|\s)", re.I)
BLOCK = set(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "ul",
        "ol",
        "li",
        "blockquote",
        "table",
        "figure",
        "figcaption",
        "pre",
        "address",
        "dl",
        "dt",
        "dd",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "details",
        "summary",
        "center",
        "fieldset",
    ]
)
_SPACE = re.compile(r"\s+")


def tag(element: Element) -> str:
    name = element.tag if isinstance(element.tag, str) else ""
    return name[len(NS) :] if name.startswith(NS) else name


def page_words(root: Element) -> list[str]:
    """Every word of the content the reader takes, counted on its own (the baseline of the report)."""
    out: list[str] = []

    def walk(element: Element) -> None:
        out.extend((element.text or "").split())
        for child in element:
            if not skipped(child, root):
                walk(child)
            out.extend((child.tail or "").split())

    walk(root)
    return out


def skipped(element: Element, root: Element) -> str:
    """Why this element is not content ('' when it is)."""
    name = tag(element)
    if name in SKIP or not isinstance(element.tag, str):
        return "scripts and forms"
    if (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in (element.get("style") or "").replace(" ", "")
    ):
        return "hidden text"
    if _HIDDEN_CLASS.search(element.get("class") or ""):
        return "breadcrumbs and screen-reader extras"
    if element.get("role") in ROLES:
        return ROLES[element.get("role") or ""]
    if name in CHROME and not (name == "header" and tag(root) in ("main", "article")):
        return CHROME[name]
    return ""


def content_root(html: Element) -> Element:
    mains = [e for e in html.iter(f"{NS}main")]
    if mains:
        return mains[0]
    articles = [e for e in html.iter(f"{NS}article")]
    if len(articles) == 1:
        return articles[0]
    body = html.find(f"{NS}body")
    return body if body is not None else html


def texts(text: str | None) -> list[Inline]:
    return [Text(_SPACE.sub(" ", text))] if text else []


def trimmed(inlines: list[Inline]) -> list[Inline]:
    """Adjacent texts merged, spaces collapsed, none at either end (a block's inlines)."""
    merged: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(_SPACE.sub(" ", merged[-1].text + node.text))
        elif not (isinstance(node, Text) and not node.text):
            merged.append(node)
    while merged and isinstance(merged[0], (Text, LineBreak)) and not (isinstance(merged[0], Text) and merged[0].text.strip()):
        merged.pop(0)
    while merged and isinstance(merged[-1], (Text, LineBreak)) and not (isinstance(merged[-1], Text) and merged[-1].text.strip()):
        merged.pop()
    if merged and isinstance(merged[0], Text):
        merged[0] = Text(merged[0].text.lstrip())
    if merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text.rstrip())
    return merged
