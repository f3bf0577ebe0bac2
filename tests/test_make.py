"""The editor's loop through Make, in a scratch copy of the project: a no-op `make all` does
nothing, an edit rebuilds exactly what it affects, and `make -j4` makes the same bytes as `-j1`."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_tracked

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def speech_cache(tts_cache: Path):
    """Every project of this file speaks through the run's speech cache (tests/conftest.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIPELINE_TTS_CACHE", str(tts_cache))
        yield


def make(project: Path, *args: str) -> str:
    env = {**os.environ, "MAKEFLAGS": ""}
    proc = subprocess.run(["make", *args], cwd=project, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def snapshot(project: Path) -> dict[str, tuple[int, str]]:
    """Every output: (mtime in ns, sha256)."""
    return {
        str(p.relative_to(project / "output")): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted((project / "output").rglob("*"))
        if p.is_file() and ".build" not in p.parts and p.name != ".gitkeep"
    }


def new_project(where: Path) -> Path:
    """The tracked files, the virtual environment and node tools linked, and two sources."""
    project = copy_tracked(where / "project")
    for linked in (".venv", "node_modules"):
        (project / linked).symlink_to(ROOT / linked)
    # the bytecode `make test` compiled (the copies keep their sources' times, so it is current):
    # where PYTHONDONTWRITEBYTECODE is set, each of the copy's processes would compile it again
    for cache in (ROOT / "pipeline").rglob("__pycache__"):
        shutil.copytree(cache, project / cache.relative_to(ROOT), dirs_exist_ok=True)
    # The venv is the checkout's: a pyproject.toml edited since its last install must not make the
    # copy's make reinstall it from the copy (its commands would then start the copy's interpreter
    # path, gone after the run). The copy's file counts as installed when the checkout's venv was.
    stamps = [ROOT / ".venv" / name for name in (".installed", ".installed-test")]
    installed = min(stamp.stat().st_mtime for stamp in stamps)
    os.utime(project / "pyproject.toml", (installed - 1, installed - 1))
    shutil.copy2(FIXTURES / "guillain-barre-fr.md", project / "source" / "guillain-barre-fr.md")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = new_project(tmp_path_factory.mktemp("make"))
    make(project, "all")
    return project


def changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> set[str]:
    return {name for name in after if before.get(name, (0, ""))[0] != after[name][0]}


def catalogue(names: set[str] | dict[str, tuple[int, str]]) -> set[str]:
    """The catalogue and what is made with it (one rule: index.html, its stylesheet, the feed, the FHIR
    Bundle, the sitemap and the search index)."""
    return {name for name in names if "/" not in name or name.startswith("pagefind/")}


def test_make_all_builds_every_output_of_every_source(built):
    names = set(snapshot(built))
    for slug in ("poems-syndrome", "guillain-barre-fr"):
        pdfs = ("-a4.pdf", "-letter.pdf", "-large-print.pdf", "-a4-print.pdf", "-a5.pdf", "-a5-imposed.pdf")
        for suffix in (*pdfs, ".epub", "-large-print.html", ".mp3", ".vtt"):
            assert f"{slug}/{slug}{suffix}" in names
        assert f"{slug}/index.html" in names and f"{slug}/fhir.json" in names
    made = {"index.html", "catalogue.css", "feed.xml", "fhir.json", "sitemap.xml", "pagefind/en/pagefind.js", "pagefind/fr/pagefind.js"}
    assert made <= names


def test_only_a_summary_with_easy_read_text_has_easy_read_outputs_and_make_asks_no_others(built):
    names = set(snapshot(built))
    assert {"poems-syndrome/poems-syndrome-easy-read.pdf", "poems-syndrome/poems-syndrome-easy-read.html"} <= names
    assert not [n for n in names if n.startswith("guillain-barre-fr/") and "easy-read" in n]
    planned = make(built, "-n", "all")
    assert "--formats easy-read" not in planned  # nothing left to make: none asked of the French summary


def test_a_second_make_all_runs_nothing_and_says_everything_is_up_to_date(built):
    before = snapshot(built)
    out = make(built, "all")
    assert "pipeline" not in out and "every output is up to date" in out
    assert snapshot(built) == before


def test_editing_one_source_rebuilds_only_that_summary_and_the_catalogue(built):
    before = snapshot(built)
    source = built / "source" / "guillain-barre-fr.md"
    source.write_text(source.read_text().replace("en quelques jours", "en quelques jours ou semaines"))
    make(built, "all")
    rebuilt = changed(before, snapshot(built))
    assert rebuilt - catalogue(rebuilt) == {name for name in before if name.startswith("guillain-barre-fr/")}
    assert {"index.html", "fhir.json", "feed.xml"} <= rebuilt


def test_editing_the_leaflet_css_rebuilds_only_the_pdfs_and_the_download_pages_that_list_their_sizes(built):
    before = snapshot(built)
    css = built / "templates" / "leaflet.css"
    css.write_text(css.read_text() + "\n/* a comment an editor added */\n")
    make(built, "all")
    rebuilt = changed(before, snapshot(built))
    pdfs = {name for name in before if name.endswith(".pdf") and not name.endswith("-easy-read.pdf")}  # Easy Read has its own css
    assert pdfs <= rebuilt
    pages = {f"{slug}/{name}" for slug in ("poems-syndrome", "guillain-barre-fr") for name in ("index.html", "fhir.json")}
    assert rebuilt - pdfs - catalogue(rebuilt) <= pages  # the download pages give the PDFs' sizes, their records the hashes


def test_touching_a_source_without_changing_it_redoes_no_work(built):
    before = snapshot(built)
    (built / "source" / "poems-syndrome.md").touch()
    out = make(built, "all")
    assert out.count("up to date") >= 1
    after = snapshot(built)
    assert {name: digest for name, (_, digest) in after.items()} == {name: digest for name, (_, digest) in before.items()}
    assert "every output is up to date" in make(built, "all") and "pipeline" not in make(built, "all")


def test_make_j4_from_clean_and_after_a_template_edit_gives_the_same_bytes_as_j1(built, tmp_path):
    parallel = new_project(tmp_path)
    for name in ("source/guillain-barre-fr.md", "templates/leaflet.css"):  # as the earlier tests left them
        shutil.copy2(built / name, parallel / name)
    make(parallel, "-j4", "all")
    serial = {name: digest for name, (_, digest) in snapshot(built).items()}
    assert {name: digest for name, (_, digest) in snapshot(parallel).items()} == serial
    for folder in (built, parallel):
        page_css = folder / "templates" / "large-print.css"
        page_css.write_text(page_css.read_text() + "\n/* and another */\n")
    make(built, "-j1", "all")
    make(parallel, "-j4", "all")
    assert {n: d for n, (_, d) in snapshot(parallel).items()} == {n: d for n, (_, d) in snapshot(built).items()}


def test_adding_or_removing_a_translation_rebuilds_only_the_pages_ebooks_and_leaflets_that_name_it(built):
    linking = ("poems-syndrome-large-print.html", "poems-syndrome.epub", "poems-syndrome-read-aloud.epub", "index.html")
    linking += tuple(f"poems-syndrome{s}.pdf" for s in ("-a4", "-letter", "-large-print", "-a4-print"))
    linking += tuple(f"poems-syndrome{s}.pdf" for s in ("-a5", "-a5-imposed", "-large-print-booklet", "-large-print-booklet-imposed"))
    linking += ("poems-syndrome-easy-read.pdf", "poems-syndrome-easy-read.html")  # the PDF names the translations
    poems_links = {f"poems-syndrome/{name}" for name in (*linking, "fhir.json")}
    translation = built / "source" / "sindrome-poems-es.md"
    before = snapshot(built)
    shutil.copy2(FIXTURES / "translations" / translation.name, translation)
    make(built, "all")
    after = snapshot(built)
    new = {name for name in after if name.startswith("sindrome-poems-es/")}
    rebuilt = changed(before, after)
    assert len(new) >= 12 and rebuilt - catalogue(rebuilt) == new | poems_links  # POEMS's audio and braille untouched
    assert "sindrome-poems-es" in (built / "output" / "poems-syndrome" / "index.html").read_text("utf-8")

    translation.unlink()
    before = snapshot(built)
    make(built, "all")
    rebuilt = changed(before, snapshot(built))
    assert rebuilt - catalogue(rebuilt) == poems_links and "index.html" in rebuilt
    assert "sindrome-poems-es" not in (built / "output" / "poems-syndrome" / "index.html").read_text("utf-8")
    assert "every output is up to date" in make(built, "all")


def test_a_source_whose_file_name_is_not_a_slug_stops_make_at_once_naming_it(tmp_path):
    """make splits names at spaces: without the guard, 'No rule to make target source/Name.md'."""
    project = new_project(tmp_path)
    shutil.copy2(project / "source" / "poems-syndrome.md", project / "source" / "POEMS syndrome.md")
    env = {**os.environ, "MAKEFLAGS": ""}
    proc = subprocess.run(["make", "all"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert '"source/POEMS syndrome.md": a summary\'s file name must be a slug' in proc.stderr, proc.stderr
    assert not any((project / "output").glob("*/*"))


KIRKBY = """\
name: Kirkby Ward, Northshore Hospital
address: Level 2, Northshore Hospital, Shore Road
phone: 0161 555 0142
hours: Monday to Friday, 8am to 6pm
out_of_hours: Evenings and weekends, call NHS 111.
"""


def test_a_clinic_file_makes_that_clinics_copies_and_an_edit_to_it_rebuilds_only_them(built):
    clinics, slugs = built / "source" / "clinics", ("poems-syndrome", "guillain-barre-fr")
    kinds = ("a4", "letter", "large-print", "a4-print", "a5", "a5-imposed", "large-print-booklet", "large-print-booklet-imposed")
    copies = {f"{slug}/clinics/kirkby-ward/{slug}-{kind}.pdf" for slug in slugs for kind in kinds}
    before = snapshot(built)
    clinics.mkdir()
    try:
        (clinics / "kirkby-ward.yaml").write_text(KIRKBY, "utf-8")
        make(built, "all")
        after = snapshot(built)
        assert changed(before, after) == copies  # the summaries' own outputs untouched
        (clinics / "kirkby-ward.yaml").write_text(KIRKBY.replace("0142", "0143"), "utf-8")
        make(built, "all")
        assert changed(after, snapshot(built)) == copies
        assert "1 clinics" in make(built, "all") and "every output is up to date" in make(built, "all")
    finally:  # the other tests' project has no clinics
        shutil.rmtree(clinics)
        for slug in slugs:
            shutil.rmtree(built / "output" / slug / "clinics", ignore_errors=True)
