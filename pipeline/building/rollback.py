"""A summary's outputs are one set: a build that fails part-way leaves the previous set whole.

Each writer replaces its files atomically, but a summary's formats are written one after the
other: when the braille fails on a sentence the PDFs and the ebook already say, the folder would
hold two versions of the leaflet. Before its formats are written, each output and build record of
the summary is kept as a hard link (the old bytes, for free: a writer renames a new file over the
name, it never writes into the old one); if any format fails, every kept file is put back and each
new one removed. Kept links live in output/.build/previous/, gone once the set is whole.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from types import TracebackType

from pipeline.model import Summary
from pipeline.options import Options
from pipeline.output import output_folder, place, record_file
from pipeline.writers import get_writer


class Previous:
    """The outputs of one summary as they were before this build; `restore` puts them back."""

    def __init__(self, summary: Summary, names: list[str], options: Options) -> None:
        out = Path(options.out_dir)
        folder = output_folder(summary, out)
        self.files = [folder / f for name in names for f in get_writer(name).filenames(summary, options)]
        self.files += [record_file(summary, name, out) for name in names]
        self.kept_in = out / ".build" / "previous" / f"{place(summary).replace('/', '.')}.{os.getpid()}"
        self.kept: dict[Path, Path | None] = {}

    def __enter__(self) -> Previous:
        shutil.rmtree(self.kept_in, ignore_errors=True)  # left by a build that was killed
        for n, path in enumerate(self.files):
            try:
                if not path.is_file():
                    self.kept[path] = None
                    continue
                self.kept_in.mkdir(parents=True, exist_ok=True)
                copy = self.kept_in / f"{n}-{path.name}"
                try:
                    os.link(path, copy)
                except OSError:  # a file system without hard links
                    shutil.copy2(path, copy)
                self.kept[path] = copy
            except OSError:  # an output folder that cannot be written: the writers will say so
                self.kept.pop(path, None)
        return self

    def restore(self) -> None:
        for path, copy in self.kept.items():
            with contextlib.suppress(OSError):
                if copy is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(copy, path)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        shutil.rmtree(self.kept_in, ignore_errors=True)
        with contextlib.suppress(OSError):  # another build's links may be there
            self.kept_in.parent.rmdir()
