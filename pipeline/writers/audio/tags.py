"""The audio's timings as WebVTT captions, and its ID3v2.4 tags with chapters; `check` reads back
the source checksum either carries."""

from __future__ import annotations

import re
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TLAN, TPE1, TXXX, USLT, WOAS, CTOCFlags, Encoding

from pipeline.model import Summary
from pipeline.rendering.stamp import label, stamp_for
from pipeline.tts import Voice
from pipeline.writers.audio.script import Chapter, Timed, transcript


def _ms(samples: int, rate: int) -> int:
    return round(samples * 1000 / rate)


def vtt_time(ms: int) -> str:
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    seconds, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"


def webvtt(summary: Summary, timed: list[Timed], voice: Voice) -> str:
    stamp = stamp_for(summary)
    lines = [
        "WEBVTT",
        "",
        "NOTE",
        f"language: {summary.meta.language}",
        f"reviewed: {stamp.reviewed.isoformat()}",
        f"next-review: {stamp.next_review.isoformat()}",
        f"voice: {voice.name}",
        f"text: {summary.meta.audio}",
        f"source-sha256: {summary.source_sha256}",
        "",
    ]
    for n, cue in enumerate(timed, start=1):
        text = cue.piece.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [str(n), f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}", text, ""]
    return "\n".join(lines)


class _InOrderID3(ID3):
    """ID3 whose frames are written in the order they were added.

    mutagen sorts frames by size, and ffmpeg-based players list CHAP frames in file order
    (ignoring the CTOC), so chapters must be written in playback order. The test reads
    them back with ffprobe, so a mutagen change here cannot pass unnoticed.
    """

    def _write(self, config: object) -> bytearray:
        from mutagen.id3._tags import save_frame

        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def write_tags(path: Path, summary: Summary, chapters: list[Chapter], bounds: list[tuple[int, int]], voice: Voice) -> None:
    """ID3v2.4: title, publisher, review date, language, disclaimer, transcript, voice, chapters."""
    meta, stamp, lang, utf8 = summary.meta, stamp_for(summary), summary.meta.language, Encoding.UTF8
    iso639_2 = label(lang, "iso639_2")
    tags = _InOrderID3()
    tags.add(TIT2(encoding=utf8, text=[meta.title]))
    if meta.publisher:
        tags.add(TPE1(encoding=utf8, text=[meta.publisher]))
    tags.add(TALB(encoding=utf8, text=[label(lang, "kind")]))
    tags.add(TDRC(encoding=utf8, text=[stamp.reviewed.isoformat()]))
    tags.add(TLAN(encoding=utf8, text=[iso639_2]))
    tags.add(COMM(encoding=utf8, lang=iso639_2, desc="", text=[stamp.disclaimer]))
    tags.add(USLT(encoding=utf8, lang=iso639_2, desc="", text=transcript(chapters)))
    extra = {
        "voice": voice.name,
        "tts_engine": voice.engine,
        "text": summary.meta.audio,  # which text it reads: original, or the plain rewrites
        "reviewed": stamp.reviewed.isoformat(),
        "next_review": stamp.next_review.isoformat(),
        "source_sha256": summary.source_sha256,
    }
    for desc, value in extra.items():
        tags.add(TXXX(encoding=utf8, desc=desc, text=[value]))
    if meta.site_url:
        tags.add(WOAS(url=f"{meta.site_url.rstrip('/')}/{summary.slug}/"))
    for chapter, (start, end) in zip(chapters, bounds, strict=True):
        tags.add(
            CHAP(
                element_id=chapter.id,
                start_time=start,
                end_time=end,
                start_offset=0xFFFFFFFF,  # "not used": players seek by time
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=utf8, text=[chapter.title])],
            )
        )
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=[c.id for c in chapters],
            sub_frames=[TIT2(encoding=utf8, text=[label(lang, "contents")])],
        )
    )
    tags.save(path, v2_version=4, v1=0, padding=lambda info: 0)  # no padding: same bytes every time


def recorded_source_sha256(path: Path) -> str | None:
    """The source checksum an MP3 (TXXX:source_sha256) or VTT (NOTE line) was built from, for `pipeline check`."""
    if path.suffix == ".mp3":
        try:
            frame = ID3(path).get("TXXX:source_sha256")
        except (MutagenError, OSError):  # missing, or no ID3 tags: nothing recorded
            return None
        return str(frame.text[0]) if frame else None
    found = re.search(r"^source-sha256: ([0-9a-f]{64})$", path.read_text("utf-8", "replace"), re.M) if path.is_file() else None
    return found.group(1) if found else None
