"""schema.org data for the download page and the large-print page: a `MedicalWebPage` as JSON-LD.

What search engines and health portals read: when it was last reviewed and by whom (`lastReviewed`,
`reviewedBy`), who wrote it (`author`), that it is for patients (`audience`), its language, the
condition it is `about` with its codes, the sources it `isBasedOn`, and an `encoding` for each
version of it. Only schema.org terms, each used on a type it belongs to (tests/test_linked_data.py
checks every term and type against the schema.org vocabulary).

Addresses are absolute when the summary has a `site_url`; without one the page's own `url` is left
out and each file's `contentUrl` is relative to the page (JSON-LD resolves it against the page's address).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from pipeline.model import Summary
from pipeline.rendering.trust import trust


@dataclass(frozen=True)
class Encoding:
    """A file of the summary beside the page: its name, type, and where known its size and length."""

    href: str  # the file's name
    mime: str
    name: str
    size: int | None = None
    seconds: float | None = None


def folder_url(summary: Summary) -> str | None:
    """The address of the summary's folder (its download page), if the source names its site."""
    site = summary.meta.site_url
    return f"{site.rstrip('/')}/{summary.slug}/" if site else None


def medical_web_page(summary: Summary, page: str, encodings: list[Encoding], features: tuple[str, ...] = ()) -> dict[str, object]:
    """The page's JSON-LD; `page` is its file name ("" for the download page, its folder's address)."""
    meta, facts = summary.meta, trust(summary)
    base = folder_url(summary)
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "MedicalWebPage"}
    if base:
        data["url"] = base + page
    data |= {
        "name": meta.title,
        "description": meta.plain_summary or meta.summary,
        "inLanguage": meta.language,
        "lastReviewed": meta.reviewed.isoformat(),
        "audience": {"@type": "Patient"},
    }
    condition: dict[str, object] = {"@type": "MedicalCondition", "name": meta.title}
    if facts.codes:
        condition["code"] = [{"@type": "MedicalCode", "codeValue": c.value, "codingSystem": c.name} for c in facts.codes]
    data["about"] = condition
    if facts.reviewer:
        reviewer: dict[str, object] = {"@type": "Person", "name": facts.reviewer}
        if facts.role:
            reviewer["jobTitle"] = facts.role
        data["reviewedBy"] = reviewer
    if facts.author:
        data["author"] = {"@type": "Person", "name": facts.author}
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    if facts.sources:
        data["isBasedOn"] = [_source(s.title, s.url, s.year) for s in facts.sources]
    if features:
        data["accessibilityFeature"] = list(features)
    data["encoding"] = [_encoding(e, base, meta.language) for e in encodings]
    return data


def _source(title: str, url: str | None, year: str | None) -> dict[str, object]:
    work: dict[str, object] = {"@type": "CreativeWork", "name": title}
    if url:
        work["url"] = url
    if year:
        work["datePublished"] = year
    return work


def _encoding(e: Encoding, base: str | None, language: str) -> dict[str, object]:
    media: dict[str, object] = {
        "@type": "AudioObject" if e.mime.startswith("audio/") else "MediaObject",
        "name": e.name,
        "contentUrl": (base or "") + e.href,
        "encodingFormat": e.mime,
        "inLanguage": language,
    }
    if e.size is not None:
        media["contentSize"] = f"{max(1, round(e.size / 1024))} kB"  # data, not words: schema.org's own example's form
    if e.seconds is not None:
        seconds = round(e.seconds)
        media["duration"] = f"PT{seconds // 60}M{seconds % 60}S"  # ISO 8601
    return media


def script(data: dict[str, object]) -> Markup:
    """The JSON-LD inside a <script type="application/ld+json">: no "</script>" can end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
