"""Builds are atomic, reproducible, and refuse bad input without writing anything."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, POEMS, run_cli

from pipeline import read
from pipeline.errors import OutputError
from pipeline.output import atomic_path, build_time, write_atomic


def test_atomic_write_replaces_the_file_whole(tmp_path: Path):
    target = tmp_path / "out" / "leaflet.pdf"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["leaflet.pdf"]


def test_a_failure_while_writing_leaves_the_earlier_output_intact_and_no_temp_file(tmp_path: Path):
    target = tmp_path / "leaflet.pdf"
    target.write_bytes(b"good old version")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half a new ver")
        raise RuntimeError("renderer crashed")
    assert target.read_bytes() == b"good old version"
    assert [p.name for p in tmp_path.iterdir()] == ["leaflet.pdf"]


def test_an_unwritable_output_folder_is_a_clear_output_error(tmp_path: Path):
    blocker = tmp_path / "output"
    blocker.write_text("a file where the output folder should be")  # fails even for root
    with pytest.raises(OutputError, match="cannot write .*output/poems/x.pdf"):
        write_atomic(blocker / "poems" / "x.pdf", b"x")


def test_a_bad_source_writes_nothing_and_leaves_earlier_outputs_untouched(tmp_path: Path):
    good = tmp_path / "test-condition.md"
    good.write_text(GOOD_FRONT + GOOD_BODY)
    out = tmp_path / "out"
    earlier = out / "test-condition" / "test-condition-large-print.html"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("earlier good output")
    good.write_text(GOOD_FRONT.replace("2026-04-07", "2026-04-31") + GOOD_BODY)
    result = run_cli("build", str(good), "--out", str(out))
    assert result.code == 2
    assert "'reviewed' is not a valid date: '2026-04-31'" in result.err
    assert earlier.read_text() == "earlier good output"
    assert sorted(p.name for p in out.rglob("*")) == ["test-condition", "test-condition-large-print.html"]


def test_build_time_is_source_date_epoch_else_the_review_date(monkeypatch):
    summary, _ = read(POEMS)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_time(summary) == datetime(2026, 4, 7, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_time(summary) == datetime.fromtimestamp(1700000000, tz=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(OutputError, match="SOURCE_DATE_EPOCH"):
        build_time(summary)


def test_help_explains_the_commands_and_exit_codes():
    result = run_cli("--help")
    assert result.code == 0
    assert "build" in result.out and "lint" in result.out and "exit status: 0 success, 1 a check failed, 2 bad input" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--formats", "docx", str(POEMS)], "unknown format docx"),
        (["build", "--jobs", "0", str(POEMS)], "--jobs must be 1 or more"),
        (["frobnicate"], "invalid choice"),
        (["lint", "source/missing.md"], "cannot read the file"),
    ],
)
def test_usage_mistakes_exit_2_without_a_traceback(args, message):
    result = run_cli(*args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err


def test_temporary_files_left_by_a_killed_build_are_swept_but_a_live_writers_are_not(tmp_path: Path):
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    target = tmp_path / "leaflet.pdf"
    orphan = tmp_path / f".leaflet.pdf.{dead.pid}.abc123.part"
    live = tmp_path / f".leaflet.pdf.{os.getpid()}.def456.part"
    orphan.write_bytes(b"half")
    live.write_bytes(b"being written")
    write_atomic(target, b"new")
    assert not orphan.exists() and live.exists() and target.read_bytes() == b"new"
