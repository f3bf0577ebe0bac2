"""'About this leaflet': the one place that words who wrote and reviewed a summary, its version,
what it rests on, how to give feedback and the other formats it comes in. Every writer asks
`about_for(summary, formats, this)`, as it asks stamp.py for the review lines; `formats` are the
formats a build makes (the writers' REGISTRY: rendering knows no writer), each named by its
`offered_<format>` words, all but the output's own (`this`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from babel.lists import format_list

from pipeline.model import Summary
from pipeline.rendering.stamp import label, labels, locale_for


@dataclass(frozen=True)
class Line:
    label: str  # "Written by"
    text: str
    url: str | None = None  # where the format can link (feedback, a source)


@dataclass(frozen=True)
class About:
    heading: str
    lines: tuple[Line, ...]  # author, reviewer, version and what changed, feedback, formats
    sources_heading: str
    sources: tuple[Line, ...]  # text: "Title (2023)", url where given
    spoken: str  # the short form the audio reads after the heading


def about_for(summary: Summary, formats: Iterable[str], this: str = "") -> About:
    """The part for the output of format `this`, which names the other `formats`."""
    lang, trust = summary.meta.language, summary.meta.trust
    words = labels(lang)
    made = [name for name in formats if name != this and (name != "easy-read" or summary.easy_read)]  # Easy Read: only when written
    offered = [str(words[f"offered_{name}"]) for name in made if f"offered_{name}" in words]
    lines: list[Line] = []
    spoken: list[str] = []
    if trust.author:
        lines.append(Line(label(lang, "about_author"), trust.author))
        spoken.append(label(lang, "about_spoken_author", author=trust.author))
    if trust.reviewed_by:
        reviewer = trust.reviewed_by
        lines.append(Line(label(lang, "about_reviewed_by"), f"{reviewer.name}, {reviewer.role}"))
        spoken.append(label(lang, "about_spoken_reviewer", name=reviewer.name, role=reviewer.role))
    if trust.version:
        lines.append(Line(label(lang, "about_version"), trust.version))
        spoken.append(label(lang, "about_spoken_version", version=trust.version))
        if trust.changes:
            lines.append(Line(label(lang, "about_changes"), trust.changes))
    if trust.feedback:
        mail = "@" in trust.feedback and not trust.feedback.startswith("https://")
        lines.append(Line(label(lang, "about_feedback"), trust.feedback, f"mailto:{trust.feedback}" if mail else trust.feedback))
        spoken.append(label(lang, "about_spoken_feedback", feedback=trust.feedback))
    if offered:
        listed = format_list(offered, locale=locale_for(lang))  # "a, b and c", "a, b et c" (CLDR)
        lines.append(Line(label(lang, "about_formats"), listed))
        spoken.append(label(lang, "about_spoken_formats", formats=listed))
    sources = tuple(Line("", f"{s.title} ({s.year})" if s.year else s.title, s.url) for s in trust.sources)
    return About(label(lang, "about_heading"), tuple(lines), label(lang, "about_sources"), sources, " ".join(spoken))
