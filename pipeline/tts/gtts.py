"""gTTS (Google Translate's voice): the voice the user chose, when the network allows.

Every request has a timeout; 429 and 5xx answers are retried with exponential backoff; a refused
connection, a timeout or an answer without audio raises `GttsUnavailable` at once. Audio is kept
in memory (gTTS's own `save` leaves a 0-byte file behind when it fails).
"""

from __future__ import annotations

import io
import logging
import os
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from gtts import gTTS, gTTSError

log = logging.getLogger("pipeline.audio")


class GttsUnavailable(Exception):
    """gTTS cannot speak now (no connection, timeouts, repeated HTTP errors, no audio)."""


@dataclass(frozen=True)
class GttsSettings:
    base_url: str | None = None  # None: Google; a mirror, or a test's stand-in on 127.0.0.1
    timeout: float = 15.0  # seconds, for connecting and for each read
    attempts: int = 4  # tries for one piece on 429/5xx
    backoff: float = 1.0  # seconds before the 2nd try, doubled each time

    @classmethod
    def from_extra(cls, extra: dict[str, str]) -> GttsSettings:
        """From `Options.extra` (gtts_url, gtts_timeout, gtts_attempts, gtts_backoff); $PIPELINE_GTTS_URL too."""
        defaults = cls()
        return cls(
            base_url=extra.get("gtts_url") or os.environ.get("PIPELINE_GTTS_URL") or None,
            timeout=float(extra.get("gtts_timeout", defaults.timeout)),
            attempts=max(1, int(extra.get("gtts_attempts", defaults.attempts))),
            backoff=float(extra.get("gtts_backoff", defaults.backoff)),
        )


class _RetargetedGTTS(gTTS):
    """gTTS whose requests go to `base_url` instead of translate.google.com (no global patching)."""

    def __init__(self, *args: object, base_url: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/")

    def _prepare_requests(self) -> list[requests.PreparedRequest]:
        prepared: list[requests.PreparedRequest] = super()._prepare_requests()
        for request in prepared:
            request.prepare_url(self.base_url + urlsplit(str(request.url)).path, None)
        return prepared


class GttsVoice:
    engine = "gtts"
    suffix = ".mp3"
    respells = False

    def __init__(self, language: str, settings: GttsSettings | None = None) -> None:
        self.language = language
        self.lang = language.split("-")[0].lower()
        self.settings = settings or GttsSettings()
        self.name = f"gTTS {self.lang} (Google Translate, online)"
        self.requests = 0  # pieces asked of the server (the cache test counts them)

    def _tts(self, text: str) -> gTTS:
        # (connect, read): an unreachable network is given up on quickly, a slow answer a little longer
        timeout = (min(5.0, self.settings.timeout), self.settings.timeout)
        if self.settings.base_url:
            return _RetargetedGTTS(text, lang=self.lang, lang_check=False, timeout=timeout, base_url=self.settings.base_url)
        return gTTS(text, lang=self.lang, lang_check=False, timeout=timeout)

    def synthesise(self, texts: list[str]) -> list[bytes]:
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> bytes:
        delay = self.settings.backoff
        for attempt in range(1, self.settings.attempts + 1):
            self.requests += 1
            buffer = io.BytesIO()
            try:
                self._tts(text).write_to_fp(buffer)
            except gTTSError as exc:
                status = exc.rsp.status_code if exc.rsp is not None else None
                retriable = status is not None and (status == 429 or status >= 500)
                if not retriable or attempt == self.settings.attempts:
                    raise GttsUnavailable(_describe(exc, status, attempt)) from None
                wait = _retry_after(exc.rsp, delay)
                log.info("gTTS answered %s; retrying in %.1f s", status, wait)
                time.sleep(wait)
                delay *= 2
                continue
            except (requests.RequestException, OSError) as exc:
                raise GttsUnavailable(f"gTTS request failed: {exc}") from None
            data = buffer.getvalue()
            if not data:  # a 200 answer without any audio line
                raise GttsUnavailable("gTTS answered without audio")
            return data
        raise AssertionError("unreachable")


def _describe(exc: gTTSError, status: int | None, attempt: int) -> str:
    if status is None:
        cause = exc.__context__
        reason = type(cause).__name__ if cause is not None else "no answer"
        if isinstance(cause, requests.Timeout):
            reason = "timed out"
        elif isinstance(cause, requests.ConnectionError):
            reason = "cannot connect"
        return f"gTTS request failed ({reason})"
    return f"gTTS answered HTTP {status} after {attempt} attempt(s)"


def _retry_after(response: requests.Response | None, default: float) -> float:
    """Honour a short Retry-After header; never wait more than a minute."""
    value = response.headers.get("Retry-After", "") if response is not None else ""
    try:
        return min(60.0, max(default, float(value)))
    except ValueError:
        return default
