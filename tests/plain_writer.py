"""A minimal writer used to test the build machinery itself (skip, fail, jobs), not a format."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import OutputError
from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import write_atomic
from pipeline.rendering.stamp import stamp_for
from pipeline.writers import Writer


class PlainWriter(Writer):
    name = "text"
    outputs = ("{slug}.txt",)

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        if "FAIL" in summary.meta.title:
            raise OutputError(f"cannot write {summary.slug}.txt: disk full")
        return [write_atomic(folder / f"{summary.slug}.txt", f"{summary.meta.title}\n{stamp_for(summary).line}\n")]


WRITER = PlainWriter()
