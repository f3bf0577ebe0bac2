"""`check` on the editions kept beside a summary (pipeline/editions.py): each kept file is there,
whole, with the bytes its edition's record names; an edition never changes once kept."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.editions import FOLDER, kept_editions


def check_editions(folder: Path) -> list[tuple[Path, list[str]]]:
    """(file, problems) of every file each kept edition's records name."""
    out: list[tuple[Path, list[str]]] = []
    for name, _, files in kept_editions(folder):
        for file, digest in sorted(files.items()):
            path = folder / FOLDER / name / file
            if not path.is_file():
                out.append((path, [f"missing from the kept edition {name}"]))
                continue
            with path.open("rb") as handle:
                found = hashlib.file_digest(handle, "sha256").hexdigest()
            out.append((path, [] if found == digest else [f"its bytes are not those kept for edition {name} (SHA-256 differs)"]))
    return out
