"""WeasyPrint's import through pipeline/writers/pdf/engine.py: the same libraries, no compiler run."""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.writers.pdf import engine

LIBRARIES = ("gobject", "pango", "harfbuzz", "fontconfig", "pangoft2")

# Runs in a fresh interpreter: which shared libraries WeasyPrint's import maps, and how many
# processes it starts (an audit hook sees each one).
PROBE = textwrap.dedent(
    """
    import sys
    started = []
    sys.addaudithook(lambda event, args: event == "subprocess.Popen" and started.append(args[1][0]))
    if sys.argv[1] == "engine":
        import pipeline.writers.pdf.engine
    else:
        import weasyprint
    maps = {line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}
    print(*sorted(m for m in maps if any(n in m for n in NAMES)), sep="\\n")
    print("started", *started)
    """
).replace("NAMES", repr(LIBRARIES))


def probe(how: str) -> tuple[list[str], list[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, text=True, check=True).stdout.splitlines()
    return out[:-1], out[-1].split()[1:]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the loader's cache is Linux's")
def test_engine_loads_the_same_libraries_as_a_plain_import_without_running_a_compiler() -> None:
    ours, ours_started = probe("engine")
    plain, plain_started = probe("plain")
    assert ours == plain
    assert all(any(name in path for path in ours) for name in LIBRARIES), ours
    assert {Path(p).name for p in ours_started} <= {"ldconfig"}, ours_started
    if shutil.which("gcc"):  # then a plain import runs it for each name it cannot open
        assert "gcc" in {Path(p).name for p in plain_started}, plain_started


def test_library_search_is_whole_again_after_the_import() -> None:
    original = ctypes.util.find_library
    with engine.loader_cache_only():
        pass
    assert ctypes.util.find_library is original


def test_library_search_is_whole_again_when_the_import_fails() -> None:
    original = ctypes.util.find_library
    with pytest.raises(OSError), engine.loader_cache_only():
        raise OSError("cannot load library 'libpango-1.0.so.0'")
    assert ctypes.util.find_library is original


def test_other_systems_keep_the_full_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    original = ctypes.util.find_library
    with engine.loader_cache_only():
        assert ctypes.util.find_library is original
