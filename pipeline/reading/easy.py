"""A section's Easy Read text: a `::: easy` container after its `::: plain`, one idea a line.

    ::: easy
    ### What is POEMS syndrome?
    [picture: doctor] POEMS syndrome is a rare **illness**.
    [picture: blood test | a drop of blood] It starts in your blood.
    [picture: clinic.png | the front door of the clinic] You go to the clinic.
    :::

Each line is read on its own, so every problem is at its own line and column: a picture name
no set has, a picture file that is missing or not an image, a file with no words for it. A
`###` heading first gives the Easy Read its own heading. Lint checks the words (editorial/easy.py).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from pipeline import pictures
from pipeline.errors import Problem
from pipeline.model import EasyIdea, EasyRead, Inline, inline_text
from pipeline.reading import images


class _BodyReader(Protocol):
    """What reading/markdown.py's reader lends: the body's lines, its errors and its inline reading."""

    path: Path
    offset: int
    lines: list[str]
    problems: list[Problem]

    def error(
        self, node: SyntaxTreeNode | None, category: str, message: str, hint: str | None = None, line: int | None = None, needle: str = ""
    ) -> None: ...

    def inlines(self, node: SyntaxTreeNode) -> tuple[Inline, ...]: ...


class _Draft(Protocol):
    title: str
    easy: EasyRead | None


PICTURE = re.compile(r"\[\s*picture\s*:\s*(?P<name>[^\]|]*?)\s*(?:\|\s*(?P<alt>[^\]]*?)\s*)?\]\s*", re.I)
FILE = re.compile(r"\.(png|jpe?g|gif)$", re.I)
HEADING = re.compile(r"#{3,6}\s+(?P<text>.*?)\s*#*\s*$")
HINT = "`patient-info pictures` lists every name; or put a PNG beside the source: [picture: file.png | what it shows]"


def read(reader: _BodyReader, node: SyntaxTreeNode, section: _Draft, md: MarkdownIt) -> None:
    """Read the container `node` into `section.easy`, reporting problems to `reader`."""
    if section.easy is not None:
        reader.error(node, "content", f"section '{section.title}' has two '::: easy' texts", "merge them into one")
        return
    start, end = node.map or (0, 0)
    heading: tuple[Inline, ...] | None = None
    ideas: list[EasyIdea] = []
    written = False  # a line of words, read or refused
    for index in range(start + 1, end):
        text = reader.lines[index] if index < len(reader.lines) else ""
        stripped = text.strip()
        if not stripped or (index == end - 1 and re.fullmatch(r":{3,}", stripped)):
            continue
        line = reader.offset + index
        if (found := HEADING.fullmatch(stripped)) and not ideas and heading is None:
            heading = _inlines(reader, md, found["text"], index)
            continue
        if stripped.startswith("#") or stripped.startswith("<"):
            reader.error(None, "content", "an Easy Read text is one idea a line", "a '###' heading may come first; no other markup", line)
            continue
        written = True
        idea = _idea(reader, md, text, index)
        if idea is not None:
            ideas.append(idea)
    if not written:
        reader.error(node, "content", "empty '::: easy' text", "write one idea a line, each with its picture, or remove the container")
    section.easy = EasyRead(heading, tuple(ideas), reader.offset + start)


def _idea(reader: _BodyReader, md: MarkdownIt, text: str, index: int) -> EasyIdea | None:
    line = reader.offset + index
    indent = len(text) - len(text.lstrip())
    found = PICTURE.match(text, indent)
    words_at = found.end() if found else indent
    inlines = _inlines(reader, md, text[words_at:].rstrip(), index)
    if not inline_text(inlines).strip():
        reader.error(None, "content", "a picture with no words beside it", "write the idea after the picture", line, needle="[")
        return None
    idea = EasyIdea(inlines, line, words_at + 1)
    if found is None:
        return idea  # lint warns of a line with no picture
    name, alt = found["name"], " ".join((found["alt"] or "").split())
    column = found.start("name") + 1
    if not name:
        reader.problems.append(_problem(reader, "an empty [picture: ]", "write the picture's name: [picture: doctor]", line, column))
        return None
    if FILE.search(name) or "/" in name:
        where = images.figure_file(name, reader.path.parent.resolve())
        if not isinstance(where, Path):
            reader.problems.append(_problem(reader, where[0], where[1], line, column))
            return None
        if not alt:
            hint = f"say what it shows: [picture: {name} | what it shows]"
            reader.problems.append(_problem(reader, f"picture '{name}' has no words for it", hint, line, column))
            return None
        return EasyIdea(inlines, line, words_at + 1, name, alt, file=where)
    try:
        picture = pictures.find(name)
    except pictures.SetMissing as exc:  # a tool installed without npm's Health Icons: every other output is still made
        said = f"{exc}: this summary's Easy Read outputs are not made here"
        if not any(p.message == said for p in reader.problems):
            hint = "npm install @iconify-json/healthicons@1.2.13 beside the sources, or set PIPELINE_HEALTHICONS (docs/publishers.md)"
            reader.problems.append(Problem("warning", "easy-read", said, reader.path, line, hint, column))
        return EasyIdea(inlines, line, words_at + 1, name, alt or pictures.slug(name).replace("-", " "), missing="healthicons")
    if picture is None:
        near = difflib.get_close_matches(pictures.slug(name), [n for n, _ in pictures.names()], n=3)
        hint = f"did you mean {', '.join(near)}? {HINT}" if near else HINT
        reader.problems.append(_problem(reader, f"no picture is called '{name}'", hint, line, column))
        return None
    return EasyIdea(inlines, line, words_at + 1, name, alt or picture.alt, picture.set, picture.key)


def _inlines(reader: _BodyReader, md: MarkdownIt, text: str, index: int) -> tuple[Inline, ...]:
    """The inline Markdown of one line, its errors at that line."""
    tokens = md.parseInline(text)
    for token in tokens:
        token.map = [index, index + 1]
    return reader.inlines(SyntaxTreeNode(tokens).children[0]) if tokens else ()


def _problem(reader: _BodyReader, message: str, hint: str | None, line: int, column: int) -> Problem:
    return Problem("error", "easy-read", message, reader.path, line, hint, column)
