"""The pages' validators: axe-core in real headless Chromium and the Nu HTML Checker (vnu).

Alone, each call starts its own browser or Java. Within `shared()` (one `check` run) every page
is laid before axe in one Chromium, started at the first page, and the pages named to
`prefetch_vnu` are validated in one Java run: a catalogue's check no longer starts a browser and a
Java per page (each about a second). Every page still gets a fresh browser context, and a page
changed since its prefetch is validated again.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pipeline.checks.validators import CHROMIUM, CHROMIUM_ARGS, JAVA, JAVA_INSTALL, NPM, VNU_JAR, Report, need, scratch_env
from pipeline.errors import OutputError
from pipeline.output import remedy

AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"color-contrast-enhanced": {"enabled": True}},  # WCAG AAA 7:1
    "resultTypes": ["violations"],
}


def vnu_reports(pages: Iterable[Path]) -> dict[Path, Report]:
    """The Nu HTML Checker's verdict on each page, from one Java run."""
    jar = need(VNU_JAR, remedy("run `make test` once (installs npm vnu-jar)", NPM))
    need("java", JAVA_INSTALL)
    pages = list(pages)
    for page in pages:
        if not page.is_file():  # vnu silently passes a missing file
            raise OutputError(f"{page} does not exist")
    command = [*JAVA, "-jar", jar, "--format", "json", "--stdout", *map(str, pages)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:  # no report is not a pass: Java that did not start says nothing on stdout
        messages = json.loads(proc.stdout)["messages"]
    except (json.JSONDecodeError, KeyError, TypeError):
        said = (proc.stderr + proc.stdout).strip()[-400:]  # a JVM that cannot start says why on stdout
        raise OutputError(f"the Nu HTML Checker did not run (exit {proc.returncode}): {said}") from None
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    paths = {str(page.resolve()): page for page in pages}
    found: dict[Path, list[str]] = {page: [] for page in pages}
    for m in errors:
        named = paths.get(unquote(str(m.get("url", "")).removeprefix("file:")))
        # a message vnu gives no page, or one we cannot tell, counts against every page
        for each in [named] if named else pages:
            found[each].append(f"line {m.get('lastLine', '?')}: {m['message']}")
    return {page: Report("Nu HTML Checker", not said, said, {"errors": len(said)}) for page, said in found.items()}


def vnu(html: Path) -> Report:
    if _session is not None and (report := _session.prefetched(html)) is not None:
        return report
    return vnu_reports([html])[html]


def axe(html: Path) -> Report:
    """axe-core in real headless Chromium, WCAG 2.2 A/AA plus the AAA contrast rule."""
    need(CHROMIUM, remedy("run `make all` (installs Debian's chromium)", "install Debian's chromium: apt-get install chromium"))
    if _session is not None:
        return _session.axe(html)
    with _Chromium() as chromium:
        return chromium.axe(html)


class _Chromium:
    """One headless Chromium in a thread of its own: Playwright's sync API marks the thread that
    starts it as running an event loop until it stops, which would bar asyncio from the caller's."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="axe")
        self._resources = ExitStack()
        self._browser: Any = None

    def __enter__(self) -> _Chromium:
        return self

    def __exit__(self, *_: object) -> None:
        self._thread.submit(self._resources.close).result()
        self._thread.shutdown()

    def axe(self, html: Path) -> Report:
        return self._thread.submit(self._axe, html).result()

    def _axe(self, html: Path) -> Report:
        from axe_playwright_python.sync_playwright import Axe

        if self._browser is None:
            from playwright.sync_api import sync_playwright

            scratch = self._resources.enter_context(tempfile.TemporaryDirectory())
            playwright = self._resources.enter_context(sync_playwright())
            env: dict[str, str | float | bool] = {**scratch_env(Path(scratch))}
            self._browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
            self._resources.callback(self._browser.close)
        context = self._browser.new_context()  # nothing of one page's visit seen by the next
        try:
            page = context.new_page()
            page.goto(html.resolve().as_uri())
            results = Axe().run(page, options=AXE_OPTIONS)
        finally:
            context.close()
        violations = [
            f"{v['impact']} {v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
            for v in results.response["violations"]
        ]
        engine = "axe-core " + results.response.get("testEngine", {}).get("version", "")
        return Report(engine, not violations, violations, {"violations": len(violations)})


class _Session:
    def __init__(self, chromium: _Chromium) -> None:
        self.axe = chromium.axe
        self._vnu: dict[tuple[Path, int, int], Report] = {}

    def prefetch_vnu(self, pages: Iterable[Path]) -> None:
        pages = [p for p in pages if p.is_file()]
        if pages:
            self._vnu.update((_version(p), report) for p, report in vnu_reports(pages).items())

    def prefetched(self, page: Path) -> Report | None:
        return self._vnu.get(_version(page)) if page.is_file() else None


def _version(page: Path) -> tuple[Path, int, int]:
    stat = page.stat()
    return page.resolve(), stat.st_mtime_ns, stat.st_size


_session: _Session | None = None


@contextmanager
def shared() -> Iterator[_Session]:
    """One browser for every axe check and one Java run for the prefetched pages, for the block."""
    global _session
    if _session is not None:  # already inside one
        yield _session
        return
    with _Chromium() as chromium:
        _session = _Session(chromium)
        try:
            yield _session
        finally:
            _session = None
