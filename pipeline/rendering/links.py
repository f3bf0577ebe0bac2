"""Links between a summary's versions in other languages (its family, read by reading/translations.py):
the addresses each writer puts in its hreflang links, language menus and EPUB relations."""

from __future__ import annotations

from pipeline.model import Summary, Translation
from pipeline.rendering.stamp import language_name


def url(member: Translation, name: str, relative: bool = False) -> str:
    """The address of a file of `member`'s (index.html, <slug>.epub...): under its site where it
    has one (unless `relative`), else relative to the folder of a summary beside it."""
    if member.site_url and not relative:
        return f"{member.site_url.rstrip('/')}/{member.slug}/{name}"
    return f"../{member.slug}/{name}"


def alternates(summary: Summary, kind: str, published: bool = False) -> list[tuple[str, str, str]]:
    """(href, language, link text) of each translation's `kind` of file ("page", "large-print" or
    "epub"). `published`: for search engines (hreflang), every version, itself too, at its address
    under its site where it has one; else the others, relative, as readers' links that also work
    in a saved or previewed folder."""
    if not summary.translations:
        return []
    meta = summary.meta
    own = Translation(summary.slug, meta.language, meta.title, meta.translation_of is None, meta.site_url)
    out = []
    for member in ((own,) if published else ()) + summary.translations:
        name = {"page": "index.html", "large-print": f"{member.slug}-large-print.html", "epub": f"{member.slug}.epub"}[kind]
        out.append((url(member, name, relative=not published), member.language, f"{language_name(member.language)}: {member.title}"))
    return out
