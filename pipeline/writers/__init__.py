"""The writers: one module a format, all reading the same model (Pandoc's writer table).

A writer is imported only when it is used, so `lint` never loads WeasyPrint and a
missing optional engine is reported politely (Pelican's `enabled`/`disabled_message`).
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Protocol

from pipeline.model import Summary
from pipeline.options import Options

# format name -> module defining `WRITER`
REGISTRY: dict[str, str] = {
    "html": "pipeline.writers.html",
    "pdf": "pipeline.writers.pdf",
    "epub": "pipeline.writers.epub",
    "audio": "pipeline.writers.audio",
    "read-aloud": "pipeline.writers.read_aloud",
    "braille": "pipeline.writers.braille",
    "pages": "pipeline.writers.pages",
}


class Writer(Protocol):
    name: str

    def filenames(self, summary: Summary, options: Options) -> list[str]:
        """The files this writer makes in output/<slug>/, for this summary and options."""

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        """Write the files (atomically) into `folder` and return their paths."""


def get_writer(name: str) -> Writer:
    module = importlib.import_module(REGISTRY[name])
    writer: Writer = module.WRITER
    return writer


def available() -> list[str]:
    """The formats whose writer module exists in this checkout."""
    return [name for name, mod in REGISTRY.items() if importlib.util.find_spec(mod) is not None]
