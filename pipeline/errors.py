"""Problems found in sources, and the exceptions the command line turns into exit codes.

Like Sphinx, every expected failure has a category and a source location; only an
unexpected failure shows a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in a source, with where it is and how to fix it."""

    severity: str  # "error" or "warning"
    category: str  # e.g. "front-matter", "content", "link"
    message: str
    path: Path
    line: int | None = None
    hint: str | None = None
    column: int | None = None  # 1-based, where known

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        where += f":{self.column}" if self.line and self.column else ""
        text = f"{where}: {self.severity} [{self.category}]: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def as_json(self) -> dict[str, object]:
        """For editors' tools: file, line, column, category, severity, message, hint."""
        return {
            "file": str(self.path),
            "line": self.line,
            "column": self.column,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


class PipelineError(Exception):
    """An expected failure: the CLI prints it without a traceback and exits 2."""

    category = "error"

    def __str__(self) -> str:
        return f"{self.category}: {super().__str__()}"


class SourceError(PipelineError):
    """A source has errors; carries every problem found, not just the first."""

    category = "source"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageError(PipelineError):
    category = "usage"


class OutputError(PipelineError):
    """Writing an output failed (full disk, no permission, a tool missing)."""

    category = "output"
