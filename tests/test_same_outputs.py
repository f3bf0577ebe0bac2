"""tools/same_outputs.py builds the earlier commit as the work tree is built: Easy Read included."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / "node_modules" / "@iconify-json").is_dir(), reason="Easy Read's pictures are not installed (make all)")
def test_the_earlier_commit_is_built_with_easy_reads_pictures_too(tmp_path):
    command = [sys.executable, "tools/same_outputs.py", "HEAD", "--formats", "easy-read", "--keep", str(tmp_path)]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert "files compared" in proc.stdout, proc.stderr
    made = {p.name for p in (tmp_path / "before").rglob("*easy-read*")}
    assert {"poems-syndrome-easy-read.pdf", "poems-syndrome-easy-read.html"} <= made, proc.stdout
    assert "only after" not in proc.stdout
