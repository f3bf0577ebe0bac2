"""The Jinja2 environment every HTML-based writer shares (large print, leaflet, EPUB, pages).

Autoescaping is on and no source text is ever compiled as a template, so `{{ 7*7 }}` in a
summary stays literal text.

A publisher may override any template or stylesheet by name (`--templates DIR`, like pandoc's
`--template` or Quarto's partials): a file in that folder wins over ours of the same name.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from pipeline.errors import UsageError
from pipeline.rendering.links import alternates
from pipeline.rendering.stamp import direction, label, language_name

PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline package
# In a wheel the templates are inside the package (pyproject.toml maps templates/ there);
# in a checkout they are the top-level templates/ folder.
TEMPLATES = PACKAGE / "templates" if (PACKAGE / "templates").is_dir() else PACKAGE.parent / "templates"

_override: Path | None = None


def use_templates(folder: Path | None) -> None:
    """Look in `folder` first for every template and stylesheet (None: ours only)."""
    global _override
    if folder is not None and not Path(folder).is_dir():
        raise UsageError(f"--templates {folder}: no such folder")
    _override = Path(folder).resolve() if folder is not None else None


def template_roots() -> tuple[Path, ...]:
    return (_override, TEMPLATES) if _override else (TEMPLATES,)


def template_file(name: str) -> Path:
    """The file a template or stylesheet name stands for: the publisher's, else ours."""
    for root in template_roots():
        if (root / name).is_file():
            return root / name
    raise UsageError(f"no template named {name}")


def environment() -> jinja2.Environment:
    return _environment(template_roots())


# How the templates are read: part of every compiled template's cache key
SYNTAX = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


class SealedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept between processes (<cache>/templates), sealed like every cache.

    Compiling the leaflet's templates is 0.04 s of every process that renders one; make starts a
    process a format. Jinja checks each entry against its template's source (a changed template is
    compiled again) and its Python version; the key adds Jinja's version and how we read templates."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        salt = f"{jinja2.__version__}|{sorted(SYNTAX.items())}|{filename}"
        return super().get_cache_key(name, salt)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from pipeline.cache import read_entry

        data = read_entry(self.folder / f"{bucket.key}.jinja")
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from pipeline.cache import write_entry

        write_entry(self.folder / f"{bucket.key}.jinja", bucket.bytecode_to_string())


@cache
def _environment(roots: tuple[Path, ...]) -> jinja2.Environment:
    from pipeline.output import cache_dir

    folder = cache_dir("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(r) for r in roots]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=SealedBytecode(folder) if folder is not None else None,
        trim_blocks=SYNTAX["trim_blocks"],
        lstrip_blocks=SYNTAX["lstrip_blocks"],
        keep_trailing_newline=SYNTAX["keep_trailing_newline"],
    )
    env.filters["kind"] = lambda node: type(node).__name__
    env.globals["label"] = label
    env.globals["direction"] = direction
    env.globals["alternates"] = alternates
    env.globals["language_name"] = language_name
    return env


def render(template: str, **context: object) -> str:
    try:
        return environment().get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:  # a publisher's template: name its file and line
        raise UsageError(f"{exc.filename}:{exc.lineno}: template error: {exc.message}") from None
