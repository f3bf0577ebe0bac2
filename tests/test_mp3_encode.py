"""The MP3 encoder measures its own frames as they come (ffmpeg's tee muxer and a pipe): the file is
byte for byte a plain encode's, and the loudness it reports is what measuring the file gives."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from pipeline.errors import OutputError
from pipeline.tts import mp3

RATE = 22050


@pytest.fixture(scope="module")
def speechlike(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight seconds of syllable-like bursts of a few harmonics, with pauses, at the voice's rate."""
    t = np.arange(8 * RATE) / RATE
    pitch = 120 + 30 * np.sin(2 * np.pi * 0.3 * t)
    voice = sum(np.sin(2 * np.pi * k * np.cumsum(pitch) / RATE) / k for k in range(1, 6))
    envelope = np.clip(np.sin(2 * np.pi * 2.5 * t), 0, None) * (np.sin(2 * np.pi * 0.25 * t) > -0.5)
    samples = (0.6 * voice / np.max(np.abs(voice)) * envelope * 32767).astype("<i2")
    path = tmp_path_factory.mktemp("mp3") / "speech.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return path


def test_the_measured_encode_writes_the_bytes_a_plain_encode_writes_and_reports_the_files_own_loudness(speechlike, tmp_path):
    chain = mp3._chain(4.0, mp3.LIMIT)
    loudness = mp3._encode(speechlike, tmp_path / "measured.mp3", chain)
    args = [
        "-fflags",
        "+bitexact",
        "-i",
        str(speechlike),
        "-map",
        "0:a:0",
        "-map_metadata",
        "-1",
        "-af",
        chain,
        "-ar",
        str(mp3.mp3_rate(speechlike)),
        "-ac",
        "1",
    ]
    subprocess.run([*mp3.FF, "-v", "error", *args, *mp3.MP3_ARGS, str(tmp_path / "plain.mp3")], check=True)
    assert (tmp_path / "measured.mp3").read_bytes() == (tmp_path / "plain.mp3").read_bytes()
    assert loudness == mp3.measure(tmp_path / "plain.mp3")
    assert loudness.integrated < 0 and loudness.true_peak < 0


def test_the_whole_encode_reaches_the_target_loudness_under_the_true_peak_ceiling(speechlike, tmp_path):
    loudness = mp3.encode(speechlike, tmp_path / "speech.mp3")
    assert abs(loudness.integrated - mp3.TARGET_I) <= 1.0 and loudness.true_peak <= mp3.MAX_TRUE_PEAK
    assert loudness == mp3.measure(tmp_path / "speech.mp3")


def test_an_encoder_failure_is_an_output_error_naming_ffmpeg(speechlike, tmp_path):
    with pytest.raises(OutputError, match=r"ffmpeg \(encode\) failed"):
        mp3._encode(speechlike, tmp_path / "missing-folder" / "x.mp3", mp3._chain(0.0, mp3.LIMIT))


def test_the_mp3_keeps_the_voices_rate_when_an_mp3_can_have_it_else_44_1_khz(speechlike, tmp_path):
    assert mp3.mp3_rate(speechlike) == 22050
    odd = tmp_path / "odd.wav"
    mp3.write_wav(odd, b"\0\0" * 11025, 11025)  # an MPEG-2.5 rate, which not every player plays
    assert mp3.mp3_rate(odd) == 44100
