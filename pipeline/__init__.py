"""Accessible multi-format publishing for medically reviewed patient information.

from pipeline import read, build, Options
summary, warnings = read(Path("source/poems-syndrome.md"))
build([Path("source/poems-syndrome.md")], Options(formats=("pdf",)))
"""

from .build import build
from .errors import PipelineError, Problem, SourceError
from .options import Options
from .reader import load, read
from .stamp import Stamp, stamp_for

__all__ = ["build", "load", "read", "stamp_for", "Options", "PipelineError", "Problem", "SourceError", "Stamp"]
__version__ = "0.2.0"
