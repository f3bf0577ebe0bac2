"""A speech clip damaged in the cache (cut short, overwritten) is said, made again, and the MP3 is whole;
speech already encoded is not encoded again, and a damaged encode is made again."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, make_source

from pipeline.building.loop import build
from pipeline.cache import SEAL, read_entry, seal, unseal, write_entry
from pipeline.options import Options
from pipeline.writers import audio


def test_a_sealed_entry_gives_back_exactly_its_bytes(tmp_path: Path) -> None:
    entry = tmp_path / "ab" / "entry.wav"
    write_entry(entry, b"RIFF and some samples")
    assert entry.read_bytes().startswith(SEAL)
    assert read_entry(entry) == b"RIFF and some samples"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda b: b[:-1], "bytes where"),
        (lambda b: b[: len(SEAL) + 3], "cut short"),
        (lambda b: b[:-1] + bytes([b[-1] ^ 1]), "SHA-256 differs"),
        (lambda b: b"RIFF" + b[4:], "no cache header"),
        (lambda b: b"", "no cache header"),
    ],
)
def test_a_damaged_entry_is_refused_deleted_and_named(damage, reason, tmp_path: Path, caplog) -> None:
    entry = tmp_path / "entry.wav"
    entry.write_bytes(damage(seal(b"RIFF and some samples")))
    with caplog.at_level(logging.WARNING):
        assert read_entry(entry) is None
    assert not entry.exists()
    assert f"cache entry {entry} is damaged" in caplog.text and reason in caplog.text


def test_unseal_refuses_a_header_that_lies_about_the_length() -> None:
    data, why = unseal(SEAL + b"3 " + b"0" * 64 + b"\nabcd")
    assert data is None and "4 bytes where 3" in why


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> tuple[Path, Path, bytes, bytes]:
    folder = tmp_path_factory.mktemp("speech-cache")
    source = make_source(folder, GOOD_FRONT + "\n" + GOOD_BODY)
    cache = folder / "cache"
    out = folder / "out"
    audio._narrations.clear()
    build([source], Options(out_dir=out, tts="offline", quiet=True, formats=("audio",), extra={"tts_cache": str(cache)}))
    slug = source.stem
    return source, cache, (out / slug / f"{slug}.mp3").read_bytes(), (out / slug / f"{slug}.vtt").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["cut short", "random bytes"])
def test_a_damaged_speech_clip_is_made_again_and_the_mp3_is_whole(first, damage, tmp_path: Path, caplog) -> None:
    source, cache, mp3, vtt = first
    clips = sorted(p for p in cache.rglob("*.wav") if p.is_file())  # the speech pieces (the encoded MP3s are kept beside them)
    assert clips
    clip = max(clips, key=lambda p: p.stat().st_size)  # the longest sentence: most to lose
    whole = clip.read_bytes()
    clip.write_bytes(whole[: len(whole) * 2 // 3] if damage == "cut short" else bytes(range(256)) * 64)
    audio._narrations.clear()
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING):
        result = build([source], Options(out_dir=out, tts="offline", quiet=True, formats=("audio",), extra={"tts_cache": str(cache)}))
    assert [o.status for o in result.outcomes] == ["built"], [o.error for o in result.outcomes]
    assert f"cache entry {clip} is damaged" in caplog.text
    assert (out / source.stem / f"{source.stem}.mp3").read_bytes() == mp3
    assert (out / source.stem / f"{source.stem}.vtt").read_bytes() == vtt
    assert clip.read_bytes() == whole  # the cache is healed


def test_a_sentence_said_twice_in_a_summary_is_synthesised_once_and_heard_twice(tmp_path: Path) -> None:
    from pipeline.tts import render
    from pipeline.tts.cache import PieceCache
    from pipeline.tts.offline import offline_voice

    voice = offline_voice("en")
    given: list[str] = []
    synthesise = voice.synthesise

    def spied(texts: list[str]) -> list[bytes]:  # the real voice, its input recorded
        given.extend(texts)
        return synthesise(texts)

    voice.synthesise = spied  # type: ignore[method-assign]
    clips = render(voice, ["Ask your nurse.", "Rest when you can.", "Ask your nurse."], PieceCache(tmp_path / "tts"))
    assert len(given) == 2 and len(set(given)) == 2
    assert clips[0] == clips[2] and len(clips[0]) > 1000 and clips[1] != clips[0]


@pytest.mark.slow
def test_speech_already_encoded_is_not_encoded_again_and_a_damaged_encode_is_made_again(first, tmp_path, monkeypatch, caplog) -> None:
    source, cache, mp3, vtt = first
    (kept,) = (cache / "encoded").glob("*.mp3")  # the first build's encode, under the hash of its speech
    options = Options(out_dir=tmp_path / "out", tts="offline", quiet=True, formats=("audio",), extra={"tts_cache": str(cache)})
    produced = tmp_path / "out" / source.stem / f"{source.stem}.mp3"

    def never(*_: object) -> None:
        raise AssertionError("the same speech was encoded again")

    with monkeypatch.context() as patch:
        patch.setattr("pipeline.tts.mp3.encode", never)
        audio._narrations.clear()
        assert [o.status for o in build([source], options).outcomes] == ["built"]
    assert produced.read_bytes() == mp3

    kept.write_bytes(kept.read_bytes()[:1000])  # cut short: said, encoded again, the same bytes
    audio._narrations.clear()
    with caplog.at_level(logging.WARNING):
        assert [o.status for o in build([source], replace(options, force=True)).outcomes] == ["built"]
    assert f"cache entry {kept} is damaged" in caplog.text
    assert produced.read_bytes() == mp3 and read_entry(kept) is not None
