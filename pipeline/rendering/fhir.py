"""FHIR (R5) for clinical systems: a `DocumentReference` a summary, and a `Bundle` of them all.

The download page's writer (writers/pages.py) writes output/<slug>/fhir.json: the summary as a
document a record system can file or link to, with one `content.attachment` a file (type, language,
address, size, SHA-1 and title, pages or length where it has them), its status and date, who wrote,
reviewed and published it, and the condition's ICD-10-CM and SNOMED CT codes (`event`, R5's slot for
what the document is about; R4 had `context.event`). The catalogue collects them into output/fhir.json,
a `collection` Bundle. tests/test_fhir.py validates both with fhir.resources.

Without a `site_url` an attachment's `url` is relative to the file that holds it (the Bundle puts the
summary's folder before it), and the Bundle's entries have no `fullUrl`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.model import Summary
from pipeline.output import build_timestamp, write_atomic
from pipeline.rendering.formats import FileFacts
from pipeline.rendering.linked_data import folder_url
from pipeline.rendering.stamp import label
from pipeline.rendering.trust import trust

FILE = "fhir.json"
ATTESTATION = "http://hl7.org/fhir/composition-attestation-mode"


def resource_id(slug: str) -> str:
    """A FHIR id (at most 64 letters, digits, '-' and '.'): the slug, cut if it is longer."""
    return slug[:64]


def document_reference(summary: Summary, files: list[FileFacts]) -> dict[str, object]:
    meta, facts, lang = summary.meta, trust(summary), summary.meta.language
    base = folder_url(summary)
    doc: dict[str, object] = {"resourceType": "DocumentReference", "id": resource_id(summary.slug), "language": lang}
    if base:
        doc["identifier"] = [{"system": "urn:ietf:rfc:3986", "value": base}]
    if facts.version:
        doc["version"] = facts.version
    doc |= {"status": "current", "docStatus": "final", "category": [{"text": label(lang, "catalogue_title")}]}
    if facts.codes:
        coding = [{"system": c.uri, "code": c.value} for c in facts.codes]
        doc["event"] = [{"concept": {"coding": coding, "text": meta.title}}]
    doc["date"] = build_timestamp(summary)
    if facts.author:
        doc["author"] = [{"display": facts.author}]
    if facts.reviewer:
        who = f"{facts.reviewer}, {facts.role}" if facts.role else facts.reviewer
        mode = {"coding": [{"system": ATTESTATION, "code": "professional"}]}
        doc["attester"] = [{"mode": mode, "time": meta.reviewed.isoformat(), "party": {"display": who}}]
    if meta.publisher:
        doc["custodian"] = {"display": meta.publisher}
    doc["description"] = meta.plain_summary or meta.summary
    doc["content"] = [{"attachment": _attachment(f, base, lang)} for f in files]
    return doc


def _attachment(f: FileFacts, base: str | None, language: str) -> dict[str, object]:
    attachment: dict[str, object] = {
        "contentType": f.mime,
        "language": language,
        "url": (base or "") + f.path.name,
        "size": str(f.size),  # integer64: a JSON string in FHIR R5
        "hash": f.sha1(),
        "title": label(language, f.name_key),
    }
    if f.pages:
        attachment["pages"] = f.pages
    if f.seconds is not None:
        attachment["duration"] = round(f.seconds, 3)
    return attachment


def write_document_reference(summary: Summary, files: list[FileFacts], folder: Path) -> Path:
    return write_atomic(Path(folder) / FILE, json.dumps(document_reference(summary, files), ensure_ascii=False, indent=1) + "\n")


def write_bundle(summaries: list[Summary], out_dir: Path) -> Path:
    """output/fhir.json: the DocumentReference of each summary whose download page is built."""
    entries = []
    for summary in sorted(summaries, key=lambda s: s.slug):
        path = Path(out_dir) / summary.slug / FILE
        if not path.is_file():
            continue
        try:
            resource = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot read {path}: {exc}; build the summary's pages again") from None
        base = folder_url(summary)
        if not base:  # its addresses are relative to its own folder; the Bundle is one folder up
            for content in resource.get("content", []):
                if not re.match(r"^[a-z][a-z0-9+.-]*:", content["attachment"]["url"]):
                    content["attachment"]["url"] = f"{summary.slug}/{content['attachment']['url']}"
        entries.append(({"fullUrl": base + FILE} if base else {}) | {"resource": resource})
    bundle: dict[str, object] = {"resourceType": "Bundle", "id": "catalogue", "type": "collection"}
    if summaries:
        bundle["timestamp"] = max(build_timestamp(s) for s in summaries)
    if entries:  # FHIR JSON has no empty arrays
        bundle["entry"] = entries
    return write_atomic(Path(out_dir) / FILE, json.dumps(bundle, ensure_ascii=False, indent=1) + "\n")
