"""`python -m pipeline preview`: serve output/ on 127.0.0.1 and rebuild when a source, template or code changes."""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli.arguments import add_sources, add_templates, source_files

if TYPE_CHECKING:
    import http.server

NAME = "preview"
PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline package


def add(sub: argparse._SubParsersAction) -> None:
    pv = sub.add_parser(
        NAME,
        help="serve output/ on 127.0.0.1 and rebuild on save",
        description="Serve the outputs locally and rebuild when a source, template or code changes.",
    )
    add_sources(pv)
    pv.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    pv.add_argument("--formats", default=None, help="formats to rebuild (default: all)")
    add_templates(pv)


def run(args: argparse.Namespace) -> int:
    from pipeline.rendering.templating import use_templates

    sources = source_files(args.sources)
    use_templates(args.templates)  # so it watches the publisher's templates too
    # no sources named: each rebuild builds source/*.md as it is then, so a new summary appears too
    build_args = [*map(str, args.sources), "--out", str(args.out), "--quiet"] + (["--formats", args.formats] if args.formats else [])
    build_args += ["--templates", str(args.templates)] if args.templates else []
    return preview(sources, args.out, args.port, build_args)


def rebuild(build_args: Sequence[str]) -> int:
    """Build in a fresh process, so edited code and templates are the ones used."""
    return subprocess.run([sys.executable, "-m", "pipeline", "build", *build_args], check=False).returncode


def serve(out_dir: Path, port: int) -> http.server.ThreadingHTTPServer:
    import http.server  # 16 ms that every other command would pay

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def preview(sources: Sequence[Path], out_dir: Path, port: int, build_args: Sequence[str]) -> int:
    import watchfiles

    from pipeline.rendering.templating import template_roots

    rebuild(build_args)
    server = serve(out_dir, port)
    print(f"serving {out_dir}/ at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)", file=sys.stderr, flush=True)
    watched = sorted({Path(s).resolve().parent for s in sources} | {*template_roots(), PACKAGE})
    out = str(Path(out_dir).resolve())

    def relevant(_: object, path: str) -> bool:  # never our own outputs: that would rebuild forever
        return not (path.startswith(out) or path.endswith((".part", ".pyc")) or "__pycache__" in path)

    try:
        for changes in watchfiles.watch(*watched, watch_filter=relevant):
            names = ", ".join(sorted({Path(p).name for _, p in changes}))
            print(f"changed: {names}; rebuilding", file=sys.stderr, flush=True)
            rebuild(build_args)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
