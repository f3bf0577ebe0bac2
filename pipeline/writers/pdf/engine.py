"""WeasyPrint, imported for every printed format here, without its library search's gcc runs.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject by trying each under its Windows, macOS
and Linux names; cffi hands every name it cannot open to `ctypes.util.find_library`, which on Linux
asks `ldconfig -p`, then gcc, then ld, a process each (Kozea/WeasyPrint#1125). Twenty-two searches
cost 0.17 s of the 0.5 s import on a two-core machine. During the import the search stops after
its first step, the loader's cache: the answer for every library the dynamic loader can find by
name, and the loader is what opens the result anyway. Other systems keep the full search.
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _loader_cache_search() -> Callable[[str], str | None] | None:
    # the first of find_library's three searches on Linux (CPython's ctypes/util.py)
    return getattr(ctypes.util, "_findSoname_ldconfig", None) if sys.platform.startswith("linux") else None


@contextmanager
def loader_cache_only() -> Iterator[None]:
    """`ctypes.util.find_library` answers from the loader's cache alone while the block runs."""
    search = _loader_cache_search()
    if search is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = search  # type: ignore[assignment]  # same signature, a plain callable
    try:
        yield
    finally:
        ctypes.util.find_library = original


with loader_cache_only():
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

__all__ = ["CSS", "HTML", "FatalURLFetchingError", "FontConfiguration", "URLFetcher", "URLFetcherResponse"]
