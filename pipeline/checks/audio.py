"""Audio checks: made from the current source, stamped in its tags and its words, loud enough,
navigable by chapter, as long as its chapters say (counted from the decoded frames), and every
cue of its captions heard where they put it (checks/heard.py; quick: the first, middle and last
cue), with the review date heard in the first 20 s."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.checks.heard import can_hear, cues, decoded_seconds, unheard
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import BUILD_AGAIN
from pipeline.rendering.stamp import stamp_for
from pipeline.writers.audio import recorded_source_sha256, script, transcript

LENGTH_SLACK = 0.1  # seconds between the decoded length and the chapters' end (measured: at most 1 ms)
STALE = f"stale: made from an earlier version of the source; {BUILD_AGAIN}"


def check(summary: Summary, files: list[Path], options: Options, quick: bool = False) -> dict[Path, list[str]]:
    results: dict[Path, list[str]] = {}
    for path in files:
        problems = [STALE] if recorded_source_sha256(path) != summary.source_sha256 else []
        problems += _mp3(summary, path, quick) if path.suffix == ".mp3" else _vtt(summary, path)
        results[path] = problems
    return results


def _vtt(summary: Summary, path: Path) -> list[str]:
    text = path.read_text("utf-8", "replace")
    stamp = stamp_for(summary)
    problems = [] if text.startswith("WEBVTT") else ["not a WebVTT file"]
    # The words of the cues: the lines after each timing line, up to the blank line.
    flat = " ".join(re.findall(r"-->[^\n]*\n(.*?)(?:\n\n|\Z)", text, re.S))
    if stamp.spoken not in flat:
        problems.append("the transcript does not say the review date")
    if " ".join(stamp.disclaimer.split()) not in " ".join(flat.split()):
        problems.append("the transcript lacks the disclaimer, word for word")
    if flat.split() != transcript(script(summary)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split():
        problems.append(f"the transcript does not read the {summary.meta.audio} text the source chooses (audio: {summary.meta.audio})")
    return problems


def _mp3(summary: Summary, path: Path, quick: bool) -> list[str]:
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    from pipeline.tts.mp3 import MAX_TRUE_PEAK, measure

    stamp = stamp_for(summary)
    try:
        tags = ID3(path)
    except (MutagenError, OSError) as exc:
        return [f"no readable ID3 tags: {exc}"]
    problems = []
    if str(tags.get("TDRC", "")) != stamp.reviewed.isoformat() or str(tags.get("TXXX:next_review", "")) != stamp.next_review.isoformat():
        problems.append("the review dates in the tags are not the source's")
    if not any(str(c.text[0]) == stamp.disclaimer for c in tags.getall("COMM") if c.text):
        problems.append("the comment tag lacks the disclaimer, word for word")
    lyrics = tags.getall("USLT")
    if not lyrics or lyrics[0].text != transcript(script(summary)):
        problems.append(f"the transcript tag is not the {summary.meta.audio} text the source chooses (audio: {summary.meta.audio})")
    chapters, toc = tags.getall("CHAP"), tags.getall("CTOC")
    listed = list(toc[0].child_element_ids) if toc else []
    expected = len(script(summary))  # intro, the sections, about this leaflet, closing
    if len(chapters) != expected or sorted(listed) != sorted(c.element_id for c in chapters):
        problems.append(f"expected {expected} chapters in an ordered table of contents")
    try:
        loudness = measure(path)
    except Exception as exc:  # a truncated or corrupt file: ffmpeg cannot decode it
        return [*problems, f"cannot be decoded: {exc}"]
    if not -19.5 <= loudness.integrated <= -15.5 or loudness.true_peak > MAX_TRUE_PEAK:
        problems.append(
            f"loudness {loudness.integrated} LUFS, true peak {loudness.true_peak} dBTP (want -16 to -19 LUFS, <= {MAX_TRUE_PEAK})"
        )
    if problems:
        return problems
    pcm, seconds = decoded_seconds(path)
    said = max((c.end_time for c in chapters), default=0) / 1000
    if abs(seconds - said) > LENGTH_SLACK:
        return [f"decodes to {seconds:.1f} s of audio but its chapters say {said:.1f} s: cut short or damaged"]
    vtt = path.with_suffix(".vtt")
    agrees = f"length {seconds:.1f} s agrees with the chapters"
    if not summary.meta.language.lower().startswith("en"):
        return [f"note: speech not heard (no recogniser for '{summary.meta.language}'); {agrees}"]
    if quick and not can_hear():
        return [f"note: lengths only (quick, no recogniser installed: the check extra); {agrees}"]
    if vtt.is_file():
        problems += unheard(pcm, cues(vtt.read_text("utf-8", "replace")), quick)
    if not quick and not problems:
        problems += _heard_review_date(summary, path)
    done = "the first, middle and last cues heard (quick)" if quick else "every cue heard where the captions put it"
    return problems or [f"note: {done}; {agrees}"]


def _heard_review_date(summary: Summary, path: Path) -> list[str]:
    """Speech recognition of the intro, where the review date is spoken (English voices only)."""
    if not summary.meta.language.lower().startswith("en"):
        return []
    from pipeline.checks.speech import normalise, number_words, ordinal, pcm16k, recognise

    heard = normalise(recognise(pcm16k(path, 0, 20)))
    reviewed = stamp_for(summary).reviewed
    # a year as voices say it: "twenty twenty six", "two thousand twenty six", "two thousand and twenty six"
    thousands, rest = number_words(reviewed.year // 1000), number_words(reviewed.year % 1000)
    years = [number_words(reviewed.year), f"{thousands} thousand {rest}", f"{thousands} thousand and {rest}"]
    month = reviewed.strftime("%B").lower()
    said = [f"{day} {month} {year}" for day in (ordinal(reviewed.day), number_words(reviewed.day)) for year in years]
    if any(re.search(rf"\b{re.escape(s)}\b", heard) for s in said):
        return []
    return [f"the review date ({said[0]}) was not heard in the first 20 s: '{heard[:120]}'"]
