"""Translations of one summary (`translation_of:`): each version's pages link to the others with
hreflang, its ebook names them in its metadata, the catalogue groups summaries by language and
shows each one's translations, and every mistake in `translation_of` is a clear error at its line."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from browser import axe_violations, horizontal_overflow, open_page, vnu_errors
from conftest import FIXTURES, POEMS, run_cli

from pipeline import Options, read
from pipeline.checks.run import check

SPANISH = FIXTURES / "translations" / "sindrome-poems-es.md"
FABRY = FIXTURES / "fabry-disease.md"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def folder_with(root: Path, *sources: Path) -> Path:
    (root / "source").mkdir(parents=True, exist_ok=True)
    for path in sources:
        shutil.copy2(path, root / "source" / path.name)
    return root


def build(root: Path, formats: str = "html,epub,pages") -> None:
    run = run_cli("build", "--formats", formats, "--quiet", cwd=root)
    assert run.code == 0, run.err
    run = run_cli("catalogue", cwd=root)
    assert run.code == 0, run.err


def alternates(page: Path) -> list[tuple[str, str]]:
    return re.findall(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">', page.read_text("utf-8"))


def opf(book: Path) -> ElementTree.Element:
    with zipfile.ZipFile(book) as z:
        return ElementTree.fromstring(z.read("EPUB/content.opf"))


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = folder_with(tmp_path_factory.mktemp("family"), POEMS, SPANISH, FABRY)
    build(root, "html,epub,pdf,pages")
    return root


def test_the_original_and_its_translation_link_to_each_other_with_hreflang_on_every_page(family):
    out = family / "output"
    site = "https://www.diseasemaps.org/summaries"  # POEMS's site_url, and so where its files live
    assert alternates(out / "poems-syndrome" / "index.html") == [
        ("en", f"{site}/poems-syndrome/index.html"),
        ("es", "../sindrome-poems-es/index.html"),
    ]
    assert alternates(out / "sindrome-poems-es" / "sindrome-poems-es-large-print.html") == [
        ("es", "../sindrome-poems-es/sindrome-poems-es-large-print.html"),
        ("en", f"{site}/poems-syndrome/poems-syndrome-large-print.html"),
    ]
    spanish_page = (out / "sindrome-poems-es" / "index.html").read_text("utf-8")
    assert "En otros idiomas" in spanish_page  # the heading in the page's language (es.po)
    # readers' links are relative, so they work in a saved or previewed folder too
    assert '<a href="../poems-syndrome/index.html" hreflang="en" lang="en" dir="ltr">English: POEMS syndrome</a>' in spanish_page
    english_page = (out / "poems-syndrome" / "poems-syndrome-large-print.html").read_text("utf-8")
    link = '<a href="../sindrome-poems-es/sindrome-poems-es-large-print.html" hreflang="es" lang="es" dir="ltr">'
    assert f"{link}Español: Síndrome POEMS</a>" in english_page
    # a summary without translations says nothing about languages
    fabry = (out / "fabry-disease" / "index.html").read_text("utf-8")
    assert 'rel="alternate"' not in fabry and "In other languages" not in fabry


def test_each_ebook_names_the_other_version_and_which_way_the_translation_goes(family):
    out = family / "output"
    english, spanish = opf(out / "poems-syndrome" / "poems-syndrome.epub"), opf(out / "sindrome-poems-es" / "sindrome-poems-es.epub")
    ids = {name: tree.find(f".//{DC}identifier").text for name, tree in (("en", english), ("es", spanish))}
    props = {
        name: [(m.get("property"), m.text) for m in tree.iter(f"{OPF}meta") if (m.get("property") or "").startswith("schema:")]
        for name, tree in (("en", english), ("es", spanish))
    }
    assert ("schema:workTranslation", ids["es"]) in props["en"]
    assert ("schema:translationOfWork", ids["en"]) in props["es"]
    assert [r.text for r in english.iter(f"{DC}relation")] == [ids["es"]]  # the Spanish version says no site: its identifier
    assert [r.text for r in spanish.iter(f"{DC}relation")] == ["https://www.diseasemaps.org/summaries/poems-syndrome/poems-syndrome.epub"]


@pytest.mark.slow
def test_every_page_ebook_and_leaflet_of_a_family_passes_every_validator(family):
    summaries = [read(family / "source" / name)[0] for name in ("poems-syndrome.md", "sindrome-poems-es.md")]
    findings = check(summaries, Options(out_dir=family / "output", formats=("html", "epub", "pdf", "pages")))
    assert len(findings) == 14  # EPUBCheck, Ace, axe, vnu, pdfua, page-validation, outloud; each FHIR record current
    assert [f"{f.file}: {f.why}" for f in findings if not f.ok] == []


def test_the_leaflet_names_the_other_languages_on_its_back_page_in_their_own_words(family):
    def text(pdf: Path) -> str:
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    out = family / "output"
    assert "Also in: Español" in text(out / "poems-syndrome" / "poems-syndrome-a4.pdf")
    assert "También en: English" in text(out / "sindrome-poems-es" / "sindrome-poems-es-letter.pdf")
    assert "Also in" not in text(out / "fabry-disease" / "fabry-disease-a4.pdf")


def test_the_catalogue_groups_summaries_by_language_and_shows_each_ones_translations(family):
    page = (family / "output" / "index.html").read_text("utf-8")
    assert re.findall(r'<h2 id="lang-([^"]+)">([^<]+)</h2>', page) == [("en", "English"), ("es", "Español")]  # most summaries first
    assert '<section lang="es" dir="ltr" aria-labelledby="lang-es">' in page
    english = page[page.index('id="lang-en"') : page.index('id="lang-es"')]
    assert english.index("Fabry disease") < english.index("POEMS syndrome")  # by title within a language
    assert 'También en: <a href="poems-syndrome/index.html" hreflang="en" lang="en" dir="ltr">English</a>' in page
    assert 'Also in: <a href="sindrome-poems-es/index.html" hreflang="es" lang="es" dir="ltr">Español</a>' in page


@pytest.mark.slow
def test_the_grouped_catalogue_is_valid_html_axe_clean_and_fits_320px_in_both_colour_schemes(family, browser):
    page = family / "output" / "index.html"
    assert vnu_errors([page]) == []
    for scheme in ("light", "dark"):
        with open_page(browser, page, width=320, height=640, color_scheme=scheme) as p:
            assert axe_violations(p) == []
            assert horizontal_overflow(p) == 0


def test_a_catalogue_in_one_language_is_not_grouped(tmp_path):
    root = folder_with(tmp_path, POEMS, FABRY)
    build(root, "pages")
    page = (root / "output" / "index.html").read_text("utf-8")
    assert "lang-en" not in page and '<h2><a href="fabry-disease/index.html">' in page


@pytest.mark.slow
def test_check_calls_pages_ebooks_and_leaflets_stale_once_a_translation_is_added_and_a_rebuild_mends_them(tmp_path):
    formats = ("html", "epub", "pdf", "pages")
    root = folder_with(tmp_path, POEMS)
    build(root, ",".join(formats))
    shutil.copy2(SPANISH, root / "source" / SPANISH.name)
    poems = read(root / "source" / "poems-syndrome.md")[0]
    findings = check([poems], Options(out_dir=root / "output", formats=formats), quick=True)
    pages = [f for f in findings if not f.file.endswith("fhir.json")]  # the FHIR record names no translation
    assert len(pages) == 6 and {f.why for f in pages} == {"stale: its translations changed (translation_of); run `make all`"}
    build(root, ",".join(formats))
    findings = check([poems], Options(out_dir=root / "output", formats=formats), quick=True)
    assert [f.why for f in findings if not f.ok] == []


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        (
            "translation_of: poems-syndrom",
            "translation_of 'poems-syndrom': there is no poems-syndrom.md beside this file",
            "did you mean 'poems-syndrome'?",
        ),
        ("translation_of: sindrome-poems-es", "a summary cannot be a translation of itself", "remove translation_of"),
        ("translation_of: Poems Syndrome", "translation_of 'Poems Syndrome' is not a summary's file name", "without .md"),
    ],
)
def test_a_wrong_translation_of_is_an_error_at_its_line_and_nothing_is_written(tmp_path, line, message, hint):
    root = folder_with(tmp_path, POEMS)
    text = SPANISH.read_text("utf-8").replace("translation_of: poems-syndrome", line)
    (root / "source" / SPANISH.name).write_text(text, "utf-8")
    number = text.splitlines().index(line) + 1
    run = run_cli("build", "source/sindrome-poems-es.md", "--formats", "html", "--quiet", cwd=root)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"source/sindrome-poems-es.md:{number}: error" in run.err and message in run.err and hint in run.err
    assert not (root / "output" / "sindrome-poems-es").exists()


def test_a_translation_of_a_translation_names_the_original_to_point_at(tmp_path):
    root = folder_with(tmp_path, POEMS, SPANISH)
    chained = SPANISH.read_text("utf-8").replace("translation_of: poems-syndrome", "translation_of: sindrome-poems-es")
    (root / "source" / "sindrome-poems-mx.md").write_text(chained.replace("language: es", "language: es-MX"), "utf-8")
    run = run_cli("lint", "source/sindrome-poems-mx.md", cwd=root)
    assert run.code == 2
    assert "sindrome-poems-es.md is itself a translation of 'poems-syndrome'" in run.err
    assert "translation_of: poems-syndrome" in run.err  # the hint says what to write


def test_two_versions_in_one_language_are_an_error_in_each(tmp_path):
    root = folder_with(tmp_path, POEMS, SPANISH)
    shutil.copy2(SPANISH, root / "source" / "sindrome-poems-es-2.md")
    run = run_cli("lint", cwd=root)
    assert run.code == 2
    assert "sindrome-poems-es-2.md is already the 'es' version of 'poems-syndrome'" in run.err
    assert "sindrome-poems-es.md is already the 'es' version of 'poems-syndrome'" in run.err


def test_the_translations_command_rewrites_a_family_file_only_when_the_family_changes(tmp_path):
    root = folder_with(tmp_path, POEMS, FABRY)
    families = root / "families"

    def write() -> dict[str, tuple[str, int]]:
        run = run_cli("translations", "--write", str(families), cwd=root)
        assert run.code == 0, run.err
        return {p.name: (p.read_text("utf-8"), p.stat().st_mtime_ns) for p in families.iterdir()}

    first = write()
    assert first["poems-syndrome.txt"][0] == "" and first["fabry-disease.txt"][0] == ""
    assert write() == first  # nothing changed: nothing rewritten
    shutil.copy2(SPANISH, root / "source" / SPANISH.name)
    second = write()
    family = "poems-syndrome en POEMS syndrome\nsindrome-poems-es es Síndrome POEMS\n"
    assert second["poems-syndrome.txt"][0] == family == second["sindrome-poems-es.txt"][0]
    assert second["fabry-disease.txt"] == first["fabry-disease.txt"]  # untouched: make rebuilds nothing of Fabry's
    listed = run_cli("translations", cwd=root)
    assert listed.out.strip() == "poems-syndrome en POEMS syndrome | sindrome-poems-es es Síndrome POEMS"


def test_hostile_neighbours_are_skipped_not_read_a_fifo_a_dangling_link_a_folder_bad_bytes_a_huge_file(tmp_path):
    import os

    root = folder_with(tmp_path, POEMS, SPANISH)
    source = root / "source"
    os.mkfifo(source / "fifo.md")  # reading it would block for ever
    (source / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (source / "folder.md").mkdir()
    (source / "bad-bytes.md").write_bytes(b"---\ntranslation_of: poems-syndrome\ntitle: \xff\xfe\n---\n")
    (source / "huge.md").write_bytes(b"---\ntranslation_of: poems-syndrome\nlanguage: fr\ntitle: T\n---\n" + b"x" * 2_000_000)
    run = run_cli("build", "source/poems-syndrome.md", "--formats", "html", "--quiet", cwd=root, timeout=120)
    assert run.code == 0, run.err
    page = root / "output" / "poems-syndrome" / "poems-syndrome-large-print.html"
    assert [code for code, _ in alternates(page)] == ["en", "es"]  # only the readable translation


def test_the_folder_scan_is_remembered_between_runs_and_an_edit_is_still_seen(tmp_path, monkeypatch):
    from pipeline import output
    from pipeline.reading import translations

    monkeypatch.setattr(output, "CACHE_HOME", tmp_path / "cache")
    root = folder_with(tmp_path, POEMS, SPANISH, FABRY)
    poems = read(root / "source" / "poems-syndrome.md")[0]
    assert [t.slug for t in poems.translations] == ["sindrome-poems-es"]
    (memo,) = (tmp_path / "cache" / "translations").glob("*.json")
    assert "sindrome-poems-es.md" in memo.read_text("utf-8")

    translations.forget()  # as a new process: only the file on disk remembers
    opened: list[str] = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda path, *a, **k: (opened.append(str(path)), real_open(path, *a, **k))[1])
    assert [t.slug for t in read(root / "source" / "poems-syndrome.md")[0].translations] == ["sindrome-poems-es"]
    assert not [p for p in opened if p.endswith("fabry-disease.md")]  # unchanged, not read again
    monkeypatch.setattr("builtins.open", real_open)

    spanish = root / "source" / SPANISH.name  # the editor points the translation elsewhere
    spanish.write_text(spanish.read_text("utf-8").replace("translation_of: poems-syndrome", "translation_of: fabry-disease"), "utf-8")
    translations.forget()
    assert read(root / "source" / "poems-syndrome.md")[0].translations == ()
    memo.write_text("{damaged", "utf-8")
    translations.forget()
    assert [t.slug for t in read(root / "source" / "fabry-disease.md")[0].translations] == ["sindrome-poems-es"]


def test_one_process_lists_a_folder_once_for_many_reads_and_still_sees_a_new_file_at_once(tmp_path, monkeypatch):
    import os

    from pipeline.reading import translations

    translations.forget()
    root = folder_with(tmp_path, POEMS, FABRY)
    listed: list[str] = []
    real_scandir = os.scandir
    monkeypatch.setattr(translations.os, "scandir", lambda path: (listed.append(str(path)), real_scandir(path))[1])
    sources = str(root / "source")
    for _ in range(5):
        assert read(root / "source" / "poems-syndrome.md")[0].translations == ()
    assert listed.count(sources) == 1  # not once a read: a build of thousands would stat every file again each time
    shutil.copy2(SPANISH, root / "source" / SPANISH.name)  # a new file moves the folder's time
    assert [t.slug for t in read(root / "source" / "poems-syndrome.md")[0].translations] == ["sindrome-poems-es"]
    assert listed.count(sources) == 2
