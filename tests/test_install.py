"""Installing on a fresh machine: apt is asked only for what is missing (never for Node.js or npm
when they work), a conflict is caught by simulation, and the wheel carries everything it reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import POEMS, ROOT, copy_tracked

SYSDEPS = ROOT / "tools" / "sysdeps.sh"


def sysdeps(*args: str, env: dict[str, str] | None = None, user: int | None = None) -> subprocess.CompletedProcess[str]:
    command = ["bash", str(SYSDEPS), *args]
    if user is not None:  # the same script as an ordinary user
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


def fresh_clone(where: Path) -> Path:
    return copy_tracked(where / "clone")


def path_without(where: Path, *hidden: str) -> str:
    """A PATH with every command of this one except `hidden`: a machine missing those commands."""
    folder = where / "bin"
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = folder / entry.name
            if entry.name not in hidden and not target.exists() and os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    return str(folder)


def make_dry_run(clone: Path, path: str, target: str) -> str:
    make = shutil.which("make")
    assert make
    env = {**os.environ, "PATH": path, "MAKEFLAGS": ""}
    proc = subprocess.run([make, "-n", target], cwd=clone, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def install_lines(dry_run: str) -> list[str]:
    return [line for line in dry_run.splitlines() if "sysdeps.sh install" in line]


# --- Debian packages --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("apt-get") is None, reason="not a Debian machine")
def test_apt_can_install_every_package_a_bare_machine_needs():
    proc = sysdeps("simulate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "apt can install every package" in proc.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("apt-get") is None, reason="not a Debian machine")
def test_the_apt_simulation_fails_naming_the_conflict(tmp_path):
    """Two mail servers that Debian forbids side by side, as Debian's npm beside NodeSource's nodejs."""
    table = tmp_path / "packages.tsv"
    table.write_text("check\t/no/such/mailer\texim4-daemon-light\ncheck\t/no/such/other\texim4-daemon-heavy\n")
    proc = sysdeps("simulate", env={"SYSDEPS_TABLE": str(table)})
    assert proc.returncode == 1
    assert "apt cannot install" in proc.stderr
    assert "Conflicts: mail-transport-agent" in proc.stderr


@pytest.mark.slow
def test_make_n_all_in_a_fresh_clone_asks_apt_for_the_package_of_each_missing_command(tmp_path):
    clone = fresh_clone(tmp_path)
    path = path_without(tmp_path, "ffprobe", "espeak-ng", "pdftotext", "chromium")
    build = install_lines(make_dry_run(clone, path, "all"))
    assert len(build) == 1, build
    asked = set(build[0].split("install", 1)[1].split())
    assert {"ffmpeg", "espeak-ng"} <= asked  # ffprobe comes in ffmpeg
    assert not asked & {"chromium", "poppler-utils", "nodejs", "npm"}  # only the checks need these: not for `make all`

    test = install_lines(make_dry_run(clone, path, "test"))
    check_asked = set(test[-1].split("install", 1)[1].split())
    assert {"chromium", "poppler-utils"} <= check_asked
    assert not check_asked & {"nodejs", "npm"}  # they work here, wherever they came from


@pytest.mark.slow
def test_nodejs_and_npm_are_asked_of_apt_only_where_node_is_missing(tmp_path):
    clone = fresh_clone(tmp_path)
    test = install_lines(make_dry_run(clone, path_without(tmp_path, "node", "npm"), "test"))
    assert {"nodejs", "npm"} <= set(test[-1].split())


@pytest.mark.slow
def test_nothing_missing_means_nothing_asked(tmp_path):
    clone = fresh_clone(tmp_path)
    lines = install_lines(make_dry_run(clone, os.environ["PATH"], "test"))
    assert all(line.split("install", 1)[1].strip() == "" for line in lines), lines


def test_an_installed_library_is_found_however_long_ldconfigs_list(tmp_path):
    # ldconfig names the library first, then 2 MB more: a reader that stops at the first match
    # (grep -q) kills the writer with SIGPIPE every time, not one run in six
    fake = tmp_path / "bin"
    fake.mkdir()
    ldconfig = fake / "ldconfig"
    ldconfig.write_text(
        "#!/usr/bin/env python3\nimport sys\nsys.stdout.write('\\tlibfake.so.7 (libc6,x86-64) => /lib/libfake.so.7\\n')\n"
        "sys.stdout.write('\\tlibother.so.1 (libc6,x86-64) => /lib/libother.so.1\\n' * 40000)\n"
    )
    ldconfig.chmod(0o755)
    table = tmp_path / "packages.tsv"
    table.write_text("build\tlib:libfake.so.7\tlibfake7\nbuild\tlib:libabsent.so.1\tlibabsent1\n")
    env = {"SYSDEPS_TABLE": str(table), "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    for _ in range(3):
        proc = sysdeps("missing", "build", env=env)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split() == ["libabsent1"]


def test_an_ordinary_user_is_told_the_exact_command_and_make_stops():
    proc = sysdeps("install", "festival", "ffmpeg", user=65534)
    assert proc.returncode == 1
    assert "apt-get install -y --no-install-recommends festival ffmpeg" in proc.stderr


# --- the wheel --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_templates_locales_and_every_subpackage(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"pipeline/templates/{p.relative_to(ROOT / 'templates')}" for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert templates <= names
    assert {"pipeline/locales/en.yaml", "pipeline/locales/fr.po", "pipeline/locales/messages.pot"} <= names
    assert {"pipeline/checks/EpubCheckBatch.java", "pipeline/checks/ace_batch.js"} <= names  # the validators' helpers
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names
    assert any(n.endswith("entry_points.txt") and "patient-info" in zipfile.ZipFile(wheel).read(n).decode() for n in names)


@pytest.mark.slow
def test_the_installed_command_builds_a_summary_folder_outside_the_repository(wheel, tmp_path, tts_cache):
    venv = tmp_path / "venv"
    # as pipx makes its venvs: without pip or setuptools of their own, pip run from outside into the
    # venv's interpreter (textstat asks for setuptools: the newest, without pkg_resources since 82)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    install = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet", str(wheel)]
    pip = subprocess.run(install, capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stderr[-2000:]
    command = venv / "bin" / "patient-info"

    version = subprocess.run([command, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == "patient-info 0.2.0"

    project = tmp_path / "content"
    (project / "source").mkdir(parents=True)
    # The user's speech cache starts with what earlier tests spoke (POEMS, most likely); the copy's
    # review date is another, so its stamp is new words: the installed voice must speak them.
    text = POEMS.read_text("utf-8").replace("reviewed: 2026-04-07", "reviewed: 2026-04-08", 1)
    (project / "source" / POEMS.name).write_text(text, "utf-8")
    speech = tmp_path / "cache" / "patient-info" / "tts"
    for entry in tts_cache.rglob("*.wav"):  # whole entries only: another worker may be writing its next one
        target = speech / entry.relative_to(tts_cache)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(entry, target)
    seeded = set(speech.rglob("*.wav"))
    # Easy Read's health pictures, as docs/publishers.md says to install them beside the sources (npm)
    (project / "node_modules").mkdir()
    (project / "node_modules" / "@iconify-json").symlink_to(ROOT / "node_modules" / "@iconify-json")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": ""}
    env.pop("PIPELINE_TTS_CACHE", None)
    proc = subprocess.run([command, "build", "--tts", "offline"], cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    folder = project / "output" / "poems-syndrome"
    made = ("poems-syndrome-a4.pdf", "poems-syndrome.epub", "poems-syndrome-large-print.html", "poems-syndrome.mp3", "index.html")
    for name in (*made, "poems-syndrome-easy-read.pdf", "poems-syndrome-easy-read.html"):
        assert (folder / name).stat().st_size > 1000, name
    assert (project / "output" / "index.html").is_file()
    assert {p for p in speech.rglob("*.wav") if p not in seeded}  # spoken by the installed voice, kept in the user's cache
    assert (tmp_path / "cache" / "patient-info" / "templates").is_dir()  # not in site-packages
    assert not list(venv.rglob(".cache"))

    check = subprocess.run([command, "check", "--quick"], cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert check.returncode == 0, check.stdout + check.stderr
    lint = subprocess.run([command, "lint", "--strict"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr  # textstat runs with today's setuptools, which has no pkg_resources

    # The validators are the `check` extra: without it, `check` says so for each output, no crash.
    full = subprocess.run([command, "check", "--formats", "pdf,epub"], cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert full.returncode == 1 and "internal error" not in full.stderr, full.stdout + full.stderr
    assert "pipx install --force '/path/to/patient-info-pipeline[check]'" in full.stdout  # the installed tool's remedy
    assert "`make" not in full.stdout  # a content repository has no Makefile


# --- failures an editor may meet ----------------------------------------------------------


def test_an_unexpected_failure_is_one_line_and_debug_shows_the_traceback(monkeypatch, capsys, tmp_path):
    from pipeline.cli import main as cli
    from pipeline.writers import html

    def broken(*_: object) -> str:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(html, "render_page", broken)
    args = ["build", str(POEMS), "--formats", "html", "--out", str(tmp_path), "--quiet", "--force"]
    assert cli.main(args) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("internal error: ZeroDivisionError: division by zero")
    assert "--debug" in err and "Traceback" not in err and len(err.splitlines()) == 1

    assert cli.main([*args, "--debug"]) == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err
