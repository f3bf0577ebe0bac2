"""EPUBCheck and Ace each kept running for every book a process checks (pipeline/checks/batches.py):
a book gets the verdict a run of its own gives it, a helper that cannot start costs nothing but
time, and the helpers end with the process that started them, leaving nothing behind."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import POEMS, ROOT

from pipeline.building.loop import build
from pipeline.checks import batches, validators
from pipeline.options import Options

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("books")
    build([POEMS], Options(out_dir=out, formats=("epub",), quiet=True, force=True))
    (good,) = out.rglob("*.epub")
    bad = out / "a missing picture, née.epub"  # a space and a letter outside ASCII in the name
    with zipfile.ZipFile(good) as book, zipfile.ZipFile(bad, "w") as copy:
        for info in book.infolist():
            data = book.read(info)
            if info.filename == "EPUB/summary.xhtml":  # no alt text, and nothing at that address
                data = data.replace(b"</section>", b'<img src="images/missing.png"/></section>', 1)
            copy.writestr(info, data)
    return {"good": good, "bad": bad}


def verdict(report: validators.Report) -> tuple[bool, dict[str, int], list[str]]:
    return report.ok, report.counts, report.messages


def answered() -> dict[str, int]:
    return {name: batch.answered for name, batch in batches._batches.items()}


def test_a_book_gets_the_same_verdict_from_the_running_helper_as_from_a_run_of_its_own(books, monkeypatch, tmp_path):
    helped = {}
    for name, tool in (("epubcheck", validators.epubcheck), ("ace", validators.ace)):
        before = answered().get(name, 0)  # the helper may be running already, started by an earlier test
        helped[name] = [verdict(tool(books[book])) for book in ("good", "bad")]
        assert answered()[name] == before + 2
    assert helped["epubcheck"][0][0] and helped["ace"][0][0]
    assert any("missing.png" in message for message in helped["epubcheck"][1][2])
    assert any("image-alt" in message for message in helped["ace"][1][2])

    # helpers that cannot start (a Java without its compiler, a broken script): each book alone
    (tmp_path / "EpubCheckBatch.java").write_text("public class EpubCheckBatch { this does not compile }\n")
    (tmp_path / "ace_batch.js").write_text("this is not JavaScript\n")
    monkeypatch.setattr(batches, "HERE", tmp_path)
    monkeypatch.setattr(batches, "_batches", {})
    monkeypatch.setattr(batches, "_unavailable", set())
    assert [verdict(tool(books["bad"])) for tool in (validators.epubcheck, validators.ace)] == [v[1] for v in helped.values()]
    assert batches._unavailable == {"epubcheck", "ace"} and not batches._batches  # not tried again for each book


def test_a_name_a_request_line_cannot_carry_is_left_to_a_run_of_its_own():
    def start() -> batches.Batch:
        raise AssertionError("no helper is started for it")

    for name in ("a\ttab.epub", "a\nline.epub", "a\rreturn.epub"):
        assert batches.ask("epubcheck", start, Path(name), Path("report.json")) is None


def test_the_helpers_end_with_the_process_that_started_them(books):
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from pipeline.checks import batches, validators\n"
        "assert validators.epubcheck(Path(sys.argv[1])).ok and validators.ace(Path(sys.argv[1])).ok\n"
        "print(*(b.proc.pid for b in batches._batches.values()), batches._batches['ace'].scratch, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(books["good"])], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == -9, proc.stderr
    *pids, scratch = proc.stdout.split()
    deadline = time.monotonic() + 30
    while any(running(int(pid)) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if running(int(pid))], "a helper outlived the process that started it"
    assert not Path(scratch).exists()  # Ace's helper removed its folder as it stopped


def running(pid: int) -> bool:
    """Whether the process is alive (one that has exited but is not yet reaped is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False
