"""The documentation is true: its runnable commands run, the options it names exist, its links and
anchors resolve, the files it names are there, and the README stays short.

A ```sh block right after a line `<!-- runnable -->` is run from the repository root with
.venv/bin on PATH; mark only cheap commands that write nothing. Fast and offline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from pipeline.cli.main import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
VENV_BIN = ROOT / ".venv" / "bin"
RUNNABLE = "<!-- runnable -->"
README_LIMIT = 200
SUBCOMMANDS = tuple(COMMANDS)  # every command the parser has, so a new one is checked too
# `patient-info build ...`, `python -m pipeline check ...`, or a span that starts with the subcommand
OURS = re.compile(r"(?:(?<![\w/.-])patient-info|\bpython -m pipeline)(?![\w.-])(?:\s+(" + "|".join(SUBCOMMANDS) + r")\b)?")
BARE = re.compile(r"^(" + "|".join(SUBCOMMANDS) + r")\s+--")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
# Other programs whose options are in their manual, not their --help.
MANUAL_ONLY = {"apt-get"}
# Options named in prose, away from any command: the command whose --help lists them.
OTHER_OPTIONS = {
    "--template": ["pandoc", "--help"],
    "--backward": ["lou_translate", "--help"],
    "--nthreads": ["dask", "worker", "--help"],
    "--check": ["ruff", "format", "--help"],
    "--no-install-recommends": None,  # apt-get's, in apt-get(8)
    **{
        o: [sys.executable, "bench/run.py", "--help"]
        for o in ("--runs", "--catalogue", "--catalogue-runs", "--only", "--scale", "--scale-audio", "--search", "--keep")
    },
}


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    end: int  # of the closing fence
    info: str
    text: str
    runnable: bool

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, and whether each is marked runnable."""
    found, lines = [], path.read_text("utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = re.match(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)", lines[index])
        if not opening:
            index += 1
            continue
        fence, start = opening[1], index
        index += 1
        while index < len(lines) and not re.match(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}\s*$", lines[index]):
            index += 1
        before = next((line.strip() for line in reversed(lines[:start]) if line.strip()), "")
        found.append(Block(path, start + 1, index + 1, opening[2], "\n".join(lines[start + 1 : index]), before == RUNNABLE))
        index += 1
    return found


def prose(path: Path) -> list[tuple[int, str]]:
    """The lines of a Markdown file outside fenced code blocks, with their numbers."""
    inside = {n for block in blocks(path) for n in range(block.line, block.end + 1)}
    return [(n, line) for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if n not in inside]


def runnable_blocks() -> list[Block]:
    return [block for path in DOCS for block in blocks(path) if block.runnable]


# --- (a) the runnable commands run ------------------------------------------------------------


def test_the_docs_mark_runnable_blocks_and_each_marked_block_is_a_sh_block():
    marked = runnable_blocks()
    assert any(b.path.name == "README.md" for b in marked), "README.md has no runnable block"
    assert [b.id for b in marked if b.info != "sh"] == []


@pytest.mark.skipif(not (VENV_BIN / "patient-info").exists(), reason="no .venv yet: make all makes it")
@pytest.mark.parametrize("block", runnable_blocks(), ids=lambda b: b.id)
def test_every_runnable_sh_block_in_the_docs_exits_0_from_the_repository_root(block):
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block.text], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"{block.id}: exit {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"


# --- (b) every option the docs name exists ------------------------------------------------------


@cache
def help_text(command: str | None) -> str:
    """`python -m pipeline [command] --help`."""
    args = [sys.executable, "-m", "pipeline", *([command] if command else []), "--help"]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True, timeout=60).stdout


@cache
def other_help(command: tuple[str, ...]) -> str | None:
    """The --help of another program, or None when it is not installed here."""
    program = command[0] if "/" in command[0] else shutil.which(command[0]) or str(VENV_BIN / command[0])
    if not os.access(program, os.X_OK):
        return None
    run = subprocess.run([program, *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return run.stdout + run.stderr


def help_command(part: str) -> tuple[str, ...] | None:
    """How to ask another program, as the docs call it, for its --help: `ruff format --check` -> ruff format --help;
    None when it lists its options in its manual only."""
    words = part.split()
    program = words[0]
    if os.path.basename(program) in MANUAL_ONLY:
        return None
    if os.path.basename(program).startswith("python") and len(words) > 1 and words[1].endswith(".py"):
        return (sys.executable, words[1], "--help")
    subcommand = words[1:2] if len(words) > 1 and re.fullmatch(r"[a-z][a-z-]*", words[1]) else []
    return (str(ROOT / program) if "/" in program else program, *subcommand, "--help")


def spans(path: Path) -> list[tuple[int, str, bool]]:
    """Where the docs give options, and whether it is code: each line of a code block (a line
    starting `[` continues the one before), each inline code span, and the rest of each prose line."""
    found: list[tuple[int, str, bool]] = []
    for block in blocks(path):
        for offset, line in enumerate(block.text.splitlines(), start=1):
            if line.lstrip().startswith("[") and found and found[-1][0] == block.line + offset - 1:
                found[-1] = (block.line + offset, found[-1][1] + " " + line, True)
            else:
                found.append((block.line + offset, line, True))
    for number, line in prose(path):
        row = re.match(r"^\|\s*`(" + "|".join(SUBCOMMANDS) + r")`\s*\|", line)  # a table row about one command
        codes = re.findall(r"`+([^`]+)`+", line)
        found += [(number, f"{row[1]} {code}" if row and code.startswith("--") else code, True) for code in codes]
        found.append((number, re.sub(r"`+[^`]+`+", " ", line), False))
    return found


@dataclass(frozen=True)
class Mention:
    where: str
    option: str
    ours: str | None  # the subcommand ("" for none) when it is given to patient-info
    other: tuple[str, ...] | None  # else the command whose --help must list it (None: not checkable here)
    untied: bool = False  # named in prose with no command: it must be one of ours, or a known other's


def mentions() -> list[Mention]:
    """Every --option in the docs, with the command it is given to."""
    found = []
    for path in DOCS:
        for number, span, code in spans(path):
            where = f"{path.relative_to(ROOT)}:{number}"
            line, _, comment = span.partition(" # ")  # a comment is prose
            parts = [(p, code) for p in re.split(r"\s+(?:\||&&|;)\s+(?=[./\w])", line.strip())] + [(comment, False)]
            for part, code in parts:
                part = re.sub(r"^(\$\s+|[A-Z_]+=\S+\s+)+", "", part.strip())
                if not OPTION.search(part):
                    continue
                ours = OURS.search(part) or BARE.match(part)
                if ours:
                    found += [Mention(where, o, ours[1] or "", None) for o in OPTION.findall(part[ours.start() :])]
                elif code and re.match(r"^[./\w][./\w-]*(\s|$)", part):  # another program: `ruff format --check`
                    found += [Mention(where, o, None, help_command(part)) for o in OPTION.findall(part)]
                else:  # named in prose, away from a command
                    for o in OPTION.findall(part):
                        asked = OTHER_OPTIONS.get(o)
                        found.append(Mention(where, o, None, tuple(asked) if asked else None, untied=o not in OTHER_OPTIONS))
    return found


def test_every_option_the_docs_give_a_command_is_in_that_commands_help():
    ours_all = {o for s in (None, *SUBCOMMANDS) for o in OPTION.findall(help_text(s))}
    wrong = []
    for m in mentions():
        if m.ours is not None:
            ok = m.option in OPTION.findall(help_text(m.ours or None))
        elif m.untied:
            ok = m.option in ours_all
        else:
            listed = other_help(m.other) if m.other else None
            ok = listed is None or m.option in listed
        if not ok:
            whose = f"patient-info {m.ours}" if m.ours is not None else " ".join(m.other or ()) or "any command of ours"
            wrong.append(f"{m.where}: {m.option} is not in the help of {whose}")
    assert wrong == []


def test_the_docs_name_options_of_every_command_of_ours():
    named = {m.ours for m in mentions() if m.ours is not None}
    assert set(SUBCOMMANDS) <= named


def test_the_command_line_synopsis_names_every_option_of_every_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    synopsis = next(b.text for b in blocks(ROOT / "README.md") if "patient-info translations" in b.text)
    lines: dict[str, str] = {}
    for line in synopsis.splitlines():
        if found := re.match(r"patient-info (\w+)", line.strip()):
            current = found[1]
        lines[current] = lines.get(current, "") + " " + line
    for sub in SUBCOMMANDS:
        missing = set(OPTION.findall(help_text(sub))) - set(OPTION.findall(lines.get(sub, ""))) - {"--help"}
        assert missing == set(), f"README's synopsis of {sub} lacks {sorted(missing)}"
    assert "--version" in readme


# --- (c) links, anchors and the files the docs name ----------------------------------------------


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lowercase, punctuation dropped but - and _, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text.replace("`", ""))
    return text.replace(" ", "-")


@cache
def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    for _, line in prose(path):
        if heading := re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line):
            base, n = github_anchor(heading[1]), 1
            anchor = base
            while anchor in found:
                anchor, n = f"{base}-{n}", n + 1
            found.add(anchor)
    return found


def links(path: Path) -> list[tuple[int, str]]:
    found = []
    for number, line in prose(path):
        line = re.sub(r"`+[^`]+`+", "", line)
        found += [(number, target) for target in re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", line)]
    return found


def test_github_anchors_are_made_as_github_makes_them():
    assert github_anchor("Your own templates: `--templates DIR`") == "your-own-templates---templates-dir"
    assert github_anchor("Translations of one summary: `translation_of:`") == "translations-of-one-summary-translation_of"
    assert github_anchor("Dates and the outputs' own words") == "dates-and-the-outputs-own-words"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_in_the_docs_resolves(path):
    broken = []
    for number, target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(f"{number}: {target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{number}: {target} (no heading #{anchor} in {linked.name})")
    assert broken == []


REPOSITORY_PATH = re.compile(r"(?<![\w./-])((?:pipeline|tests|tools|bench|templates)/[\w./-]*)")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_of_the_repository_the_docs_name_exists(path):
    missing = []
    for number, span, _ in spans(path):
        for name in REPOSITORY_PATH.findall(span):
            name = name.rstrip(".")
            if not (ROOT / name).exists():
                missing.append(f"{number}: {name}")
    assert missing == []


def test_the_architecture_map_names_every_module_and_every_format():
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    from pipeline.writers import REGISTRY, Writer

    assert [name for name in REGISTRY if f"`{name}`" not in text] == []
    declared = [n for n in vars(Writer) if not n.startswith("_") and not callable(getattr(Writer, n))]
    assert [n for n in declared if f"`{n}`" not in text] == []
    modules = sorted((ROOT / "pipeline").rglob("*.py"))
    unnamed = [str(p.relative_to(ROOT)) for p in modules if p.name != "__init__.py" and p.name not in text]
    packages = [str(p.parent.relative_to(ROOT)) for p in modules if p.name == "__init__.py"]
    unnamed += [p for p in packages if p != "pipeline" and f"{p.split('/', 1)[1]}/" not in text]
    assert unnamed == []


# --- (d) the README stays a README ----------------------------------------------------------------


def test_the_readme_is_at_most_200_lines():
    assert len((ROOT / "README.md").read_text("utf-8").splitlines()) <= README_LIMIT


# --- the braille read-back recipe ---------------------------------------------------------------


@pytest.mark.skipif(shutil.which("lou_translate") is None, reason="liblouis-bin is not installed (make all installs it)")
def test_the_braille_read_back_recipe_in_the_docs_reads_a_fresh_build_back_into_english(tmp_path):
    recipe = next(b.text for b in blocks(ROOT / "docs" / "braille-and-audio.md") if "lou_translate --backward" in b.text)
    source = ROOT / "source" / "poems-syndrome.md"
    build = [sys.executable, "-m", "pipeline", "build", str(source), "--formats", "braille", "--out", str(tmp_path), "--quiet"]
    subprocess.run(build, cwd=ROOT, check=True, capture_output=True, timeout=120)
    run = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", recipe.replace("output/", f"{tmp_path}/")], capture_output=True, text=True)
    assert run.returncode == 0 and "error" not in run.stderr, run.stderr
    text = " ".join(run.stdout.split())
    assert "POEMS syndrome" in text and "Medically reviewed 7 April 2026" in text
    from pipeline import read

    summary, _ = read(source)
    words = re.findall(r"\w+", summary.meta.disclaimer.lower())
    heard = set(re.findall(r"\w+", text.lower()))
    assert sum(w in heard for w in words) >= 0.95 * len(words)
    assert "\\124567/" not in text  # what reading it without the display table makes of "er"
