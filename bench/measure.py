"""What every bench script shares: timing a call in-process, and measuring a whole process.

A whole process is measured by GNU time (`/usr/bin/time -v`, Debian package `time`): wall
time, CPU time (user + system, children included) and peak memory, the largest resident set
of the process or of any one of its children (not the sum of children running at once).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Seconds `fn()` took in this process, and what it returned."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run(*cmd: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(cmd, input=stdin, capture_output=True, check=True).stdout


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak_mb: float  # largest resident set, MB


@dataclass(frozen=True)
class Figure:
    """The median of several samples of one command (each column its own median)."""

    name: str
    runs: int
    wall: float
    cpu: float
    peak_mb: float
    worst_peak_mb: float

    @classmethod
    def of(cls, name: str, samples: Sequence[Sample]) -> Figure:
        return cls(
            name,
            len(samples),
            statistics.median(s.wall for s in samples),
            statistics.median(s.cpu for s in samples),
            statistics.median(s.peak_mb for s in samples),
            max(s.peak_mb for s in samples),
        )

    def __add__(self, other: Figure) -> Figure:
        """Two commands run one after the other (wall and CPU add up; peak is the larger)."""
        return Figure(
            f"{self.name} + {other.name}",
            min(self.runs, other.runs),
            self.wall + other.wall,
            self.cpu + other.cpu,
            max(self.peak_mb, other.peak_mb),
            max(self.worst_peak_mb, other.worst_peak_mb),
        )

    def times(self, n: int, name: str) -> Figure:
        return Figure(name, self.runs, self.wall * n, self.cpu * n, self.peak_mb, self.worst_peak_mb)


def _gnu_time_field(report: str, label: str) -> str:
    found = re.search(rf"^\s*{re.escape(label)}: (.+)$", report, re.M)
    if not found:
        raise RuntimeError(f"no {label!r} in GNU time's report:\n{report}")
    return found.group(1).strip()


def sample(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Sample:
    """One run of `cmd` under GNU time; raises with the command's output if it fails."""
    if not Path(GNU_TIME).is_file():
        raise SystemExit(f"{GNU_TIME} is missing: install the Debian package `time` (make installs it)")
    with tempfile.NamedTemporaryFile("r", prefix="bench-time-", suffix=".txt") as report_file:
        started = time.perf_counter()
        proc = subprocess.run([GNU_TIME, "-v", "-o", report_file.name, *cmd], cwd=cwd, env=env, capture_output=True, check=False)
        wall = time.perf_counter() - started  # finer than GNU time's 10 ms
        if proc.returncode != 0:
            out = (proc.stdout + proc.stderr).decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{out}")
        report = report_file.read()
    cpu = float(_gnu_time_field(report, "User time (seconds)")) + float(_gnu_time_field(report, "System time (seconds)"))
    peak_kb = int(_gnu_time_field(report, "Maximum resident set size (kbytes)"))
    return Sample(wall, cpu, peak_kb / 1024)


def measure(
    name: str,
    cmd: Sequence[str],
    runs: int,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    before: Callable[[], object] | None = None,
) -> Figure:
    """The median of `runs` runs of `cmd`; `before()` runs (untimed) before each one."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(sample(cmd, cwd, env))
    return Figure.of(name, samples)


def environment(**extra: str) -> dict[str, str]:
    """This process's environment with the venv's commands (weasyprint) first on PATH."""
    venv_bin = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}", **extra}


def which(command: str) -> str:
    found = shutil.which(command, path=environment()["PATH"])
    if not found:
        raise SystemExit(f"`{command}` is not installed: run `make .venv/.installed .venv/.system-deps` first")
    return found
