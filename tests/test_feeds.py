"""The sitemap and the Atom feed written with the catalogue (#31), validated against their schemas
(tests/schemas/: sitemaps.org's XSD, RFC 4287's RELAX NG), offline, with lxml."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, POEMS
from lxml import etree

from pipeline import Options, build, read
from pipeline.catalogue import write_catalogue

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SPANISH = FIXTURES / "translations" / "sindrome-poems-es.md"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITE = "https://www.diseasemaps.org/summaries"


def sitemap_schema(tmp: Path) -> etree.XMLSchema:
    driver = tmp / "driver.xsd"
    driver.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<xsd:include schemaLocation="{(SCHEMAS / "sitemap.xsd").as_uri()}"/>'
        f'<xsd:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="{(SCHEMAS / "xhtml-link.xsd").as_uri()}"/>'
        "</xsd:schema>"
    )
    return etree.XMLSchema(etree.parse(str(driver)))


def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


def test_the_atom_schema_in_xml_syntax_is_rfc_4287s_compact_one():
    """atom.rng is atom.rnc converted (tests/schemas/README.md): the same definitions, each named once."""
    compact = re.findall(r"^([A-Za-z]\w*) *=", (SCHEMAS / "atom.rnc").read_text("utf-8"), re.MULTILINE)
    grammar = etree.parse(str(SCHEMAS / "atom.rng")).getroot()
    defined = [d.get("name") for d in grammar.iterfind("{http://relaxng.org/ns/structure/1.0}define")]
    assert sorted(compact) == sorted([*defined, "start"]) and len(set(defined)) == len(defined)
    starts = grammar.findall("{http://relaxng.org/ns/structure/1.0}start/*/*")
    assert [s.get("name") for s in starts] == ["atomFeed", "atomEntry"]


def valid(schema: etree._Validator, path: Path) -> list[str]:
    document = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    schema.validate(document)
    return [f"{e.line}: {e.message}" for e in schema.error_log]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """POEMS (with a site_url), its Spanish translation published on the same site, and Fabry (no site)."""
    root = tmp_path_factory.mktemp("site")
    (root / "source").mkdir()
    sources = []
    for path in (POEMS, SPANISH, FIXTURES / "fabry-disease.md"):
        text = path.read_text("utf-8")
        if path == SPANISH:  # the translation published on the same site as its original
            text = text.replace("---\n", f"---\nsite_url: {SITE}\n", 1)
        (root / "source" / path.name).write_text(text, "utf-8")
        sources.append(root / "source" / path.name)
    assert not build(sources, Options(out_dir=root / "output", formats=("html", "pages"), quiet=True)).failed
    write_catalogue([read(s)[0] for s in sources], root / "output", today=date(2026, 12, 1))
    return root / "output"


def test_the_sitemap_is_valid_against_the_sitemaps_schema(site, tmp_path):
    assert valid(sitemap_schema(tmp_path), site / "sitemap.xml") == []
    broken = tmp_path / "broken.xml"  # and the schema does catch a date that is not one, and a link Google would not read
    text = (site / "sitemap.xml").read_text("utf-8")
    broken.write_text(text.replace("<lastmod>2026-04-07</lastmod>", "<lastmod>7 April 2026</lastmod>", 1))
    assert valid(sitemap_schema(tmp_path), broken) != []
    broken.write_text(text.replace('rel="alternate"', 'rel="next"', 1))
    assert valid(sitemap_schema(tmp_path), broken) != []


def test_the_sitemap_lists_each_published_page_with_its_last_review_and_its_languages(site):
    urls = {u.findtext(f"{SM}loc"): u for u in etree.parse(str(site / "sitemap.xml")).getroot()}
    poems = urls[f"{SITE}/poems-syndrome/"]
    assert poems.findtext(f"{SM}lastmod") == "2026-04-07"
    alternates = [(link.get("hreflang"), link.get("href")) for link in poems.findall(f"{XHTML}link")]
    assert alternates == [("en", f"{SITE}/poems-syndrome/"), ("es", f"{SITE}/sindrome-poems-es/")]
    assert f"{SITE}/sindrome-poems-es/sindrome-poems-es-large-print.html" in urls
    assert [(link.get("hreflang")) for link in urls[f"{SITE}/sindrome-poems-es/"].findall(f"{XHTML}link")] == ["es", "en"]
    assert f"{SITE}/" in urls  # the catalogue: every summary that names a site names this one
    assert not any("fabry" in loc for loc in urls)  # no site_url: no absolute address to give


def test_without_any_site_there_is_no_sitemap_and_an_old_one_goes(tmp_path):
    (tmp_path / "sitemap.xml").write_text("old")
    write_catalogue([read(FIXTURES / "fabry-disease.md")[0]], tmp_path)
    assert not (tmp_path / "sitemap.xml").exists()


def test_the_feed_is_valid_atom_and_meets_the_rules_relax_ng_cannot_say(site, tmp_path):
    assert valid(atom_schema(), site / "feed.xml") == []
    broken = tmp_path / "broken.xml"  # the schema does catch a feed whose entry has no id
    broken.write_text((site / "feed.xml").read_text("utf-8").replace("<id>https://www.diseasemaps.org/summaries/poems-syndrome/</id>", ""))
    assert valid(atom_schema(), broken) != []
    feed = etree.parse(str(site / "feed.xml"))
    assert feed.xpath("/a:feed/a:author or not(/a:feed/a:entry[not(a:author)])", namespaces=ATOM)
    for entry in feed.xpath("/a:feed/a:entry", namespaces=ATOM):
        assert entry.xpath("a:link[@rel='alternate'] or a:link[not(@rel)] or a:content", namespaces=ATOM)


def test_the_feed_lists_the_latest_reviews_first_each_with_its_review_and_address(site):
    feed = etree.parse(str(site / "feed.xml"))
    entries = feed.xpath("/a:feed/a:entry", namespaces=ATOM)
    updated = [e.findtext("a:updated", namespaces=ATOM) for e in entries]
    assert updated == sorted(updated, reverse=True) and len(entries) == 3
    poems = next(e for e in entries if e.findtext("a:title", namespaces=ATOM) == "POEMS syndrome")
    assert poems.findtext("a:id", namespaces=ATOM) == f"{SITE}/poems-syndrome/"
    assert poems.findtext("a:updated", namespaces=ATOM) == "2026-04-07T00:00:00Z"
    assert poems.findtext("a:content", namespaces=ATOM).startswith("Medically reviewed 7 April 2026 · Next review due April 2027.")
    fabry = next(e for e in entries if e.findtext("a:title", namespaces=ATOM) == "Fabry disease")
    assert fabry.findtext("a:id", namespaces=ATOM).startswith("urn:uuid:")
    assert fabry.find("a:link", namespaces=ATOM).get("href") == "fabry-disease/index.html"  # relative to the feed
    assert feed.xpath("string(/a:feed/a:link[@rel='self']/@href)", namespaces=ATOM) == f"{SITE}/feed.xml"


def test_the_catalogue_names_its_feed(site):
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in (site / "index.html").read_text("utf-8")


def test_a_new_review_brings_a_summary_to_the_top_of_the_feed_under_the_same_id(tmp_path):
    fabry = read(FIXTURES / "fabry-disease.md")[0]
    poems = read(POEMS)[0]
    write_catalogue([fabry, poems], tmp_path)
    first = etree.parse(str(tmp_path / "feed.xml")).xpath("/a:feed/a:entry[1]/a:id/text()", namespaces=ATOM)
    from dataclasses import replace

    reviewed = replace(fabry, meta=replace(fabry.meta, reviewed=date(2026, 11, 30), next_review=date(2027, 11, 30)))
    write_catalogue([reviewed, poems], tmp_path)
    feed = etree.parse(str(tmp_path / "feed.xml"))
    assert feed.xpath("/a:feed/a:entry[1]/a:title/text()", namespaces=ATOM) == ["Fabry disease"]
    assert feed.xpath("/a:feed/a:updated/text()", namespaces=ATOM) == ["2026-11-30T00:00:00Z"]
    assert first != feed.xpath("/a:feed/a:entry[1]/a:id/text()", namespaces=ATOM)  # POEMS was first before
    assert valid(atom_schema(), tmp_path / "feed.xml") == []
