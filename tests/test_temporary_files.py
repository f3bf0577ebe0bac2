"""A build leaves nothing in the temporary folder: WeasyPrint's copies of the fonts go at exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POEMS = ROOT / "source" / "poems-syndrome.md"


def build(tmp_path: Path, *args: str) -> list[str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    command = [sys.executable, "-m", "pipeline", "build", *args, "--force", "--out", str(tmp_path / "out"), "-q"]
    subprocess.run(command, env=env, check=True, cwd=ROOT, capture_output=True)
    return sorted(p.name for p in scratch.iterdir())


def test_a_pdf_build_leaves_no_font_folder_behind(tmp_path: Path) -> None:
    assert build(tmp_path, str(POEMS), "--formats", "pdf,easy-read,booklet") == []


@pytest.mark.slow
def test_a_pool_of_workers_leaves_no_font_folder_behind(tmp_path: Path) -> None:
    sources = tmp_path / "source"
    sources.mkdir()
    for n in (1, 2):  # two summaries, so each of the two workers lays out a leaflet
        (sources / f"poems-{n}.md").write_text(POEMS.read_text(encoding="utf-8"), encoding="utf-8")
    assert build(tmp_path, *map(str, sorted(sources.iterdir())), "--formats", "pdf", "--jobs", "2") == []
