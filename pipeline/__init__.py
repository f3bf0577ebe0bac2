"""Accessible multi-format publishing for medically reviewed patient information.

from pipeline import read, lint, build, Options
summary, warnings = read(Path("source/poems-syndrome.md"))    # the reader's own warnings
summary, warnings = lint(Path("source/poems-syndrome.md"))    # and the editorial checks' (fact guard...)
build([Path("source/poems-syndrome.md")], Options(formats=("pdf",)))
"""

__all__ = ["build", "examine", "lint", "load", "read", "stamp_for", "Options", "PipelineError", "Problem", "SourceError", "Stamp"]
# Each name is imported when it is first used (PEP 562): `python -m pipeline` and every make rule
# import this package, and a PDF build has no use for lint's modules (0.1 s).
_WHERE = {
    "build": "pipeline.building.loop",
    "examine": "pipeline.editorial.lint",
    "lint": "pipeline.editorial.lint",
    "load": "pipeline.reading.reader",
    "read": "pipeline.reading.reader",
    "stamp_for": "pipeline.rendering.stamp",
    "Stamp": "pipeline.rendering.stamp",
    "Options": "pipeline.options",
    "PipelineError": "pipeline.errors",
    "Problem": "pipeline.errors",
    "SourceError": "pipeline.errors",
}


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_WHERE[name]), name)


__version__ = "0.2.0"
