"""The reader reads; lint runs the editorial checks. A build shows lint's warnings, made once a
source and day and kept (make starts a process a format), and --strict runs them outright."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import GOOD_FRONT, run_cli

from pipeline import examine, lint, read
from pipeline.building import sources
from pipeline.editorial import lint as editorial

PLANTED = (
    GOOD_FRONT
    + "\n## What it is\n\nAbout 1 in 4 people with the test condition never have symptoms.\n\n"
    + "::: plain\nAbout 1 in 10 people with it have no signs.\n:::\n"
)


@pytest.fixture
def planted(source):
    return source(PLANTED)


def test_reading_a_source_runs_no_editorial_check_and_lint_runs_them(planted, monkeypatch):
    calls = []
    monkeypatch.setattr(editorial, "content_warnings", lambda *a: calls.append(a) or [])
    read(planted)
    assert calls == []
    monkeypatch.undo()
    assert not [p for p in read(planted)[1] if p.category == "plain-facts"]
    assert [p.category for p in lint(planted)[1]] == ["plain-facts"]
    assert [p.category for p in examine(planted)[1]] == ["plain-facts"]


def test_a_build_shows_lints_warnings_made_once_for_a_source_and_a_day(planted, monkeypatch, tmp_path):
    monkeypatch.setattr(sources, "cache_dir", lambda name: tmp_path / "cache" / name)
    line = lint(planted)[1][0].line
    made = []
    real = editorial.content_warnings
    monkeypatch.setattr(editorial, "content_warnings", lambda *a: made.append(a) or real(*a))
    for _ in range(3):
        _, warnings = sources.read_for_build(planted, today=date(2026, 11, 25))
        assert [(p.category, p.line) for p in warnings] == [("plain-facts", line)]
    assert len(made) == 1
    sources.read_for_build(planted, today=date(2026, 11, 26))  # a new day: the review may be overdue now
    planted.write_text(PLANTED.replace("1 in 10", "1 in 4"))  # a new version of the source
    assert sources.read_for_build(planted, today=date(2026, 11, 26))[1] == []
    assert len(made) == 3


def test_a_strict_build_stops_at_a_fact_guard_warning_and_writes_nothing(planted):
    out = planted.parent / "out"
    result = run_cli("build", str(planted), "--formats", "html", "--out", str(out), "--strict")
    assert result.code == 2 and "[plain-facts]" in result.err
    assert not out.exists()
    lenient = run_cli("build", str(planted), "--formats", "html", "--out", str(out))
    assert lenient.code == 0 and "[plain-facts]" in lenient.err  # shown, not fatal
