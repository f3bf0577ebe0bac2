"""Bench: every offline English voice installed, on the POEMS script (prints the README's voice table; not a test).

    .venv/bin/python bench/voices.py [SOURCE]      default: source/poems-syndrome.md

For each voice: the size of what it loads, the synthesis of the whole script piece by piece as the
audio writer asks for it (no cache; wall and CPU time, children included), the real-time factor
(CPU seconds per second of speech), and the word error rate of the joined audio (the writer's
pauses, before MP3 encoding) heard by Whisper tiny.en and by pocketsphinx, against the transcript.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from measure import ROOT

sys.path.insert(0, str(ROOT))

from pipeline.checks.speech import hear, pcm16k, transcribe, wer  # noqa: E402
from pipeline.reading.reader import read  # noqa: E402
from pipeline.tts.mp3 import decode  # noqa: E402
from pipeline.tts.offline import FESTIVAL_VOICE_DIRS, OFFLINE_VOICES, EspeakVoice, FestivalVoice, FliteVoice, PiperVoice, plain  # noqa: E402
from pipeline.writers.audio import _join, script  # noqa: E402

LICENCES = {
    PiperVoice: "piper-tts GPL-3.0 (own process); voice: dataset CC0, package MIT",
    FestivalVoice: "Festival X11-style; voice: CMU ARCTIC data, BSD-style",
    FliteVoice: "flite BSD-style; slt: CMU ARCTIC, BSD-style",
    EspeakVoice: "espeak-ng GPL-3.0 (own process)",
}


def size_mb(voice: object) -> float:
    paths: list[Path] = []
    if isinstance(voice, PiperVoice):
        paths = [voice.model]
    elif isinstance(voice, FestivalVoice):
        paths = [p for d in FESTIVAL_VOICE_DIRS if d.is_dir() for p in d.rglob("*") if p.is_file()]
    elif isinstance(voice, FliteVoice):
        paths = [p for p in Path("/usr/lib/x86_64-linux-gnu").glob("libflite_cmu_us_slt.so*") if not p.is_symlink()]
    elif isinstance(voice, EspeakVoice):
        paths = [p for p in Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data").glob("en_*") if p.is_file()]
        paths += [Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data/phondata")]
    return sum(p.stat().st_size for p in paths if p.is_file()) / 1e6


def main(source: Path) -> None:
    summary, _ = read(source)
    chapters = script(summary)
    texts = [p.for_voice for c in chapters for p in c.pieces]
    reference = " ".join(p.text for c in chapters for p in c.pieces)
    print(f"voices on {source.name}: {len(texts)} pieces, {len(reference.split())} words; load average {os.getloadavg()[0]:.2f}")
    print(
        f"  {'voice':<40} {'MB':>5} {'wall s':>7} {'cpu s':>7} {'speech s':>8} {'RTF':>6} {'WER whisper':>11} {'WER sphinx':>10}  licence"
    )
    for cls in OFFLINE_VOICES:
        if not cls.available("en"):
            continue
        voice = cls("en")
        said = texts if voice.respells else [plain(t) for t in texts]
        before, start = os.times(), time.perf_counter()
        clips = voice.synthesise(said)
        wall, after = time.perf_counter() - start, os.times()
        cpu = sum(after[:4]) - sum(before[:4])
        rate, samples = decode(clips)
        speech = sum(len(s) for s in samples) / 2 / rate
        with tempfile.TemporaryDirectory(prefix="bench-voices-") as tmp:
            wav = Path(tmp) / "speech.wav"
            _join(chapters, clips, wav)
            pcm = pcm16k(wav)
        by_whisper, by_sphinx = wer(reference, hear(pcm)), wer(reference, transcribe(pcm))
        print(
            f"  {voice.name:<40} {size_mb(voice):5.0f} {wall:7.2f} {cpu:7.2f} {speech:8.1f} {cpu / speech:6.3f}"
            f" {by_whisper:11.3f} {by_sphinx:10.3f}  {LICENCES[cls]}",
            flush=True,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "source" / "poems-syndrome.md")
