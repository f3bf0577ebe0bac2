"""Read-aloud EPUB checks: current and stamped, and its media overlays in sync: every <par> points at
a sentence that exists, clips run in order without overlapping and within the narration, each
sentence is read by exactly one <par>, and each clip is its WebVTT cue (within 50 ms) when the
audio's VTT is beside it. Then EPUBCheck (SMIL structure, durations, media types) and Ace."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from pipeline.checks.ebook import OPF, EbookCheck, properties
from pipeline.checks.heard import RATE, Cue, can_hear, decode, unheard
from pipeline.model import Summary
from pipeline.rendering.stamp import stamp_for

SMIL = "{http://www.w3.org/ns/SMIL}"
XHTML = "{http://www.w3.org/1999/xhtml}"
TOLERANCE_MS = 50


@dataclass(frozen=True)
class Par:
    page: str  # the content document, as named in the book
    id: str
    begin_ms: int
    end_ms: int
    audio: str


class ReadAloudCheck(EbookCheck):
    def contents(self, summary: Summary, book: zipfile.ZipFile, path: Path, package: ElementTree.Element) -> list[str]:
        problems = _package_problems(summary, book, package)
        if not problems:
            pars = overlay_pars(book)
            problems = sync_problems(book, pars)
            vtt = path.with_name(f"{summary.slug}.vtt")
            if vtt.is_file() and not problems:
                problems = vtt_problems(pars, vtt.read_text("utf-8"))
        return problems

    def check_book(self, summary: Summary, path: Path, quick: bool = False) -> list[str]:
        problems = super().check_book(summary, path, quick)
        if problems:
            return problems
        if not summary.meta.language.lower().startswith("en"):
            return [f"note: clips not heard (no recogniser for '{summary.meta.language}')"]
        if quick and not can_hear():
            return ["note: clips not heard (quick, no recogniser installed: the check extra)"]
        with zipfile.ZipFile(path) as book:
            problems = heard_problems(book, overlay_pars(book), quick)
        done = "the first, middle and last clips heard (quick)" if quick else "every clip heard saying its sentence"
        return problems or [f"note: {done}"]


def heard_problems(book: zipfile.ZipFile, pars: list[Par], quick: bool) -> list[str]:
    """Each clip says its sentence (checks/heard.py), in each narration of the book."""
    texts: dict[tuple[str, str], str] = {}
    for page in {p.page for p in pars}:
        for span in ElementTree.fromstring(book.read(page)).iter(f"{XHTML}span"):
            texts[(page, span.get("id", ""))] = "".join(span.itertext())
    problems = []
    for audio in sorted({p.audio for p in pars}):
        mine = [p for p in pars if p.audio == audio]
        timed = [Cue(n, p.begin_ms / 1000, p.end_ms / 1000, texts.get((p.page, p.id), "")) for n, p in enumerate(mine, start=1)]
        problems += [f"{audio}: {problem}" for problem in unheard(decode(book.read(audio)), timed, quick)]
    return problems


CHECK = ReadAloudCheck()
check, check_book = CHECK.check, CHECK.check_book


def _package_problems(summary: Summary, book: zipfile.ZipFile, package: ElementTree.Element) -> list[str]:
    props = properties(package)
    stamp = stamp_for(summary)
    problems = []
    if props.get("pipeline:reviewed") != [stamp.reviewed.isoformat()] or props.get("pipeline:next-review") != [
        stamp.next_review.isoformat()
    ]:
        problems.append("the review dates in the metadata are not the source's")
    for needed in ("media:duration", "media:narrator", "media:active-class"):
        if not props.get(needed):
            problems.append(f"no {needed} in the package metadata")
    if "synchronizedAudioText" not in props.get("schema:accessibilityFeature", []):
        problems.append("the accessibility metadata does not say synchronizedAudioText")
    pages = [n for n in book.namelist() if n.endswith(".xhtml")]
    text = " ".join(" ".join(" ".join(ElementTree.fromstring(book.read(n)).itertext()).split()) for n in pages)
    if stamp.disclaimer not in text:
        problems.append("the book lacks the disclaimer, word for word")
    if stamp.reviewed_text not in text:
        problems.append("the book does not say when it was reviewed")
    return problems


def _ms(clock: str) -> int:
    """A SMIL clock value ("12.345s", "1:02.5", "0:01:02.500") in milliseconds."""
    if clock.endswith("ms"):
        return round(float(clock[:-2]))
    if clock.endswith("s"):
        return round(float(clock[:-1]) * 1000)
    parts = [float(p) for p in clock.split(":")]
    seconds = sum(p * 60**i for i, p in enumerate(reversed(parts)))
    return round(seconds * 1000)


def overlay_pars(book: zipfile.ZipFile) -> list[Par]:
    """Every <par> of every overlay, in reading order (the spine's)."""
    package = ElementTree.fromstring(book.read("EPUB/content.opf"))
    items = {i.get("id"): i for i in package.iter(f"{OPF}item")}
    pars = []
    for ref in package.iter(f"{OPF}itemref"):
        item = items[ref.get("idref")]
        if not item.get("media-overlay"):
            continue
        smil_name = str(PurePosixPath("EPUB") / (items[item.get("media-overlay")].get("href") or ""))
        for par in ElementTree.fromstring(book.read(smil_name)).iter(f"{SMIL}par"):
            text, audio = par.find(f"{SMIL}text"), par.find(f"{SMIL}audio")
            assert text is not None and audio is not None
            page, _, fragment = (text.get("src") or "").partition("#")
            where = str(PurePosixPath(smil_name).parent / page)
            audio_file = str(PurePosixPath(smil_name).parent / (audio.get("src") or ""))
            pars.append(
                Par(_normpath(where), fragment, _ms(audio.get("clipBegin", "0s")), _ms(audio.get("clipEnd", "0s")), _normpath(audio_file))
            )
    return pars


def _normpath(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def sync_problems(book: zipfile.ZipFile, pars: list[Par]) -> list[str]:
    if not pars:
        return ["no media overlays"]
    problems = []
    spans: dict[str, set[str]] = {}
    for page in {p.page for p in pars}:
        root = ElementTree.fromstring(book.read(page))
        spans[page] = {el.get("id", "") for el in root.iter(f"{XHTML}span") if el.get("id")}
    missing = [p for p in pars if p.id not in spans.get(p.page, set())]
    if missing:
        problems.append(f"{len(missing)} <par> point at no sentence (first: {missing[0].page}#{missing[0].id})")
    referenced = [(p.page, p.id) for p in pars]
    unread = sorted((page, s) for page, ids in spans.items() for s in ids if (page, s) not in referenced)
    twice = sorted({r for r in referenced if referenced.count(r) > 1})
    if unread:
        problems.append(f"{len(unread)} sentence(s) read by no <par> (first: {unread[0][1]})")
    if twice:
        problems.append(f"{len(twice)} sentence(s) read twice (first: {twice[0][1]})")
    lengths = {name: len(decode(book.read(name))) * 1000 // (2 * RATE) for name in {p.audio for p in pars}}  # from the frames
    previous = 0
    for par in pars:
        if not 0 <= par.begin_ms < par.end_ms <= lengths[par.audio]:
            problems.append(f"{par.id}: clip {par.begin_ms}-{par.end_ms} ms is empty or outside the {lengths[par.audio]} ms narration")
            break
        if par.begin_ms < previous:
            problems.append(f"{par.id}: clip starts at {par.begin_ms} ms, before the previous one ends ({previous} ms)")
            break
        previous = par.end_ms
    return problems


def vtt_problems(pars: list[Par], vtt: str) -> list[str]:
    """Each clip is the audio's caption of the same sentence, within TOLERANCE_MS."""
    cues = [(_vtt_ms(a), _vtt_ms(b)) for a, b in re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})", vtt, re.M)]
    if len(cues) != len(pars):
        return [f"{len(pars)} <par> but {len(cues)} captions in the audio's WebVTT"]
    for par, (start, end) in zip(pars, cues, strict=True):
        if abs(par.begin_ms - start) > TOLERANCE_MS or abs(par.end_ms - end) > TOLERANCE_MS:
            return [f"{par.id}: clip {par.begin_ms}-{par.end_ms} ms but its caption is {start}-{end} ms"]
    return []


def _vtt_ms(stamp: str) -> int:
    hours, minutes, seconds = stamp.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)
