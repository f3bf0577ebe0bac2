"""output/feed.xml: an Atom feed (RFC 4287) of the summaries, the most recently reviewed first.

An entry a summary, updated on the day of its last medical review, so a new summary and a summary
reviewed again both come to the top of a reader's list; its id stays the same through reviews (its
address when the site has one, else a UUID made from its slug). Without a `site_url` its links are
relative to the feed, which sits at the top of the site. tests/test_feed.py validates it against the
RELAX NG schema of RFC 4287.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from xml.etree import ElementTree as ET

from pipeline.model import Summary
from pipeline.output import write_atomic
from pipeline.rendering.linked_data import folder_url
from pipeline.rendering.stamp import label, stamp_for
from pipeline.rendering.trust import trust

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FILE = "feed.xml"
SIZE = 50  # entries: the latest reviews; the catalogue and the sitemap list every summary


def _id(summary: Summary) -> str:
    return folder_url(summary) or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'patient-info:{summary.slug}')}"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def write_feed(summaries: list[Summary], out_dir: Path, lang: str, site: str | None) -> Path:
    latest = sorted(summaries, key=lambda s: (s.meta.reviewed, s.slug), reverse=True)[:SIZE]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    name = next((s.meta.publisher for s in summaries if s.meta.publisher), None) or label(lang, "catalogue_title")
    _add(feed, "id", f"{site}/{FILE}" if site else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'patient-info-catalogue:{name}')}")
    _add(feed, "title", label(lang, "catalogue_title"))
    _add(feed, "subtitle", label(lang, "feed_title"))
    _add(feed, "updated", f"{latest[0].meta.reviewed.isoformat()}T00:00:00Z" if latest else "1980-01-01T00:00:00Z")
    _add(_add(feed, "author"), "name", name)
    if site:
        _add(feed, "link", rel="self", type="application/atom+xml", href=f"{site}/{FILE}")
    _add(feed, "link", rel="alternate", type="text/html", href=f"{site}/" if site else "index.html")
    for summary in latest:
        meta, lang_of = summary.meta, summary.meta.language
        entry = _add(feed, "entry", **{XML_LANG: lang_of})
        _add(entry, "id", _id(summary))
        _add(entry, "title", meta.title)
        _add(entry, "updated", f"{meta.reviewed.isoformat()}T00:00:00Z")
        author = trust(summary).author
        if author:
            _add(_add(entry, "author"), "name", author)
        href = folder_url(summary) or f"{summary.slug}/index.html"
        _add(entry, "link", rel="alternate", type="text/html", hreflang=lang_of, href=href)
        _add(entry, "summary", meta.plain_summary or meta.summary)
        _add(entry, "content", f"{stamp_for(summary).line}. {meta.plain_summary or meta.summary}", type="text")
    ET.indent(feed)
    return write_atomic(Path(out_dir) / FILE, ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n")
