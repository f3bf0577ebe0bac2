"""From pieces of speech to a phone-friendly MP3: mono, at the voice's own rate, constant bit rate, EBU R128.

The speech's integrated loudness is measured (ebur128, at the voice's own rate), then one gain
brings it to the target and a look-ahead limiter (delay compensated: no sample moves) holds the
peaks down. The gain is aimed on the WAV through the same limiter (cheap passes, no encode, no
true peak), so one encode usually suffices; the encoded file is measured with its true peak and
encoded again with a lower limit only if MP3 overshoot pushed the true peak above the ceiling.
Two-pass `loudnorm` (which works at 192 kHz: 5.5 s of a 6 s encode for POEMS) stays as the fallback.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import tempfile
import wave
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import IO

from pipeline.cache import remembered
from pipeline.errors import OutputError

RATE = 44100  # clips of different rates are joined at this one
MPEG_RATES = (16000, 22050, 24000, 32000, 44100, 48000)  # MPEG-1 and MPEG-2 Layer III: every MP3 player plays them
BITRATE = "64k"
TARGET_I = -17.0  # LUFS, the middle of the -16..-19 range spoken-word platforms use
TARGET_LRA = 18.0  # wide enough that loudnorm stays linear on speech (no pumping)
MAX_TRUE_PEAK = -1.5  # dBTP, measured on the decoded MP3
FF = ["ffmpeg", "-hide_banner", "-nostdin", "-y"]


def _ffmpeg(args: list[str], what: str, stdin: bytes | IO[bytes] | None = None) -> subprocess.CompletedProcess[bytes]:
    """ffmpeg with `args`, reading `stdin` (bytes, or another process's output)."""
    try:
        if isinstance(stdin, bytes) or stdin is None:
            proc = subprocess.run(FF + args, input=stdin, capture_output=True, timeout=900, check=False)
        else:
            proc = subprocess.run(FF + args, stdin=stdin, capture_output=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"ffmpeg ({what}) failed: {exc}") from None
    if proc.returncode != 0:
        raise OutputError(f"ffmpeg ({what}) failed: {proc.stderr.decode('utf-8', 'replace').strip()[-400:]}")
    return proc


def decode(clips: list[bytes]) -> tuple[int, list[bytes]]:
    """Every clip as raw mono signed 16-bit samples at one common rate (the voice's own, when it makes WAV).

    Plain WAV clips are read directly (an ffmpeg run a clip would cost more than the synthesis);
    anything else (gTTS's MP3, another rate) is converted by ffmpeg. The MP3 encode resamples once.
    """
    headers = [_wav_format(clip) for clip in clips]
    rates = sorted({h[0] for h in headers if h is not None})
    rate = rates[0] if len(rates) == 1 else RATE
    out = []
    for clip, header in zip(clips, headers, strict=True):
        if header is not None and header[0] == rate:
            out.append(header[1])
        else:
            out.append(
                _ffmpeg(
                    ["-v", "error", "-i", "pipe:0", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1"],
                    "decode",
                    clip,
                ).stdout
            )
        if not out[-1]:
            raise OutputError("a synthesised piece decoded to no audio")
    return rate, out


def _wav_format(clip: bytes) -> tuple[int, bytes] | None:
    """(rate, samples) of a mono 16-bit PCM WAV, else None."""
    if not clip.startswith(b"RIFF"):
        return None
    try:
        with wave.open(io.BytesIO(clip)) as wav:
            if wav.getnchannels() != 1 or wav.getsampwidth() != 2 or wav.getcomptype() != "NONE":
                return None
            return wav.getframerate(), wav.readframes(wav.getnframes())
    except (wave.Error, EOFError):
        return None


def silence(ms: int, rate: int) -> bytes:
    return b"\0\0" * round(rate * ms / 1000)


def write_wav(path: Path, pcm: bytes, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)


def _json_tail(stderr: bytes) -> dict[str, str]:
    text = stderr.decode("utf-8", "replace")
    result: dict[str, str] = json.loads(text[text.rindex("{") : text.rindex("}") + 1])
    return result


ENCODER_DELAY = 576 + 529  # samples an MP3 of libmp3lame has before the audio (encoder's delay, decoder's); its LAME tag says so
STEP = 2.0  # dB between the two gains each round of _aim measures
LIMIT = -3.5  # dBFS: the limiter's first ceiling on sample peaks (true peaks and MP3 overshoot sit above it)
MP3_ARGS = ["-c:a", "libmp3lame", "-b:a", BITRATE, "-flags:a", "+bitexact", "-id3v2_version", "0", "-write_xing", "1", "-f", "mp3"]


def _encode(wav: Path, mp3: Path, audio_filter: str) -> Loudness:
    """One bit-exact MP3 encode of `wav` through `audio_filter`, and the loudness it came out at.

    The encoder's frames go to the file and, through ffmpeg's tee muxer, down a pipe to a second
    ffmpeg that measures them as they come: the measuring (true peak, oversampled: half an encode's
    time) runs on the other core, and the file is byte for byte what a plain encode writes."""
    args = ["-fflags", "+bitexact", "-i", str(wav), "-map", "0:a:0", "-map_metadata", "-1", "-af", audio_filter]
    args += ["-ar", str(mp3_rate(wav)), "-ac", "1"]
    codec = MP3_ARGS[: MP3_ARGS.index("-id3v2_version")]
    file, pipe = "f=mp3:onfail=abort:id3v2_version=0:write_xing=1", "f=mp3:onfail=abort:id3v2_version=0:write_xing=0"
    outputs = f"[{file}]{_tee_escaped(str(mp3))}|[{pipe}]pipe:1"
    # the pipe's copy has no LAME tag to say how many samples come before the audio: cut them as the tag would
    measuring = ["-nostats", "-f", "mp3", "-i", "pipe:0", "-filter_complex", f"atrim=start_sample={ENCODER_DELAY},ebur128=peak=true"]
    with tempfile.TemporaryFile() as encoder_errors:
        measured: subprocess.CompletedProcess[bytes] | OutputError
        try:
            encoder = subprocess.Popen(FF + args + [*codec, "-f", "tee", outputs], stdout=subprocess.PIPE, stderr=encoder_errors)
            assert encoder.stdout is not None
            try:
                measured = _ffmpeg([*measuring, "-f", "null", "-"], "ebur128", encoder.stdout)
            except OutputError as exc:  # said below, after the encoder's own failure, which would be the cause
                measured = exc
            finally:
                encoder.stdout.close()
                code = encoder.wait(timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"ffmpeg (encode) failed: {exc}") from None
        if code != 0:
            encoder_errors.seek(0)
            raise OutputError(f"ffmpeg (encode) failed: {encoder_errors.read().decode('utf-8', 'replace').strip()[-400:]}")
    if isinstance(measured, OutputError):
        raise measured
    return _loudness(measured.stderr)


def mp3_rate(wav: Path) -> int:
    """The MP3's sample rate: the speech's own when an MP3 can have it (Piper's 22.05 kHz holds nothing
    above 11 kHz for 44.1 kHz to carry, and encodes in half the time), else 44.1 kHz."""
    with wave.open(str(wav)) as speech:
        rate = speech.getframerate()
    return rate if rate in MPEG_RATES else RATE


def _tee_escaped(path: str) -> str:
    """A file name as the tee muxer's list reads it (its separators and brackets escaped)."""
    return "".join("\\" + ch if ch in "|[]=:\\" else ch for ch in path)


def encode(wav: Path, mp3: Path) -> Loudness:
    """Normalise and encode `wav` into `mp3` (deterministic bytes, no tags); return the measured loudness."""
    gain, limit = TARGET_I - loudness_of(wav), LIMIT
    for _ in range(4):
        gain = _aim(wav, gain, limit)
        measured = _encode(wav, mp3, _chain(gain, limit))
        if measured.true_peak <= MAX_TRUE_PEAK and abs(measured.integrated - TARGET_I) <= 1.0:
            return measured
        if measured.true_peak > MAX_TRUE_PEAK:
            limit -= measured.true_peak - MAX_TRUE_PEAK + 0.3
        gain += TARGET_I - measured.integrated
    return encode_loudnorm(wav, mp3)


def encode_kept(wav: Path, mp3: Path, folder: Path | None) -> Loudness:
    """encode(), kept in `folder` (None: not kept) under the hash of the WAV, this encoder's code and
    ffmpeg's build: the same speech encodes to the same bytes, so speech already encoded (the audio's,
    for the read-aloud book's build; a rebuild after a template edit) is not measured and encoded again."""

    if folder is None:
        return encode(wav, mp3)

    def make() -> bytes:
        loudness = encode(wav, mp3)
        return json.dumps(asdict(loudness)).encode("ascii") + b"\n" + mp3.read_bytes()

    kept = remembered(folder, [b"mp3", _encoder(), wav.read_bytes()], ".mp3", make)
    measured, _, data = kept.partition(b"\n")
    mp3.write_bytes(data)
    return Loudness(**json.loads(measured))


@cache
def _encoder() -> bytes:
    """What makes an encode's bytes besides the WAV: this module's code and ffmpeg's build (its libraries' versions)."""
    version = _ffmpeg(["-version"], "version").stdout
    return hashlib.sha256(Path(__file__).read_bytes() + version).hexdigest().encode("ascii")


def _chain(gain: float, limit: float) -> str:
    return f"volume={gain:.2f}dB,alimiter=limit={10 ** (limit / 20):.4f}:attack=5:release=50:level=false:latency=true"


def _aim(wav: Path, gain: float, limit: float) -> float:
    """The gain that puts the limited speech on target, found on the WAV at the voice's rate (each
    try costs a fifth of an encode; the limiter takes more loudness off peaky voices, such as
    Piper's). Two gains STEP apart are measured at once, one a core, and the gain is read off the
    line through them: loudness through the limiter is smooth in the gain, so one round suffices."""
    from concurrent.futures import ThreadPoolExecutor

    for _ in range(3):
        with ThreadPoolExecutor(max_workers=2) as pool:
            low, high = pool.map(lambda g: loudness_of(wav, _chain(g, limit)), (gain, gain + STEP))
        slope = (high - low) / STEP
        aimed = gain + ((TARGET_I - low) / slope if slope > 0.1 else 1.2 * (TARGET_I - low))
        if low - 0.3 <= TARGET_I <= high + 0.3:  # between the two, or nearly: the line is good there
            return aimed
        gain = aimed - STEP / 2  # the next pair around the estimate
    return aimed


def encode_loudnorm(wav: Path, mp3: Path) -> Loudness:
    """Two-pass `loudnorm` (measure, then apply with the measured values): slower, the fallback."""
    first = _json_tail(
        _ffmpeg(
            ["-i", str(wav), "-af", f"loudnorm=I={TARGET_I}:TP=-2:LRA={TARGET_LRA}:print_format=json", "-f", "null", "-"], "measure"
        ).stderr
    )
    ceiling = -2.0
    for _ in range(4):
        loudnorm = (
            f"loudnorm=I={TARGET_I}:TP={ceiling}:LRA={TARGET_LRA}:measured_I={first['input_i']}:measured_TP={first['input_tp']}"
            f":measured_LRA={first['input_lra']}:measured_thresh={first['input_thresh']}:offset={first['target_offset']}:linear=true"
        )
        measured = _encode(wav, mp3, loudnorm)
        if measured.true_peak <= MAX_TRUE_PEAK:
            return measured
        ceiling -= measured.true_peak - MAX_TRUE_PEAK + 0.3  # MP3 overshoot: lower the ceiling and encode again
    raise OutputError(f"cannot bring the true peak of {mp3.name} under {MAX_TRUE_PEAK} dBTP (measured {measured.true_peak})")


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS
    true_peak: float  # dBTP
    lra: float  # LU


def loudness_of(path: Path, audio_filter: str | None = None) -> float:
    """Integrated loudness (LUFS) of `path`, through `audio_filter` if given; no true peak (a third of the time)."""
    chain = f"{audio_filter},ebur128" if audio_filter else "ebur128"
    stderr = _ffmpeg(["-nostats", "-i", str(path), "-filter_complex", chain, "-f", "null", "-"], "ebur128").stderr
    found = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", stderr.decode("utf-8", "replace").rsplit("Summary:", 1)[-1])
    if not found:
        raise OutputError("ffmpeg ebur128 printed no integrated loudness")
    return float(found.group(1))


def measure(path: Path) -> Loudness:
    """EBU R128 loudness of the decoded file, with ffmpeg's ebur128 filter (true peak oversampled)."""
    return _loudness(_ffmpeg(["-nostats", "-i", str(path), "-filter_complex", "ebur128=peak=true", "-f", "null", "-"], "ebur128").stderr)


def _loudness(stderr: bytes) -> Loudness:
    """What ebur128 printed in its summary."""
    summary = stderr.decode("utf-8", "replace").rsplit("Summary:", 1)[-1]

    def number(pattern: str) -> float:
        found = re.search(pattern, summary, re.S)
        if not found:
            raise OutputError(f"ffmpeg ebur128 printed no {pattern!r}")
        return float(found.group(1))

    return Loudness(
        integrated=number(r"I:\s+(-?[\d.]+|-inf) LUFS"),
        true_peak=number(r"Peak:\s+(-?[\d.]+|-inf) dBFS"),
        lra=number(r"LRA:\s+(-?[\d.]+) LU"),
    )
