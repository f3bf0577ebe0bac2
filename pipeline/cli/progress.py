"""Progress for editors: a bar on a terminal (rich), one plain line an output elsewhere."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from pipeline.building.tasks import Outcome


def _line(outcome: Outcome) -> str:
    why = f": {outcome.error.splitlines()[0]}" if outcome.error else ""
    return f"{outcome.status:>10}  {outcome.slug} {outcome.format} ({outcome.seconds:.2f} s){why}"


@contextlib.contextmanager
def progress(total: int, quiet: bool = False) -> Iterator[Callable[[Outcome], None]]:
    """Yield a callback to report each finished output."""
    if quiet:
        yield lambda outcome: None
        return
    if not sys.stderr.isatty():
        yield lambda outcome: print(_line(outcome), file=sys.stderr, flush=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("building", total=total)

        def report(outcome: Outcome) -> None:
            bar.console.print(_line(outcome), highlight=False)
            bar.update(task, advance=1, description=f"{outcome.slug} {outcome.format}")

        yield report
