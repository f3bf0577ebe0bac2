"""From pieces of speech to a phone-friendly MP3: mono, 44.1 kHz, constant bit rate, EBU R128.

Two-pass `loudnorm` (measure, then apply linearly with the measured values) keeps peaks under the
true-peak ceiling, which a plain gain would not; the true peak is measured again on the encoded
file and the encode repeated with a lower ceiling if MP3 overshoot pushed it above the limit.
"""

from __future__ import annotations

import json
import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError

RATE = 44100
BITRATE = "64k"
TARGET_I = -17.0  # LUFS, the middle of the -16..-19 range spoken-word platforms use
TARGET_LRA = 18.0  # wide enough that loudnorm stays linear on speech (no pumping)
MAX_TRUE_PEAK = -1.5  # dBTP, measured on the decoded MP3
FF = ["ffmpeg", "-hide_banner", "-nostdin", "-y"]


def _ffmpeg(args: list[str], what: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        proc = subprocess.run(FF + args, input=stdin, capture_output=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"ffmpeg ({what}) failed: {exc}") from None
    if proc.returncode != 0:
        raise OutputError(f"ffmpeg ({what}) failed: {proc.stderr.decode('utf-8', 'replace').strip()[-400:]}")
    return proc


def to_pcm(audio: bytes) -> bytes:
    """Any audio ffmpeg reads -> raw mono signed 16-bit samples at RATE."""
    pcm = _ffmpeg(["-v", "error", "-i", "pipe:0", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1"], "decode", audio).stdout
    if not pcm:
        raise OutputError("a synthesised piece decoded to no audio")
    return pcm


def silence(ms: int) -> bytes:
    return b"\0\0" * round(RATE * ms / 1000)


def write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)


def _json_tail(stderr: bytes) -> dict[str, str]:
    text = stderr.decode("utf-8", "replace")
    result: dict[str, str] = json.loads(text[text.rindex("{") : text.rindex("}") + 1])
    return result


def encode(wav: Path, mp3: Path) -> Loudness:
    """Normalise and encode `wav` into `mp3` (deterministic bytes, no tags); return the measured loudness."""
    first = _json_tail(_ffmpeg(["-i", str(wav), "-af", f"loudnorm=I={TARGET_I}:TP=-2:LRA={TARGET_LRA}:print_format=json", "-f", "null", "-"], "measure").stderr)
    ceiling = -2.0
    for _ in range(4):
        loudnorm = (
            f"loudnorm=I={TARGET_I}:TP={ceiling}:LRA={TARGET_LRA}:measured_I={first['input_i']}:measured_TP={first['input_tp']}"
            f":measured_LRA={first['input_lra']}:measured_thresh={first['input_thresh']}:offset={first['target_offset']}:linear=true"
        )
        _ffmpeg(
            ["-fflags", "+bitexact", "-i", str(wav), "-map", "0:a:0", "-map_metadata", "-1", "-af", loudnorm, "-ar", str(RATE), "-ac", "1"]
            + ["-c:a", "libmp3lame", "-b:a", BITRATE, "-flags:a", "+bitexact", "-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", str(mp3)],
            "encode",
        )
        measured = measure(mp3)
        if measured.true_peak <= MAX_TRUE_PEAK:
            return measured
        ceiling -= measured.true_peak - MAX_TRUE_PEAK + 0.3  # MP3 overshoot: lower the ceiling and encode again
    raise OutputError(f"cannot bring the true peak of {mp3.name} under {MAX_TRUE_PEAK} dBTP (measured {measured.true_peak})")


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS
    true_peak: float  # dBTP
    lra: float  # LU


def measure(path: Path) -> Loudness:
    """EBU R128 loudness of the decoded file, with ffmpeg's ebur128 filter (true peak oversampled)."""
    stderr = _ffmpeg(["-nostats", "-i", str(path), "-filter_complex", "ebur128=peak=true", "-f", "null", "-"], "ebur128").stderr
    summary = stderr.decode("utf-8", "replace").rsplit("Summary:", 1)[-1]

    def number(pattern: str) -> float:
        found = re.search(pattern, summary, re.S)
        if not found:
            raise OutputError(f"ffmpeg ebur128 printed no {pattern!r}")
        return float(found.group(1))

    return Loudness(
        integrated=number(r"I:\s+(-?[\d.]+|-inf) LUFS"), true_peak=number(r"Peak:\s+(-?[\d.]+|-inf) dBFS"), lra=number(r"LRA:\s+(-?[\d.]+) LU")
    )
