"""A writer of two files that fails between them when the summary says BOOM: a format that dies
half-way, as a full disk or a refused sentence leaves it (tests of the build's rollback)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import OutputError
from pipeline.model import Summary, inline_text
from pipeline.options import Options
from pipeline.output import write_atomic
from pipeline.writers import Writer


class HalfwayWriter(Writer):
    name = "halfway"
    outputs = ("{slug}.first", "{slug}.second")
    after = ("text",)

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        words = " ".join(inline_text(b.inlines) for s in summary.sections for b in s.blocks if hasattr(b, "inlines"))
        first = write_atomic(folder / f"{summary.slug}.first", words)
        if "BOOM" in words:
            raise OutputError(f"cannot write {summary.slug}.second: disk full")
        return [first, write_atomic(folder / f"{summary.slug}.second", words)]


WRITER = HalfwayWriter()
