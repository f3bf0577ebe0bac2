"""Each writer declares what the build must know of it, and the build, Make and the cluster obey it."""

from __future__ import annotations

import ast
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, ROOT

from pipeline import Options, build
from pipeline.building import makefile
from pipeline.writers import REGISTRY, Writer, get_writer, in_order, requested
from pipeline.writers.booklet import BOOKLETS
from pipeline.writers.pdf import VARIANTS

PIPELINE = ROOT / "pipeline"


@pytest.mark.parametrize("name", list(REGISTRY))
def test_what_make_reads_of_a_writer_without_importing_it_is_what_the_writer_declares(name):
    writer = get_writer(name)
    assert isinstance(writer, Writer) and writer.name == name
    declared = makefile.declaration(name)
    for attribute in makefile.ATTRIBUTES:
        assert declared[attribute] == getattr(type(writer), attribute), attribute


def test_the_pdf_writer_declares_every_variant_it_can_write():
    assert sorted(get_writer("pdf").outputs) == sorted(f"{{slug}}-{v.suffix}.pdf" for v in VARIANTS)


def test_the_booklet_writer_declares_each_booklet_and_its_print_file():
    declared = sorted(f"{{slug}}-{b.variant.suffix}{kind}.pdf" for b in BOOKLETS for kind in ("", "-imposed"))
    assert sorted(get_writer("booklet").outputs) == declared


def test_make_is_told_which_formats_make_clinics_copies_and_where_they_go():
    rules = subprocess.run(["python3", "pipeline/building/makefile.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    copies = {name for name in REGISTRY if get_writer(name).clinic_copies}
    assert copies == {"pdf", "booklet"}
    for name in REGISTRY:
        assert f"clinic_{name} := {'yes' if name in copies else ''}\n" in rules
        assert (f"clinic_outputs_{name} = " in rules) == (name in copies)
    assert "clinic_outputs_booklet = $(OUT)/$(1)/clinics/$(2)/$(1)-a5.pdf $(OUT)/$(1)/clinics/$(2)/$(1)-a5-imposed.pdf" in rules


def test_with_clinics_a_build_makes_only_the_formats_that_make_clinics_copies():
    assert requested(Options(clinics=("all",))) == ("pdf", "booklet")
    assert requested(Options(formats=("booklet", "html"), clinics=("kirkby-ward",))) == ("booklet",)
    assert requested(Options()) == tuple(REGISTRY)


def test_formats_are_ordered_after_what_they_wait_for_whatever_order_they_are_asked_in():
    for names in (list(REGISTRY), list(reversed(REGISTRY))):
        order = in_order(names)
        for name in order:
            writer = get_writer(name)
            for earlier in (*writer.needs, *writer.after):
                assert order.index(earlier) < order.index(name), (earlier, name)


def test_the_generated_make_rules_name_every_format_its_outputs_and_its_code():
    rules = subprocess.run(["python3", "pipeline/building/makefile.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert f"FORMATS := {' '.join(REGISTRY)}" in rules
    assert "outputs_braille = $(OUT)/$(1)/$(1).brf $(OUT)/$(1)/$(1).pef" in rules
    code = {line.split(" := ")[0][5:]: line.split(" := ")[1].split() for line in rules.splitlines() if line.startswith("code_")}
    assert "pipeline/writers/pdf/tags.py" in code["pdf"] and "pipeline/writers/pdf/tags.py" not in code["epub"]
    assert "pipeline/tts/piper_worker.py" in code["audio"]  # started as a process, not imported
    assert "templates/leaflet.css" in code["pdf"] and "templates/leaflet.css" not in code["html"]
    assert not any(path.startswith("pipeline/writers/pdf") for path in code["braille"])


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            # `from package import submodule` is an arrow to the submodule
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if _is_module(submodule) else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("pipeline"))
    return found


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_of_the_pipeline_imports_itself_back_through_others():
    graph = {_module(p): _imports(p) for p in PIPELINE.rglob("*.py")}
    graph = {m: {i for i in imports if i in graph and i != m} for m, imports in graph.items()}
    # the package's face hands names on, as every package's __init__ may: not an arrow back
    graph["pipeline"] = set()
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                pytest.fail("import cycle: " + " -> ".join([*path[path.index(imported) :], imported]))
            if imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_no_module_of_the_pipeline_is_over_about_350_lines_375_at_most():
    long = {str(p.relative_to(ROOT)): n for p in PIPELINE.rglob("*.py") if (n := len(p.read_text("utf-8").splitlines())) > 375}
    assert long == {}


@pytest.fixture(scope="module")
def every_format(tmp_path_factory) -> tuple[Path, Path]:
    """A small summary built in every format once; each test rebuilds a copy."""
    folder = tmp_path_factory.mktemp("scope")
    source = folder / "scope-test.md"
    source.write_text(GOOD_FRONT + "\n" + GOOD_BODY, encoding="utf-8")
    out = folder / "out"
    result = build([source], Options(out_dir=out, tts="offline", quiet=True))
    assert {o.status for o in result.outcomes} == {"built"}, [o.error for o in result.outcomes]
    return source, out


def _rebuilt(every_format: tuple[Path, Path], tmp_path: Path, **change: object) -> dict[str, str]:
    source, out = every_format
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    options = replace(Options(out_dir=copy, tts="offline", quiet=True), **change)
    return {o.format: o.status for o in build([source], options).outcomes}


@pytest.mark.slow
def test_the_same_options_again_rebuild_nothing(every_format, tmp_path):
    assert set(_rebuilt(every_format, tmp_path).values()) == {"up to date"}


@pytest.mark.slow
def test_changing_the_voice_rebuilds_the_audio_and_the_read_aloud_book_and_nothing_else(every_format, tmp_path):
    statuses = _rebuilt(every_format, tmp_path, tts="auto")
    assert sorted(f for f, s in statuses.items() if s == "built") == ["audio", "read-aloud"]
    assert {s for f, s in statuses.items() if f not in ("audio", "read-aloud")} == {"up to date"}


@pytest.mark.slow
def test_changing_the_braille_page_size_rebuilds_the_braille_and_the_page_that_lists_its_size(every_format, tmp_path):
    statuses = _rebuilt(every_format, tmp_path, braille_cells=32, braille_lines=20)
    assert sorted(f for f, s in statuses.items() if s == "built") == ["braille", "pages"]


@pytest.mark.slow
def test_print_marks_rebuild_the_pdfs_and_the_page_that_lists_them(every_format, tmp_path):
    statuses = _rebuilt(every_format, tmp_path, print_marks=True)
    assert sorted(f for f, s in statuses.items() if s == "built") == ["pages", "pdf"]


@pytest.mark.slow
def test_new_captions_rebuild_the_large_print_page_whose_player_embeds_them(every_format, tmp_path):
    source, out = every_format
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    vtt = copy / "scope-test" / "scope-test.vtt"
    vtt.write_text(vtt.read_text("utf-8") + "\n", encoding="utf-8")
    statuses = {o.format: o.status for o in build([source], Options(out_dir=copy, tts="offline", quiet=True, formats=("html",))).outcomes}
    assert statuses == {"html": "built"}
