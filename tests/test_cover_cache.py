"""The ebooks' cover picture is drawn once a title: kept in .cache/covers/, byte for byte a fresh
drawing, made again when the title, the font or the drawing changes, and healed when damaged."""

from __future__ import annotations

import pytest

from pipeline.cache import seal
from pipeline.writers import ebook
from pipeline.writers.ebook import cover_png

TITLE = "POEMS syndrome"


@pytest.fixture(scope="module")
def fresh() -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PIPELINE_COVER_CACHE", "off")
        return cover_png(TITLE)


def test_a_kept_cover_is_byte_for_byte_the_fresh_drawing_and_is_what_the_next_build_takes(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_COVER_CACHE", str(tmp_path))
    assert cover_png(TITLE) == fresh
    [kept] = tmp_path.glob("*.png")
    assert kept.read_bytes() == seal(fresh)
    kept.write_bytes(seal(b"\x89PNG planted"))  # proves the next call reads the entry instead of drawing
    assert cover_png(TITLE) == b"\x89PNG planted"


def test_another_title_or_drawing_is_another_entry(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_COVER_CACHE", str(tmp_path))
    cover_png(TITLE)
    cover_png("Fabry disease")
    monkeypatch.setattr(ebook, "COVER_VERSION", ebook.COVER_VERSION + 1)
    assert cover_png(TITLE) == fresh  # drawn again under a new name: the same picture until the drawing changes
    assert len(list(tmp_path.glob("*.png"))) == 3


def test_a_damaged_cover_is_said_deleted_and_drawn_again(fresh, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("PIPELINE_COVER_CACHE", str(tmp_path))
    cover_png(TITLE)
    [kept] = tmp_path.glob("*.png")
    kept.write_bytes(kept.read_bytes()[: len(kept.read_bytes()) // 2])
    assert cover_png(TITLE) == fresh
    assert "is damaged" in caplog.text and kept.name in caplog.text
    assert kept.read_bytes() == seal(fresh)
