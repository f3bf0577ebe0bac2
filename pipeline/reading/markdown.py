"""Turn the Markdown body into sections of model blocks, refusing what is not content.

Raw HTML, script-like links and images from anywhere but beside the source are errors:
a source must never be able to inject markup or pull in a file it does not own. The one HTML
allowed is a reviewer's note that accepts a warning about the block below it, with a reason:
`<!-- lint-ok plain-facts: "enfermas" says what "anormales" says -->` (like ruff's `# noqa`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from pipeline.errors import Problem
from pipeline.model import (
    Block,
    Code,
    EasyRead,
    Emph,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Strong,
    Text,
    inline_text,
)
from pipeline.reading import easy, images
from pipeline.reading.nesting import MAX_NESTING, too_deep
from pipeline.reading.notes import ACCEPTABLE, LINT_OK, LINT_OK_BODY, Accepted

LINK_SCHEMES = ("https", "mailto")

_md = MarkdownIt("commonmark").use(container_plugin, name="any", validate=lambda params, markup: True).use(footnote_plugin)
# parsed only to be refused by name at their line: otherwise a table or a footnote prints as a
# line of pipes or a stray "[^1]", and struck-out words stay in with tildes
_md.enable(["table", "strikethrough"])
# markdown-it silently turns javascript:/data: links into plain text; let them through so
# they are reported as errors instead of vanishing.
_md.validateLink = lambda url: True  # type: ignore[method-assign]


UNSUPPORTED = {  # markdown-it's node type: (what the editor wrote, what to write instead)
    "hr": ("a horizontal rule", "start a new section (## heading) instead"),
    "table": ("a table", "write each row as a list item ('- Blood test: shows the protein'): tables read badly aloud and in braille"),
    "footnote_ref": ("a footnote", "put the note in the sentence, or in brackets after it"),
    "footnote_block": ("a footnote", "put the note in the sentence, or in brackets after it"),
    "s": ("struck-out text", "delete the words instead"),
    "code_block": ("a code block", "use paragraphs and lists"),
    "fence": ("a code block", "use paragraphs and lists"),
}

NEEDLES = {"footnote_ref": "[^", "s": "~~"}  # where in the line an unsupported inline starts


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class _Draft:
    """A section while it is being read."""

    id: str
    title: str
    heading: tuple[Inline, ...]
    line: int
    blocks: list[Block] = field(default_factory=list)
    plain: list[Block] | None = None
    easy: EasyRead | None = None

    def freeze(self) -> Section:
        plain = tuple(self.plain) if self.plain is not None else None
        return Section(self.id, self.title, self.heading, tuple(self.blocks), plain, self.line, self.easy)


class _BodyReader:
    def __init__(self, path: Path, first_line: int) -> None:
        self.path = path
        self.offset = first_line  # 1-based line of the body's first line
        self.problems: list[Problem] = []
        self.lines: list[str] = []  # the body's, to find the column of what an error is about
        self.accepted: list[Accepted] = []
        self._note: tuple[str, str, int] | None = None  # a lint-ok note waiting for its block

    def error(
        self, node: SyntaxTreeNode | None, category: str, message: str, hint: str | None = None, line: int | None = None, needle: str = ""
    ) -> None:
        """An error at the node's line, and at the column of `needle` (a link, an image, some HTML) where it is found."""
        line = line or self.line(node)
        column = None
        if needle and (found := self._find(needle, line)):
            line, column = found
        self.problems.append(Problem("error", category, message, self.path, line, hint, column))

    def _find(self, needle: str, line: int) -> tuple[int, int] | None:
        """The first place of `needle` from `line` to the end of its paragraph (1-based line and column)."""
        index = line - self.offset
        while 0 <= index < len(self.lines) and (index == line - self.offset or self.lines[index].strip()):
            if (at := self.lines[index].find(needle)) >= 0:
                return self.offset + index, at + 1
            index += 1
        return None

    def line(self, node: SyntaxTreeNode | None) -> int:
        found = node
        while found is not None and not found.is_root and found.map is None:
            found = found.parent
        if found is not None and not found.is_root and found.map:
            return self.offset + found.map[0]
        # nothing above it has a place (a footnote block): the first thing inside it that does
        inside = [n.map for n in (node.walk() if node is not None else ()) if not n.is_root and n.map]
        return self.offset + inside[0][0] if inside else self.offset

    # sections ----------------------------------------------------------------
    def sections(self, body: str) -> list[Section]:
        self.lines = body.split("\n")
        try:
            tokens = _md.parse(body)
            if (deep := too_deep(tokens)) is not None:  # the tree is built recursively: refuse before it
                self.error(None, "content", f"text nested over {MAX_NESTING} deep", "write it without nesting", line=self.offset + deep)
                return []
            root = SyntaxTreeNode(tokens)
        except (IndexError, ValueError, KeyError) as exc:
            # mdit-py-plugins' container rule crashes on some nestings (e.g. '>::: plain\n>').
            self.error(
                None,
                "content",
                f"the Markdown could not be read ({type(exc).__name__}: {exc})",
                "check '::: plain' lines inside quotes or lists",
                line=self.offset,
            )
            return []
        sections: list[_Draft] = []
        current: _Draft | None = None
        used_ids: set[str] = set()
        for node in root.children:
            if self._lint_ok(node):
                continue
            self._attach(node)
            if node.type == "heading" and node.tag == "h2":
                current = self._open_section(node, used_ids)
                sections.append(current)
                continue
            if node.type == "heading" and node.tag == "h1":
                self.error(
                    node,
                    "content",
                    "'# ' headings are not used in the body",
                    "the title comes from the front matter; start sections with '## '",
                )
                continue
            if current is None:
                self.error(
                    node, "content", "text before the first '## ' section heading", "put it under a '## ' heading, or into 'summary'"
                )
                continue
            if node.type == "container_any":
                self._container(node, current)
            else:
                current.blocks.extend(self.blocks([node]))
        self._unattached()
        if not sections and not self.problems:
            self.error(None, "content", "the body has no section", "start a section with a line '## Heading'", line=self.offset)
        return [s.freeze() for s in sections]

    def _open_section(self, node: SyntaxTreeNode, used_ids: set[str]) -> _Draft:
        heading = self.inlines(node.children[0]) if node.children else ()
        title = inline_text(heading).strip()
        if not title:
            self.error(node, "content", "empty section heading", "write the heading after '## '")
        base = slugify(title) or f"section-{len(used_ids) + 1}"
        sid, n = base, 2
        while sid in used_ids:
            sid, n = f"{base}-{n}", n + 1
        used_ids.add(sid)
        return _Draft(sid, title, heading, self.line(node))

    def _container(self, node: SyntaxTreeNode, section: _Draft) -> None:
        name = (node.info or "").strip()
        if name == "easy":
            easy.read(self, node, section, _md)
        elif name != "plain":
            self.error(node, "content", f"unknown container '::: {name}'", "the containers are '::: plain' and '::: easy'")
        elif section.plain is not None:
            self.error(node, "content", f"section '{section.title}' has two '::: plain' rewrites", "merge them into one")
        else:
            blocks = self.blocks(node.children)
            if not blocks:
                self.error(node, "content", "empty '::: plain' rewrite", "write the plain version, or remove the container")
            section.plain = blocks

    # blocks ------------------------------------------------------------------
    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[Block]:
        out: list[Block] = []
        mine = None  # a note taken in these blocks must find its block among them
        for node in nodes:
            if self._lint_ok(node):
                mine = self._note
                continue
            self._attach(node)
            line = self.line(node)
            if node.type == "paragraph":
                out.extend(self._paragraph(node, line))
            elif node.type == "heading":
                level = int(node.tag[1])
                if level <= 2:
                    self.error(node, "content", "section headings cannot be nested in a list, quote or container")
                out.append(Heading(level, self.inlines(node.children[0]), line))
            elif node.type in ("bullet_list", "ordered_list"):
                start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
                items = tuple(tuple(self.blocks(item.children)) for item in node.children)
                out.append(ListBlock(node.type == "ordered_list", start, items, line))
            elif node.type == "blockquote":
                out.append(Quote(tuple(self.blocks(node.children)), line))
            elif node.type == "html_block":
                self.error(node, "raw-html", "raw HTML is not allowed", "write it in Markdown; HTML is not content")
            elif node.type == "container_any":
                self.error(node, "content", "'::: plain' belongs directly under a section heading")
            else:
                kind, hint = UNSUPPORTED.get(node.type, (node.type.replace("_", " "), "use paragraphs and lists"))
                self.error(node, "content", f"{kind} is not supported in a patient summary", hint)
        if mine is not None and self._note is mine:
            self._unattached()  # a note at the end of a list item, quote or rewrite has no block below it
        return out

    # reviewers' notes --------------------------------------------------------
    def _lint_ok(self, node: SyntaxTreeNode) -> bool:
        """Take a `<!-- lint-ok category: reason -->` note (True), or let the node be read (False)."""
        found = LINT_OK.match(node.content.strip()) if node.type == "html_block" else None
        if not found:
            return False
        self._unattached()
        body = LINT_OK_BODY.match(found[1])
        hint = f"write <!-- lint-ok CATEGORY: why the text is right -->, CATEGORY one of {', '.join(ACCEPTABLE)}"
        if not body:
            self.error(node, "lint-ok", "a lint-ok note needs a category and a reason", hint)
        elif body[1] not in ACCEPTABLE:
            self.error(node, "lint-ok", f"'{body[1]}' warnings cannot be accepted with a note", hint)
        else:
            self._note = (body[1], " ".join(body[2].split()), self.line(node))
        return True

    def _attach(self, node: SyntaxTreeNode) -> None:
        if self._note is None:
            return
        category, reason, line = self._note
        self._note = None
        if node.type == "heading":
            self.error(
                None,
                "lint-ok",
                "a lint-ok note cannot accept warnings about a heading",
                "put it right above a paragraph, list or '::: plain'",
                line=line,
            )
            return
        last = self.offset + node.map[1] - 1 if node.map else self.line(node)
        self.accepted.append(Accepted(category, reason, line, self.line(node), last))

    def _unattached(self) -> None:
        if self._note is not None:
            line = self._note[2]
            self._note = None
            self.error(
                None,
                "lint-ok",
                "a lint-ok note with no block below it",
                "put it right above the paragraph, list or '::: plain' it is about",
                line=line,
            )

    def _paragraph(self, node: SyntaxTreeNode, line: int) -> list[Block]:
        inline = node.children[0]
        images = [c for c in inline.children if c.type == "image"]
        if images:
            others = [
                c for c in inline.children if c.type not in ("image", "softbreak") and not (c.type == "text" and not c.content.strip())
            ]
            if others or len(images) > 1:
                self.error(node, "image", "an image must stand alone in its own paragraph", "put a blank line before and after it")
                return []
            figure = self._figure(images[0], line)
            return [figure] if figure else []
        inlines = self.inlines(inline)
        return [Paragraph(inlines, line)] if inline_text(inlines).strip() else []

    def _figure(self, node: SyntaxTreeNode, line: int) -> Figure | None:
        src = str(node.attrs.get("src", ""))
        alt = "".join(c.content for c in node.children if c.type == "text").strip()
        ok = True
        if not alt:
            self.error(node, "image", f"image '{src}' has no alt text", "describe the image: ![what it shows](file.png)", line, needle="![")
            ok = False
        path = self._image_path(src, line)
        return Figure(src, path, alt, line) if ok and path else None

    def _image_path(self, src: str, line: int) -> Path | None:
        found = images.figure_file(src, self.path.parent.resolve())
        if isinstance(found, Path):
            return found
        self.error(None, "image", found[0], found[1], line, needle=src)
        return None

    # inlines -----------------------------------------------------------------
    def inlines(self, node: SyntaxTreeNode) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for child in node.children:
            kind = child.type
            if kind == "text":
                out.append(Text(child.content))
            elif kind == "softbreak":
                out.append(Text(" "))
            elif kind == "hardbreak":
                out.append(LineBreak())
            elif kind == "code_inline":
                out.append(Code(child.content))
            elif kind == "strong":
                out.append(Strong(self.inlines(child)))
            elif kind == "em":
                out.append(Emph(self.inlines(child)))
            elif kind == "link":
                url = str(child.attrs.get("href", ""))
                if self._link_ok(child, url):
                    out.append(Link(url, self.inlines(child)))
            elif kind == "html_inline":
                message = f"raw HTML is not allowed: {child.content[:40]}"
                self.error(child, "raw-html", message, "write it in Markdown; HTML is not content", needle=child.content)
            elif kind == "image":
                self.error(child, "image", "an image must stand alone in its own paragraph, not inside text or a link", needle="![")
            else:
                what, hint = UNSUPPORTED.get(kind, (kind.replace("_", " "), None))
                self.error(child, "content", f"{what} is not supported in a patient summary", hint, needle=NEEDLES.get(kind, ""))
        return _merge_text(out)

    def _link_ok(self, node: SyntaxTreeNode, url: str) -> bool:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in LINK_SCHEMES or (scheme == "https" and not urlsplit(url).netloc):
            self.error(node, "link", f"link '{url[:60]}' is not allowed", "links must be https:// addresses (or mailto:)", needle=url)
            return False
        return True


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)


def parse_body(body: str, first_line: int, path: Path) -> tuple[list[Section], list[Problem], list[Accepted]]:
    """Sections of the body, every problem found in it, and the warnings its reviewers accepted."""
    reader = _BodyReader(path, first_line)
    sections = reader.sections(body)
    return sections, reader.problems, reader.accepted
