"""The trust fields as the web and record writers use them (schema.org data, FHIR, the feed): the one
place that reads them from the model, so that a change to how the model holds them is a change here.

Each is optional (pipeline/reading/trust.py); a summary without them has none of their statements.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Reference, Reviewer, Summary

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
class Trust:
    author: str | None = None
    reviewer: Reviewer | None = None
    sources: tuple[Reference, ...] = ()
    codes: tuple[Code, ...] = ()
    version: str | None = None


def trust(summary: Summary) -> Trust:
    meta = summary.meta
    return Trust(
        author=getattr(meta, "author", None),
        reviewer=getattr(meta, "reviewed_by", None),
        sources=tuple(getattr(meta, "sources", ())),
        codes=tuple(Code(system, value) for system, value in getattr(meta, "codes", ()) if system in CODING_SYSTEMS),
        version=getattr(meta, "version", None),
    )
