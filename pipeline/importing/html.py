"""HTML (a saved web page, a CMS export, or mammoth's reading of a Word file) -> model blocks.

Parsed by tinyhtml5 (WeasyPrint's WHATWG parser, so a page is read as a browser reads it). Only
the page's content is taken: its <main> or single <article> when it has one, and never its
navigation, banners, footers, forms, scripts or hidden text. Tables become lists of "label:
text" items (the source format has no tables: they read badly aloud and in braille).
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

from pipeline.importing.document import Document
from pipeline.importing.elements import BLOCK, NS, content_root, page_words, skipped, tag, texts, trimmed
from pipeline.importing.package import Refused
from pipeline.importing.tables import table_blocks
from pipeline.model import Block, Emph, Figure, Heading, Inline, LineBreak, Link, ListBlock, Paragraph, Quote, Strong, Text, inline_text

MAX_HTML = 10 * 1024 * 1024
_DATA_URI = re.compile(r"data:(image/[\w.+-]+);base64,(.*)", re.S | re.I)


class HtmlReader:
    def __init__(self, base: Path | None, pictures: dict[str, tuple[str, bytes]], base_url: str | None = None) -> None:
        self.base, self.pictures, self.base_url = base, pictures, base_url
        self.found: dict[str, tuple[str, bytes]] = {}
        self.skipped: Counter[str] = Counter()
        self.notes: list[str] = []
        self.title = self.subtitle = ""
        self.root: Element | None = None
        self.footnotes: list[ListBlock] = []
        self.left_out: list[str] = []  # words of the document left out on purpose (a table of contents)

    def read(self, text: str) -> Document:
        import tinyhtml5

        html = tinyhtml5.parse(text)
        root = self.root = content_root(html)
        blocks = self.blocks(root)
        if self.footnotes:
            blocks += [Heading(2, (Text("Notes"),), 0), *self.footnotes]
            self.notes.append("footnotes are gathered in a 'Notes' section at the end (the source format has no footnotes)")
        doc = Document(blocks, page_words(root), self.found, title=self.title, subtitle=self.subtitle, left_out=self.left_out)
        head = html.find(f"{NS}head")
        if head is not None:
            doc.named = " ".join("".join(head.findtext(f"{NS}title") or "").split())
            for meta in head.iter(f"{NS}meta"):
                key = (meta.get("name") or meta.get("property") or "").lower()
                if key in ("description", "og:description") and not doc.described:
                    doc.described = " ".join((meta.get("content") or "").split())
                elif key == "og:site_name":
                    doc.publisher = " ".join((meta.get("content") or "").split())
        doc.language = html.get("lang") or ""
        doc.notes = [*self.notes, *(f"left out: {what} ({n})" for what, n in sorted(self.skipped.items()))]
        return doc

    # blocks ----------------------------------------------------------------

    def blocks(self, element: Element) -> list[Block]:
        out: list[Block] = []
        run: list[Inline] = []

        def flush() -> None:
            para = trimmed(run)
            run.clear()
            if para:
                out.append(Paragraph(tuple(para), 0))

        run.extend(texts(element.text))
        for child in element:
            why = skipped(child, self.root or element)
            if why:
                if why != "scripts and forms" or tag(child) == "form":
                    self.skipped[why] += 1
            elif tag(child) in BLOCK:
                flush()
                out.extend(self.block(child))
            elif tag(child) == "img":
                flush()
                out.extend(self.picture(child))
            else:
                for node in self.inline(child):
                    if isinstance(node, Figure):
                        flush()
                        out.append(node)
                    else:
                        run.append(node)
            run.extend(texts(child.tail))
        flush()
        return out

    def block(self, element: Element) -> list[Block]:
        name = tag(element)
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            words = tuple(trimmed(self.inline_only(element)))
            if "doc-title" in (element.get("class") or "") and not self.title:
                self.title = inline_text(words).strip()
                return []
            return [Heading(int(name[1]), words, 0)] if words else []
        if "doc-toc" in (element.get("class") or ""):  # Word's table of contents: the sections are the contents
            self.left_out += "".join(element.itertext()).split()
            self.skipped["table-of-contents lines"] += 1
            return []
        if name == "p" and "doc-subtitle" in (element.get("class") or "") and not self.subtitle:
            self.subtitle = inline_text(tuple(self.inline_only(element))).strip()
            return []
        if name in ("ul", "ol"):
            return self.listing(element)
        if name == "blockquote":
            inner = self.blocks(element)
            return [Quote(tuple(inner), 0)] if inner else []
        if name == "table":
            return table_blocks(self, element)
        if name == "dl":
            return self.definitions(element)
        if name == "pre":
            lines = "".join(element.itertext()).strip("\n").split("\n")
            inlines: list[Inline] = []
            for n, line in enumerate(lines):
                inlines += [LineBreak()] if n else []
                inlines += [Text(" ".join(line.split()))]
            return [Paragraph(tuple(inlines), 0)] if any(line.strip() for line in lines) else []
        if name == "hr":
            return []
        return self.blocks(element)  # div, section, figure, li content...

    def listing(self, element: Element) -> list[Block]:
        items: list[tuple[Block, ...]] = []
        notes = False
        for child in element:
            if tag(child) != "li" or skipped(child, self.root or element):
                continue
            notes = notes or (child.get("id") or "").startswith(("footnote-", "endnote-"))
            inner = self.blocks(child)
            if inner:
                items.append(tuple(inner))
        if not items:
            return []
        start = int(element.get("start", "1")) if (element.get("start") or "1").isdigit() else 1
        block = ListBlock(tag(element) == "ol", start, tuple(items), 0)
        if notes:
            self.footnotes.append(block)
            return []
        return [block]

    def definitions(self, element: Element) -> list[Block]:
        items: list[tuple[Block, ...]] = []
        term: list[Inline] = []
        for child in element:
            if tag(child) == "dt":
                term = trimmed(self.inline_only(child))
            elif tag(child) == "dd":
                said = trimmed(self.inline_only(child))
                items.append((Paragraph(tuple([*term, Text(": "), *said] if term else said), 0),))
        return [ListBlock(False, 1, tuple(items), 0)] if items else []

    # inlines ---------------------------------------------------------------

    def inline_only(self, element: Element) -> list[Inline]:
        """The inlines of an element read as one line (a heading, a table cell): blocks inside join with spaces."""
        out: list[Inline] = [*texts(element.text)]
        for child in element:
            if not skipped(child, self.root or element):
                if tag(child) in BLOCK:
                    out += [Text(" "), *self.inline_only(child), Text(" ")]
                else:
                    out += [n for n in self.inline(child) if not isinstance(n, Figure)]
            out += texts(child.tail)
        return out

    def inline(self, element: Element) -> list[Inline | Figure]:
        name = tag(element)
        if name == "br":
            return [LineBreak()]
        if name == "img":
            return list(self.picture(element))
        inner: list[Inline | Figure] = [*texts(element.text)]
        for child in element:
            if not skipped(child, self.root or element):
                inner += self.inline(child) if tag(child) not in BLOCK else [Text(" "), *self.inline_only(child), Text(" ")]
            inner += texts(child.tail)
        style = (element.get("style") or "").replace(" ", "").lower()
        words = [n for n in inner if not isinstance(n, Figure)]
        figures = [n for n in inner if isinstance(n, Figure)]
        marked: list[Inline | Figure] = []
        if name in ("strong", "b") or re.search(r"font-weight:(bold|[6-9]00)", style):
            marked = [Strong(tuple(words))] if words else []
            return [*marked, *figures]
        if name in ("em", "i", "cite") or "font-style:italic" in style:
            marked = [Emph(tuple(words))] if words else []
            return [*marked, *figures]
        if name == "a":
            return [*self.link(element, words), *figures]
        return inner

    def link(self, element: Element, words: list[Inline]) -> list[Inline]:
        href = (element.get("href") or "").strip()
        if href.startswith(("#footnote-ref", "#endnote-ref")):
            return []  # mammoth's way back from a note to the text
        if href.startswith(("#footnote-", "#endnote-")):
            return [Text(f"[{inline_text(tuple(words)).strip('[] ')}]")] if words else []
        if self.base_url and not urlsplit(href).scheme and href and not href.startswith("#"):
            href = urljoin(self.base_url, href)
        scheme = urlsplit(href).scheme.lower()
        if scheme in ("https", "mailto"):
            return [Link(href, tuple(words))]
        if scheme == "http":
            secure = "https" + href[4:]
            self.notes.append(f"link {href} changed to {secure}: check that it opens")
            return [Link(secure, tuple(words))]
        if href and not href.startswith("#") and scheme not in ("tel", "javascript", "data"):
            self.notes.append(f"link '{href}' has no full address, kept as text (give --base-url to keep such links)")
        return words

    def picture(self, element: Element) -> list[Figure]:
        src = (element.get("src") or "").strip()
        alt = " ".join((element.get("alt") or "").split())
        found = self.pictures.get(src) or self._picture_data(src)
        if found is None:
            return []
        name = f"picture-{len(self.found) + 1}"
        self.found[name] = found
        return [Figure(name, Path(name), alt, 0)]

    def _picture_data(self, src: str) -> tuple[str, bytes] | None:
        data = _DATA_URI.match(src)
        if data:
            try:
                return data.group(1).lower(), base64.b64decode(data.group(2), validate=False)
            except ValueError:
                self.notes.append("a picture written into the page could not be decoded; left out")
                return None
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or self.base is None or not src:
            self.notes.append(f"picture '{src[:80]}' is not a file beside the page; left out (save it and add it by hand)")
            return None
        target = (self.base / unquote(parts.path)).resolve()
        if ".." in Path(unquote(parts.path)).parts or self.base.resolve() not in target.parents:
            raise Refused(f"names a picture outside its folder ('{src[:80]}')", "keep the page's pictures in its folder or below it")
        if not target.is_file():
            self.notes.append(f"picture '{src}' was not saved with the page; left out")
            return None
        return "", target.read_bytes()
