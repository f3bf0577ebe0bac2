"""The read-aloud EPUB: EPUB 3 Media Overlays that pair every sentence shown with its clip of the
same narration as the MP3, valid for EPUBCheck and Ace, in sync with the WebVTT, heard by speech
recognition, and loaded by a real reading system (Calibre)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import FIXTURES, POEMS, run_cli

from pipeline import Options, build, read
from pipeline.checks import speech
from pipeline.checks.read_aloud import XHTML, check_book, overlay_pars, sync_problems
from pipeline.checks.validators import ace, epubcheck

pytestmark = pytest.mark.slow

SOURCES = {"poems": POEMS, "fabry": FIXTURES / "fabry-disease.md", "french": FIXTURES / "guillain-barre-fr.md"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, tts_cache: Path) -> Path:
    folder = tmp_path_factory.mktemp("read-aloud")
    options = Options(out_dir=folder, formats=("audio", "read-aloud"), tts="offline", quiet=True, extra={"tts_cache": str(tts_cache)})
    result = build(list(SOURCES.values()), options)
    assert not result.failed, result.failed
    return folder


def book(out: Path, name: str) -> Path:
    slug = SOURCES[name].stem
    return out / slug / f"{slug}-read-aloud.epub"


@pytest.mark.parametrize("name", list(SOURCES))
def test_epubcheck_and_ace_find_nothing(out, name):
    for report in (epubcheck(book(out, name)), ace(book(out, name))):
        assert report.ok, report


@pytest.mark.parametrize("name", list(SOURCES))
def test_every_sentence_has_one_clip_in_order_within_the_audio_and_on_its_caption(out, name):
    summary = read(SOURCES[name])[0]
    english = summary.meta.language == "en"
    heard = "the first, middle and last clips heard (quick)" if english else "clips not heard (no recogniser for 'fr')"
    assert check_book(summary, book(out, name), quick=True) == [f"note: {heard}"]


def test_the_narration_is_the_mp3_itself(out):
    with zipfile.ZipFile(book(out, "poems")) as z:
        assert z.read("EPUB/audio/narration.mp3") == (out / "poems-syndrome" / "poems-syndrome.mp3").read_bytes()


def test_the_text_shown_is_the_text_of_the_captions_and_respellings_stay_with_the_voice(out):
    vtt = (out / "poems-syndrome" / "poems-syndrome.vtt").read_text("utf-8")
    captions = [block.split("\n", 2)[2].strip() for block in vtt.split("\n\n") if "-->" in block]
    with zipfile.ZipFile(book(out, "poems")) as z:
        pars = overlay_pars(z)
        shown = []
        for par in pars:
            root = ElementTree.fromstring(z.read(par.page))
            span = next(el for el in root.iter(f"{XHTML}span") if el.get("id") == par.id)
            shown.append("".join(span.itertext()))
        pages = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert shown == [c.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") for c in captions]
    assert "polly-new-ROP-a-thee" not in pages and "polly new rop a thee" not in pages.lower()


def test_package_metadata_has_durations_narrator_active_class_and_accessibility(out):
    with zipfile.ZipFile(book(out, "poems")) as z:
        opf = z.read("EPUB/content.opf").decode()
        css = z.read("EPUB/book.css").decode()
    durations = re.findall(r'<meta property="media:duration" refines="#(smil-[^"]+)">(\d+):(\d\d):(\d\d\.\d{3})</meta>', opf)
    total = re.search(r'<meta property="media:duration">(\d+):(\d\d):(\d\d\.\d{3})</meta>', opf)
    assert durations and total
    seconds = sum(int(h) * 3600 + int(m) * 60 + float(s) for _, h, m, s in durations)
    assert seconds == pytest.approx(int(total[1]) * 3600 + int(total[2]) * 60 + float(total[3]), abs=0.002)
    assert all(f'media-overlay="{smil}"' in opf for smil, *_ in durations)
    assert '<meta property="media:narrator">' in opf
    assert '<meta property="media:active-class">-epub-media-overlay-active</meta>' in opf
    assert ".-epub-media-overlay-active { outline: 0.15em solid; text-decoration: underline; }" in css  # not colour alone
    for value in ("auditory", "synchronizedAudioText"):
        assert f">{value}</meta>" in opf


def test_clips_cut_out_of_the_book_say_their_sentences(out, tmp_path):
    """Speech recognition of the longest clips of the book, cut at the overlay's times: Whisper
    (the modern recogniser, which writes real words) against the words shown."""
    from pipeline.writers.audio import script

    shown = [piece.text for chapter in script(read(POEMS)[0]) for piece in chapter.pieces]
    with zipfile.ZipFile(book(out, "poems")) as z:
        pars = overlay_pars(z)
        audio = tmp_path / "narration.mp3"
        audio.write_bytes(z.read("EPUB/audio/narration.mp3"))
    assert len(pars) == len(shown)
    assert speech.whisper_available(), "the recogniser ships in the test extras"
    longest = sorted(range(len(pars)), key=lambda i: pars[i].begin_ms - pars[i].end_ms)[:4]
    rates = []
    for i in longest:
        heard = speech.hear(speech.pcm16k(audio, pars[i].begin_ms / 1000, pars[i].end_ms / 1000))
        rates.append(speech.wer(shown[i], heard))
        assert rates[-1] <= 0.35, (shown[i], heard)
        # the clip is its own sentence's, not a neighbour's (those score near 1)
        assert speech.wer(shown[i - 1], heard) >= 0.8 and speech.wer(shown[(i + 1) % len(shown)], heard) >= 0.8
    assert sum(rates) / len(rates) <= 0.2, rates


def _tampered(path: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            out.writestr(info, change(info.filename, z.read(info)))
    return target


def _in(smil: str, old: bytes, new: bytes, regex: bool = False):
    """A change to one overlay of the book."""

    def change(name: str, data: bytes) -> bytes:
        if not name.endswith(smil):
            return data
        return re.sub(old, new, data, flags=re.S) if regex else data.replace(old, new)

    return change


FAULTS = {
    "a par pointing nowhere": (_in("intro.smil", b"#intro-002", b"#intro-999"), "point at no sentence"),
    "a sentence left unread": (_in("intro.smil", rb'<par id="par-intro-002">.*?</par>', b"", regex=True), "read by no <par>"),
    "clips out of order": (
        _in("intro.smil", rb'(<par id="par-intro-002">.*?clipBegin=")[\d.]+s"', rb'\g<1>0.100s"', regex=True),
        "before the previous one ends",
    ),
    "a clip past the end": (
        _in("closing.smil", rb'clipEnd="[\d.]+s"/></par>\n</seq>', b'clipEnd="9999.000s"/></par>\n</seq>', regex=True),
        "outside the",
    ),
}


@pytest.mark.parametrize("what", list(FAULTS))
def test_the_sync_check_names_each_fault(out, tmp_path, what):
    change, message = FAULTS[what]
    broken = _tampered(book(out, "poems"), tmp_path / "broken.epub", change)
    with zipfile.ZipFile(broken) as z:
        problems = sync_problems(z, overlay_pars(z))
    assert any(message in p for p in problems), (what, problems)


def test_calibre_opens_the_read_aloud_book(out, tmp_path):
    text = tmp_path / "book.txt"
    proc = subprocess.run(["ebook-convert", str(book(out, "poems")), str(text)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    words = " ".join(text.read_text("utf-8").split())
    assert "POEMS syndrome" in words and "always seek the guidance of your physician" in words


def test_rebuilding_makes_the_same_bytes_and_pages_link_the_book(out, tmp_path, tts_cache):
    again = tmp_path / "again"
    run = run_cli(
        "build", str(POEMS), "--formats", "audio,read-aloud,pages", "--tts", "offline", "--out", str(again),
        env={"PIPELINE_TTS_CACHE": str(tts_cache)},
    )  # fmt: skip
    assert run.code == 0, run.err
    assert (again / "poems-syndrome" / "poems-syndrome-read-aloud.epub").read_bytes() == book(out, "poems").read_bytes()
    page = (again / "poems-syndrome" / "index.html").read_text()
    size = round(book(out, "poems").stat().st_size / 1024 / 1024, 1)
    assert '<a href="poems-syndrome-read-aloud.epub" type="application/epub+zip">Read and listen' in page
    assert f"(EPUB, {size} MB)" in page
