"""`check` proves the audio says the leaflet, cue by cue: a missing, cut-short or swapped sentence
fails, named by its cue, its time and its words; lengths come from the decoded frames."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import GOOD_FRONT, make_source

from pipeline.building.loop import build
from pipeline.checks import audio as audio_check
from pipeline.checks import read_aloud as read_aloud_check
from pipeline.checks.heard import RATE, Cue, cues, decoded_seconds, matches, unheard
from pipeline.options import Options
from pipeline.reading.reader import read

BODY = """\
## What it is

The test condition is a made-up illness used in tests. It makes people feel tired in the afternoon.

## What helps

Most people feel better after a good night of sleep. A short walk outside can also help.
Drinking enough water every day is important. Your doctor can tell you more about it.
"""


def test_cues_are_read_from_webvtt_with_their_times_and_unescaped_words() -> None:
    vtt = "WEBVTT\n\nNOTE\nvoice: x\n\n1\n00:00:00.600 --> 00:00:02.250\nSalt &amp; water\n\n2\n00:01:02.000 --> 00:01:04.500\nTwo\nlines\n"
    assert cues(vtt) == [Cue(1, 0.6, 2.25, "Salt & water"), Cue(2, 62.0, 64.5, "Two lines")]


def test_a_medical_word_spelt_otherwise_matches_but_another_sentence_or_half_of_it_does_not() -> None:
    written = "Endocrinopathy affects the glands that make hormones."
    assert matches(written, "endocronopathy affects the glands that make hormones")
    assert not matches(written, "Most people feel better after a good night of sleep.")
    assert not matches(written, "endocrinopathy affects the")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("heard")
    source = make_source(folder, GOOD_FRONT + "\n" + BODY)
    out = folder / "out"
    result = build([source], Options(out_dir=out, tts="offline", quiet=True, formats=("audio", "read-aloud")))
    assert {o.status for o in result.outcomes} == {"built"}, [o.error for o in result.outcomes]
    return source, out / source.stem


def _check(source: Path, folder: Path, quick: bool = False) -> dict[Path, list[str]]:
    summary, _ = read(source)
    files = [folder / f"{source.stem}.mp3", folder / f"{source.stem}.vtt"]
    return audio_check.check(summary, files, Options(out_dir=folder.parent), quick)


@pytest.mark.slow
@pytest.mark.parametrize("quick", [False, True])
def test_an_honest_build_passes_and_says_which_check_was_done(built, quick: bool) -> None:
    source, folder = built
    said = _check(source, folder, quick)[folder / f"{source.stem}.mp3"]
    assert len(said) == 1 and said[0].startswith("note: "), said
    assert ("(quick)" in said[0]) == quick


@pytest.mark.slow
def test_an_mp3_cut_to_half_its_bytes_fails_though_its_header_still_gives_the_whole_length(built, tmp_path: Path) -> None:
    source, folder = built
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    mp3 = copy / f"{source.stem}.mp3"
    data = mp3.read_bytes()
    mp3.write_bytes(data[: len(data) // 2])
    [problem] = _check(source, copy)[mp3]
    assert "decodes to" in problem and "cut short" in problem


def _pcm_and_cues(folder: Path, slug: str) -> tuple[bytes, list[Cue]]:
    pcm, _ = decoded_seconds(folder / f"{slug}.mp3")
    return pcm, cues((folder / f"{slug}.vtt").read_text("utf-8"))


def _span(cue: Cue) -> slice:
    return slice(int(cue.start * RATE) * 2, int(cue.end * RATE) * 2)


@pytest.mark.slow
def test_a_silent_sentence_is_named_by_its_cue_time_and_words(built) -> None:
    source, folder = built
    pcm, timed = _pcm_and_cues(folder, source.stem)
    target = next(c for c in timed if c.text.startswith("A short walk"))
    span = _span(target)
    silent = pcm[: span.start] + bytes(span.stop - span.start) + pcm[span.stop :]
    assert unheard(pcm, timed, quick=False) == []
    [problem] = unheard(silent, timed, quick=False)
    assert problem.startswith(f"cue {target.number} at ") and "A short walk" in problem


@pytest.mark.slow
def test_two_sentences_swapped_are_both_named(built) -> None:
    source, folder = built
    pcm, timed = _pcm_and_cues(folder, source.stem)
    one, two = (next(c for c in timed if c.text.startswith(w)) for w in ("Most people", "Drinking enough"))
    a, b = _span(one), _span(two)
    swapped = pcm[: a.start] + pcm[b] + pcm[a.stop : b.start] + pcm[a] + pcm[b.stop :]
    moved = {Cue(one.number, one.start, one.start + two.end - two.start, one.text)}  # the times still those written
    problems = unheard(swapped, [c for c in timed if c not in moved], quick=False)
    named = {int(p.split()[1]) for p in problems}
    assert {one.number, two.number} <= named, problems


@pytest.mark.slow
def test_a_read_aloud_clip_that_does_not_say_its_sentence_fails_naming_the_narration(built, tmp_path: Path) -> None:
    source, folder = built
    book = folder / f"{source.stem}-read-aloud.epub"
    summary, _ = read(source)
    assert read_aloud_check.check(summary, [book], Options(out_dir=folder.parent), quick=True)[book][0].startswith("note: ")
    with zipfile.ZipFile(book) as zf:
        pars = read_aloud_check.overlay_pars(zf)
        narration = pars[0].audio
        pcm = read_aloud_check.decode(zf.read(narration))
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    target = pars[len(pars) // 2]
    span = slice(target.begin_ms * RATE // 1000 * 2, target.end_ms * RATE // 1000 * 2)
    silent = pcm[: span.start] + bytes(span.stop - span.start) + pcm[span.stop :]
    cmd = ["ffmpeg", "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0", "-f", "mp3", "-"]
    mp3 = subprocess.run(cmd, input=silent, capture_output=True, check=True).stdout
    damaged = tmp_path / book.name
    with zipfile.ZipFile(damaged, "w") as zf:
        for info, data in entries:
            zf.writestr(info, mp3 if info.filename == narration else data)
    with zipfile.ZipFile(damaged) as zf:
        problems = read_aloud_check.heard_problems(zf, read_aloud_check.overlay_pars(zf), quick=False)
    assert len(problems) == 1 and problems[0].startswith(f"{narration}: cue "), problems
