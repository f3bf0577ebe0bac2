"""`import FILE`: read a .docx or .html leaflet, tidy it, and write `source/<slug>.md` beside its pictures."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from pipeline.errors import Problem, SourceError, UsageError
from pipeline.importing.document import Document
from pipeline.importing.package import Refused
from pipeline.importing.report import Report, count
from pipeline.importing.tidy import tidy
from pipeline.model import Block, Figure, ListBlock, Quote
from pipeline.output import write_atomic
from pipeline.reading.schema import SLUG

KINDS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif"}  # what the source format takes as it is
READERS = (".docx", ".html", ".htm", ".xhtml")


def import_document(path: Path, out: Path, slug: str | None = None, base_url: str | None = None, force: bool = False) -> Report:
    """Write `out/<slug>.md` (and `out/<slug>/picture-N.*`) from a Word document or web page."""
    try:
        document, baseline = _read(path, base_url)
        draft = tidy(document)
        slug = slug or _slug(draft.front["title"]) or _slug(path.stem)
        if not SLUG.match(slug or ""):
            raise UsageError(f"--slug '{slug}' is not a slug: lowercase letters, digits and hyphens, e.g. asthma-in-adults")
        target = out / f"{slug}.md"
        if target.exists() and not force:
            raise UsageError(f"{target} exists; give another --slug, or --force to replace it")
        files, notes = _pictures(document, slug, path)
        names = {name: rel for name, (rel, _) in files.items()}
        sections = [(heading, _without(blocks, names)) for heading, blocks in draft.sections]
    except Refused as exc:
        raise SourceError([Problem("error", "import", str(exc), path, None, exc.hint)]) from None
    from pipeline.importing.markdown import source_text

    text = source_text(draft.front, sections, names)
    report = count(baseline, text, [*draft.moved, *document.left_out], target)
    report.notes, report.pictures, report.sections = [*draft.notes, *notes], len(files), len(sections)
    for rel, data in files.values():
        write_atomic(out / rel, data)
    write_atomic(target, text)
    return report


def _read(path: Path, base_url: str | None) -> tuple[Document, list[str]]:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise UsageError(f"{path}: cannot import a '{suffix or 'file without an extension'}'; import reads {', '.join(READERS)}")
    if not path.is_file():
        raise UsageError(f"{path}: no such file" if not path.exists() else f"{path} is not a regular file")
    if suffix == ".docx":
        import mammoth

        from pipeline.importing.docx import read_docx
        from pipeline.importing.html import HtmlReader

        html, pictures, properties = read_docx(path)
        document = HtmlReader(None, pictures).read(html)
        document.named = properties.title
        document.language, document.publisher = properties.language, properties.company
        with path.open("rb") as handle:
            raw = mammoth.extract_raw_text(handle).value
        return document, raw.split()
    from pipeline.importing.html import MAX_HTML, HtmlReader

    if path.stat().st_size > MAX_HTML:
        raise Refused(
            f"is over {MAX_HTML // 1_000_000} MB: not a leaflet", "save only the page's text (File > Save as > Web page, HTML only)"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", "replace")  # pages saved by old browsers
    document = HtmlReader(path.parent, {}, base_url).read(text)
    return document, document.words


def _slug(title: str) -> str:
    if title.startswith("FILL IN"):
        return ""
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _pictures(document: Document, slug: str, path: Path) -> tuple[dict[str, tuple[str, bytes]], list[str]]:
    """Each picture checked as the reader will check it, saved as PNG, JPEG or GIF (others converted)."""
    from PIL import Image

    from pipeline.reading.images import problem

    files: dict[str, tuple[str, bytes]] = {}
    notes: list[str] = []
    for n, (name, (media, data)) in enumerate(document.pictures.items(), start=1):
        found = problem(io.BytesIO(data))
        if found and found[0].startswith("is over"):
            raise Refused(f"has a picture (number {n}) that {found[0]}", found[1])
        if found:
            notes.append(f"picture {n} ({media or 'of an unknown kind'}) {found[0]}: left out; export it as PNG and add it by hand")
            continue
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            if kind not in KINDS:
                converted = io.BytesIO()
                image.save(converted, "PNG")
                notes.append(f"picture {n} was {kind or 'an unknown kind'}; saved as PNG")
                data, kind = converted.getvalue(), "PNG"
        files[name] = (f"{slug}/picture-{n}{KINDS[kind]}", data)
    return files, notes


def _without(blocks: list[Block], names: dict[str, str]) -> list[Block]:
    """Figures whose picture could not be kept are left out of the blocks too."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Figure) and block.src not in names:
            continue
        if isinstance(block, ListBlock):
            block = ListBlock(block.ordered, block.start, tuple(tuple(_without(list(i), names)) for i in block.items), 0)
        elif isinstance(block, Quote):
            block = Quote(tuple(_without(list(block.blocks), names)), 0)
        out.append(block)
    return out
