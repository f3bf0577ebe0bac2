"""Property-based: whatever bytes a source holds, the reader gives a model or clear problems, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import GOOD_BODY, GOOD_FRONT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import load
from pipeline.errors import Problem

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOKENS = [
    *"#*_[]()!:-`>|<&{}%\n\t ax1é\u202e\u200b",
    "## ",
    "::: plain\n",
    ":::\n",
    "---\n",
    "](",
    "javascript:",
    "![a](b.png)",
    "<b>",
    "1. ",
    "- ",
]
markdownish = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


def _load(data: bytes) -> tuple[object, list[Problem]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.md"
        path.write_bytes(data)
        return load(path)


def _well_formed(summary: object, problems: list[Problem]) -> None:
    assert all(isinstance(p, Problem) and p.severity in ("error", "warning") and p.message for p in problems)
    assert all(p.line is None or p.line >= 1 for p in problems)
    errors = [p for p in problems if p.severity == "error"]
    assert (summary is None) == bool(errors)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_a_model_or_clear_problems(data: bytes):
    _well_formed(*_load(data))


@SETTINGS
@given(markdownish)
def test_any_markdown_body_gives_a_model_or_clear_problems(body: str):
    _well_formed(*_load((GOOD_FRONT + body).encode()))


@SETTINGS
@given(st.text(max_size=200), st.text(max_size=80))
def test_any_front_matter_value_gives_a_model_or_clear_problems(value: str, key: str):
    front = GOOD_FRONT.replace("title: Test condition", f"title: {value}").replace("summary:", f"{key}: x\nsummary:")
    _well_formed(*_load((front + GOOD_BODY).encode()))
