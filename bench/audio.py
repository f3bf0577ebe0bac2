"""Bench: the audio writer against the raw engine on the same text (prints a table; not a test).

    python bench/audio.py [SOURCE]      default: source/poems-syndrome.md

Rows: the raw engine given the whole spoken script at once (the floor), the writer's stages
with an empty cache (synthesis piece by piece, joining, two-pass loudnorm + encode + true-peak
check, tags), and a rebuild with a warm cache (what `make` pays after an unrelated edit).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.options import Options  # noqa: E402
from pipeline.reader import read  # noqa: E402
from pipeline.tts import PieceCache, speak  # noqa: E402
from pipeline.tts.mp3 import encode  # noqa: E402
from pipeline.tts.offline import FESTIVAL_VOICE, _ascii  # noqa: E402
from pipeline.writers.audio import WRITER, _join, script  # noqa: E402


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run(*cmd: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(cmd, input=stdin, capture_output=True, check=True).stdout


def audio_seconds(path: Path) -> float:
    return float(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)).strip() or 0)


def main(source: Path) -> list[tuple[str, float, str]]:
    summary, _ = read(source)
    chapters = script(summary)
    spoken = [p.spoken for c in chapters for p in c.pieces]
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        folder = Path(tmp)
        text = _ascii(" ".join(spoken))
        raw_wav = folder / "raw.wav"
        seconds, _ = timed(lambda: run("text2wave", "-eval", f"(voice_{FESTIVAL_VOICE})", "-o", str(raw_wav), stdin=text.encode()))
        rows.append(("raw festival text2wave, whole script", seconds, f"{audio_seconds(raw_wav):.0f} s of audio"))
        raw_flite = folder / "raw-flite.wav"
        seconds, _ = timed(lambda: run("flite", "-voice", "slt", "-t", text, "-o", str(raw_flite)))
        rows.append(("raw flite slt, whole script", seconds, f"{audio_seconds(raw_flite):.0f} s of audio"))
        raw_mp3 = folder / "raw.mp3"
        seconds, _ = timed(lambda: run("ffmpeg", "-v", "error", "-y", "-i", str(raw_wav), "-ac", "1", "-b:a", "64k", str(raw_mp3)))
        rows.append(("raw ffmpeg one-pass MP3 of that", seconds, "no loudness normalisation"))

        cache = PieceCache(folder / "cache")
        seconds, (voice, clips) = timed(lambda: speak(spoken, summary.meta.language, "offline", cache))
        rows.append((f"writer: synthesis, {len(spoken)} pieces", seconds, voice.name))
        wav = folder / "joined.wav"
        seconds, _ = timed(lambda: _join(chapters, clips, wav))
        rows.append(("writer: join with pauses + timings", seconds, ""))
        mp3 = folder / "joined.mp3"
        seconds, loudness = timed(lambda: encode(wav, mp3))
        rows.append(("writer: 2-pass loudnorm + CBR encode + ebur128", seconds, f"{loudness.integrated} LUFS, {loudness.true_peak} dBTP"))

        extra = {"tts_cache": str(folder / "cache2")}
        options = Options(out_dir=folder / "out", formats=("audio",), tts="offline", quiet=True, extra=extra)
        seconds, _ = timed(lambda: WRITER.write(summary, folder / "out", options))
        rows.append(("writer end to end, empty cache", seconds, ""))
        seconds, paths = timed(lambda: WRITER.write(summary, folder / "out", options))
        rows.append(("writer end to end, warm cache (rebuild)", seconds, f"{paths[0].stat().st_size // 1024} KiB MP3"))
    return rows


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "source" / "poems-syndrome.md"
    print(f"audio bench: {source.name}")
    for name, seconds, note in main(source):
        print(f"  {name:<48} {seconds:7.2f} s  {note}")
