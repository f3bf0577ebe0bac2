"""`make bench`: whole-process wall time, CPU time and peak memory, ours beside the raw engines.

    .venv/bin/python bench/run.py [--runs 5] [--catalogue 50] [--catalogue-runs 1] [--scale 1000] [--search 1000] [--only 5,1,2,3,4,6]

5. (run first) Side by side with the peers, per summary (bench/peers.py): HTML + EPUB against
   pandoc file after file, each PDF variant against pandoc -> WeasyPrint, the POEMS audio against
   the Piper CLI on the same words: the targets of issue #30.

1. POEMS (source/poems-syndrome.md): each format alone and all together (offline voice, no
   speech cache), against the raw engines on the same content: WeasyPrint's CLI on the
   leaflet's own HTML and stylesheets, pandoc Markdown -> HTML / EPUB / PDF (WeasyPrint), and
   Festival's text2wave on the spoken script plus a one-pass ffmpeg MP3 encode.
2. In a scratch copy of the project (tracked files, the venv linked): a no-op `make all` after a
   build, and `make all` after touching the source.
3. A catalogue of generated summaries (POEMS with another slug and title) built by `make -j1`
   and `make -j2` (html pdf epub pages), against pandoc + the WeasyPrint CLI per file.
4. Scale (--scale 1000): a catalogue of generated summaries (html pdf epub pages) in one `build`:
   10, 100 and --scale of them at --jobs 2, 100 at --jobs 1, --scale on a local Dask cluster
   (--scheduler local, 2 workers): per summary, speed-up, peak memory of the largest process; the
   time per summary at --scale must not grow from that at 10. --scale-audio adds the audio.

6. Search (bench/search.py): the catalogue of --search generated summaries in four languages, one
   `catalogue` process; its pages' sizes, the search index's, and the query time in headless
   Chromium (issue #31).

Every figure is the median of --runs runs (the catalogue's of --catalogue-runs: one run of a
50-summary build already averages 50 summaries). A measurement, not a test: it prints whether each
target is met, and exits 1, naming them, when one is missed. For in-process breakdowns see
bench/pdf.py and bench/audio.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from measure import ROOT, Figure, environment, measure, sample, which
from peers import peers
from search import PAGE_KB, QUERY_MS, search

sys.path.insert(0, str(ROOT))

from pipeline.reading.reader import read  # noqa: E402
from pipeline.tts.offline import FESTIVAL_VOICE, _ascii  # noqa: E402
from pipeline.writers.audio import script  # noqa: E402
from pipeline.writers.pdf import VARIANTS, Leaflet, _font_face_css, _page_css  # noqa: E402

POEMS = ROOT / "source" / "poems-syndrome.md"
TEMPLATES = ROOT / "templates"
FORMATS = ("html", "pdf", "epub", "audio", "pages")
CATALOGUE_FORMATS = "html pdf epub pages"
PYTHON = sys.executable

# targets
PANDOC_RATIO = 0.7  # html+epub per summary in one process, against pandoc per file
GROWTH = 1.2  # time per summary at --scale summaries, against at 10
NOOP_SECONDS = 0.5
SPEEDUP = 1.7
PEAK_MB = 400.0
# "no slower than Festival's today" (issue 13): main's last commit with Festival as the offline voice
FESTIVAL_UNTIL = "96a17a4cf28235e0cdb52580c5267970684487d6"


# --- printing ---------------------------------------------------------------------------------


def header(title: str) -> None:
    print(f"\n{title}  [load average {load()}]\n  {'':<58} {'runs':>4} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}", flush=True)


def row(figure: Figure) -> Figure:
    print(f"  {figure.name:<58} {figure.runs:>4} {figure.wall:8.2f} {figure.cpu:8.2f} {figure.peak_mb:8.0f}", flush=True)
    return figure


def ratio(name: str, ours: Figure, theirs: Figure) -> None:
    print(f"  {name:<58} {ours.wall / theirs.wall:6.2f}x  (cpu {ours.cpu / theirs.cpu:.2f}x)")


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?"
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
    return f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GB RAM, {platform.platform()}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- 1. POEMS against the raw engines ------------------------------------------------------------


def raw_inputs(folder: Path) -> dict[str, Path]:
    """The same content the writers use, as files the raw engines read."""
    summary, _ = read(POEMS)
    leaflet = Leaflet(summary)
    files = {"leaflet": folder / "leaflet.html", "fonts": folder / "fonts.css", "script": folder / "script.txt"}
    files["leaflet"].write_text(leaflet.source, "utf-8")
    files["fonts"].write_text(_font_face_css(), "utf-8")
    for variant in VARIANTS:
        files[f"page-{variant.suffix}"] = folder / f"page-{variant.suffix}.css"
        files[f"page-{variant.suffix}"].write_text(_page_css(summary, variant), "utf-8")
    # what the voice is given: the audio writer's pieces, festival's ASCII, as one text
    spoken = " ".join(piece.spoken for chapter in script(summary) for piece in chapter.pieces)
    files["script"].write_text(_ascii(spoken), "ascii")
    return files


def weasyprint_cli(files: dict[str, Path], suffix: str, html: Path, out: Path) -> list[str]:
    """WeasyPrint's own command on the leaflet HTML with the variant's stylesheets, tagged PDF/UA-1 as ours."""
    variant = next(v for v in VARIANTS if v.suffix == suffix)
    sheets = [files["fonts"], *(TEMPLATES / name for name in variant.stylesheets), files[f"page-{suffix}"]]
    return [
        which("weasyprint"),
        "--quiet",
        "--pdf-variant",
        "pdf/ua-1",
        "--base-url",
        f"{POEMS.parent}/",
        *(arg for sheet in sheets for arg in ("-s", str(sheet))),
        str(html),
        str(out),
    ]


def poems(tmp: Path, runs: int) -> tuple[list[Figure], bool]:
    env = environment(PIPELINE_TTS_CACHE="off")  # every run synthesises: the cost of a new summary
    out = tmp / "ours"

    def ours(formats: str) -> list[str]:
        return [PYTHON, "-m", "pipeline", "build", str(POEMS), "--formats", formats, "--force", "--out", str(out), "-q", "--tts", "offline"]

    sample(ours(",".join(FORMATS)), ROOT, env)  # warm-up; and `pages` alone needs the others beside it
    header(f"1. {POEMS.name}: one summary, each format (python -m pipeline build --force --tts offline)")
    mine = {
        f: row(measure(f"ours: {f}" + (" (3 PDFs: a4, letter, large-print)" if f == "pdf" else ""), ours(f), runs, ROOT, env))
        for f in FORMATS
    }
    mine["all"] = row(measure("ours: all five formats in one process", ours(",".join(FORMATS)), runs, ROOT, env))
    # the voice side by side: Festival, the offline voice before Piper, through the same writer
    festival_env = {**env, "PIPELINE_OFFLINE_VOICE": "festival"}
    mine["audio-festival"] = row(measure("ours: audio with Festival, through today's writer", ours("audio"), runs, ROOT, festival_env))
    before = festival_before_piper(tmp, runs, env)
    if before:
        mine["audio-before"] = row(before)
    # the formats no raw engine makes: measured, and the size of every file a patient may download
    for extra in ("read-aloud", "braille"):
        row(measure(f"ours: {extra}", ours(extra), runs, ROOT, env))
    print("\n  output sizes (what a patient downloads)")
    for made in sorted((out / POEMS.stem).iterdir()):
        print(f"  {made.name:<58} {made.stat().st_size / 1024:8.0f} kB")

    files = raw_inputs(tmp)
    raw = tmp / "raw"
    raw.mkdir()
    pandoc = which("pandoc")
    print("\n  the raw engines on the same content")
    theirs = {
        suffix: row(
            measure(
                f"WeasyPrint CLI: leaflet HTML -> {suffix}.pdf (PDF/UA-1)",
                weasyprint_cli(files, suffix, files["leaflet"], raw / f"{suffix}.pdf"),
                runs,
                env=env,
            )
        )
        for suffix in ("a4", "letter", "large-print")
    }
    theirs["pandoc-html"] = row(measure("pandoc: Markdown -> standalone HTML", [pandoc, str(POEMS), "-s", "-o", str(raw / "p.html")], runs))
    theirs["pandoc-epub"] = row(measure("pandoc: Markdown -> EPUB", [pandoc, str(POEMS), "-o", str(raw / "p.epub")], runs))
    theirs["pandoc-pdf"] = row(
        measure(
            "pandoc: Markdown -> PDF (--pdf-engine=weasyprint)",
            [pandoc, str(POEMS), "--pdf-engine=weasyprint", "-o", str(raw / "p.pdf")],
            runs,
            env=env,
        )
    )
    wav = raw / "speech.wav"
    theirs["tts"] = row(
        measure(
            f"text2wave ({FESTIVAL_VOICE}): whole script",
            ["text2wave", "-eval", f"(voice_{FESTIVAL_VOICE})", "-o", str(wav), str(files["script"])],
            runs,
        )
    )
    theirs["mp3"] = row(
        measure(
            "ffmpeg: one-pass MP3 of that (mono, 64 kbit/s)",
            ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(wav), "-ac", "1", "-ar", "44100", "-b:a", "64k", str(raw / "speech.mp3")],
            runs,
        )
    )

    three_pdfs = theirs["a4"] + theirs["letter"] + theirs["large-print"]
    audio = theirs["tts"] + theirs["mp3"]
    everything = theirs["pandoc-html"] + theirs["pandoc-epub"] + three_pdfs + audio
    print("\n  ratios, our wall time / theirs (<1: we are faster)")
    ratio("html  / pandoc -> HTML", mine["html"], theirs["pandoc-html"])
    ratio("epub  / pandoc -> EPUB", mine["epub"], theirs["pandoc-epub"])
    ratio("pdf   / WeasyPrint CLI x 3 variants", mine["pdf"], three_pdfs)
    ratio("pdf   / pandoc --pdf-engine=weasyprint x 3", mine["pdf"], theirs["pandoc-pdf"].times(3, "pandoc pdf x 3"))
    ratio("audio / text2wave + ffmpeg", mine["audio"], audio)
    ratio("audio, Piper / Festival through today's writer", mine["audio"], mine["audio-festival"])
    if "audio-before" in mine:
        ratio(f"audio, Piper / Festival's build at {FESTIVAL_UNTIL[:7]} (before Piper)", mine["audio"], mine["audio-before"])
    ratio("all five / sum of the raw runs (html, epub, 3 PDFs, MP3)", mine["all"], everything)
    print("  (pages, the download page, has no raw counterpart: it is in 'all', not in the sum)")
    met = mine["all"].wall <= everything.wall
    for key, what in (("audio-before", "Festival's build before Piper"), ("audio-festival", "Festival through today's writer")):
        if key in mine:
            print(f"  voice: Piper {'no slower' if mine['audio'].wall <= mine[key].wall else 'SLOWER'} than {what} in wall time")
    return list(mine.values()), met


def festival_before_piper(tmp: Path, runs: int, env: dict[str, str]) -> Figure | None:
    """The POEMS audio build as main made it with Festival, before the neural voice (FESTIVAL_UNTIL,
    unpacked from the history with `git archive`, run with this venv): the speed Piper must match."""
    folder = tmp / "before-piper"
    folder.mkdir()
    archive = subprocess.run(["git", "archive", FESTIVAL_UNTIL], cwd=ROOT, capture_output=True, check=False)
    if archive.returncode != 0:
        print(f"  (Festival's build at {FESTIVAL_UNTIL[:7]} not measured: the history lacks it, e.g. a shallow clone)")
        return None
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    source = folder / "source" / POEMS.name
    cmd = [
        PYTHON,
        "-m",
        "pipeline",
        "build",
        str(source),
        "--formats",
        "audio",
        "--force",
        "--out",
        str(tmp / "before-out"),
        "-q",
        "--tts",
        "offline",
    ]
    try:
        return measure(f"main at {FESTIVAL_UNTIL[:7]}: audio with Festival (before Piper)", cmd, runs, folder, env)
    except RuntimeError as exc:  # e.g. the venv no longer holds what that code imported
        print(f"  (Festival's build at {FESTIVAL_UNTIL[:7]} not measured: {str(exc).strip().splitlines()[-1]})")
        return None


# --- 2. make in a scratch project ------------------------------------------------------------------


def scratch_project(tmp: Path) -> Path:
    """A copy of the tracked files (mtimes kept) with the venv and node tools linked, never output/ here."""
    project = tmp / "project"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)
    for link in (".venv", "node_modules"):
        if (ROOT / link).exists():
            (project / link).symlink_to(ROOT / link)
    (project / "output").mkdir(exist_ok=True)
    return project


def make(project: Path, *args: str) -> list[str]:
    # -o: never remake the set-up stamps here (a pip install from the scratch copy would repoint the venv)
    return ["make", "--no-print-directory", "-C", str(project), "-o", ".venv/.installed", "-o", ".venv/.system-deps", *args]


def clean(project: Path) -> Callable[[], None]:
    def do() -> None:
        for child in (project / "output").iterdir():
            if child.name != ".gitkeep":
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()

    return do


def incremental(project: Path, runs: int) -> list[Figure]:
    env = environment()
    header("2. make in a scratch copy of the project (one summary, every format, --tts auto falls back offline)")
    clean(project)()
    first = row(measure("make all: first build", make(project, "all"), 1, env=env))
    noop = row(measure("make all: no-op, everything up to date", make(project, "all"), runs, env=env))
    touch = row(
        measure(
            "make all: after `touch source/poems-syndrome.md`",
            make(project, "all"),
            runs,
            env=env,
            before=lambda: (project / "source" / "poems-syndrome.md").touch(),
        )
    )
    return [first, noop, touch]


# --- 3. a catalogue -------------------------------------------------------------------------------------


def catalogue_sources(project: Path, count: int) -> list[Path]:
    text = POEMS.read_text("utf-8")
    for old in (project / "source").glob("*.md"):
        old.unlink()
    sources = []
    for n in range(1, count + 1):
        path = project / "source" / f"poems-copy-{n:02d}.md"
        path.write_text(re.sub(r"^title: (.*)$", rf"title: \1 (copy {n})", text, count=1, flags=re.M), "utf-8")
        sources.append(path)
    return sources


def raw_catalogue_script(tmp: Path, sources: list[Path], what: str) -> list[str]:
    """One shell script running the raw engines file after file (one process each, as make would)."""
    out = tmp / f"raw-{what}"
    out.mkdir()
    pandoc, lines = which("pandoc"), ["set -e"]
    files = raw_inputs(tmp / "inputs") if what == "pdf" else {}
    for source in sources:
        stem = out / source.stem
        if what == "html+epub":
            lines.append(f"{pandoc} '{source}' -s -o '{stem}.html'")
            lines.append(f"{pandoc} '{source}' -o '{stem}.epub'")
        else:
            html = out / f"{source.stem}.leaflet.html"
            html.write_text(Leaflet(read(source)[0]).source, "utf-8")
            lines.append(" ".join(f"'{a}'" for a in weasyprint_cli(files, "a4", html, Path(f"{stem}-a4.pdf"))))
    script_file = out / "run.sh"
    script_file.write_text("\n".join(lines) + "\n")
    return ["bash", str(script_file)]


def catalogue(tmp: Path, project: Path, count: int, runs: int) -> tuple[list[Figure], dict[str, bool]]:
    env = environment()
    sources = catalogue_sources(project, count)
    (tmp / "inputs").mkdir()
    header(f"3. a catalogue of {count} generated summaries (POEMS, other slugs and titles), in the scratch project")
    print(f"  formats {CATALOGUE_FORMATS} (4 PDFs each: make adds the print-shop one); audio left out:")
    print(f"  {count} x ~10 s of speech synthesis measures the voice, not the catalogue (its cost is in 1.)")
    per = f"FORMATS={CATALOGUE_FORMATS}"
    j1 = row(measure(f"make -j1 all ({CATALOGUE_FORMATS})", make(project, "-j1", per, "all"), runs, env=env, before=clean(project)))
    j2 = row(measure(f"make -j2 all ({CATALOGUE_FORMATS})", make(project, "-j2", per, "all"), runs, env=env, before=clean(project)))
    html_epub = row(
        measure("make -j1 all (html epub)", make(project, "-j1", "FORMATS=html epub", "all"), runs, env=env, before=clean(project))
    )
    one = row(
        measure(
            "python -m pipeline build --formats html,epub (one process)",
            [PYTHON, "-m", "pipeline", "build", "--formats", "html,epub", "--force", "-q"],
            runs,
            project,
            env,
        )
    )
    print("\n  the raw engines, file after file")
    pandoc = row(measure(f"pandoc -> HTML, pandoc -> EPUB, x {count}", raw_catalogue_script(tmp, sources, "html+epub"), runs))
    weasy = row(measure(f"WeasyPrint CLI -> a4.pdf (leaflet HTML), x {count}", raw_catalogue_script(tmp, sources, "pdf"), runs, env=env))

    print("\n  per summary (wall s)")
    print(f"  {'ours, make -j1 (html, 4 PDFs, epub, pages)':<58} {j1.wall / count:8.3f}")
    print(f"  {'ours, make -j2 (html, 4 PDFs, epub, pages)':<58} {j2.wall / count:8.3f}")
    print(f"  {'ours, make -j1 html + epub':<58} {html_epub.wall / count:8.3f}")
    print(f"  {'ours, one process html + epub':<58} {one.wall / count:8.3f}")
    print(f"  {'pandoc html + epub':<58} {pandoc.wall / count:8.3f}")
    print(f"  {'pandoc html + epub + WeasyPrint CLI x 4 PDFs':<58} {(pandoc.wall + 4 * weasy.wall) / count:8.3f}")
    speedup = j1.wall / j2.wall
    print(f"  speed-up -j2 over -j1: {speedup:.2f}x (cores kept busy: -j1 {j1.cpu / j1.wall:.2f}, -j2 {j2.cpu / j2.wall:.2f})")
    ratio("make -j1 html+epub / pandoc html+epub", html_epub, pandoc)
    ratio("make -j1 all four / (pandoc html+epub + WeasyPrint x 4)", j1, pandoc + weasy.times(4, "weasyprint x 4"))
    ratio("one process html+epub / pandoc html+epub", one, pandoc)
    return [j1, j2, html_epub, one], {"catalogue": one.wall <= PANDOC_RATIO * pandoc.wall, "speedup": speedup >= SPEEDUP}


def scale(tmp: Path, project: Path, count: int, audio: bool) -> tuple[list[Figure], dict[str, bool]]:
    """One `build` of many summaries: at 10, 100 and `count` summaries in two processes (--jobs 2),
    at 100 in one, and `count` on a local Dask cluster; the time per summary must not grow."""
    formats = "html,pdf,epub,pages" + (",audio" if audio else "")
    cache = tmp / "scale-tts"
    env = environment(PIPELINE_TTS_CACHE=str(cache))
    header(f"4. scale: a catalogue of up to {count} generated summaries, formats {formats}, one `python -m pipeline build`")
    if audio:  # warm the speech cache: every copy says the same sentences but its title
        sample([PYTHON, "-m", "pipeline", "build", str(POEMS), "--formats", "audio", "--out", str(tmp / "warm")], project, env)

    def run(sources: list[Path], *how: str) -> Figure:
        out = tmp / "scale-out"
        command = [PYTHON, "-m", "pipeline", "build", *map(str, sources), "--formats", formats, "--out", str(out), "-q", *how]
        return measure(
            f"{len(sources)} summaries {' '.join(how) or '--jobs 1'}", command, 1, project, env, before=lambda: shutil.rmtree(out, True)
        )

    ten = row(run(catalogue_sources(project, 10), "--jobs", "2"))
    hundred = catalogue_sources(project, 100)
    one, two = row(run(hundred)), row(run(hundred, "--jobs", "2"))
    sources = catalogue_sources(project, count)
    many, dask = row(run(sources, "--jobs", "2")), row(run(sources, "--scheduler", "local", "--jobs", "2"))
    print("\n  per summary (wall s), speed-up over --jobs 1, peak MB of the largest process")
    sizes = {ten: 10, one: 100, two: 100, many: count, dask: count}
    for figure, n in sizes.items():
        print(f"  {figure.name:<58} {figure.wall / n:8.3f} {one.wall / 100 / (figure.wall / n):7.2f}x {figure.peak_mb:8.0f}")
    growth = (many.wall / count) / (ten.wall / 10)
    print(f"  growth of the time per summary from 10 to {count} (--jobs 2): {growth:.2f}x")
    per_summary = min(many.wall, dask.wall) / count
    languages, total = 5, 10_000 * 5
    print(f"  10,000 summaries x {languages} languages at the best rate here ({per_summary:.2f} s each on 2 cores):")
    print(f"  {total * per_summary / 3600:.1f} h on this machine; on N such 2-core workers about {total * per_summary / 3600:.1f}/N h")
    return [ten, one, two, many, dask], {"growth": growth <= GROWTH}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure, median printed (default 5)")
    parser.add_argument("--catalogue", type=int, default=50, help="summaries in the generated catalogue (default 50)")
    parser.add_argument("--catalogue-runs", type=int, default=1, help="runs per catalogue figure (default 1)")
    parser.add_argument("--scale", type=int, default=1000, help="summaries in the scale section (default 1000)")
    parser.add_argument("--scale-audio", action="store_true", help="add the audio to the scale section (warm speech cache)")
    parser.add_argument("--search", type=int, default=1000, help="summaries in the search section's catalogue (default 1000)")
    parser.add_argument("--only", default="5,1,2,3,4,6", help="sections to run, e.g. 5,3 (5, the peers, runs first)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print where it is")
    args = parser.parse_args()
    sections = {int(s) for s in args.only.split(",")}

    print(f"machine: {machine()}")
    print(f"load average before: {load()} (other work on the machine inflates wall times; CPU times less so)")
    print("wall = elapsed; cpu = user + system of the process and its children; peak = largest single process (GNU time)")
    tmp = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    ours: list[Figure] = []
    met: dict[str, bool | None] = dict.fromkeys(
        (
            "peer-html+epub",
            "peer-pdf",
            "peer-audio",
            "peer-peak",
            "poems",
            "catalogue",
            "noop",
            "speedup",
            "growth",
            "search-query",
            "search-pages",
        )
    )
    try:
        if 5 in sections:
            pairs, found = peers(tmp, args.runs, PYTHON)
            met.update(found)
            ours += [p.ours for p in pairs]
        if 1 in sections:
            figures, met["poems"] = poems(tmp, args.runs)
            ours += figures
        if sections & {2, 3, 4}:
            project = scratch_project(tmp)
        if 2 in sections:
            figures = incremental(project, args.runs)
            met["noop"] = figures[1].wall < NOOP_SECONDS
            ours += figures
        if 3 in sections:
            figures, found = catalogue(tmp, project, args.catalogue, args.catalogue_runs)
            met.update(found)
            ours += figures
        if 4 in sections:
            figures, found = scale(tmp, project, args.scale, args.scale_audio)
            met.update(found)
            ours += figures
        if 6 in sections:
            figures, found = search(tmp, PYTHON, args.search, args.runs)
            met.update(found)
            ours += figures
    finally:
        if args.keep:
            print(f"\nscratch kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    peak = max(ours, key=lambda f: f.worst_peak_mb)
    met["peak"] = peak.worst_peak_mb < PEAK_MB
    targets = {
        "peer-html+epub": "html+epub per summary in one process at most 0.5x pandoc file after file",
        "peer-pdf": "each PDF variant at most 0.5x pandoc --pdf-engine=weasyprint",
        "peer-pdf, many": "each PDF variant, 20 summaries in one process, at most 0.5x pandoc --pdf-engine=weasyprint",
        "peer-audio": "POEMS audio, empty speech cache, at most 1.0x the Piper CLI + ffmpeg on the same words",
        "peer-peak": "our largest process in section 5 under 400 MB",
        "poems": "POEMS, all formats no slower than the sum of the raw engine runs",
        "catalogue": f"catalogue html+epub per summary, one process, at most {PANDOC_RATIO}x pandoc per file",
        "noop": f"no-op `make all` under {NOOP_SECONDS} s",
        "speedup": f"make -j2 at least {SPEEDUP}x faster than -j1",
        "growth": f"time per summary at --scale summaries at most {GROWTH}x that at 10",
        "search-query": f"a warm search of --search summaries at most {QUERY_MS:.0f} ms in Chromium",
        "search-pages": f"the catalogue's front page and every page at most {PAGE_KB:.0f} kB",
        "peak": f"peak memory under {PEAK_MB:.0f} MB (worst: {peak.worst_peak_mb:.0f} MB, {peak.name})",
    }
    print(f"\nload average after: {load()}\ntargets")
    for key, text in targets.items():
        verdict = {True: "met", False: "MISSED", None: "not measured"}[met.get(key)]
        print(f"  {verdict:<13} {text}")
    missed = [key for key, value in met.items() if value is False]
    if missed:  # loudly: a figure that went backwards stops `make bench`
        print(f"\nbench: {len(missed)} target(s) MISSED: {', '.join(missed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
