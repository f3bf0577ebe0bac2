"""What each writer declares, read from its source, and the Make rules that follow from it.

    python3 pipeline/building/makefile.py > output/.build/writers.mk

Make includes these rules before it builds anything, on a machine that may not have the
virtual environment yet (`make -n all` on a fresh clone), so this module uses the standard
library alone and reads the writers with `ast`, never importing them: their declarations
(pipeline/writers/__init__.py, `Writer`) are literals on the writer's own class.

A format's code is found from its imports, followed through every module of the pipeline that
it imports (inside functions too) and the packages they sit in, with the reader's (it makes the
model every writer reads); the top package's face
(pipeline/__init__.py, which only hands names on) is left out. A module that names a sibling
`.py` file runs it as a process of its own (the Piper worker) and depends on it too. The build
records (building/tasks.py) hash the same files, so Make and the build agree on what is stale.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
ATTRIBUTES = ("name", "outputs", "needs", "after", "settings", "templates", "links_translations", "clinic_copies", "source_marker")
DEFAULTS: dict[str, object] = {
    "needs": (),
    "after": (),
    "settings": (),
    "templates": (),
    "links_translations": False,
    "clinic_copies": False,
    "source_marker": "",
}
READER = "pipeline.reading.reader"
DATA = ("locales/*.yaml", "locales/*.po", "pictures/*.tsv")  # the words every writer's stamp reads, the pictures the reader names
# The catalogue and what is made with it (pipeline/catalogue/, `patient-info catalogue`): its code and templates
CATALOGUE = "pipeline.catalogue"
CATALOGUE_TEMPLATES = ("_blocks.html.j2", "_catalogue.html.j2", "catalogue*", "large-print.css")


def registry() -> dict[str, str]:
    """Format name -> module, as pipeline/writers/__init__.py's REGISTRY says."""
    tree = ast.parse((PACKAGE / "writers" / "__init__.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "REGISTRY" for t in targets) and node.value is not None:
                value: dict[str, str] = ast.literal_eval(node.value)
                return value
    raise SystemExit("pipeline/writers/__init__.py: no REGISTRY")


def module_file(module: str) -> Path | None:
    """The file of a module of the pipeline (its __init__.py for a package), or None."""
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@cache
def declaration(name: str) -> dict[str, object]:
    """The declared attributes of the writer of format `name` (with those it inherits)."""
    path = module_file(registry()[name])
    if path is None:
        raise SystemExit(f"format {name}: no module {registry()[name]}")
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.ClassDef):
            found = _class_attributes(path, node.name)
            if found.get("name") == name:
                return {**DEFAULTS, **found}
    raise SystemExit(f"{path}: no writer class with name = {name!r}")


def _class_attributes(path: Path, name: str) -> dict[str, object]:
    """The literal attributes of class `name` in `path`, over those of its bases in the pipeline."""
    tree = ast.parse(path.read_text("utf-8"))
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    if node is None:
        return {}
    found: dict[str, object] = {}
    for base in node.bases:
        if isinstance(base, ast.Name):
            origin = _defined_in(path, tree, base.id)
            if origin is not None:
                found.update(_class_attributes(origin, base.id))
    for item in node.body:
        target = item.targets[0] if isinstance(item, ast.Assign) and len(item.targets) == 1 else getattr(item, "target", None)
        value = getattr(item, "value", None)
        if isinstance(target, ast.Name) and target.id in ATTRIBUTES and value is not None:
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                raise SystemExit(f"{path}:{item.lineno}: declare {target.id} as a literal (Make reads it without importing)") from None
    return found


def _defined_in(path: Path, tree: ast.Module, name: str) -> Path | None:
    """The file of the pipeline where `name`, used in `path`, is defined: there, or where it is imported from."""
    if any(isinstance(n, ast.ClassDef) and n.name == name for n in tree.body):
        return path
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or not node.module or node.module.split(".")[0] != "pipeline":
            continue
        if any((alias.asname or alias.name) == name for alias in node.names):
            return module_file(node.module)
    return None


@cache  # a module imported by many is read once
def _imports(path: Path) -> frozenset[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "pipeline":
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)  # a submodule named in the import
        elif isinstance(node, ast.Import):
            modules.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _sibling(path, node.value):
            modules.add(_module_of(path.parent / node.value))  # a worker it starts by its file name
    return frozenset(modules)


def _sibling(path: Path, value: str) -> bool:
    return value.endswith(".py") and "/" not in value and (path.parent / value).is_file()


def _module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def code_files(module: str) -> tuple[Path, ...]:
    """Every file of the pipeline that the module imports, directly or not, itself included."""
    seen: set[Path] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        parts = current.split(".")
        # the packages it sits in run first (all but the top package's face)
        for depth in range(2, len(parts) + 1):
            path = module_file(".".join(parts[:depth]))
            if path is not None and path not in seen:
                seen.add(path)
                todo.extend(_imports(path))
    return tuple(sorted(seen))


def format_code(module: str) -> tuple[Path, ...]:
    """The code an output is made with: its writer module's, and the reader's (which makes the model)."""
    return tuple(sorted({*code_files(module), *code_files(READER)}))


def templates(patterns: tuple[str, ...], roots: tuple[Path, ...]) -> list[Path]:
    """The template files matching a writer's declared patterns, in each root (a publisher's, then ours)."""
    found: list[Path] = []
    for root in roots:
        for pattern in patterns:
            found += sorted(p for p in root.glob(pattern) if p.is_file())
    return found


def words() -> list[Path]:
    """The catalogs every writer's stamp reads."""
    return [p for pattern in DATA for p in sorted(PACKAGE.glob(pattern))]


def prerequisites(name: str) -> list[Path]:
    """The files an output of `name` is made from, besides its source: code, templates, words."""
    patterns: tuple[str, ...] = declaration(name)["templates"]  # type: ignore[assignment]
    return [*format_code(registry()[name]), *templates(patterns, (ROOT / "templates",)), *words()]


def rules() -> str:
    """Make variables for each format (Makefile: format_rule, clinic_rule): its targets, prerequisites and
    order, and whether (and where) it makes clinics' copies; and the catalogue's code (code_catalogue)."""
    names = list(registry())
    lines = [
        "# Made by pipeline/building/makefile.py from the writers' declarations: do not edit.",
        f"FORMATS := {' '.join(names)}",
    ]
    for name in names:
        declared = declaration(name)
        patterns: list[str] = [pattern.replace("{slug}", "$(1)") for pattern in declared["outputs"]]  # type: ignore[attr-defined]
        outputs = " ".join("$(OUT)/$(1)/" + p for p in patterns)
        if marker := str(declared["source_marker"]):  # only the sources with that line have these outputs
            pattern = marker.replace("'", "").replace("$", "$$")
            lines.append(f"marked_{name} := $(shell grep -lE '{pattern}' $(SOURCES) /dev/null 2>/dev/null)")
            outputs = f"$(if $(filter source/$(1).md,$(marked_{name})),{outputs})"
        lines += [
            f"outputs_{name} = {outputs}",
            f"code_{name} := {' '.join(str(p.relative_to(ROOT)) for p in prerequisites(name))}",
            f"needs_{name} := {' '.join(declared['needs'])}",  # type: ignore[arg-type]
            f"after_{name} := {' '.join(declared['after'])}",  # type: ignore[arg-type]
            f"family_{name} := {'yes' if declared['links_translations'] else ''}",
        ]
        if declared["clinic_copies"]:  # a clinic's copies: $(1) the slug, $(2) the clinic
            lines += [f"clinic_outputs_{name} = {' '.join('$(OUT)/$(1)/clinics/$(2)/' + p for p in patterns)}"]
        lines += [f"clinic_{name} := {'yes' if declared['clinic_copies'] else ''}"]
    catalogue = [*format_code(CATALOGUE), *templates(CATALOGUE_TEMPLATES, (ROOT / "templates",)), *words()]
    lines.append(f"code_catalogue := {' '.join(str(p.relative_to(ROOT)) for p in catalogue)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(rules())
