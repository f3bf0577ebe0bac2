"""The catalogue of every summary, and what is made with it: `write_catalogue()`.

`patient-info catalogue` (and a `build` of every source with `pages`, and make's `output/index.html`
rule) writes, in output/:

    index.html              the front page: search, the languages, each one's A to Z (listing.py)
    index-<lang>-<n>.html   the pages of a catalogue of more than PAGE_SIZE summaries
    catalogue.css           the pages' one stylesheet (the large-print page's, font embedded, and
                            templates/catalogue.css), loaded once for every page
    pagefind/<lang>/        the search index of each language (search.py)
    feed.xml                an Atom feed of the summaries, the most recently reviewed first (feed.py)
    fhir.json               a FHIR Bundle of every summary's DocumentReference (rendering/fhir.py)
    sitemap.xml             every page with its language alternates, when the site has an address (sitemap.py)

index.html is written last, so Make, which knows it by its time, never sees a catalogue half made.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pipeline.catalogue.feed import write_feed
from pipeline.catalogue.listing import Group, anchor, groups
from pipeline.catalogue.search import write_search_index
from pipeline.catalogue.sitemap import site_address, write_sitemap
from pipeline.model import Summary
from pipeline.output import write_atomic
from pipeline.reading.publisher import accent_css
from pipeline.rendering.fhir import write_bundle
from pipeline.rendering.stamp import label
from pipeline.rendering.templating import render, template_file
from pipeline.writers.html import logo_data_uri, page_css

STYLESHEET = "catalogue.css"
_PAGE = re.compile(r"^index-[A-Za-z0-9-]+-\d+\.html$")


def write_catalogue(summaries: list[Summary], out_dir: Path, today: date | None = None) -> Path:
    """Write the catalogue and what is made with it (above); returns the path of index.html."""
    out = Path(out_dir)
    found = groups(summaries, out, today or date.today())
    codes = {g.code for g in found}
    lang = codes.pop() if len(codes) == 1 else "en"
    # One content repository, one publisher: the catalogue wears the first summary's branding.
    brand = found[0].entries[0].summary if found else None
    publisher = brand.publisher if brand else None
    common: dict[str, object] = {
        "publisher": publisher,
        "logo_src": logo_data_uri(brand) if brand else "",
        "stylesheet": STYLESHEET,
        "anchor": anchor,
    }
    write_atomic(out / STYLESHEET, page_css() + template_file(STYLESHEET).read_text("utf-8") + accent_css(publisher, light_only=True))
    write_search_index(summaries, out)
    written = {out / page.file for g in found for page in g.pages}
    for g in found:
        _write_pages(g, out, [g.code] + [c.code for c in found if c is not g], len(found) > 1, common)
    for stale in out.glob("index-*.html"):
        if _PAGE.match(stale.name) and stale not in written:
            stale.unlink()
    site = site_address(summaries)
    feed = write_feed(summaries, out, lang, site)
    write_bundle(summaries, out)
    write_sitemap(summaries, found, out, site)
    html = render(
        "catalogue.html.j2",
        groups=found,
        lang=lang,
        title=label(lang, "catalogue_title"),
        search_languages=[lang] + sorted(c.code for c in found if c.code != lang),
        feed=feed.name,
        **common,
    )
    return write_atomic(out / "index.html", html)


def _write_pages(group: Group, out: Path, languages: list[str], grouped: bool, common: dict[str, object]) -> None:
    lang = group.code
    title = label(lang, "catalogue_title")
    heading = label(lang, "catalogue_heading", title=title, name=group.name) if grouped else title
    for i, page in enumerate(group.pages):
        previous = group.pages[i - 1] if i else None
        following = group.pages[i + 1] if i + 1 < len(group.pages) else None
        html = render(
            "catalogue-page.html.j2",
            group=group,
            page=page,
            lang=lang,
            heading=heading,
            title=f"{heading} ({label(lang, 'page_of', page=page.number, pages=len(group.pages))})",
            previous=previous,
            next=following,
            search_languages=languages,
            **common,
        )
        write_atomic(out / page.file, html)
