"""Side by side with the peers, per summary: the three rows issue #30 set targets for.

Each pair of commands is run alternately (ours, theirs, ours, theirs...), so load on the machine
falls on both; each figure is the median of --runs whole processes under GNU time.

- HTML + EPUB: COPIES generated summaries (POEMS under other titles) in one `build --formats
  html,epub` process, against pandoc file after file (Markdown -> standalone HTML, -> EPUB);
  ours with its caches warm, as any rebuild has them (the cover picture, the page's font).
- PDF: POEMS's three PDF variants (A4, Letter, large print) in one `build --formats pdf`, a third
  of it against one `pandoc --pdf-engine=weasyprint` PDF; and the same for COPIES summaries in
  one process (what a PDF costs once Python and WeasyPrint are loaded, as in a catalogue).
- Audio: POEMS with an empty speech cache and the offline voice, against the Piper CLI reading the
  same words with the same voice model, plus one ffmpeg MP3 encode (ours adds loudness
  normalisation, chapters, tags and captions).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from measure import ROOT, Figure, Sample, environment, sample, which

POEMS = ROOT / "source" / "poems-syndrome.md"
COPIES = 20
TARGETS = {"html+epub": 0.5, "pdf": 0.5, "pdf, many": 0.5, "audio": 1.0}  # our wall time over the peer's, at most
PEAK_MB = 400.0


@dataclass(frozen=True)
class Pair:
    what: str
    ours: Figure
    theirs: Figure
    per: int  # ours does `per` of what theirs does once (the three PDF variants)

    @property
    def ratio(self) -> float:
        return self.ours.wall / self.per / self.theirs.wall


def alternate(ours: list[str], theirs: list[str], runs: int, names: tuple[str, str], env: dict[str, str]) -> tuple[Figure, Figure]:
    samples: tuple[list[Sample], list[Sample]] = ([], [])
    for _ in range(runs):
        samples[0].append(sample(ours, ROOT, env))
        samples[1].append(sample(theirs, ROOT, env))
    return Figure.of(names[0], samples[0]), Figure.of(names[1], samples[1])


def _copies(folder: Path) -> list[Path]:
    text = POEMS.read_text("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(1, COPIES + 1):
        path = folder / f"poems-copy-{n:02d}.md"
        path.write_text(re.sub(r"^title: (.*)$", rf"title: \1 (copy {n})", text, count=1, flags=re.M), "utf-8")
        out.append(path)
    return out


def _script(tmp: Path, name: str, lines: list[str]) -> list[str]:
    path = tmp / f"{name}.sh"
    path.write_text("set -e\n" + "\n".join(lines) + "\n")
    return ["bash", str(path)]


def spoken_words(tmp: Path) -> Path:
    """What our voice is given for POEMS, one piece a line, respellings read as words (the CLI takes no phonemes)."""
    import sys

    sys.path.insert(0, str(ROOT))
    from pipeline.reading.reader import read
    from pipeline.tts.offline import plain
    from pipeline.writers.audio import script

    summary, _ = read(POEMS)
    path = tmp / "spoken.txt"
    path.write_text("\n".join(plain(piece.spoken) for chapter in script(summary) for piece in chapter.pieces) + "\n", "utf-8")
    return path


def peers(tmp: Path, runs: int, python: str) -> tuple[list[Pair], dict[str, bool]]:
    import sys

    sys.path.insert(0, str(ROOT))
    from pipeline.tts.offline import PIPER_VOICES, _package_file

    env = environment()
    pandoc, ffmpeg, piper = which("pandoc"), which("ffmpeg"), which("piper")
    pairs: list[Pair] = []

    sources = _copies(tmp / "copies")
    ours = [python, "-m", "pipeline", "build", *map(str, sources), "--formats", "html,epub", "--force", "--out", str(tmp / "o1"), "-q"]
    sample(ours, ROOT, env)  # warm: the covers and the font as a rebuild finds them
    theirs = _script(tmp, "pandoc", [f"{pandoc} '{s}' -s -o '{tmp}/p.html' && {pandoc} '{s}' -o '{tmp}/p.epub'" for s in sources])
    pairs.append(
        Pair(
            "html+epub",
            *alternate(
                ours, theirs, runs, (f"ours: {COPIES} summaries, html+epub, one process", f"pandoc -> HTML, -> EPUB, x {COPIES}"), env
            ),
            1,
        )
    )

    ours = [python, "-m", "pipeline", "build", str(POEMS), "--formats", "pdf", "--force", "--out", str(tmp / "o2"), "-q"]
    theirs = [pandoc, str(POEMS), "--pdf-engine=weasyprint", "-o", str(tmp / "p.pdf")]
    pairs.append(
        Pair("pdf", *alternate(ours, theirs, runs, ("ours: POEMS, 3 PDF variants", "pandoc --pdf-engine=weasyprint, 1 PDF"), env), 3)
    )

    # the same, the cost of a PDF once the process has started: COPIES summaries' three variants in one build
    ours = [python, "-m", "pipeline", "build", *map(str, sources), "--formats", "pdf", "--force", "--out", str(tmp / "o4"), "-q"]
    theirs = [pandoc, str(POEMS), "--pdf-engine=weasyprint", "-o", str(tmp / "p.pdf")]
    names = (f"ours: {COPIES} summaries x 3 PDF variants, one process", "pandoc --pdf-engine=weasyprint, 1 PDF")
    pairs.append(Pair("pdf, many", *alternate(ours, theirs, runs, names, env), 3 * COPIES))

    package, voice = PIPER_VOICES["en"]
    model = _package_file(package, f"{voice}.onnx")
    words, wav = spoken_words(tmp), tmp / "piper.wav"
    ours = [
        python,
        "-m",
        "pipeline",
        "build",
        str(POEMS),
        "--formats",
        "audio",
        "--force",
        "--out",
        str(tmp / "o3"),
        "-q",
        "--tts",
        "offline",
    ]
    theirs = _script(
        tmp,
        "piper",
        [
            f"{piper} -m '{model}' -i '{words}' -f '{wav}' 2>/dev/null",
            f"{ffmpeg} -v error -nostdin -y -i '{wav}' -ac 1 -ar 44100 -b:a 64k '{tmp}/piper.mp3'",
        ],
    )
    audio_env = {**env, "PIPELINE_TTS_CACHE": "off"}
    pairs.append(
        Pair(
            "audio",
            *alternate(ours, theirs, runs, ("ours: POEMS audio, empty speech cache", f"Piper CLI ({voice}) + ffmpeg MP3"), audio_env),
            1,
        )
    )

    print(f"\n5. side by side with the peers (alternate runs, median of {runs})")
    print(f"  {'':<58} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for pair in pairs:
        for figure in (pair.ours, pair.theirs):
            print(f"  {figure.name:<58} {figure.wall:8.2f} {figure.cpu:8.2f} {figure.peak_mb:8.0f}")
        unit = {"html+epub": "a summary", "pdf": "a PDF", "pdf, many": "a PDF", "audio": "the file"}[pair.what]
        print(f"  {'ours / theirs, ' + unit:<58} {pair.ratio:7.2f}x  (target at most {TARGETS[pair.what]}x)")
    met = {f"peer-{p.what}": p.ratio <= TARGETS[p.what] for p in pairs}
    met["peer-peak"] = max(p.ours.worst_peak_mb for p in pairs) < PEAK_MB
    print(f"  our largest process: {max(p.ours.worst_peak_mb for p in pairs):.0f} MB (target under {PEAK_MB:.0f} MB)")
    print(f"  median ratio: {statistics.median(p.ratio for p in pairs):.2f}x")
    return pairs, met
