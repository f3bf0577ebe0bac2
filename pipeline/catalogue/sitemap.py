"""output/sitemap.xml (sitemaps.org 0.9): every page of the site, with the date of its last review and
each summary's pages in its other languages (Google's `xhtml:link rel="alternate" hreflang`).

A sitemap needs absolute addresses: it lists the summaries that have a `site_url` (the catalogue's own
pages when every summary's site is the same one), and is not written, an old one removed, when none
has. tests/test_sitemap.py validates it against the sitemaps.org schema.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from pipeline.catalogue.listing import Group
from pipeline.model import Summary
from pipeline.output import write_atomic
from pipeline.rendering.linked_data import folder_url
from pipeline.rendering.links import alternates

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
FILE = "sitemap.xml"


def site_address(summaries: list[Summary]) -> str | None:
    """The catalogue's own address: the site every summary that names one is published on, if they agree."""
    sites = {s.meta.site_url.rstrip("/") for s in summaries if s.meta.site_url}
    return sites.pop() if len(sites) == 1 else None


def _url(urlset: ET.Element, loc: str, lastmod: str, languages: list[tuple[str, str]]) -> None:
    url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
    ET.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
    ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = lastmod
    for code, href in languages:
        ET.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": code, "href": href})


def _canonical(href: str) -> str:
    return href.removesuffix("index.html")  # a download page is published as its folder's address


def write_sitemap(summaries: list[Summary], groups: list[Group], out_dir: Path, site: str | None) -> Path | None:
    target = Path(out_dir) / FILE
    published = sorted((s for s in summaries if s.meta.site_url), key=lambda s: s.slug)
    if not published:
        target.unlink(missing_ok=True)
        return None
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    if site:
        _url(urlset, f"{site}/", max(s.meta.reviewed for s in summaries).isoformat(), [])
        for group in groups:
            for page in group.pages:
                _url(urlset, f"{site}/{page.file}", max(e.summary.meta.reviewed for e in page.entries).isoformat(), [])
    for summary in published:
        base, folder = folder_url(summary) or "", Path(out_dir) / summary.slug
        pages = (("page", "", "index.html"), ("large-print", f"{summary.slug}-large-print.html", f"{summary.slug}-large-print.html"))
        for kind, name, file in pages:
            if not (folder / file).is_file():
                continue
            languages = [
                (code, _canonical(href)) for href, code, _ in alternates(summary, kind, published=True) if href.startswith("https:")
            ]
            _url(urlset, base + name, summary.meta.reviewed.isoformat(), languages if len(languages) > 1 else [])
    ET.indent(urlset)
    return write_atomic(target, ET.tostring(urlset, encoding="unicode", xml_declaration=True) + "\n")
