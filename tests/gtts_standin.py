"""A stand-in for Google Translate's TTS endpoint on 127.0.0.1, speaking gTTS's protocol.

gTTS POSTs `f.req=[[["jQ1olc","[\\"<text>\\",\\"<lang>\\",null,\\"null\\"]",null,"generic"]]]` to
/_/TranslateWebserverUi/data/batchexecute and looks for `jQ1olc","[\\"<base64 mp3>\\"]` in the answer.
The audio is real speech (flite, encoded to MP3 like Google's), so the pipeline's output can be checked.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@cache  # a piece asked again (a retry, a second build) is answered at once
def speech_mp3(text: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "a.wav"
        subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", str(wav)], check=True)
        cmd = ["ffmpeg", "-v", "error", "-i", str(wav), "-ar", "24000", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "-"]
        return subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout


class StandIn:
    """`answer(n, text)` decides each reply: 'ok', an HTTP status, 'noaudio', or ('slow', seconds)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (text, lang) in the order they arrived
        self.answer: Callable[[int, str], object] = lambda n, text: "ok"
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])[0][0]
                text, lang, _speed, _ = json.loads(rpc[1])
                standin.requests.append((text, lang))
                answer = standin.answer(len(standin.requests), text)
                if isinstance(answer, tuple):  # ('slow', seconds) then a good answer
                    time.sleep(answer[1])
                    answer = "ok"
                if isinstance(answer, int):
                    return self._send(answer, b"Too Many Requests" if answer == 429 else b"error")
                if answer == "noaudio":
                    return self._send(200, b')]}\'\n\n[["wrb.fr","jQ1olc",null,null,null,[3],"generic"]]\n')
                if answer == "empty":
                    return self._send(200, b"")
                line = json.dumps(
                    [["wrb.fr", "jQ1olc", json.dumps([base64.b64encode(speech_mp3(text)).decode()]), None, None, None, "generic"]],
                    separators=(",", ":"),
                )
                self._send(200, f")]}}'\n\n{len(line)}\n{line}\n".encode())

            def _send(self, code: int, data: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()  # shutdown waits a poll (0.5 s by default)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def refused_url() -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
