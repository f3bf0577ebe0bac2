"""Bench: where the audio writer's time goes, stage by stage, in-process (prints a table; not a test).

    .venv/bin/python bench/audio.py [SOURCE]      default: source/poems-syndrome.md

Rows: the writer's stages with an empty cache (synthesis piece by piece, joining, two-pass
gain + limiter + encode + true-peak check), then the whole writer with an empty and a warm cache
(what `make` pays after an unrelated edit). The raw engines (text2wave, one-pass ffmpeg) are
measured as whole processes beside the writer by bench/run.py (`make bench`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from measure import ROOT, run, timed

sys.path.insert(0, str(ROOT))

from pipeline.options import Options  # noqa: E402
from pipeline.reading.reader import read  # noqa: E402
from pipeline.tts import PieceCache, speak  # noqa: E402
from pipeline.tts.mp3 import encode  # noqa: E402
from pipeline.tts.offline import FESTIVAL_PROCESSES  # noqa: E402
from pipeline.writers.audio import WRITER, _join, script  # noqa: E402


def audio_seconds(path: Path) -> float:
    return float(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)).strip() or 0)


def main(source: Path) -> list[tuple[str, float, str]]:
    summary, _ = read(source)
    chapters = script(summary)
    spoken = [p.for_voice for c in chapters for p in c.pieces]
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        folder = Path(tmp)
        cache = PieceCache(folder / "cache")
        seconds, (voice, clips) = timed(lambda: speak(spoken, summary.meta.language, "offline", cache))
        rows.append((f"synthesis, {len(spoken)} pieces", seconds, f"{voice.name}, up to {FESTIVAL_PROCESSES} processes"))
        wav = folder / "joined.wav"
        seconds, _ = timed(lambda: _join(chapters, clips, wav))
        rows.append(("join with pauses + timings", seconds, f"{audio_seconds(wav):.0f} s of audio"))
        mp3 = folder / "joined.mp3"
        seconds, loudness = timed(lambda: encode(wav, mp3))
        rows.append(("loudness gain + limiter, CBR encode, ebur128", seconds, f"{loudness.integrated} LUFS, {loudness.true_peak} dBTP"))

        extra = {"tts_cache": str(folder / "cache2")}
        options = Options(out_dir=folder / "out", formats=("audio",), tts="offline", quiet=True, extra=extra)
        seconds, _ = timed(lambda: WRITER.write(summary, folder / "out", options))
        rows.append(("writer end to end, empty cache", seconds, ""))
        seconds, paths = timed(lambda: WRITER.write(summary, folder / "out", options))
        rows.append(("writer end to end, warm cache (rebuild)", seconds, f"{paths[0].stat().st_size // 1024} KiB MP3"))
    return rows


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "source" / "poems-syndrome.md"
    print(f"audio writer stages: {source.name}")
    for name, seconds, note in main(source):
        print(f"  {name:<48} {seconds:7.2f} s  {note}")
