"""Checking HTML pages as a reader's browser sees them: Debian's Chromium driven by Playwright,
axe-core (bundled in axe-playwright-python) and the Nu HTML Checker (npm vnu-jar, run with Java).

Shared by the large-print page tests and the download-page tests. Nothing here reaches the
network: pages are opened from file:// and every other request is recorded so a test can
assert there were none.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pipeline.checks.html_validators import AXE_OPTIONS
from pipeline.checks.validators import CHROMIUM, CHROMIUM_ARGS, JAVA, VNU_JAR

# WCAG 1.4.12 Text Spacing: the values a reader's own style sheet may impose.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright Browser) for the duration of the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class SharedChromium:
    """One headless Chromium for a whole test session (tests/conftest.py's `browser` fixture).

    Playwright's sync API marks its event loop as the thread's running loop from its start to its
    stop, and while a loop is marked running no other sync Playwright can start (the axe check that
    `pipeline check` runs in the test's own process) and no asyncio.run() either. So the loop is
    marked running only while a test uses the browser (`active`) and cleared between such tests;
    the browser and its driver stay up, idle, in between.
    """

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        self._loop = asyncio._get_running_loop()
        asyncio._set_running_loop(None)

    @contextmanager
    def active(self) -> Iterator[Any]:
        asyncio._set_running_loop(self._loop)
        try:
            yield self.browser
        finally:
            asyncio._set_running_loop(None)

    def close(self) -> None:
        with self.active():
            self.browser.close()
            self._playwright.stop()


@contextmanager
def open_page(browser: Any, path: Path, width: int = 1280, height: int = 900, color_scheme: str = "light") -> Iterator[Any]:
    """`path` opened from file:// in a fresh context; `page.requests` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    try:
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        yield page
    finally:
        context.close()


def axe_violations(page: Any, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page as loaded: [{id, impact, help, targets}]."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, options=options or AXE_OPTIONS).response
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in response["violations"]
    ]


def horizontal_overflow(page: Any) -> int:
    """How many CSS px the page scrolls sideways (0 means none)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def clipped_elements(page: Any) -> list[str]:
    """Elements whose content is cut off: overflow not visible and content larger than the box."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('body *')].filter(e => {
                const s = getComputedStyle(e);
                const hides = [s.overflowX, s.overflowY].some(o => o !== 'visible');
                return hides && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
            }).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))"""
        )
    )


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast of two computed CSS colours ('rgb(r, g, b)')."""

    def luminance(css: str) -> float:
        channels = [int(float(x)) / 255 for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def vnu_errors(paths: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors for `paths`, as 'file:line: message'."""
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `make test` (it installs package.json's vnu-jar)")
    missing = [p for p in paths if not Path(p).is_file()]
    assert not missing, f"vnu ignores missing files silently: {missing}"
    proc = subprocess.run(
        [*JAVA, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(proc.stdout)["messages"]
    return [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] != "info"]


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on the loopback address for the block (a browser loads a search
    index only over HTTP, never from file://); yields its address, ending in '/'."""
    import contextlib
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def handle(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page closed before a file was sent
                super().handle()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()  # shutdown waits a poll (0.5 s by default)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def open_url(
    browser: Any, url: str, width: int = 1280, height: int = 900, color_scheme: str = "light", javascript: bool = True
) -> Iterator[Any]:
    """`url` opened in a fresh context (with or without JavaScript); `page.errors` lists the script errors."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme, java_script_enabled=javascript)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    try:
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


def programs(text: str) -> int:
    """The scripts of a page that run (a <script> of JSON-LD is data)."""
    import html
    import re

    scripts = re.findall(r"<script([^>]*)>", html.unescape(text).lower())
    return sum('type="application/ld+json"' not in attributes for attributes in scripts)
