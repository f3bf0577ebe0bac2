"""The document model written back as a summary's source: YAML front matter and CommonMark.

The inverse of pipeline/reading/markdown.py for the blocks an import makes: every character
that Markdown would read as markup is escaped, so the text reads back as it was written.
"""

from __future__ import annotations

import re
import textwrap

import yaml

from pipeline.model import Block, Code, Emph, Figure, Heading, Inline, LineBreak, Link, ListBlock, Paragraph, Quote, Strong, Text

WIDTH = 100
_ESCAPE = re.compile(r"([\\`*_\[\]<>~])|&(?=#?\w+;)")
# a line that would open a block (heading, quote, list item, container, rule) if it began a line
_OPENS_BLOCK = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|:::|=+\s*$|-{3,}|_{3,}|\|)")


def source_text(front: dict[str, str], sections: list[tuple[tuple[Inline, ...], list[Block]]], names: dict[str, str]) -> str:
    """The source file: front matter, then one `## ` section a heading with its blocks."""
    head = "".join(yaml.safe_dump({k: v}, allow_unicode=True, sort_keys=False, width=WIDTH) for k, v in front.items())
    parts = [f"---\n{head}---\n"]
    for heading, blocks in sections:
        parts.append(f"## {_line(heading)}\n")
        for n, block in enumerate(blocks):
            # two lists in a row would read back as one: the second takes the other marker
            other = (
                n > 0 and isinstance(block, ListBlock) and isinstance(blocks[n - 1], ListBlock) and not parts[-1].startswith(("* ", "1) "))
            )
            parts.append(_list(block, names, other) if isinstance(block, ListBlock) else _block(block, names))
    return "\n".join(parts)


def _block(block: Block, names: dict[str, str]) -> str:
    if isinstance(block, Paragraph):
        return _paragraph(block.inlines) + "\n"
    if isinstance(block, Heading):
        return f"{'#' * block.level} {_line(block.inlines)}\n"
    if isinstance(block, Figure):
        alt = re.sub(r"([\\\[\]])", r"\\\1", block.alt)
        return f"![{alt}]({names.get(block.src, block.src)})\n"
    if isinstance(block, Quote):
        inner = "\n".join(_block(b, names) for b in block.blocks).rstrip("\n")
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n")) + "\n"
    return _list(block, names)


def _list(block: ListBlock, names: dict[str, str], other: bool = False) -> str:
    loose = any(len(item) > 1 for item in block.items)
    out: list[str] = []
    for n, item in enumerate(block.items):
        marker = f"{block.start + n}{')' if other else '.'} " if block.ordered else ("* " if other else "- ")
        body = ("\n" if loose else "").join(_block(b, names) for b in item).rstrip("\n")
        lines = body.split("\n")
        indent = " " * len(marker)
        out.append(marker + lines[0] + "".join(f"\n{indent}{line}" if line else "\n" for line in lines[1:]))
    return ("\n\n" if loose else "\n").join(out) + "\n"


def _paragraph(inlines: tuple[Inline, ...]) -> str:
    """Wrapped at WIDTH, never so that a line would start a block; hard breaks kept."""
    out: list[str] = []
    for part in _inlines(_merged(inlines)).split("\\\n"):
        lines = textwrap.wrap(part, WIDTH, break_long_words=False, break_on_hyphens=False) or [""]
        joined = [_escape_start(lines[0])]
        for line in lines[1:]:
            if _OPENS_BLOCK.match(line):
                joined[-1] += " " + line
            else:
                joined.append(line)
        out.append("\n".join(joined))
    return "\\\n".join(out)


def _line(inlines: tuple[Inline, ...]) -> str:
    return " ".join(_inlines(_merged(inlines)).replace("\\\n", " ").split())


def _escape_start(line: str) -> str:
    match = re.match(r"^(\d{1,9})([.)])(\s|$)", line)
    if match:
        return f"{match[1]}\\{match[2]}{line[match.end(2) :]}"
    return "\\" + line if _OPENS_BLOCK.match(line) else line


def _merged(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Neighbours of one kind joined ('**a****b**' would not read back), bold inside bold flattened."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, (Strong, Emph)):
            children = _merged(node.children)
            flat: list[Inline] = []
            for child in children:
                flat += list(child.children) if type(child) is type(node) else [child]
            node = type(node)(tuple(flat))
        last = out[-1] if out else None
        if isinstance(node, Text) and isinstance(last, Text):
            out[-1] = Text(last.text + node.text)
        elif isinstance(node, (Strong, Emph)) and isinstance(last, (Strong, Emph)) and type(last) is type(node):
            out[-1] = type(node)(_merged((*last.children, *node.children)))
        else:
            out.append(node)
    return tuple(out)


def _inlines(inlines: tuple[Inline, ...]) -> str:
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(_ESCAPE.sub(lambda m: "\\" + m.group(0), node.text))
        elif isinstance(node, Code):
            parts.append(f"`{node.text}`" if "`" not in node.text else _ESCAPE.sub(lambda m: "\\" + m.group(0), node.text))
        elif isinstance(node, LineBreak):
            parts.append("\\\n")
        elif isinstance(node, Strong):
            parts.append(_wrapped("**", _inlines(node.children)))
        elif isinstance(node, Emph):
            parts.append(_wrapped("*", _inlines(node.children)))
        elif isinstance(node, Link):
            words = _inlines(node.children).strip() or _ESCAPE.sub(lambda m: "\\" + m.group(0), node.url)
            url = re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group()):02X}", node.url)
            parts.append(f"[{words}]({url})")
    return "".join(parts)


def _wrapped(marker: str, inner: str) -> str:
    """Emphasis markers hug the words (CommonMark ignores '** bold**'); spaces go outside."""
    words = inner.strip()
    if not words:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{words}{marker}{trail}"
