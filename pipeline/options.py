"""The one options object a build takes (like WeasyPrint's DEFAULT_OPTIONS)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TTS_ENGINES = ("auto", "gtts", "offline")
# The cores this process may use (its CPU affinity, as a container or `taskset` limits it): how many
# processes the voice, a summary's PDFs and a local cluster spread their work over
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    out_dir: Path = Path("output")
    formats: tuple[str, ...] | None = None  # None: every format (writers.requested)
    strict: bool = False
    tts: str = "auto"
    print_marks: bool = False
    jobs: int = 1
    quiet: bool = False
    force: bool = False  # rebuild even what is up to date
    today: date | None = None  # for "review overdue"; None means the real date
    max_grade: float = 8.0  # readability limit for the plain-language page
    braille_cells: int | None = None  # cells a line and lines a page of the embosser (BRF/PEF);
    braille_lines: int | None = None  # None: publisher.yaml's, else 40 x 25 (see braille.layout.page_size)
    templates: Path | None = None  # a publisher's templates and stylesheets, used before ours
    clinics: tuple[str, ...] = ()  # build --clinic: these clinics' copies (their ids, or "all") instead of the outputs
    scheduler: str | None = None  # None: this process (or --jobs); "local" or "tcp://HOST:8786": Dask
    extra: dict[str, str] = field(default_factory=dict)
