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
