"""The Jinja2 environment every HTML-based writer shares (large print, leaflet, EPUB, pages).

Autoescaping is on and no source text is ever compiled as a template, so `{{ 7*7 }}` in a
summary stays literal text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from .stamp import label

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["kind"] = lambda node: type(node).__name__
    env.globals["label"] = label
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
