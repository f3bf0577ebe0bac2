"""The trust fields of the front matter (author, reviewed_by, sources, codes, version, feedback):
read into the model when present, absent without a word, and each mistake an error at its line."""

from __future__ import annotations

import pytest
from conftest import GOOD_BODY, GOOD_FRONT

from pipeline import SourceError, read
from pipeline.model import ConditionCode, Reviewer, Source
from pipeline.reading.trust import verhoeff_valid

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


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("reviewed_by: Dr Grace\n", 6, "'reviewed_by' must be a name and a role"),
        ("reviewed_by:\n  role: Nurse\n", 6, "reviewed_by needs the reviewer's name"),
        ("reviewed_by:\n  name: Dr G\n  grade: 8\n", 6, "reviewed_by: unknown key 'grade'"),
        ("sources: a textbook\n", 6, "'sources' must be a list"),
        ("sources:\n  - url: https://example.org\n", 6, "source 1 needs a title"),
        ("sources:\n  - title: A\n    url: example.org/a\n", 6, "source 1: 'example.org/a' is not a web address"),
        ("sources:\n  - title: A\n    year: last year\n", 6, "source 1: 'last year' is not a year"),
        ("codes: E75.21\n", 6, "'codes' must name the coding systems"),
        ("codes:\n  icd11: [5C56.01]\n", 6, "codes: unknown coding system 'icd11'"),
        ("codes:\n  icd10: [E7521]\n", 6, "'E7521' is not an ICD-10 code"),
        ("codes:\n  snomed: ['16652002']\n", 6, "'16652002' is not a SNOMED CT concept id"),  # a digit mistyped
        ("feedback: example.org/feedback\n", 6, "feedback 'example.org/feedback' is not a web address"),
        ("author:\n  - Dr A\n", 6, "'author' must be text"),
    ],
)
def test_each_mistake_in_a_trust_field_is_an_error_at_its_line(source, extra, line, message):
    with pytest.raises(SourceError) as caught:
        read(source(front_with(extra)))
    found = [(p.line, p.message) for p in caught.value.problems]
    assert any(at == line and said.startswith(message) for at, said in found), found


def test_snomed_check_digits_are_verhoeff():
    assert all(verhoeff_valid(code) for code in ("16652001", "22298006", "73211009", "38341003"))
    assert not any(verhoeff_valid(code) for code in ("16652002", "22298016", "73211090"))
