"""The PDF writer's boundary to the outside world: WeasyPrint may read our templates, our font
and the summary's own images, nothing else; a refusal or a WeasyPrint error is one OutputError."""

from __future__ import annotations

import logging
import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.errors import OutputError
from pipeline.reading.clean import image_bytes
from pipeline.writers.pdf.engine import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class _Refused(Exception):
    pass


class RestrictedFetcher(URLFetcher):
    """Lets WeasyPrint read only files inside `roots` or one of `files` (real paths, so no
    `..` or symlink escape); refuses every other file, http(s), data: and any other scheme.

    WeasyPrint only logs a failed fetch; `fail_on_errors` makes it stop the rendering, and
    `refused` keeps the URL so the writer can name it.
    """

    def __init__(self, roots: tuple[Path, ...], files: frozenset[Path] = frozenset()) -> None:
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)
        self.roots = tuple(Path(os.path.realpath(r)) for r in roots)
        self.files = frozenset(Path(os.path.realpath(f)) for f in files)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            real = self._check(url)
        except _Refused:
            self.refused.append(url)
            raise
        if real in self.files:
            # An image from outside: its picture without its metadata, since WeasyPrint puts a JPEG in
            # the PDF as it is. Not answered as a file: URL, or WeasyPrint reads the file itself.
            media = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
            return URLFetcherResponse(f"cleaned:{real.name}", image_bytes(real), {"Content-Type": media})
        return super().fetch(url, headers)

    def _check(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise _Refused(url)
        real = Path(os.path.realpath(unquote(parts.path)))
        if real not in self.files and not any(root in real.parents for root in self.roots):
            raise _Refused(url)
        return real


class _Problems(logging.Handler):
    """WeasyPrint's errors (a missing lang or alt, a failed resource): ours become hard errors."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _refusal(fetcher: RestrictedFetcher, what: str) -> OutputError:
    allowed = "the project's templates, its font and images beside the source"
    return OutputError(f"{what}: refused to read {fetcher.refused[0]}: the leaflet may only use {allowed}")


@contextmanager
def guarded(fetcher: RestrictedFetcher, what: str) -> Iterator[None]:
    """Turn a refused URL or a WeasyPrint error into one clear OutputError.

    A refusal stops the rendering (FatalURLFetchingError), except inside an SVG, where
    WeasyPrint catches it and logs an error: the fetcher's record names the URL either way.
    """
    problems = _Problems()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(problems)
    try:
        yield
    except FatalURLFetchingError as exc:
        if fetcher.refused:
            raise _refusal(fetcher, what) from None
        raise OutputError(f"{what}: {exc} ({exc.__cause__})") from None
    finally:
        logger.removeHandler(problems)
    if fetcher.refused:
        raise _refusal(fetcher, what)
    if problems.messages:
        raise OutputError(f"{what}: WeasyPrint: {'; '.join(problems.messages)}")
