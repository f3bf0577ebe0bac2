"""`python -m pipeline COMMAND`: exit 0 success, 1 a check failed, 2 bad input or usage, 3 a bug.

Each command is a module of this package with NAME, add(subparsers) and run(args) -> exit status;
a new command is a module and its place in COMMANDS.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from pipeline import __version__
from pipeline.cli import build, catalogue, check, importer, lint, pictures, preview, translations
from pipeline.errors import PipelineError

COMMANDS = {module.NAME: module for module in (build, preview, catalogue, translations, check, lint, importer, pictures)}

DESCRIPTION = """\
Publish a medically reviewed summary (source/<slug>.md) as a PDF leaflet, an EPUB,
a large-print web page and an audio version, each stamped with its review date.
"""
EPILOG = """\
examples:
  patient-info build                      every source/*.md into output/
  patient-info build source/poems-syndrome.md --formats pdf,html
  patient-info lint --strict              check sources; warnings count as errors

A publisher.yaml beside the sources brands every output (name, logo, accent colour,
contact line); --templates DIR overrides any template or stylesheet by name.

exit status: 0 success, 1 a check failed, 2 bad input or usage, 3 an unexpected failure (a bug)
"""


def _prog() -> str:
    """`patient-info` when run as the console script, `python -m pipeline` otherwise."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m pipeline" if name in ("", "__main__.py", "-c") else name


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too, but say it our way
        self.print_usage(sys.stderr)
        print(f"usage: {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=_prog(), description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS.values():
        command.add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except PipelineError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `lint --json | head`: the reader has gone; as a shell's SIGPIPE, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug: one line for an editor, the traceback with --debug
        if getattr(args, "debug", False):
            traceback.print_exc()
        else:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            print(
                f"internal error: {type(exc).__name__}: {exc} (in {os.path.basename(where.filename)}:{where.lineno}); "
                "run again with --debug for the traceback, and please report it",
                file=sys.stderr,
            )
        return 3


def run() -> NoReturn:
    """The command line's entry point (`patient-info`, `python -m pipeline`): main(), then out.

    Once the command is done, Python's teardown frees every module and object one by one (0.13 s
    after a PDF build, a tenth of it); nothing of ours needs it, so the process ends after the exit
    handlers and a flush. With another thread still running, the usual exit joins it first; under
    a profiler or a tracer (`pyinstrument -m pipeline`, a debugger) the caller still has work to do."""
    import atexit
    import threading

    status = main()
    if threading.active_count() > 1 or sys.getprofile() or sys.gettrace():
        sys.exit(status)
    atexit._run_exitfuncs()  # logging's flush, weakref finalizers, temporary folders
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = status or 141
    os._exit(status)
