"""Prove a change left the outputs alone: build POEMS and every fixture with an earlier commit and
with the work tree, then compare every file byte for byte.

    .venv/bin/python tools/same_outputs.py BASE [--formats html,pdf,...] [--keep DIR]

BASE is a commit (e.g. main before a regroup). Both trees are built with this venv's packages, its
node_modules (Easy Read's pictures) and one speech cache, so only the pipeline's own code differs. Prints one line a file that differs
(or exists on one side only) and exits 1 if any does; .build/ records are left out (they hold
the code's fingerprint, which is meant to change).
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def summaries(tree: Path) -> list[Path]:
    """POEMS and every fixture, as one folder of sources (fixtures' translations beside them)."""
    return sorted([*(tree / "source").glob("*.md"), *(tree / "tests" / "fixtures").glob("*.md")])


def build(tree: Path, out: Path, formats: str) -> None:
    sources = [p for p in summaries(tree) if p.name != "publisher.yaml"]
    for source in sources:  # one at a time: a source that fails (a fixture meant to) does not stop the rest
        command = [sys.executable, "-m", "pipeline", "build", str(source), "--out", str(out), "--quiet", "--force"]
        if formats:
            command += ["--formats", formats]
        proc = subprocess.run(command, cwd=tree, capture_output=True, text=True)
        if proc.returncode != 0:
            (out / f"{source.stem}.failed.txt").write_text(proc.stderr)


def files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and ".build" not in p.relative_to(folder).parts}


def compare(before: Path, after: Path) -> list[str]:
    differences = []
    for name in sorted(files(before) | files(after)):
        a, b = before / name, after / name
        if not a.exists():
            differences.append(f"only after: {name}")
        elif not b.exists():
            differences.append(f"only before: {name}")
        elif not filecmp.cmp(a, b, shallow=False):
            differences.append(f"differs: {name}")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--formats", default="", help="comma-separated formats (default: every format)")
    parser.add_argument("--keep", type=Path, help="build into this folder (before/ and after/) and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="same-outputs-"))
    base_tree, before, after = work / "base", work / "before", work / "after"
    for folder in (before, after):
        folder.mkdir(parents=True, exist_ok=True)
    if not base_tree.exists():
        base_tree.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", args.base], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base_tree)], input=archive, check=True)
        if (ROOT / "node_modules").is_dir():  # Easy Read's pictures come from npm: without them it is not made
            (base_tree / "node_modules").symlink_to(ROOT / "node_modules")
    build(base_tree, before, args.formats)
    build(ROOT, after, args.formats)
    differences = compare(before, after)
    count = len(files(after))
    for line in differences:
        print(line)
    print(f"{count} files compared, {len(differences)} differ ({work})")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
