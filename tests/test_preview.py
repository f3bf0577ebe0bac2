"""`pipeline preview`: serves output/ on 127.0.0.1 and rebuilds when the source is saved."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, ROOT

pytestmark = pytest.mark.slow  # a real server and file watcher, waited on for seconds


def _wait_for(condition, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.3)
    return bool(condition())


def test_preview_serves_the_outputs_on_loopback_rebuilds_on_save_and_not_on_its_own_writes(tmp_path):
    source = tmp_path / "test-condition.md"
    source.write_text(GOOD_FRONT + GOOD_BODY)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "preview", str(source), "--out", str(tmp_path / "out"), "--port", "0", "--formats", "html"]
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(iter(proc.stderr.readline, "")), daemon=True).start()  # type: ignore[union-attr]
    try:
        assert _wait_for(lambda: any("serving" in line for line in said)), said
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(said))
        assert found, said
        url = f"{found[0]}test-condition/test-condition-large-print.html"
        assert "It is a made-up illness." in urllib.request.urlopen(url, timeout=10).read().decode()

        time.sleep(0.5)  # let the watcher settle before the editor saves
        source.write_text((GOOD_FRONT + GOOD_BODY).replace("It is a made-up illness.", "It is an invented illness."))
        assert _wait_for(lambda: "It is an invented illness." in urllib.request.urlopen(url, timeout=10).read().decode())
        time.sleep(4)  # the outputs that rebuild wrote must not set off another one
        assert sum("changed:" in line for line in said) == 1, said
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_preview_without_named_sources_builds_a_summary_added_while_it_runs(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "test-condition.md").write_text(GOOD_FRONT + GOOD_BODY)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "preview", "--port", "0", "--formats", "html,pages"]
    proc = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(iter(proc.stderr.readline, "")), daemon=True).start()  # type: ignore[union-attr]
    try:
        assert _wait_for(lambda: any("serving" in line for line in said)), said
        time.sleep(0.5)
        (tmp_path / "source" / "second-condition.md").write_text((GOOD_FRONT + GOOD_BODY).replace("Test condition", "Second condition"))
        added = tmp_path / "output" / "second-condition" / "second-condition-large-print.html"
        assert _wait_for(lambda: added.is_file()), said
        assert _wait_for(lambda: "second-condition/index.html" in (tmp_path / "output" / "index.html").read_text("utf-8")), said
    finally:
        proc.terminate()
        proc.wait(timeout=30)
