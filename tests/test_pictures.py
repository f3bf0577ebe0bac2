"""Easy Read's pictures: the two sets are installed by the build, cover the everyday health ideas
measured in bench/pictures-coverage.tsv, are reduced to safe SVG, and editors can list them."""

from __future__ import annotations

import re

import pytest
from conftest import POEMS, ROOT, run_cli

from pipeline import pictures
from pipeline.pictures import sets
from pipeline.pictures.dangers import svg_dangers
from pipeline.pictures.safe import UnsafePicture, reduce

COVERAGE = ROOT / "bench" / "pictures-coverage.tsv"


def coverage() -> list[tuple[str, str, str]]:
    rows = [line.split("\t") for line in COVERAGE.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    assert rows[0] == ["idea", "healthicons", "openmoji"]
    return [(a, b, c) for a, b, c in rows[1:]]


def test_the_coverage_table_measures_at_least_150_everyday_health_ideas_against_both_sets_as_installed():
    rows = coverage()
    assert len(rows) >= 150 and len({idea for idea, _, _ in rows}) == len(rows)
    for idea, healthicon, openmoji in rows:
        assert healthicon == "-" or healthicon in sets.healthicons(), idea
        stem = openmoji.split()[0]
        assert openmoji == "-" or any((sets.openmoji_folder() / f"{s}.svg").is_file() for s in (stem, stem + "-FE0F")), idea
    health = sum(h != "-" for _, h, _ in rows)
    emoji = sum(o != "-" for _, _, o in rows)
    either = sum(h != "-" or o != "-" for _, h, o in rows)
    assert (len(rows), health, emoji, either) == (196, 148, 154, 179)  # the figures docs/editors.md gives


def test_the_vocabulary_names_a_picture_for_every_idea_either_set_has():
    rows = coverage()
    names = pictures.vocabulary()
    covered = [idea for idea, h, o in rows if h != "-" or o != "-"]
    assert len(covered) >= 150
    for idea in covered:
        assert pictures.find(idea) is not None, idea
        assert pictures.find(idea) == names[pictures.slug(idea)]
    for _, picture in names.items():
        assert picture.set in ("healthicons", "openmoji")


@pytest.mark.parametrize("name", sorted(pictures.vocabulary()))
def test_every_vocabulary_picture_reduces_to_a_safe_drawing(name):
    drawing = pictures.svg(pictures.vocabulary()[name])
    assert drawing.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="')
    assert svg_dangers(drawing.encode()) == []
    assert " id=" not in drawing and "<title" not in drawing and "<style" not in drawing


def test_a_hostile_picture_is_reduced_to_its_drawing():
    hostile = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
      <style>@import url(https://evil.example/x.css);</style>
      <script>alert(2)</script>
      <a xlink:href="javascript:alert(3)"><path d="M0 0L10 10" fill="url(https://evil.example/p)" stroke="#000"/></a>
      <g id="x" transform="translate(1 1)"><circle cx="5" cy="5" r="2" fill="red" onclick="alert(4)"/></g>
      <image href="file:///etc/passwd"/><foreignObject><p>hi</p></foreignObject>
    </svg>"""
    safe = reduce(hostile, "a test picture")
    assert svg_dangers(safe.encode()) == []
    for gone in ("onload", "onclick", "script", "style", "href", "url(", "foreignObject", "image", "evil", " id="):
        assert gone not in safe, gone
    assert '<g transform="translate(1 1)"><circle cx="5" cy="5" r="2" fill="red" /></g>' in safe
    with pytest.raises(UnsafePicture):
        reduce(b'<!DOCTYPE svg [<!ENTITY x "y">]><svg viewBox="0 0 1 1">&x;</svg>', "an entity")
    with pytest.raises(UnsafePicture):
        reduce(b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', "no viewBox")


def test_names_are_found_however_an_editor_writes_them_and_by_set():
    assert pictures.find("Blood Test") == pictures.find("blood-test") == pictures.find("blood  test")
    assert pictures.find("openmoji:pill") == pictures.Picture("pill", "openmoji", "1F48A")
    assert pictures.find("healthicons:doctor") == pictures.Picture("doctor", "healthicons", "doctor")
    assert pictures.find("kidneys-and-unicorns") is None
    assert len(pictures.names()) > 4000


def test_a_missing_set_is_named_with_what_installs_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PIPELINE_HEALTHICONS", str(tmp_path / "nowhere.json"))
    sets.healthicons.cache_clear()
    try:
        with pytest.raises(pictures.SetMissing, match="Health Icons, a picture set, is not installed"):
            pictures.find("doctor-female")
    finally:
        monkeypatch.delenv("PIPELINE_HEALTHICONS")
        sets.healthicons.cache_clear()


def test_every_set_has_its_licence_and_credit():
    assert pictures.SETS["healthicons"].licence == "MIT" and "Permission is hereby granted" in pictures.SETS["healthicons"].notice
    assert "Copyright (c) 2021 Resolve to Save Lives" in pictures.SETS["healthicons"].notice
    assert pictures.SETS["openmoji"].licence == "CC BY-SA 4.0" and "OpenMoji" in pictures.SETS["openmoji"].credit
    assert "by-sa/4.0" in pictures.SETS["openmoji"].licence_url


def test_the_pictures_command_lists_names_and_writes_a_page_of_them(tmp_path):
    listed = run_cli("pictures", "blood")
    assert listed.code == 0
    assert re.search(r"^blood-test\s+Health Icons\s+blood-drop$", listed.out, re.M)
    assert len(run_cli("pictures").out.splitlines()) == len(pictures.vocabulary())
    page = tmp_path / "pictures.html"
    written = run_cli("pictures", "--page", str(page))
    assert written.code == 0 and f"{len(pictures.vocabulary())} pictures" in written.out
    text = page.read_text("utf-8")
    assert text.count("<svg ") == len(pictures.vocabulary()) and "<code>talk-to-your-doctor</code>" in text
    assert "MIT" in text and "CC BY-SA 4.0" in text


def test_make_installs_health_icons_with_npm_pack_never_the_check_only_node_tools():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    rule = makefile[makefile.index("$(PICTURES): package.json") :].split("\n\n")[0]
    assert "npm pack" in rule and "npm install" not in rule
    assert "$(PICTURES)" in makefile[makefile.index("define format_rule") :].split("endef")[0]
    assert '"@iconify-json/healthicons": "1.2.13"' in (ROOT / "package.json").read_text("utf-8")


def test_without_health_icons_a_summary_still_builds_every_other_output_and_a_warning_says_why(tmp_path):
    env = {"PIPELINE_HEALTHICONS": str(tmp_path / "not-installed" / "icons.json")}
    out = tmp_path / "out"
    built = run_cli("build", str(POEMS), "--formats", "braille,easy-read", "--out", str(out), env=env)
    assert built.code == 0, built.err
    warned = [line for line in built.err.splitlines() if "Health Icons, a picture set, is not installed" in line]
    assert len(warned) == 1 and "source/poems-syndrome.md:63:11: warning [easy-read]" in warned[0]
    assert "Easy Read outputs are not made here" in warned[0]
    assert (out / "poems-syndrome" / "poems-syndrome.brf").is_file()
    assert not list((out / "poems-syndrome").glob("*easy-read*"))
    checked = run_cli("check", "--quick", "--formats", "easy-read", "--out", str(out), str(POEMS), env=env)
    assert "missing" not in checked.out  # nothing is asked of a summary whose pictures cannot be drawn here
