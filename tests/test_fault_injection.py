"""Faults injected into real builds: a file size limit hit in each format, a read-only output
folder, two builds into one folder at once, a source edited while it is built. After each the
earlier outputs are whole (never a mix of versions), the error names the cause, and the next
build recovers with nobody deleting anything by hand."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import POEMS, ROOT, run_cli

pytestmark = pytest.mark.slow

FORMATS = ("html", "pdf", "booklet", "epub", "braille", "pages")
ALL = ",".join(FORMATS)


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def two_versions(base: Path, formats: str, *args: str) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """POEMS and an edited POEMS, each built in `formats` into its own folder: (old, new, their hashes)."""
    old, new = base / "old" / "poems-syndrome.md", base / "new" / "poems-syndrome.md"
    for path, text in ((old, POEMS.read_text()), (new, POEMS.read_text().replace("exceptionally rare", "very rare indeed"))):
        path.parent.mkdir()
        path.write_text(text)
        result = run_cli("build", str(path), "--formats", formats, *args, "--out", str(path.parent / "out"))
        assert result.code == 0, result.err
    return old, new, hashes(old.parent / "out" / "poems-syndrome"), hashes(new.parent / "out" / "poems-syndrome")


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    return two_versions(tmp_path_factory.mktemp("fault-versions"), ALL)


def _old_outputs(versions, where: Path) -> Path:
    old, _, _, _ = versions
    out = where / "out"
    shutil.copytree(old.parent / "out", out)
    return out


def _limited(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("name", FORMATS)
def test_a_file_size_limit_hit_in_each_format_names_it_and_leaves_every_output_of_the_summary_whole(name, versions, tmp_path) -> None:
    _, new, old_hashes, new_hashes = versions
    out = _old_outputs(versions, tmp_path)
    folder = out / "poems-syndrome"
    # each format's own largest file, less one byte: it fails; every earlier, smaller file fits
    largest = max((folder / f).stat().st_size for f in old_hashes if _format_of(f) == name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "build", str(new), "--formats", ALL, "--out", str(out)]
    proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, preexec_fn=_limited(largest - 1))
    assert proc.returncode == 2, proc.stderr
    assert "File too large" in proc.stderr and "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    after = {n: d for n, d in hashes(folder).items()}
    assert after == old_hashes  # not one file of the new version: the set is the old one, whole
    assert not list(out.rglob("*.part")) and not (out / ".build" / "previous").exists()
    assert run_cli("build", str(new), "--formats", ALL, "--out", str(out)).code == 0  # no limit: recovers
    assert hashes(folder) == new_hashes


def _format_of(name: str) -> str:
    if name == "index.html":
        return "pages"
    if name.endswith(".pdf"):
        return "booklet" if "-a5" in name or "-booklet" in name else "pdf"
    if name.endswith((".brf", ".pef")):
        return "braille"
    return "epub" if name.endswith(".epub") else "html"


def test_a_read_only_output_folder_is_a_clear_error_and_nothing_changes(versions, tmp_path) -> None:
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"]).returncode != 0:
        pytest.fail("this test needs `unshare -rm` (util-linux) to mount the folder read-only")
    _, new, old_hashes, new_hashes = versions
    out = _old_outputs(versions, tmp_path)
    script = f"""
mount --bind {out} {out} && mount -o remount,ro,bind {out} || exit 99
PYTHONPATH={ROOT} {sys.executable} -m pipeline build {new} --formats {ALL} --out {out} -q 2>{tmp_path}/err
echo $? > {tmp_path}/code
"""
    subprocess.run(["unshare", "-rm", "sh", "-c", script], check=True, cwd=ROOT)
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "code").read_text().strip() == "2", err
    assert "Read-only file system" in err and "Traceback" not in err
    assert hashes(out / "poems-syndrome") == old_hashes
    assert run_cli("build", str(new), "--formats", ALL, "--out", str(out)).code == 0
    assert hashes(out / "poems-syndrome") == new_hashes


def test_two_builds_into_one_folder_at_once_both_finish_and_leave_the_new_set_whole(versions, tmp_path) -> None:
    _, new, _, new_hashes = versions
    out = _old_outputs(versions, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "build", str(new), "--formats", ALL, "--out", str(out), "-q"]
    procs = [subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=600), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    assert hashes(out / "poems-syndrome") == new_hashes
    assert not list(out.rglob("*.part")) and not (out / ".build" / "previous").exists()
    run_cli("catalogue", str(new), "--out", str(out))  # what a build of one named source leaves to do
    check = run_cli("check", str(new), "--formats", ALL, "--out", str(out), "--quick")
    assert check.code == 0, check.out


def test_a_source_edited_while_it_is_built_gives_one_version_whole_and_the_next_build_the_other(versions, tmp_path) -> None:
    old, new, old_hashes, new_hashes = versions
    source = tmp_path / "src" / "poems-syndrome.md"
    source.parent.mkdir()
    source.write_text(old.read_text())
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "build", str(source), "--formats", ALL, "--out", str(out), "-q"]
    proc = subprocess.Popen(command, env=env, cwd=ROOT)
    time.sleep(1.0)  # the source is read; the formats are being written
    source.write_text(new.read_text())
    assert proc.wait(timeout=600) == 0
    assert hashes(out / "poems-syndrome") in (old_hashes, new_hashes)  # one version, not a mix
    assert run_cli("build", str(source), "--formats", ALL, "--out", str(out)).code == 0
    assert hashes(out / "poems-syndrome") == new_hashes


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """The audio formats, with one speech cache (the second build is warm)."""
    return two_versions(tmp_path_factory.mktemp("fault-spoken"), "audio,read-aloud", "--tts", "offline")


def test_a_file_size_limit_hit_in_the_audio_formats_leaves_the_mp3_captions_and_book_whole(spoken, tmp_path) -> None:
    """1 MB: less than the speech's WAV and the MP3 (the voices and the encoder write files of their own)."""
    _, new, old_hashes, new_hashes = spoken
    out = tmp_path / "out"
    shutil.copytree(spoken[0].parent / "out", out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "build", str(new), "--formats", "audio,read-aloud", "--tts", "offline", "--out", str(out)]
    proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, preexec_fn=_limited(1024 * 1024))
    assert proc.returncode == 2, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert "File too large" in proc.stderr or "failed" in proc.stderr, proc.stderr
    assert hashes(out / "poems-syndrome") == old_hashes
    assert subprocess.run(command, env=env, cwd=ROOT, capture_output=True, timeout=600).returncode == 0
    assert hashes(out / "poems-syndrome") == new_hashes
