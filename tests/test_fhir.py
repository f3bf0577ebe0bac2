"""FHIR for clinical systems (#31): each summary's DocumentReference (output/<slug>/fhir.json, written
with its download page) and the catalogue's Bundle of them (output/fhir.json), validated with
fhir.resources (the FHIR R5 models), their attachments the very files beside them."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, POEMS

from pipeline import Options, build, read
from pipeline.catalogue import write_catalogue
from pipeline.checks.run import check

TRUST = """\
reviewed_by:
  name: Dr Grace Example
  role: Consultant in metabolic medicine
author: Dr Ada Example
codes:
  icd10: [E75.21]
  snomed: ["16652001"]
version: "2.1"
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fhir")
    (folder / "src").mkdir()
    fabry = folder / "src" / "fabry-disease.md"
    fabry.write_text((FIXTURES / "fabry-disease.md").read_text("utf-8").replace("---\n", "---\n" + TRUST, 1), "utf-8")
    sources = [POEMS, fabry]
    assert not build(sources, Options(out_dir=folder / "out", formats=("html", "epub", "braille", "pages"), quiet=True)).failed
    write_catalogue([read(s)[0] for s in sources], folder / "out")
    return folder / "out"


def test_each_summarys_document_reference_is_valid_fhir_r5(out):
    from fhir.resources.documentreference import DocumentReference

    for slug in ("poems-syndrome", "fabry-disease"):
        record = DocumentReference.model_validate_json((out / slug / "fhir.json").read_text("utf-8"))
        assert record.status == "current" and record.id == slug


def test_one_attachment_a_file_with_its_type_language_address_size_hash_and_title(out):
    record = json.loads((out / "poems-syndrome" / "fhir.json").read_text("utf-8"))
    attachments = [c["attachment"] for c in record["content"]]
    names = [a["url"].rsplit("/", 1)[1] for a in attachments]
    assert names == ["poems-syndrome-large-print.html", "poems-syndrome.epub", "poems-syndrome.brf", "poems-syndrome.pef"]
    for attachment, name in zip(attachments, names, strict=True):
        data = (out / "poems-syndrome" / name).read_bytes()
        assert attachment["url"] == f"https://www.diseasemaps.org/summaries/poems-syndrome/{name}"
        assert attachment["size"] == str(len(data)) and attachment["language"] == "en"
        assert attachment["hash"] == base64.b64encode(hashlib.sha1(data).digest()).decode()
    assert [a["contentType"] for a in attachments] == ["text/html", "application/epub+zip", "application/x-brf", "application/x-pef+xml"]
    assert [a["title"] for a in attachments][:2] == ["Large-print web page", "Ebook (EPUB)"]
    assert attachments[2]["pages"] >= 1 and record["date"] == "2026-04-07T00:00:00Z"


def test_the_trust_fields_give_the_codes_the_reviewer_the_author_and_the_version(out):
    record = json.loads((out / "fabry-disease" / "fhir.json").read_text("utf-8"))
    assert record["event"] == [
        {
            "concept": {
                "coding": [
                    {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E75.21"},
                    {"system": "http://snomed.info/sct", "code": "16652001"},
                ],
                "text": "Fabry disease",
            }
        }
    ]
    assert record["attester"][0]["party"] == {"display": "Dr Grace Example, Consultant in metabolic medicine"}
    assert record["attester"][0]["mode"]["coding"][0]["code"] == "professional"
    assert record["author"] == [{"display": "Dr Ada Example"}] and record["version"] == "2.1"


def test_the_catalogues_bundle_is_valid_fhir_and_holds_every_record(out):
    from fhir.resources.bundle import Bundle

    bundle = Bundle.model_validate_json((out / "fhir.json").read_text("utf-8"))
    assert bundle.type == "collection" and [e.resource.id for e in bundle.entry] == ["fabry-disease", "poems-syndrome"]
    entries = json.loads((out / "fhir.json").read_text("utf-8"))["entry"]
    assert entries[1]["fullUrl"] == "https://www.diseasemaps.org/summaries/poems-syndrome/fhir.json"
    assert "fullUrl" not in entries[0]  # Fabry has no site: no absolute address
    # its attachments' addresses were relative to its own folder; in the Bundle, one folder up, they name it
    urls = [c["attachment"]["url"] for c in entries[0]["resource"]["content"]]
    assert urls[0] == "fabry-disease/fabry-disease-large-print.html" and all((out / u).is_file() for u in urls)


def test_check_passes_a_current_record_and_calls_a_record_stale_once_a_file_beside_it_changes(out, tmp_path):
    poems = read(POEMS)[0]
    findings = check([poems], Options(out_dir=out, formats=("pages",)), quick=True)
    assert [(Path(f.file).name, f.ok) for f in findings] == [("index.html", True), ("fhir.json", True)]
    epub = out / "poems-syndrome" / "poems-syndrome.epub"
    kept = epub.read_bytes()
    try:
        epub.write_bytes(kept + b"\0")
        (record,) = [f for f in check([poems], Options(out_dir=out, formats=("pages",)), quick=True) if f.file.endswith("fhir.json")]
        assert not record.ok and record.why.startswith("stale: its content differ")
    finally:
        epub.write_bytes(kept)
