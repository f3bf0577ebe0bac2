"""The audio where patients are: the `<audio controls>` player with its captions track on the
large-print page and the download page, opened from file:// (a saved page on a phone) in
Chromium, driven by the keyboard, and checked by axe-core and the Nu HTML Checker."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from browser import axe_violations, open_page, vnu_errors
from conftest import POEMS
from test_html import programs

from pipeline import Options, build, read
from pipeline.model import Paragraph, block_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, tts_cache: Path) -> Path:
    """POEMS built with its audio and both pages; html is asked for first, and still made after the audio."""
    out = tmp_path_factory.mktemp("player")
    options = Options(out_dir=out, formats=("html", "audio", "pages"), tts="offline", quiet=True, extra={"tts_cache": str(tts_cache)})
    result = build([POEMS], options)
    assert not result.failed, result.failed
    return out / "poems-syndrome"


PAGES = ["poems-syndrome-large-print.html", "index.html"]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_a_native_player_with_the_vtt_as_its_captions_track_and_a_transcript_link(folder: Path, name: str):
    text = (folder / name).read_text("utf-8")
    assert '<audio id="listen_audio" controls preload="metadata" src="poems-syndrome.mp3"' in text
    (src,) = re.findall(r'<track kind="captions" srclang="en" label="English captions" src="([^"]+)" default>', text)
    prefix = "data:text/vtt;charset=utf-8;base64,"
    assert src.startswith(prefix)
    assert base64.b64decode(src[len(prefix) :]) == (folder / "poems-syndrome.vtt").read_bytes()  # the very captions of this audio
    assert '<a href="poems-syndrome.vtt" type="text/vtt">Read the words of the audio (transcript, WebVTT)</a>' in text
    assert '<a href="poems-syndrome.mp3">Download the audio (MP3)</a>' in text  # for a browser without <audio>
    assert programs(text) == 1 and "<script src" not in text  # the caption line's; the JSON-LD is data


@pytest.mark.parametrize("name", PAGES)
def test_saved_page_plays_from_file_and_shows_the_captions_as_it_speaks(browser, folder: Path, name: str):
    """From file:// as on a phone: the MP3 loads, the captions track parses (a file:// track would be refused),
    the keyboard reaches the player and starts it, and the caption line follows the audio."""
    cues = re.findall(r"^\d\d:\d\d:\d\d\.\d{3} --> .*\n(.+)$", (folder / "poems-syndrome.vtt").read_text("utf-8"), re.M)
    with open_page(browser, folder / name) as page:
        page.wait_for_function(
            "() => { const a = document.querySelector('audio'), t = a.textTracks[0]; return a.duration > 0 && t.cues && t.cues.length; }",
            timeout=20000,
        )
        count, duration = page.evaluate(
            "() => { const a = document.querySelector('audio'); return [a.textTracks[0].cues.length, a.duration]; }"
        )
        assert count == len(cues) and duration > 60
        # before it plays there is no caption, so no caption box (an empty grey box read as a fault)
        box = "() => { const c = document.getElementById('listen_caption'); return [c.hidden, c.offsetHeight]; }"
        assert page.evaluate(box) == [True, 0]
        for _ in range(40):  # Tab through the page until the player has the focus
            if page.evaluate("() => document.activeElement && document.activeElement.id") == "listen_audio":
                break
            page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "listen_audio", "the player cannot be reached with Tab"
        page.keyboard.press("Space")
        page.wait_for_function(
            "() => { const a = document.querySelector('audio'); return !a.paused && a.currentTime > 0.3; }", timeout=20000
        )
        page.wait_for_function("() => document.getElementById('listen_caption').textContent.length > 0", timeout=20000)
        shown = page.evaluate("() => document.getElementById('listen_caption').textContent")
        assert shown in cues[:3], shown  # "POEMS syndrome." or the review date: where the audio is
        assert page.evaluate("() => !document.getElementById('listen_caption').hidden")
        page.keyboard.press("Space")
        page.wait_for_function("() => document.querySelector('audio').paused", timeout=5000)
        assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_with_the_player_is_axe_clean(browser, folder: Path, name: str, scheme: str):
    with open_page(browser, folder / name, width=390, height=844, color_scheme=scheme) as page:
        assert axe_violations(page) == []


def test_pages_with_the_player_are_vnu_clean(folder: Path):
    assert vnu_errors([folder / name for name in PAGES]) == []


def test_without_audio_there_is_no_player_and_no_script(tmp_path: Path):
    build([POEMS], Options(out_dir=tmp_path, formats=("html", "pages"), quiet=True))
    for name in PAGES:
        text = (tmp_path / "poems-syndrome" / name).read_text("utf-8")
        assert "<audio" not in text and programs(text) == 0


def test_audio_plain_is_what_the_player_reads(tmp_path: Path, tts_cache: Path):
    """The player's captions are the audio's, so `audio: plain` shows the plain rewrites under the player."""
    source = tmp_path / "plain-poems.md"
    source.write_text(POEMS.read_text("utf-8").replace("---\n", "---\naudio: plain\n", 1), "utf-8")
    summary, _ = read(source)
    options = Options(out_dir=tmp_path / "out", formats=("audio", "html"), tts="offline", quiet=True, extra={"tts_cache": str(tts_cache)})
    assert not build([source], options).failed
    text = (tmp_path / "out" / "plain-poems" / "plain-poems-large-print.html").read_text("utf-8")
    (src,) = re.findall(r'<track kind="captions"[^>]* src="data:text/vtt;charset=utf-8;base64,([^"]+)"', text)
    captions = base64.b64decode(src).decode("utf-8")
    assert "text: plain" in captions
    first_plain = next(b for s in summary.sections if s.plain for b in s.plain if isinstance(b, Paragraph))
    sentence = re.split(r"(?<=[.!?])\s+", " ".join(block_text(first_plain).split()))[0]
    assert sentence in captions, sentence
