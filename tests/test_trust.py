"""Who wrote and reviewed a summary, what it rests on, its version and codes: read from the front
matter, each mistake an error at its line, and the publishing checklist (#29)."""

from __future__ import annotations

import re

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, POEMS, run_cli

from pipeline import examine, read
from pipeline.model import ConditionCode, Reviewer, Source
from pipeline.reading.trust import verhoeff_ok

TRUST = """\
author: Dr Ann Example, consultant haematologist
reviewed_by:
  name: Dr Ben Example
  role: Consultant neurologist
sources:
  - title: "POEMS syndrome: 2023 update on diagnosis, risk-stratification, and management"
    url: https://doi.org/10.1002/ajh.26737
    year: "2023"
  - title: Patients' own accounts, DiseaseMaps.org community
feedback: leaflets@example.org
version: "2"
changes: A new section on how it differs from other conditions.
codes:
  icd10: [D47.7]
  snomed: ["404684003"]
"""


def with_front(extra: str, body: str = GOOD_BODY) -> str:
    return GOOD_FRONT.replace("---\ntitle", f"---\n{extra}title", 1) + "\n" + body


def poems_with_trust(folder):
    text = POEMS.read_text("utf-8").replace("---\ntitle", "---\n" + TRUST + "title", 1)
    path = folder / "poems-syndrome.md"
    path.write_text(text, "utf-8")
    return path


def test_every_trust_field_is_read_into_the_model(tmp_path):
    trust = read(poems_with_trust(tmp_path))[0].meta.trust
    assert trust.author == "Dr Ann Example, consultant haematologist"
    assert trust.reviewed_by == Reviewer("Dr Ben Example", "Consultant neurologist")
    assert trust.sources[0] == Source(
        "POEMS syndrome: 2023 update on diagnosis, risk-stratification, and management", "https://doi.org/10.1002/ajh.26737", "2023"
    )
    assert trust.sources[1] == Source("Patients' own accounts, DiseaseMaps.org community")
    assert (trust.feedback, trust.version, trust.changes) == (
        "leaflets@example.org",
        "2",
        "A new section on how it differs from other conditions.",
    )
    assert trust.codes == (ConditionCode("icd10", "D47.7"), ConditionCode("snomed", "404684003"))


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("reviewed_by: Dr Ben Example\n", 2, "'reviewed_by' needs a name and a role"),
        ("reviewed_by:\n  name: Dr Ben\n", 2, "reviewed_by has no role"),
        ("sources:\n  - title: A\n  - url: https://example.org\n", 4, "source 2 has no title"),
        ("sources:\n  - title: A\n    url: http://example.org\n", 4, "source 1's url 'http://example.org' is not an https address"),
        ("sources:\n  - title: A\n    year: last year\n", 4, "source 1's year 'last year' is not a year"),
        ("feedback: call us\n", 2, "feedback 'call us' is not an e-mail or https address"),
        ("version: two/three\n", 2, "version 'two/three' is not a version name"),
        ("changes: Shorter.\n", 2, "'changes' says what changed in a version, but there is no 'version'"),
        ("codes:\n  icd10: [D477]\n", 3, "'D477' is not an ICD-10 code"),
        ("codes:\n  snomed: ['404684004']\n", 3, "'404684004' is not a SNOMED CT identifier (its check digit does not match)"),
        ("codes:\n  loinc: ['1234-5']\n", 3, "unknown code system 'loinc'"),
    ],
)
def test_each_trust_mistake_is_an_error_at_its_line(source, extra, line, message):
    path = source(with_front(extra))
    _, problems = examine(path)
    found = [f"{p.line}:{p.message}" for p in problems if p.severity == "error"]
    assert f"{line}:{message}" in found, found


def test_snomed_identifiers_carry_a_verhoeff_check_digit():
    for good in ("22298006", "73211009", "195967001", "404684003"):
        assert verhoeff_ok(good)
    for bad in ("22298007", "73211008", "195967002"):
        assert not verhoeff_ok(bad)


def test_a_summary_without_trust_fields_reads_as_before():
    trust = read(POEMS)[0].meta.trust
    assert trust.author is None and trust.sources == () and trust.codes == () and trust.version is None


def test_a_wrong_trust_field_stops_the_build_with_its_line_and_writes_nothing(source):
    path = source(with_front("feedback: call us\n"))
    out = path.parent / "out"
    result = run_cli("build", str(path), "--formats", "html", "--out", str(out))
    assert result.code == 2 and re.search(rf"{re.escape(str(path))}:2: error \[front-matter\]: feedback 'call us'", result.err)
    assert not out.exists()


def test_lint_checklist_lists_each_publishing_criterion_met_or_missing(tmp_path):
    full = run_cli("lint", "--checklist", str(poems_with_trust(tmp_path)))
    bare = run_cli("lint", "--checklist", str(POEMS))
    assert full.code == 0 and bare.code == 0, bare.err
    for criterion in ("who wrote it (author)", "who reviewed it, with their role (reviewed_by)", "the evidence it rests on (sources)"):
        assert re.search(rf"{re.escape(criterion)}\s+met\n", full.out) and re.search(rf"{re.escape(criterion)}\s+missing\n", bare.out)
    assert re.search(r"when it was reviewed and will be again .*\s+met\n", bare.out)


def test_lint_json_carries_the_checklist(tmp_path):
    import json

    report = json.loads(run_cli("lint", "--json", str(POEMS)).out)
    [entry] = report["checklist"]
    assert entry["file"] == str(POEMS)
    assert entry["criteria"]["author"] == {"met": False, "required": False} and entry["criteria"]["dates"]["met"] is True


def test_a_publisher_that_requires_trust_fields_turns_a_miss_into_an_error_and_nothing_is_built(tmp_path):
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "publisher.yaml").write_text("name: Northshore Clinic\nrequire: [author, sources]\n", "utf-8")
    bare = folder / "poems-syndrome.md"
    bare.write_text(POEMS.read_text("utf-8"), "utf-8")
    lint = run_cli("lint", "--checklist", str(bare))
    assert lint.code == 2
    for name in ("author", "sources"):
        assert f"{bare}:1: error [front-matter]: publisher.yaml:2 requires '{name}', which this summary does not have" in lint.err
    assert "reviewed_by" not in lint.err  # not required: the checklist lists it, nothing stops
    built = run_cli("build", str(bare), "--formats", "html", "--out", str(tmp_path / "out"))
    assert built.code == 2 and not (tmp_path / "out").exists()
    poems_with_trust(folder)  # the same summary with the fields
    assert run_cli("lint", "--strict", str(bare)).code == 0


def test_a_publisher_file_that_requires_an_unknown_field_is_an_error_at_its_line(tmp_path):
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "publisher.yaml").write_text("name: Northshore Clinic\nrequire: [author, signature]\n", "utf-8")
    (folder / "poems-syndrome.md").write_text(POEMS.read_text("utf-8"), "utf-8")
    result = run_cli("lint", str(folder / "poems-syndrome.md"))
    assert result.code == 2 and "publisher.yaml:2: error [publisher]: 'require' names 'signature'" in result.err
