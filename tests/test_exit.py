"""The command line ends without Python's teardown (cli/main.py run()): still every byte written,
every exit handler run and the command's own exit status."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from pipeline.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


# `patient-info pictures` through run(), in a try: block the test ends with its own handler
RUN_PICTURES = "sys.argv = ['patient-info', 'pictures']\nfrom pipeline.cli.main import run\ntry:\n    run()\n"


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60
    )


def test_a_long_output_through_a_pipe_arrives_whole():
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["pictures"]) == 0
    run = subprocess.run([sys.executable, "-m", "pipeline", "pictures"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert len(printed.getvalue()) > io.DEFAULT_BUFFER_SIZE  # more than the buffer: its end was still buffered at exit
    assert run.stdout == printed.getvalue()


def test_exit_handlers_run_and_the_status_is_the_commands():
    run = _run(
        "import atexit, sys\n"
        "atexit.register(lambda: print('handlers ran'))\n"
        "sys.argv = ['patient-info', 'build', 'no-such-summary.md', '-q']\n"
        "from pipeline.cli.main import run\n"
        "run()\n"
    )
    assert run.returncode == 2, run.stderr
    assert "no-such-summary.md" in run.stderr
    assert run.stdout == "handlers ran\n"


def test_with_another_thread_running_the_usual_exit_waits_for_it():
    run = _run(
        "import sys, threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.5), print('thread finished'))).start()\n" + RUN_PICTURES + "finally:\n"
        "    sys.stdout.flush()\n"
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().endswith("thread finished")


def test_under_a_profiler_the_caller_gets_control_back():
    run = _run(
        "import sys\n"
        "sys.setprofile(lambda *_: None)  # as pyinstrument -m pipeline or a debugger\n" + RUN_PICTURES + "except SystemExit as exit:\n"
        "    sys.setprofile(None)\n"
        "    print('the profiler writes its report', exit.code)\n"
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().endswith("the profiler writes its report 0")
