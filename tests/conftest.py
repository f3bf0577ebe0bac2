"""Shared fixtures: a project folder with sources written by the test, and the CLI run for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POEMS = ROOT / "source" / "poems-syndrome.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

GOOD_FRONT = """\
---
title: Test condition
reviewed: 2026-04-07
summary: A short answer about the test condition.
disclaimer: This is general information, not medical advice.
---
"""
GOOD_BODY = """\
## What it is

The test condition is a made-up illness used in tests.

::: plain
It is a made-up illness.
:::
"""


def copy_tracked(project: Path) -> Path:
    """The files git tracks, as a fresh clone has them (no .venv, node_modules or outputs)."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        if (ROOT / name).is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)
    return project


def make_source(folder: Path, text: str, name: str = "test-condition.md") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path):
    """Write a source file (front matter + body) into a temporary folder and return its path."""

    def _make(text: str = GOOD_FRONT + "\n" + GOOD_BODY, name: str = "test-condition.md") -> Path:
        return make_source(tmp_path, text, name)

    return _make


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder of this run that every pytest-xdist worker shares (each worker's own temporary
    folders are inside the run's; one process alone has the run's folder as its own)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / name
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def tts_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech cache for the whole run, for the tests whose subject is not the synthesis itself:
    a sentence Piper has spoken for one test is not spoken again for the next. Entries are written
    atomically and sealed (pipeline/tts/cache.py), so workers share it safely; the voices are
    deterministic, so a cached piece is the same bytes as a fresh one (tests/test_audio.py proves it).
    The tests of a voice itself, of the cache and of the cluster keep caches of their own."""
    return shared_folder(tmp_path_factory, "tts-cache")


@pytest.fixture(scope="session")
def chromium_session():
    """Headless Chromium, started once per session (per xdist worker) when a test first needs it."""
    from browser import SharedChromium

    shared = SharedChromium()
    yield shared
    shared.close()


@pytest.fixture
def browser(chromium_session):
    """The session's Chromium, a Playwright Browser: open a page with tests/browser.py's open_page."""
    with chromium_session.active() as shared:
        yield shared


# The test files that take longest, longest first (measured on two cores). test_cluster.py (its own
# speech caches) and test_make.py come before the other files that speak POEMS, so that these find
# it in the run's speech cache.
# Under pytest-xdist (`make test`: --dist loadfile --no-loadscope-reorder) a worker takes a whole
# file at a time in this order, so no worker is left with a long file at the end; the other
# files follow in their usual order. One process alone runs the files in their usual order.
LONGEST_FIRST = [
    "test_cluster.py",
    "test_make.py",
    "test_audio.py",
    "test_read_aloud.py",
    "test_languages.py",
    "test_install.py",
    "test_publisher.py",
    "test_epub.py",
    "test_translations.py",
    "test_fault_injection.py",
    "test_faults.py",
    "test_player.py",
    "test_html.py",
    "test_heard.py",
    "test_pdf.py",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file's tests keep their order


# The files that ask EPUBCheck and Ace in the test's own process, through the helpers kept running
# (pipeline/checks/batches.py). Each process starts its own helpers (Java and its schemas, Node and
# a browser: about 10 s of CPU); files split between two workers paid that twice, and the suite is
# CPU-bound. `make test` sends them to one worker as one unit, in the order above (test_batches,
# which stops and restarts the helpers, last).
ONE_WORKER_FOR_THE_VALIDATORS = {
    "test_read_aloud.py",
    "test_languages.py",
    "test_publisher.py",
    "test_epub.py",
    "test_translations.py",
    "test_batches.py",
}


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """--dist loadfile, but the files above are one unit of work (one worker takes them all)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LoadFileValidatorsTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "the validators' files" if Path(scope).name in ONE_WORKER_FOR_THE_VALIDATORS else scope

    return LoadFileValidatorsTogether(config, log)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 600) -> Run:
    """Run `python -m pipeline` as a user would, in a separate process."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)
