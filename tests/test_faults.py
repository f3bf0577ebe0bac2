"""Faults lose nothing: a killed build, a full disk, parallel Make; and `check` catches damaged outputs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, run_cli
from test_fault_injection import hashes, two_versions

pytestmark = pytest.mark.slow  # full builds, killed, starved and damaged: seconds each
FORMATS = "html,pdf,epub,pages"


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The outputs of two versions of the POEMS source, built separately."""
    return two_versions(tmp_path_factory.mktemp("versions"), FORMATS)


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.2, 1.6, 2.2])
def test_a_build_killed_at_any_moment_leaves_each_output_old_or_new_never_partial(tmp_path, versions, delay):
    old, new, old_hashes, new_hashes = versions
    out = tmp_path / "out"
    shutil.copytree(old.parent / "out", out)
    (out / ".build").exists() and shutil.rmtree(out / ".build")  # so nothing is skipped as up to date
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", str(new), "--formats", FORMATS, "--out", str(out), "-q"], env=env, cwd=ROOT
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    now = hashes(out / "poems-syndrome")
    outputs = {name: digest for name, digest in now.items() if not name.endswith(".part")}
    assert set(outputs) == set(old_hashes)
    for name, digest in outputs.items():
        assert digest in (old_hashes[name], new_hashes[name]), f"{name} is neither the old nor the new version"
    # The next build sweeps what the killed one left and completes the new version.
    assert run_cli("build", str(new), "--formats", FORMATS, "--out", str(out)).code == 0
    assert hashes(out / "poems-syndrome") == new_hashes


def test_a_full_disk_is_a_clear_error_and_earlier_outputs_stay_intact(tmp_path, versions):
    """A real full file system: a 1 MB tmpfs in a private mount namespace (no root needed)."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"]).returncode != 0:
        pytest.fail("this test needs `unshare -rm` (util-linux) to mount a small tmpfs")
    old, new, old_hashes, _ = versions
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
set -e
mount -t tmpfs -o size=1m tmpfs {disk}
cp -r {old.parent / "out" / "poems-syndrome"} {disk}/
dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null || true
set +e
PYTHONPATH={ROOT} {sys.executable} -m pipeline build {new} --formats {FORMATS} --out {disk} -q 2>{tmp_path}/err
echo $? > {tmp_path}/code
rm {disk}/filler
cd {disk}/poems-syndrome && sha256sum * > {tmp_path}/after; ls -a > {tmp_path}/listing
"""
    subprocess.run(["unshare", "-rm", "sh", "-c", script], check=True, cwd=ROOT)
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "code").read_text().strip() == "2", err
    assert "No space left on device" in err and "Traceback" not in err
    after = dict(reversed(line.split()) for line in (tmp_path / "after").read_text().splitlines())
    assert after == old_hashes
    assert not [n for n in (tmp_path / "listing").read_text().split() if n.endswith(".part")]


def test_check_passes_fresh_outputs_and_names_each_kind_of_damage(tmp_path, versions):
    old, _, _, _ = versions
    out = tmp_path / "out"
    shutil.copytree(old.parent / "out", out)
    run_cli("catalogue", str(old), "--out", str(out))

    def check() -> tuple[int, str]:
        result = run_cli("check", str(old), "--formats", FORMATS, "--out", str(out), "--quick")
        return result.code, result.out

    code, table = check()
    assert code == 0, table
    folder = out / "poems-syndrome"
    (folder / "poems-syndrome-letter.pdf").unlink()
    a4 = folder / "poems-syndrome-a4.pdf"
    a4.write_bytes(a4.read_bytes()[: a4.stat().st_size // 2])
    page = folder / "poems-syndrome-large-print.html"
    page.write_text(page.read_text().replace("Next review due April 2027", "Next review due April 2030"))
    code, table = check()
    assert code == 1
    rows = {line.split()[1]: line for line in table.splitlines()[1:-1]}
    assert "missing: run `make all`" in rows["poems-syndrome-letter.pdf"]
    assert "FAIL" in rows["poems-syndrome-a4.pdf"]
    assert "the review stamp is missing" in rows["poems-syndrome-large-print.html"]
    assert "pass" in rows["poems-syndrome.epub"]

    old.write_text(old.read_text().replace("exceptionally rare", "extremely rare"))
    code, table = check()
    assert "stale: made from an earlier version of the source" in table.split("poems-syndrome.epub")[1].splitlines()[0]
