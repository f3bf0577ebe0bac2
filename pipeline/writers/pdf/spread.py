"""A summary's PDF variants laid out on every core: each variant is independent of the others.

The process forks after WeasyPrint is imported and the stylesheets parsed, so a child starts at
once with everything its parent has; it renders its share and sends the bytes back through a
pipe. A variant's bytes do not depend on the process that made it (WeasyPrint's output is a
function of the document; the /ID is a content hash), which tests/test_pdf_spread.py proves.

Used only where the cores would otherwise wait: the build's main process (a `--jobs` pool or a
Dask worker already has a summary on each core), no other thread running (a fork copies only
the calling thread, and a lock another thread held would stay held in the child), and Linux's
fork (elsewhere, one after the other).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from pipeline.options import CORES

T = TypeVar("T")


def processes() -> int:
    """How many processes may share a summary's PDFs: one a call, up to one more than the cores (a
    process's first layout loads the fonts, 0.08 s, so three variants on two cores end sooner in
    three processes, 1.10 s for POEMS's PDFs, than in two, 1.16 s); PIPELINE_PDF_PROCESSES=N
    sets at most N (1: one after the other). One where forking is unsafe or useless."""
    if not (
        CORES > 1
        and hasattr(os, "fork")
        and multiprocessing.parent_process() is None  # not a pool's worker
        and threading.active_count() == 1
    ):
        return 1
    setting = os.environ.get("PIPELINE_PDF_PROCESSES", "")
    return max(1, int(setting)) if setting.isdigit() else CORES + 1


def spread(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Each call's result, in order; the calls shared out over processes (this one takes the first
    share), in order, in runs."""
    parts = min(processes(), len(calls))
    if parts < 2:
        return [call() for call in calls]
    bounds = [int(n * len(calls) / parts + 0.5) for n in range(parts + 1)]
    shares = [list(range(bounds[n], bounds[n + 1])) for n in range(parts)]
    children = [_fork(calls, share) for share in shares[1:]]
    results: dict[int, T] = {}
    failure: BaseException | None = None
    try:
        for n in shares[0]:
            results[n] = calls[n]()
    except BaseException as exc:  # the children are still collected, then the first failure raised
        failure = exc
    for pid, reader in children:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if failure is not None:
            continue
        if not data:
            failure = RuntimeError(f"a PDF rendering process ended without a result (wait status {status})")
            continue
        try:
            outcome, payload = pickle.loads(data)
        except Exception as exc:  # an error type that cannot be remade from its pickle
            failure = RuntimeError(f"a PDF rendering process's result could not be read: {exc}")
            continue
        if outcome == "error":
            failure = payload
        else:
            results.update(payload)
    if failure is not None:
        raise failure
    return [results[n] for n in range(len(calls))]


def _fork(calls: Sequence[Callable[[], T]], share: list[int]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # the child: its share, then out without running the parent's exit handlers
    os.close(reader)
    status = 0
    try:
        try:
            data = pickle.dumps(("ok", {n: calls[n]() for n in share}))
        except BaseException as exc:
            try:
                data = pickle.dumps(("error", exc))
            except Exception:
                data = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        status = 1
    finally:
        os._exit(status)
