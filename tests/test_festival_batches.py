"""The offline voices synthesise one file's pieces in parallel processes: same bytes, same order, as one process."""

from __future__ import annotations

import pytest

from pipeline.tts import offline
from pipeline.tts.offline import FestivalVoice, PiperVoice, _split

TEXTS = ["Hello.", "POEMS syndrome is rare.", "Your doctor will explain the tests you need.", "Goodbye."]


def test_split_keeps_every_piece_once_in_order_and_balances_characters() -> None:
    items = list(enumerate(["x" * n for n in (10, 20, 30, 40, 50)]))
    batches = _split(items, 2)
    assert [item for batch in batches for item in batch] == items
    sizes = [sum(len(text) for _, text in batch) for batch in batches]
    assert len(batches) == 2 and max(sizes) <= 90


def test_split_never_makes_empty_batches() -> None:
    assert _split([(0, "one")], 2) == [[(0, "one")]]
    assert _split([], 2) == []


@pytest.mark.slow
@pytest.mark.skipif(not FestivalVoice.available("en"), reason="Festival's HTS voice is not installed")
def test_two_festival_processes_give_the_same_bytes_in_the_same_order_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offline, "FESTIVAL_PROCESSES", 1)
    one = FestivalVoice("en").synthesise(TEXTS)
    monkeypatch.setattr(offline, "FESTIVAL_PROCESSES", 2)
    two = FestivalVoice("en").synthesise(TEXTS)
    assert len({len(clip) for clip in one}) == len(TEXTS)  # the texts differ in length, so order shows
    assert two == one


@pytest.mark.slow
@pytest.mark.skipif(not PiperVoice.available("en"), reason="piper-tts or its voice is not installed")
def test_piper_gives_the_same_bytes_in_the_same_order_whatever_the_number_of_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    clips = {}
    monkeypatch.setattr(offline, "PIPER_CHARACTERS_A_PROCESS", 1)  # however short the texts
    for processes in (1, 3):  # 3: more processes than this machine may have cores, and an uneven split
        monkeypatch.setattr(offline, "PIPER_PROCESSES", processes)
        clips[processes] = PiperVoice("en").synthesise(TEXTS)
    assert len({len(clip) for clip in clips[1]}) == len(TEXTS)
    assert clips[3] == clips[1]


def test_piper_starts_a_second_process_only_for_a_batch_long_enough_to_pay_its_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offline, "PIPER_PROCESSES", 2)
    stamp = ["Reviewed on 8 April 2026.", "Next review due April 2029."]  # a changed stamp: 52 characters
    assert offline.piper_processes(stamp) == 1
    assert offline.piper_processes(["A sentence of the summary, about sixty characters in all."] * 10) == 2
    assert offline.piper_processes(["A sentence."] * 1000) == 2  # never more than PIPER_PROCESSES
