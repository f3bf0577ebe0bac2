"""Writing outputs safely and reproducibly.

An output is written to a temporary file beside it and renamed into place, so a reader
(or a build killed half-way) only ever sees the old complete file or the new one.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.model import Summary


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target` in one rename."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep(target)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def place(summary: Summary) -> str:
    """Where a summary's outputs go in the output folder: its slug, or <slug>/clinics/<id> for a
    clinic's copy (build --clinic)."""
    return f"{summary.slug}/clinics/{summary.clinic.id}" if summary.clinic else summary.slug


def output_folder(summary: Summary, out_dir: Path) -> Path:
    return Path(out_dir) / place(summary)


def record_file(summary: Summary, name: str, out_dir: Path) -> Path:
    """The build record of one format of a summary (or of a clinic's copy): output/.build/<place>.<format>.json."""
    return Path(out_dir) / ".build" / f"{place(summary).replace('/', '.')}.{name}.json"


def build_timestamp(summary: Summary) -> str:
    """`build_time` as metadata writes it: 2026-04-07T00:00:00Z."""
    return build_time(summary).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sweep(target: Path) -> None:
    """Remove temporary files that a killed build left beside `target` (their writer is gone)."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        pid = leftover.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(target: Path, data: bytes | str) -> Path:
    """Write `data` to `target` atomically; text is written as UTF-8."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(target) as tmp:
        tmp.write_bytes(payload)
    return Path(target)


def build_time(summary: Summary) -> datetime:
    """The timestamp outputs carry: SOURCE_DATE_EPOCH if set, else the review date.

    Never the clock, so a rebuild of unchanged input is byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise OutputError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}") from None
    reviewed = summary.meta.reviewed
    return datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=UTC)


PROJECT = Path(__file__).resolve().parent.parent
# A checkout keeps its caches in .cache/ beside the code; an installed package in the user's cache folder.
CACHE_HOME = (
    PROJECT / ".cache"
    if (PROJECT / "pyproject.toml").is_file()
    else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "patient-info"
)


# A message's remedy names the commands where the user is: a checkout has its Makefile, an
# installed tool (pipx, a content repository) only its own command.
IN_CHECKOUT = (PROJECT / "Makefile").is_file() and (PROJECT / "pyproject.toml").is_file()


def remedy(in_checkout: str, installed: str) -> str:
    return in_checkout if IN_CHECKOUT else installed


BUILD_AGAIN = remedy("run `make all`", "run `patient-info build`")


# the variable that moves each cache elsewhere (or turns it `off`)
CACHE_SETTINGS = {"tts": "PIPELINE_TTS_CACHE", "woff2": "PIPELINE_FONT_CACHE", "covers": "PIPELINE_COVER_CACHE"}


def cache_dir(name: str, setting: str | None = None) -> Path | None:
    """A cache folder: `setting` when given ('off' disables), else its variable in CACHE_SETTINGS,
    else <CACHE_HOME>/<name> (not the cwd)."""
    value = setting or os.environ.get(CACHE_SETTINGS.get(name, ""), "") or str(CACHE_HOME / name)
    return None if value.lower() == "off" else Path(value)
