"""The trust fields of the front matter (author, reviewed_by, sources, codes, version, feedback) read
into the model when present, absent without a word (each mistake at its line: tests/test_trust.py)."""

from __future__ import annotations

from conftest import GOOD_BODY, GOOD_FRONT

from pipeline import read
from pipeline.model import ConditionCode, Reviewer, Source
from pipeline.reading.trust import verhoeff_ok

TRUST = """\
author: Dr Ada Example
reviewed_by:
  name: Dr Grace Example
  role: Consultant in metabolic medicine
sources:
  - title: Fabry disease, a clinical review
    url: https://example.org/fabry-review
    year: "2024"
  - title: The clinic's own guideline
codes:
  icd10: [E75.21]
  snomed: ["16652001"]
version: "2.1"
feedback: https://example.org/feedback
"""


def front_with(extra: str) -> str:
    lines = GOOD_FRONT.splitlines(keepends=True)
    return "".join(lines[:-1]) + extra + lines[-1] + "\n" + GOOD_BODY


def test_every_trust_field_is_read_into_the_model(source):
    trust = read(source(front_with(TRUST)))[0].meta.trust
    assert trust.author == "Dr Ada Example"
    assert trust.reviewed_by == Reviewer("Dr Grace Example", "Consultant in metabolic medicine")
    assert trust.sources == (
        Source("Fabry disease, a clinical review", "https://example.org/fabry-review", "2024"),
        Source("The clinic's own guideline"),
    )
    assert trust.codes == (ConditionCode("icd10", "E75.21"), ConditionCode("snomed", "16652001"))
    assert (trust.version, trust.feedback) == ("2.1", "https://example.org/feedback")


def test_a_summary_without_them_has_none(source):
    trust = read(source())[0].meta.trust
    assert (trust.author, trust.reviewed_by, trust.sources, trust.codes, trust.version, trust.feedback) == (None, None, (), (), None, None)


def test_snomed_check_digits_are_verhoeff():
    assert all(verhoeff_ok(code) for code in ("16652001", "22298006", "73211009", "38341003"))
    assert not any(verhoeff_ok(code) for code in ("16652002", "22298016", "73211090"))
