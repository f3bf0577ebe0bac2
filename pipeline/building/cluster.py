"""Builds on a Dask cluster: one task a (summary, format), the download page after the formats it
describes, the catalogue on the client after every page. `--scheduler local` starts a LocalCluster
on this machine's cores; `--scheduler tcp://HOST:8786` uses a running cluster, whose workers have
the same package installed and see the same output folder (and, ideally, the same cache folder).

Dask reruns the tasks of a worker that dies (kill -9, a lost machine) on another; the atomic
writer means a task cut off half-way leaves no partial output, and the rerun sweeps its temp file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError
from pipeline.model import Summary
from pipeline.options import CORES, Options
from pipeline.output import place, remedy
from pipeline.writers import in_order, requested, waits_for

WINDOW = 4  # summaries in flight a worker: enough to keep every worker busy while one summary's formats wait for each other


def _task(summary: Summary, name: str, options: Options, *_after: object) -> Any:
    """One (summary, format) on a worker; `_after` are the tasks it waits for (Dask passes their results)."""
    from pipeline.building.tasks import write_format
    from pipeline.rendering.templating import use_templates

    use_templates(options.templates)
    return write_format(summary, name, options)


DASK = remedy(
    ".venv/bin/pip install -e '.[cluster]' (`make test` installs it)",
    "pipx inject patient-info-pipeline 'dask[distributed]>=2026.8'",
)


@contextmanager
def client_for(scheduler: str, workers: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler == "local":
        import dask

        # one single-threaded process a core: WeasyPrint and the voices hold the GIL. Without the
        # statistical profiler: its history (a stack tree a second, kept 1,000 s) grew each worker
        # by about 1 MB every ten seconds of a long build
        quiet = {"distributed.worker.profile.enabled": False, "distributed.admin.low-level-log-length": 100}
        with dask.config.set(quiet):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
        with cluster, Client(cluster) as client:
            yield client
    elif scheduler.startswith(("tcp://", "tls://", "ws://", "wss://")):
        try:  # within Dask's connect timeout (distributed.comm.timeouts.connect: 30 s unless set)
            client = Client(scheduler)
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
    else:
        raise UsageError(f"--scheduler {scheduler!r}: say 'local' or a scheduler address such as tcp://HOST:8786")


def build_on_cluster(summaries: list[Summary], options: Options, report: Callable[[Any], None] | None = None) -> list[Any]:
    """Every (summary, format) as a Dask task; the outcomes in the order they finish."""
    try:
        from distributed import as_completed
    except ImportError:
        raise UsageError(f"--scheduler needs Dask, which is not installed: {DASK}") from None

    scheduler = options.scheduler or "local"
    # workers elsewhere must write where we read: an absolute output folder
    options = replace(options, out_dir=Path(os.path.abspath(options.out_dir)), scheduler=None)
    outcomes = []
    workers = options.jobs if options.jobs > 1 else CORES
    with client_for(scheduler, workers) as client:
        # A window of summaries in flight, not the whole catalogue at once: the scheduler holds each
        # task's summary and result until it is gathered (1,000 summaries at once: 567 MB)
        pending, left = as_completed(), {}  # place -> its tasks not yet done
        queue = iter(summaries)

        def submit_next() -> None:
            summary = next(queue, None)
            if summary is None:
                return
            tasks: dict[str, Any] = {}
            for name in in_order(requested(options)):  # each task waits for those its writer waits for
                after = [tasks[f] for f in waits_for(name, tasks)]
                key = (name, place(summary), summary.source_sha256[:12])  # Dask groups tasks by the first part: the format
                tasks[name] = client.submit(_task, summary, name, options, *after, key=key, pure=False)
            left[place(summary)] = len(tasks)
            for future in tasks.values():
                pending.add(future)

        for _ in range(WINDOW * workers):
            submit_next()
        for future in pending:
            outcome = future.result()
            outcomes.append(outcome)
            if report:
                report(outcome)
            left[outcome.slug] -= 1
            if not left[outcome.slug]:
                del left[outcome.slug]
                submit_next()
    return outcomes
