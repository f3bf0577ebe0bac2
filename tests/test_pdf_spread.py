"""A summary's PDF variants spread over the cores (pipeline/writers/pdf/spread.py) give the same
bytes as one after the other, in order, and a failure in any share is raised as itself."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import POEMS

from pipeline.errors import OutputError
from pipeline.options import CORES

ROOT = Path(__file__).resolve().parent.parent
needs_two_cores = pytest.mark.skipif(CORES < 2, reason="one core: the variants are rendered one after the other")


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter: spread forks only in a process with one thread (pytest's workers have more)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@needs_two_cores
def test_the_shares_run_in_other_processes_and_come_back_in_order():
    run = _python(
        """
        import os
        from pipeline.writers.pdf.spread import processes, spread
        assert processes() > 1
        results = spread([lambda n=n: (n, os.getpid()) for n in range(5)])
        assert [n for n, _ in results] == list(range(5)), results
        assert len({pid for _, pid in results}) > 1, results
        assert results[0][1] == os.getpid()  # this process takes the first share
        print("ok")
        """
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


@needs_two_cores
def test_a_failure_in_another_process_is_raised_as_itself():
    run = _python(
        """
        from pipeline.errors import OutputError
        from pipeline.writers.pdf.spread import spread

        def fail():
            raise OutputError("poems-letter.pdf: WeasyPrint: no such font")

        try:
            spread([lambda: b"fine", fail])
        except OutputError as exc:
            print(exc)
        """
    )
    assert run.returncode == 0 and run.stdout.strip() == str(OutputError("poems-letter.pdf: WeasyPrint: no such font")), run.stderr


@needs_two_cores
def test_a_process_that_dies_is_a_failure_not_a_missing_variant():
    run = _python(
        """
        import os
        from pipeline.writers.pdf.spread import spread
        try:
            spread([lambda: b"fine", lambda: os._exit(9)])
        except RuntimeError as exc:
            print(exc)
        """
    )
    assert run.returncode == 0 and "ended without a result" in run.stdout, run.stdout + run.stderr


def test_with_threads_running_nothing_is_forked():
    run = _python(
        """
        import os, threading
        from pipeline.writers.pdf.spread import spread
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        try:
            print(len({pid for pid in spread([os.getpid, os.getpid, os.getpid])}))
        finally:
            stop.set()
        """
    )
    assert run.returncode == 0 and run.stdout.strip() == "1", run.stderr


@pytest.mark.slow
@needs_two_cores
def test_spread_pdfs_and_booklets_are_byte_identical_to_one_after_the_other(tmp_path):
    outputs = {}
    for processes in ("1", ""):
        out = tmp_path / f"out{processes or 'n'}"
        command = [sys.executable, "-m", "pipeline", "build", str(POEMS), "--formats", "pdf,booklet", "--out", str(out), "-q"]
        run = subprocess.run(command, cwd=ROOT, env={**os.environ, "PIPELINE_PDF_PROCESSES": processes}, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        outputs[processes] = {p.name: p.read_bytes() for p in sorted(out.rglob("*.pdf"))}
    assert len(outputs["1"]) == 7  # a4, letter, large print; two booklets and their imposed sheets
    assert outputs["1"] == outputs[""]


@needs_two_cores
def test_the_setting_caps_the_processes():
    code = "import os\nfrom pipeline.writers.pdf.spread import spread\nprint(len(set(spread([os.getpid] * 6))))"
    assert [_python(code, PIPELINE_PDF_PROCESSES=n).stdout.strip() for n in ("1", "2")] == ["1", "2"]
    assert _python(code).stdout.strip() == str(min(6, CORES + 1))
