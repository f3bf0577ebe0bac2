"""Builds on Dask: a local cluster makes the same bytes as a serial build, a worker killed with
SIGKILL mid-task loses nothing, a bad source fails only its own tasks, and the shared caches
stay within their size limit."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD_BODY, GOOD_FRONT, POEMS, make_source, run_cli

from pipeline.cache import limit_from_env, prune

pytestmark = pytest.mark.slow
VENV_BIN = Path(sys.executable).parent


def catalogue(folder: Path, count: int) -> list[Path]:
    """`count` summaries made from POEMS with their own slugs and titles."""
    folder.mkdir(parents=True, exist_ok=True)
    text = POEMS.read_text("utf-8")
    paths = []
    for n in range(1, count + 1):
        path = folder / f"condition-{n:03d}.md"
        path.write_text(text.replace("title: POEMS syndrome", f"title: Condition {n} (POEMS syndrome)", 1), "utf-8")
        paths.append(path)
    return paths


def hashes(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".build" not in p.parts
    }


def test_a_local_cluster_builds_a_20_summary_catalogue_byte_identical_to_a_serial_build(tmp_path):
    sources = catalogue(tmp_path / "source", 20)
    formats = ["--formats", "html,pdf,epub,braille,pages"]
    serial = run_cli("build", *formats, "--out", str(tmp_path / "serial"), "--quiet", cwd=tmp_path, timeout=1200)
    assert serial.code == 0, serial.err
    cluster = run_cli("build", *formats, "--scheduler", "local", "--out", str(tmp_path / "cluster"), "--quiet", cwd=tmp_path, timeout=1200)
    assert cluster.code == 0, cluster.err
    made = hashes(tmp_path / "cluster")
    per_summary = [name for name in made if name.startswith("condition-")]
    assert len(per_summary) == 20 * 9  # 4 PDFs, EPUB, BRF, PEF, the download page and its FHIR record each
    assert {"index.html", "catalogue.css", "feed.xml", "fhir.json"} <= set(made)  # the catalogue and what is made with it
    assert made == hashes(tmp_path / "serial")
    assert len(sources) == 20


def test_a_bad_source_fails_its_own_tasks_only_with_its_line(tmp_path):
    good = catalogue(tmp_path / "source", 2)
    bad = tmp_path / "source" / "broken-one.md"
    bad.write_text(POEMS.read_text("utf-8").replace("reviewed: 2026-04-07", "reviewed: 2026-13-07"), "utf-8")
    run = run_cli("build", *map(str, [*good, bad]), "--formats", "html,epub", "--scheduler", "local", "--out", str(tmp_path / "out"))
    assert run.code == 2
    assert f"{bad}:3: error [front-matter]: 'reviewed' is not a valid date: '2026-13-07'" in run.err
    assert "Traceback" not in run.err
    for source in good:
        assert (tmp_path / "out" / source.stem / f"{source.stem}.epub").is_file()
    assert not (tmp_path / "out" / "broken-one").exists()


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    address = f"tcp://127.0.0.1:{port}"
    quick = {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}  # Dask's own setting, 30 s unless set
    started = time.monotonic()
    run = run_cli("build", str(POEMS), "--formats", "html", "--scheduler", address, "--out", str(tmp_path), env=quick, timeout=120)
    assert run.code == 2 and "cannot reach the Dask scheduler" in run.err and "Traceback" not in run.err
    assert time.monotonic() - started < 15  # the setting was heeded


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _running_audio(watcher) -> tuple[str, tuple[str, ...]] | None:
    """A worker's address and the audio task it is running, if one is."""
    for where, keys in watcher.processing().items():
        for key in keys:
            if key[0] == "audio":  # a task key is (format, place, source hash)
                return where, key
    return None


def test_a_worker_killed_mid_task_loses_nothing(tmp_path):
    """A scheduler and two workers on loopback; while one works on an audio task, SIGKILL it."""
    from distributed import Client

    port = _free_port()
    # Festival speaks in half Piper's time: this test is of the cluster, whatever voice a task runs
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "PIPELINE_TTS_CACHE": str(tmp_path / "tts"),
        "PIPELINE_OFFLINE_VOICE": "festival",
        "TMPDIR": str(tmp_path),  # the killed worker's scratch folders stay with the test, not in /tmp
    }
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    address = f"tcp://127.0.0.1:{port}"
    processes = [subprocess.Popen([VENV_BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet)]
    try:
        for _ in range(2):
            worker = [VENV_BIN / "dask", "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"]
            processes.append(subprocess.Popen(worker, **quiet))
        sources = [POEMS, FIXTURES / "guillain-barre-fr.md"]  # a long audio task and a short one
        with Client(address, timeout="30s") as watcher:
            watcher.wait_for_workers(2, timeout=60)
            build = subprocess.Popen(
                [sys.executable, "-m", "pipeline", "build", *map(str, sources), "--formats", "html,audio,pages", "--tts", "offline"]
                + ["--scheduler", address, "--out", str(tmp_path / "out"), "--quiet"],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            victim = None
            deadline = time.monotonic() + 120
            while victim is None and time.monotonic() < deadline:
                running = _running_audio(watcher)
                if running is not None:
                    time.sleep(1.5)  # well into the synthesis
                    where, key = running
                    if key in watcher.processing().get(where, ()):  # and still at it: killed mid-task
                        victim = watcher.run(os.getpid, workers=[where])[where]
                        os.kill(victim, signal.SIGKILL)
                time.sleep(0.2)
            assert victim is not None, "no audio task was seen running 1.5 s after it started"
            _, err = build.communicate(timeout=900)
        assert build.returncode == 0, err
        out = tmp_path / "out"
        assert not [p for p in out.rglob("*.part")], "a partial file was left behind"
        serial = run_cli(
            "build", *map(str, sources), "--formats", "html,audio,pages", "--tts", "offline", "--out", str(tmp_path / "serial"),
            env={"PIPELINE_TTS_CACHE": str(tmp_path / "tts"), "PIPELINE_OFFLINE_VOICE": "festival"}, timeout=900,
        )  # fmt: skip
        assert serial.code == 0, serial.err
        assert hashes(out) == hashes(tmp_path / "serial")
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=30)


def test_pruning_removes_the_least_recently_used_entries_and_dead_writers_temp_files(tmp_path):
    now = time.time()
    for n in range(10):
        entry = tmp_path / "tts" / "engine" / f"{n:02d}" / f"{n:064x}.wav"
        entry.parent.mkdir(parents=True)
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (now - 1000 + n, now - 1000 + n))  # entry 0 the least recently used
    stale = tmp_path / "tts" / "engine" / ".old.wav.123.part"
    stale.write_bytes(b"half")
    os.utime(stale, (now - 7200, now - 7200))
    live = tmp_path / "tts" / "engine" / ".new.wav.456.part"
    live.write_bytes(b"being written")
    result = prune(tmp_path / "tts", limit=6000)
    left = sorted(p.name[:2] for p in (tmp_path / "tts").rglob("*.wav"))
    assert result.kept_bytes <= 6000 * 0.9 and result.files == 5
    assert left == [f"{n:064x}"[:2] for n in range(5, 10)]
    assert not stale.exists() and live.exists()


def test_the_cache_limit_reads_sizes(monkeypatch):
    for text, size in (("500M", 500 * 1024**2), ("2G", 2 * 1024**3), ("0", 0), ("1.5G", int(1.5 * 1024**3))):
        monkeypatch.setenv("PIPELINE_CACHE_LIMIT", text)
        assert limit_from_env() == size
    monkeypatch.setenv("PIPELINE_CACHE_LIMIT", "lots")
    with pytest.raises(ValueError, match="500M or 2G"):
        limit_from_env()


def test_a_build_prunes_the_speech_cache_to_its_limit(tmp_path):
    cache = tmp_path / "tts"
    (cache / "old").mkdir(parents=True)
    (cache / "old" / "filler.wav").write_bytes(b"\0" * 3_000_000)
    os.utime(cache / "old" / "filler.wav", (1, 1))
    short = make_source(tmp_path, GOOD_FRONT + "\n" + GOOD_BODY)  # the subject is the pruning, not the voice
    run = run_cli(
        "build", str(short), "--formats", "audio", "--tts", "offline", "--out", str(tmp_path / "out"),
        env={"PIPELINE_TTS_CACHE": str(cache), "PIPELINE_CACHE_LIMIT": "2M"}, timeout=900,
    )  # fmt: skip
    assert run.code == 0, run.err
    assert not (cache / "old" / "filler.wav").exists()
    assert sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) <= 2 * 1024**2
