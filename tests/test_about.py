"""'About this leaflet' in every output of POEMS given its trust fields, read back from each file as
a reader meets it: the PDF's text, the EPUB's colophon, the two pages, the braille translated
back, and the captions of the audio (#29)."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from conftest import run_cli
from test_trust import poems_with_trust

from pipeline import read
from pipeline.braille.layout import from_brf
from pipeline.checks.braille import read_back

pytestmark = pytest.mark.slow

SAID = ("Dr Ann Example", "Dr Ben Example", "Consultant neurologist", "leaflets@example.org")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, tts_cache: Path) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("about")
    (folder / "source").mkdir()
    source = poems_with_trust(folder / "source")
    out = folder / "out"
    result = run_cli("build", str(source), "--out", str(out), "--tts", "offline", env={"PIPELINE_TTS_CACHE": str(tts_cache)}, timeout=900)
    assert result.code == 0, result.err
    return source, out / "poems-syndrome"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_printed_leaflet_and_booklet_says_who_wrote_and_reviewed_it(built):
    import subprocess

    _, folder = built
    for name in ("poems-syndrome-a4.pdf", "poems-syndrome-large-print.pdf", "poems-syndrome-a5.pdf"):
        text = " ".join(subprocess.run(["pdftotext", str(folder / name), "-"], capture_output=True, text=True, check=True).stdout.split())
        assert "About this leaflet" in text, name
        for words in (*SAID, "Version: 2", "What it is based on"):
            assert words in text, (name, words)


def test_both_ebooks_carry_it_in_their_colophon(built):
    _, folder = built
    for name in ("poems-syndrome.epub", "poems-syndrome-read-aloud.epub"):
        with zipfile.ZipFile(folder / name) as book:
            markup = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
        assert "About this leaflet" in _text(markup) and all(words in _text(markup) for words in SAID), name
        assert 'href="https://doi.org/10.1002/ajh.26737"' in markup, name


def test_the_large_print_page_and_the_download_page_show_it_with_links(built):
    _, folder = built
    for name in ("poems-syndrome-large-print.html", "index.html"):
        html = (folder / name).read_text("utf-8")
        assert all(words in _text(html) for words in SAID), name
        assert 'href="mailto:leaflets@example.org"' in html and 'href="https://doi.org/10.1002/ajh.26737"' in html, name


def test_the_braille_carries_it_and_reads_back(built):
    source, folder = built
    said = " ".join(read_back(read(source)[0], from_brf((folder / "poems-syndrome.brf").read_bytes())).split()).casefold()
    for words in ("about this leaflet", "ann example", "ben example", "consultant neurologist"):
        assert words in said, words


def test_the_audio_says_a_short_form_in_a_chapter_of_its_own(built):
    _, folder = built
    vtt = (folder / "poems-syndrome.vtt").read_text("utf-8")
    for line in ("About this leaflet\n", "It was written by Dr Ann Example, consultant haematologist.",
                 "It was medically reviewed by Dr Ben Example, Consultant neurologist.", "This is version 2."):  # fmt: skip
        assert line in vtt, line
    from mutagen.id3 import ID3

    chapters = [str(frame.sub_frames["TIT2"]) for frame in ID3(folder / "poems-syndrome.mp3").getall("CHAP")]
    assert chapters[-2:] == ["About this leaflet", "Medical disclaimer"]
