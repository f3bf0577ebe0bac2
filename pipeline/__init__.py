"""Accessible multi-format publishing for medically reviewed patient information.

from pipeline import read, lint, build, Options
summary, warnings = read(Path("source/poems-syndrome.md"))    # the reader's own warnings
summary, warnings = lint(Path("source/poems-syndrome.md"))    # and the editorial checks' (fact guard...)
build([Path("source/poems-syndrome.md")], Options(formats=("pdf",)))
"""

from pipeline.building.loop import build
from pipeline.editorial.lint import examine, lint
from pipeline.errors import PipelineError, Problem, SourceError
from pipeline.options import Options
from pipeline.reading.reader import load, read
from pipeline.rendering.stamp import Stamp, stamp_for

__all__ = ["build", "examine", "lint", "load", "read", "stamp_for", "Options", "PipelineError", "Problem", "SourceError", "Stamp"]
__version__ = "0.2.0"
