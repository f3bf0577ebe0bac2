"""The large-print page's WOFF2 font cache: a cached font is byte for byte a fresh encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontpkg_atkinson_hyperlegible import ROOT

from pipeline.cache import seal
from pipeline.writers.html import woff2

FONT = ROOT / "files" / "AtkinsonHyperlegible-Regular.ttf"


@pytest.fixture(scope="module")
def fresh() -> bytes:
    """The font encoded without a cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PIPELINE_FONT_CACHE", "off")
        return woff2(FONT)


def test_fresh_encoding_is_woff2(fresh: bytes) -> None:
    assert fresh.startswith(b"wOF2")
    assert len(fresh) < FONT.stat().st_size / 2


def test_second_call_reads_the_cache_and_gives_the_same_bytes(fresh: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_FONT_CACHE", str(tmp_path))
    assert woff2(FONT) == fresh
    [cached] = tmp_path.glob("*.woff2")
    assert cached.read_bytes() == seal(fresh)
    cached.write_bytes(seal(b"wOF2 planted"))  # proves the second call reads the file instead of encoding again
    assert woff2(FONT) == b"wOF2 planted"


@pytest.mark.parametrize("damage", ["cut short", "overwritten", "unsealed"])
def test_a_damaged_entry_is_said_deleted_and_encoded_again(damage, fresh, tmp_path, monkeypatch, caplog) -> None:
    monkeypatch.setenv("PIPELINE_FONT_CACHE", str(tmp_path))
    woff2(FONT)
    [cached] = tmp_path.glob("*.woff2")
    sealed = cached.read_bytes()
    damaged = {"cut short": sealed[: len(sealed) // 2], "overwritten": sealed[:-9] + b"wOF2 junk", "unsealed": fresh}[damage]
    cached.write_bytes(damaged)
    assert woff2(FONT) == fresh
    assert f"cache entry {cached} is damaged" in caplog.text
    assert cached.read_bytes() == sealed  # made again, whole


def test_an_unwritable_cache_only_costs_time(fresh: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PIPELINE_FONT_CACHE", str(blocker / "cache"))
    assert woff2(FONT) == fresh


def test_cache_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPELINE_FONT_CACHE", "off")
    woff2(FONT)
    assert not any(tmp_path.rglob("*"))
