"""Accessible multi-format publishing for medically reviewed patient information.

from pipeline import read, build, Options
summary, warnings = read(Path("source/poems-syndrome.md"))
build([Path("source/poems-syndrome.md")], Options(formats=("pdf",)))
"""

from pipeline.building.loop import build
from pipeline.errors import PipelineError, Problem, SourceError
from pipeline.options import Options
from pipeline.reading.reader import load, read
from pipeline.rendering.stamp import Stamp, stamp_for

__all__ = ["build", "load", "read", "stamp_for", "Options", "PipelineError", "Problem", "SourceError", "Stamp"]
__version__ = "0.2.0"
