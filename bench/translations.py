"""Bench: what finding a summary's translations costs in a big folder (prints figures; not a test).

    .venv/bin/python bench/translations.py [COUNT]      default: 3000 summaries in one folder

`make` starts one process per output, and each reads its summary with its family of translations
(pipeline/translations.py). Rows: the scan of the folder when nothing is remembered (every file's
head read), when a run before it left its memo (only the folder listed), and within one process
(the folder listed, the scan itself cached), then a whole `read` of one summary beside them.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from measure import ROOT, timed

sys.path.insert(0, str(ROOT))

from pipeline import output  # noqa: E402
from pipeline.reading import translations
from pipeline.reading.reader import read  # noqa: E402

POEMS = ROOT / "source" / "poems-syndrome.md"
SPANISH = ROOT / "tests" / "fixtures" / "translations" / "sindrome-poems-es.md"


def median(fn: Callable[[], object], runs: int = 5) -> float:
    return statistics.median(timed(fn)[0] for _ in range(runs))


def main(count: int) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory(prefix="bench-translations-") as tmp:
        folder = Path(tmp) / "source"
        folder.mkdir()
        text = POEMS.read_text("utf-8")
        for i in range(count - 2):
            (folder / f"summary-{i:05d}.md").write_text(text.replace("title: POEMS syndrome", f"title: Summary {i}"), "utf-8")
        shutil.copy2(POEMS, folder / POEMS.name)
        shutil.copy2(SPANISH, folder / SPANISH.name)
        output.CACHE_HOME = Path(tmp) / "cache"  # a cache of its own: the first row remembers nothing

        def cold() -> None:
            shutil.rmtree(output.CACHE_HOME, ignore_errors=True)
            translations.forget()
            translations._folder(folder)

        def remembered() -> None:  # a new process after another one scanned
            translations.forget()
            translations._folder(folder)

        cold()
        rows = [(f"scan, nothing remembered ({count} files read)", median(cold))]
        rows.append(("scan, remembered by an earlier run (a new process)", median(remembered)))
        rows.append(("scan, again in the same process", median(lambda: translations._folder(folder))))
        summary = read(folder / POEMS.name)[0]
        assert [t.slug for t in summary.translations] == [SPANISH.stem]

        def whole_read() -> None:
            translations.forget()
            read(folder / POEMS.name)

        rows.append(("read POEMS with its family, remembered", median(whole_read)))
        return rows


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    print(f"translations of one summary among {count} in a folder (median of 5, in-process)")
    for name, seconds in main(count):
        print(f"  {name:<56} {seconds * 1000:8.1f} ms")
