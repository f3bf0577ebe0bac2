"""Whatever an output would refuse, the reader refuses first, naming the reason: no input ends in
"internal error", a hang or unbounded memory, and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, make_source, run_cli

from pipeline.reading.reader import load

CASES = {
    "front matter nested 300 deep": (GOOD_FRONT.replace("---\n", "---\nx: " + "[" * 300 + "]" * 300 + "\n", 1), "nested over 8 levels"),
    "emphasis nested 1,000 deep": (GOOD_FRONT + "\n## A\n\n" + "*a " * 1000 + "x" + " a*" * 1000 + "\n", "nested over 16 deep"),
    "links nested in emphasis 40 deep": (GOOD_FRONT + "\n## A\n\n" + "**a *b " * 20 + "x" + " b* a**" * 20 + "\n", "nested over 16 deep"),
    "a review date in 2108": (GOOD_FRONT.replace("2026-04-07", "2108-01-01"), "'reviewed' 2108-01-01 is not a year of review"),
    "a review date in 9999": (GOOD_FRONT.replace("2026-04-07", "9999-12-31"), "'reviewed' 9999-12-31 is not a year of review"),
    "a review date in 1970": (GOOD_FRONT.replace("2026-04-07", "1970-01-01"), "'reviewed' 1970-01-01 is not a year of review"),
    "Unicode tag characters hiding a text": (GOOD_FRONT + "\n## A\n\nTake one\U000e0074\U000e0065\U000e006e tablet.\n", "U+E0074"),
    "a private-use character": (GOOD_FRONT + "\n## A\n\nA logo \ue001 here.\n", "U+E001"),
    "a noncharacter": (GOOD_FRONT + "\n## A\n\nText \ufdd0 here.\n", "U+FDD0"),
    "an invisible math operator": (GOOD_FRONT + "\n## A\n\nf\u2061x here.\n", "U+2061"),
    "a language without a braille table": (GOOD_FRONT.replace("title:", "language: eu\ntitle:"), "no braille table for the language 'eu'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_reader_refuses_with_the_reason_and_a_line(case: str, tmp_path: Path) -> None:
    text, reason = CASES[case]
    path = make_source(tmp_path, text if "## " in text else text + "\n" + GOOD_BODY)
    summary, problems = load(path)
    errors = [p for p in problems if p.severity == "error"]
    assert summary is None and errors, problems
    assert any(reason in p.message for p in errors), [p.message for p in errors]
    assert all(p.line for p in errors)


def test_zero_width_joiners_and_bidi_marks_are_removed_with_a_warning_naming_the_line(tmp_path: Path) -> None:
    path = make_source(tmp_path, GOOD_FRONT + "\n## A\n\nOne\u200d two\u200e three\u200c four\u061c.\n")
    summary, problems = load(path)
    assert summary is not None
    text = summary.sections[0].blocks[0].inlines[0].text  # type: ignore[union-attr]
    assert text == "One two three four."
    assert [p.line for p in problems if "zero-width" in p.message] == [10]


def _refused(args: list[str], where: Path, reason: str) -> None:
    run = run_cli("build", *args, "--out", str(where / "out"), "--formats", "html,epub,braille", timeout=60)
    assert run.code == 2, run.err
    assert reason in run.err and "internal error" not in run.err and "Traceback" not in run.err
    assert not (where / "out").exists() or not any((where / "out").rglob("*.*"))


def test_a_source_that_is_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "endless.md").symlink_to("/dev/zero")
    _refused([str(tmp_path / "endless.md")], tmp_path, "not a regular file")


def test_a_source_that_is_a_fifo_is_refused_instead_of_waiting_for_ever(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "waiting.md")
    _refused([str(tmp_path / "waiting.md")], tmp_path, "not a regular file")


def test_a_far_future_date_is_refused_before_any_format_is_written(tmp_path: Path) -> None:
    source = make_source(tmp_path, GOOD_FRONT.replace("2026-04-07", "2108-01-01") + "\n" + GOOD_BODY)
    _refused([str(source)], tmp_path, "is not a year of review")
