"""Validators kept running: one helper process for every file a process checks.

A run of EPUBCheck spends about 3.5 s starting Java and compiling its schemas and a tenth of a
second on a summary's book; Ace spends a second starting Node and a browser. `check` of a summary
with its translations (several books), or a test session, paid those starts again for each book.
A batch helper (EpubCheckBatch.java, ace_batch.js, beside this file) runs the tool's own check
once for each request line it reads, "<field>\\t<field>\\n", and answers with one line. It is
started at the first request and stops when its input closes, so it ends with the process that
started it, however that ends. A request the helper cannot take (a field with a tab or a line
break) or answer (a helper that did not start or crashed) returns None: the caller then runs the
tool alone, as before, and a helper that never answered is not started again in this process.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import OutputError

HERE = Path(__file__).resolve().parent
TIMEOUT = 300  # seconds a file may take, as when each had a process of its own


class Batch:
    def __init__(self, command: list[str], env: dict[str, str] | None = None, scratch: Path | None = None) -> None:
        self.pid = os.getpid()
        self.answered = 0
        self.scratch = scratch  # a folder of the helper's own, removed once it has stopped
        self.helper = Path(command[-1]).name
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def ask(self, line: str) -> str | None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):  # it has exited, or was closed
            return None
        if not select.select([self.proc.stdout], [], [], TIMEOUT)[0]:
            self.close()
            raise OutputError(f"{self.helper} took more than {TIMEOUT} s over {line.split(chr(9))[0]}")
        answer = self.proc.stdout.readline()
        if not answer.endswith(b"\n"):
            return None
        self.answered += 1
        return answer.decode("utf-8", "replace").strip()

    def close(self, wait: float = 0) -> None:
        with contextlib.suppress(OSError):
            if self.proc.stdin:
                self.proc.stdin.close()  # the helper's signal to stop
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(wait)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)


_batches: dict[str, Batch] = {}
_unavailable: set[str] = set()  # helpers that ended before their first answer in this process
_lock = threading.Lock()


def ask(name: str, start: Callable[[], Batch], *fields: Path) -> str | None:
    """The answer of the running `name` helper (started by `start` if need be) to one request."""
    if name in _unavailable or any(c in str(f) for f in fields for c in "\t\n\r"):
        return None
    line = "\t".join(str(f) for f in fields)
    with _lock:
        batch = _batches.get(name)
        if batch is None or batch.pid != os.getpid():  # a forked child starts its own
            batch = _batches[name] = start()
        try:
            answer = batch.ask(line)
        except OutputError:  # timed out: closed, the next request starts another
            del _batches[name]
            raise
        if answer is None:
            del _batches[name]
            batch.close()
            if not batch.answered:
                _unavailable.add(name)
        return answer


@atexit.register
def close_all() -> None:
    """Let each helper stop (Ace closes its browser), then stop any that does not."""
    for name in list(_batches):
        batch = _batches.pop(name)
        if batch.pid == os.getpid():
            batch.close(wait=5)
