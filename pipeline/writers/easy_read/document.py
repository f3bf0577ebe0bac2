"""What an Easy Read output shows, for the PDF and the page alike: the rows of each part (a
picture and one idea), the front page's and the back page's rows in the locale's Easy Read
words, the hard words (each bold word with the line that explains it) and the picture credits."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pipeline import pictures
from pipeline.model import EasyIdea, Inline, Strong, Summary, Text, inline_text
from pipeline.pictures import SETS, PictureSet
from pipeline.rendering.stamp import EASY_STAMP, label, stamp_for

# The front page's and the back page's rows: (locale key, the picture beside it)
INTRO = (
    ("easy_intro", "leaflet"),
    ("easy_help", "friend"),
    ("easy_bold", "important"),
    ("easy_bold_end", "book"),
)
ABOUT = dict(zip(EASY_STAMP, ("doctor", "calendar", "leaflet", "warning", "talk-to-your-doctor"), strict=True))


@dataclass(frozen=True)
class Row:
    inlines: tuple[Inline, ...]
    svg: Markup | None = None  # a picture of a set, with its alt text as its <title>
    src: str = ""  # a picture beside the source: its address in this output
    alt: str = ""
    set: str = ""  # the picture's set, for the credits


@dataclass(frozen=True)
class Part:
    id: str
    heading: tuple[Inline, ...]
    rows: tuple[Row, ...]


def picture_svg(picture: pictures.Picture, alt: str, colour: str) -> Markup:
    """The picture inline, named by its <title> (a screen reader's name for it; WeasyPrint's Figure Alt)."""
    drawing = pictures.svg(picture)
    head, rest = drawing.split(">", 1)
    return Markup(f'{head} role="img" focusable="false" style="color: {colour}"><title>{html.escape(alt)}</title>{rest}')


DEFAULT_COLOUR = "#1d4e89"  # the one colour pictures' (Health Icons) unless the publisher has an accent


def row(idea: EasyIdea, src: Callable[[Path], str], colour: str = DEFAULT_COLOUR) -> Row:
    if idea.file is not None:
        return Row(idea.inlines, src=src(idea.file), alt=idea.alt)
    if idea.picture_set:
        picture = pictures.Picture(pictures.slug(idea.picture), idea.picture_set, idea.picture_key)
        return Row(idea.inlines, picture_svg(picture, idea.alt, colour), alt=idea.alt, set=idea.picture_set)
    return Row(idea.inlines)


def fixed_row(text: str, name: str, colour: str = DEFAULT_COLOUR) -> Row:
    """A row of the outputs' own words, with its picture from the vocabulary."""
    picture = pictures.vocabulary()[name]
    return Row((Text(text),), picture_svg(picture, picture.alt, colour), alt=picture.alt, set=picture.set)


@dataclass(frozen=True)
class EasyDocument:
    cover: Row
    intro: tuple[Row, ...]
    parts: tuple[Part, ...]
    hard_words: tuple[tuple[str, Row], ...]
    about: tuple[Row, ...]

    @property
    def credits(self) -> list[PictureSet]:
        every = (self.cover, *self.intro, *(r for p in self.parts for r in p.rows), *self.about)
        used = {r.set for r in every}
        return [each for key, each in SETS.items() if key in used]


def easy_document(summary: Summary, src: Callable[[Path], str]) -> EasyDocument:
    lang = summary.meta.language
    colour = (summary.publisher.accent if summary.publisher else None) or DEFAULT_COLOUR
    parts = tuple(
        Part(f"easy-{section.id}", easy.heading or section.heading, tuple(row(i, src, colour) for i in easy.ideas))
        for section, easy in summary.easy_read
    )
    pictured = [r for p in parts for r in p.rows if r.svg or r.src]
    cover = pictured[0] if pictured else fixed_row(summary.meta.title, "book", colour)
    intro = tuple(fixed_row(label(lang, key), name, colour) for key, name in INTRO)
    easy_stamp = zip(EASY_STAMP, stamp_for(summary).easy, strict=True)
    about = tuple(fixed_row(text, ABOUT[key], colour) for key, text in easy_stamp)
    return EasyDocument(cover, intro, parts, hard_words(parts), about)


def bold_words(inlines: tuple[Inline, ...]) -> list[str]:
    found: list[str] = []
    for node in inlines:
        if isinstance(node, Strong):
            found.append(" ".join(inline_text(node.children).split()))
        elif hasattr(node, "children"):
            found += bold_words(node.children)
    return found


def hard_words(parts: tuple[Part, ...]) -> tuple[tuple[str, Row], ...]:
    """Each word in bold, in the order read, with the row that explains it: the next row of its part
    that uses the word (editors explain a hard word in the line after it), else its own."""
    seen: dict[str, tuple[str, Row]] = {}
    for part in parts:
        for at, each in enumerate(part.rows):
            for word in bold_words(each.inlines):
                if word.casefold() in seen:
                    continue
                after = (r for r in part.rows[at + 1 :] if word.casefold() in inline_text(r.inlines).casefold())
                seen[word.casefold()] = (word[:1].upper() + word[1:], next(after, each))
    return tuple(seen.values())
