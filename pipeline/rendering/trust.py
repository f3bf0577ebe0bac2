"""The trust fields as the web and record writers use them (schema.org data, FHIR, the feed): the one
place that reads them from the model, so that a change to how the model holds them is a change here.

Each is optional (pipeline/reading/trust.py); a summary without them has none of their statements.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Source, Summary

# coding system (front matter key) -> (schema.org codingSystem, FHIR system URI). The `icd10` codes are
# read as ICD-10-CM, the clinical modification MedlinePlus Connect and US clinical systems answer
# (a WHO ICD-10 code such as E75.2 is written the same way).
CODING_SYSTEMS = {
    "icd10": ("ICD-10-CM", "http://hl7.org/fhir/sid/icd-10-cm"),
    "snomed": ("SNOMED CT", "http://snomed.info/sct"),
}


@dataclass(frozen=True)
class Code:
    system: str  # "icd10", "snomed"
    value: str

    @property
    def name(self) -> str:
        return CODING_SYSTEMS[self.system][0]

    @property
    def uri(self) -> str:
        return CODING_SYSTEMS[self.system][1]


@dataclass(frozen=True)
class Trusted:
    """The trust fields as these writers use them."""

    author: str | None = None
    reviewer: str | None = None
    role: str | None = None
    sources: tuple[Source, ...] = ()
    codes: tuple[Code, ...] = ()
    version: str | None = None


def trust(summary: Summary) -> Trusted:
    """The summary's trust fields (`Meta.trust`), read defensively: any of them may be missing."""
    found = getattr(summary.meta, "trust", None)
    reviewer = getattr(found, "reviewed_by", None)
    codes = getattr(found, "codes", ())
    return Trusted(
        author=getattr(found, "author", None),
        reviewer=reviewer.name if reviewer else None,
        role=(reviewer.role or None) if reviewer else None,
        sources=tuple(getattr(found, "sources", ())),
        codes=tuple(Code(c.system, c.code) for c in codes if c.system in CODING_SYSTEMS),
        version=getattr(found, "version", None),
    )
