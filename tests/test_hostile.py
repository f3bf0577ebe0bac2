"""Hostile sources: each is refused with a clear error (nothing written, for every format) or
rendered harmless in every format; the tests say which."""

from __future__ import annotations

import http.server
import re
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, run_cli
from mutagen.id3 import ID3

FORMATS = "html,pdf,epub,pages"


@pytest.fixture(scope="module")
def local_server():
    """A server on 127.0.0.1 that records every request (none must ever arrive)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"\x89PNG\r\n\x1a\n")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()  # shutdown waits a poll (0.5 s by default)
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


REFUSED = {
    "script element": ("\n<script>alert(1)</script>\n", "raw HTML is not allowed"),
    "event handler attribute": ("\nSee <img src=x onerror=alert(1)> here.\n", "raw HTML is not allowed: <img src=x onerror=alert(1)>"),
    "javascript link": ("\n[click](javascript:alert(document.cookie))\n", "link 'javascript:alert(document.cookie)' is not allowed"),
    "data link": ("\n[x](data:text/html;base64,PHNjcmlwdD4=)\n", "link 'data:text/html;base64,PHNjcmlwdD4=' is not allowed"),
    "file link": ("\n[x](file:///etc/passwd)\n", "link 'file:///etc/passwd' is not allowed"),
    "image at /etc/passwd": ("\n![secrets](file:///etc/passwd)\n", "image 'file:///etc/passwd' is not a file beside the source"),
    "absolute image path": ("\n![secrets](/etc/passwd)\n", "image '/etc/passwd' is not a file beside the source"),
    "image climbing out": ("\n![secrets](../../etc/passwd.png)\n", "image '../../etc/passwd.png' is outside the source folder"),
    "image without alt": ("\n![](chart.png)\n", "image 'chart.png' has no alt text"),
    "direction override in the title": (None, "invisible control character U+202E"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_hostile_source_is_refused_with_file_and_line_and_nothing_is_written_in_any_format(tmp_path, case):
    addition, message = REFUSED[case]
    text = (
        GOOD_FRONT.replace("Test condition", "Test \u202econdition") + GOOD_BODY if addition is None else GOOD_FRONT + GOOD_BODY + addition
    )
    source = tmp_path / "hostile.md"
    source.write_text(text)
    (tmp_path / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    result = run_cli("build", str(source), "--formats", FORMATS, "--out", str(tmp_path / "out"))
    assert result.code == 2, result.err
    assert message in result.err and f"{source}:" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def _bomb(path: Path) -> None:
    from PIL import Image

    Image.new("1", (20000, 20000)).save(path)  # 400 million pixels in 48 kB


def _truncated(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 200), "white").save(path)
    path.write_bytes(path.read_bytes()[:120])


@pytest.mark.parametrize(
    ("make", "message"),
    [(_bomb, "image 'chart.png' is over 50 million pixels"), (_truncated, "image 'chart.png' cannot be read")],
    ids=["decompression bomb", "truncated png"],
)
def test_an_image_that_cannot_be_decoded_or_is_a_bomb_is_refused_at_its_line_before_any_format(tmp_path, make, message):
    make(tmp_path / "chart.png")
    source = tmp_path / "hostile.md"
    source.write_text(GOOD_FRONT + GOOD_BODY + "\n![A chart](chart.png)\n")
    result = run_cli("build", str(source), "--formats", FORMATS, "--out", str(tmp_path / "out"))
    assert result.code == 2 and f"{source}:15:12:" in result.err and message in result.err, result.err
    assert "Traceback" not in result.err and not (tmp_path / "out").exists()


def test_an_image_on_a_local_server_is_refused_and_never_fetched(tmp_path, local_server):
    url, hits = local_server
    source = tmp_path / "hostile.md"
    source.write_text(GOOD_FRONT + GOOD_BODY + f"\n![chart]({url}/chart.png)\n\n[more]({url}/page)\n")
    result = run_cli("build", str(source), "--formats", FORMATS, "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert f"image '{url}/chart.png' is not a file beside the source" in result.err
    assert f"link '{url}/page' is not allowed" in result.err
    assert hits == []


def test_a_slug_that_climbs_out_is_refused(tmp_path):
    source = tmp_path / "..evil.md"
    source.write_text(GOOD_FRONT + GOOD_BODY)
    result = run_cli("build", str(source), "--formats", "html", "--out", str(tmp_path / "out"))
    assert result.code == 2 and "is not a valid slug" in result.err


def test_a_5_mb_source_is_refused_quickly_with_its_size(tmp_path):
    source = tmp_path / "huge.md"
    source.write_text(GOOD_FRONT + GOOD_BODY + ("A sentence about the condition. " * 160_000))
    result = run_cli("build", str(source), "--formats", FORMATS, "--out", str(tmp_path / "out"))
    assert result.code == 2 and "the file is 5.1 MB; the limit is 1024 kB" in result.err


@pytest.fixture(scope="module")
def harmless(tmp_path_factory):
    """A source with template syntax and zero-width characters, built in every format."""
    folder = tmp_path_factory.mktemp("harmless")
    source = folder / "jinja-test.md"
    source.write_text(
        GOOD_FRONT.replace("title: Test condition", "title: '{{ 7*7 }} Te\u200bst {% if x %}'")
        + GOOD_BODY
        + "\n## More {{ 7*7 }}\n\nAsk about {{ config.items() }} and {% include '/etc/passwd' %} and ${7*7}.\n"
    )
    result = run_cli("build", str(source), "--formats", FORMATS + ",audio", "--tts", "offline", "--out", str(folder / "out"))
    assert result.code == 0, result.err
    return folder / "out" / "jinja-test"


def _texts(folder: Path) -> dict[str, str]:
    texts = {p.name: p.read_text() for p in folder.glob("*.html")}
    for pdf in folder.glob("*.pdf"):
        texts[pdf.name] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    with zipfile.ZipFile(folder / "jinja-test.epub") as book:
        texts["epub"] = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith((".xhtml", ".opf")))
    texts["vtt"] = (folder / "jinja-test.vtt").read_text()
    texts["mp3 tags"] = " ".join(str(frame) for frame in ID3(folder / "jinja-test.mp3").values())
    return texts


@pytest.mark.slow
def test_template_syntax_is_printed_literally_in_every_format_never_evaluated(harmless):
    texts = _texts(harmless)
    assert len(texts) >= 8
    for name, text in texts.items():
        flat = " ".join(text.split())
        assert "{{ 7*7 }} Test {% if x %}" in flat, name  # the title, on every output
        if name != "index.html":  # the download page shows no section text
            assert "{% include &#39;/etc/passwd&#39; %}" in flat or "{% include '/etc/passwd' %}" in flat, name
        assert "root:x:0:0" not in flat, name
        assert not re.search(r"\b49 Test\b", flat), name


@pytest.mark.slow
def test_zero_width_characters_are_removed_from_every_format(harmless):
    for name, text in _texts(harmless).items():
        assert "\u200b" not in text, name
        assert "Test" in text, name
