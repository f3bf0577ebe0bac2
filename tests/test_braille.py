"""Braille: a BRF and a PEF an embosser can take (40 cells, 25 lines, form feeds, braille page
numbers), in UEB grade 2 for English and the contracted French table for French, that liblouis
reads back to the title, the review date and the disclaimer."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD_BODY, POEMS, run_cli

from pipeline import Options, build, read
from pipeline.braille import louis
from pipeline.braille.layout import BLANK, CONTINUES, from_brf, wrap
from pipeline.checks.braille import check, read_back

SOURCES = {"poems": POEMS, "fabry": FIXTURES / "fabry-disease.md", "french": FIXTURES / "guillain-barre-fr.md"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("braille")
    result = build(list(SOURCES.values()), Options(out_dir=folder, formats=("braille",), quiet=True))
    assert not result.failed, result.failed
    return folder


def brf(out: Path, name: str) -> Path:
    return out / SOURCES[name].stem / f"{SOURCES[name].stem}.brf"


def pages_of(out: Path, name: str) -> list[list[str]]:
    return from_brf(brf(out, name).read_bytes())


def page_text(name: str, page: list[str]) -> str:
    summary = read(SOURCES[name])[0]
    return read_back(summary, [page])


@pytest.mark.parametrize("name", list(SOURCES))
def test_every_page_is_25_lines_of_at_most_40_cells_ended_by_a_form_feed(out, name):
    data = brf(out, name).read_bytes()
    pages = from_brf(data)
    assert data.count(b"\f") == len(pages) >= 4  # title page, contents, text
    assert data.endswith(b"\r\n\f") and b"\n\n" not in data.replace(b"\r\n", b"\n\x00")
    for page in pages:
        assert len(page) == 25
        assert all(len(row) <= 40 for row in page)


@pytest.mark.parametrize("name", list(SOURCES))
def test_each_page_ends_with_its_braille_page_number_at_the_right_margin(out, name):
    summary = read(SOURCES[name])[0]
    table, _ = louis.table_for(summary.meta.language)
    for number, page in enumerate(pages_of(out, name), start=1):
        last = page[-1]
        assert len(last) == 40 and last.strip(BLANK) == louis.translate(str(number), table)


@pytest.mark.parametrize("name", list(SOURCES))
def test_read_back_by_liblouis_it_has_the_title_review_date_and_the_whole_disclaimer(out, name):
    summary = read(SOURCES[name])[0]
    files = [brf(out, name), brf(out, name).with_suffix(".pef")]
    assert check(summary, files, Options(out_dir=out)) == {f: [] for f in files}


def test_english_is_ueb_grade_2_and_french_the_contracted_french_table(out):
    assert Path(louis.table_for("en")[0]).name == "en-ueb-g2.ctb"
    assert Path(louis.table_for("fr")[0]).name == "fr-bfu-g2.ctb"
    text = brf(out, "poems").read_text("ascii")
    assert ",SIGNS & SYMPTOMS" in text  # "and" contracted to & (UEB grade 2), capitals marked with a comma
    assert "#G ,APRIL #BJBF" in text  # 7 April 2026: number signs and letters as digits


def test_the_title_page_has_the_title_and_both_review_dates(out):
    first = " ".join(page_text("poems", pages_of(out, "poems")[0]).split())
    assert first.startswith("POEMS syndrome Medically reviewed 7 April 2026 Next review due April 2027")
    assert "Published by DiseaseMaps.org" in first


def test_the_contents_give_the_page_each_heading_is_on(out):
    pages = pages_of(out, "poems")
    summary = read(POEMS)[0]
    contents = page_text("poems", pages[1]).removeprefix("Contents ")
    entries = re.findall(r"([A-Z][^\\]*?) (?:\\5/)+ (\d+)", contents)
    titles = ["In short", *(s.title for s in summary.sections), "Words to know", "About this leaflet", "Medical disclaimer"]
    assert [t for t, _ in entries] == titles
    for title, number in entries:
        assert title in " ".join(page_text("poems", pages[int(number) - 1]).split()), title


def test_the_disclaimer_comes_last_in_full(out):
    summary = read(POEMS)[0]
    pages = pages_of(out, "poems")
    end = " ".join(" ".join(page_text("poems", p) for p in pages[-2:]).split())
    assert summary.meta.disclaimer in end
    assert end.rstrip().endswith("Next review due April 2027")


def test_a_word_moves_whole_to_the_next_line_and_only_a_longer_one_is_split():
    words = BLANK.join(["⠁" * 7] * 12)
    rows = wrap(words, 40, first=3, runover=1)
    assert [len(r) for r in rows] == [33, 39, 23]  # a paragraph starts in cell 3; a sixth word would make 41
    assert "".join(r.strip(BLANK).replace(BLANK, "") for r in rows) == "⠁" * 84  # nothing lost
    long = wrap("⠃" * 100, 40, first=1, runover=3)
    assert [len(r) for r in long] == [40, 40, 26]
    assert long[0].endswith(CONTINUES) and long[1].startswith(BLANK * 2)


def test_the_pef_holds_the_same_pages_as_the_brf(out):
    pef = brf(out, "poems").with_suffix(".pef")
    ns = {"p": "http://www.daisy.org/ns/2008/pef", "dc": "http://purl.org/dc/elements/1.1/"}
    root = ET.parse(pef).getroot()
    volume = root.find("p:body/p:volume", ns)
    assert volume is not None and volume.get("cols") == "40" and volume.get("rows") == "25"
    assert root.findtext("p:head/p:meta/dc:title", namespaces=ns) == "POEMS syndrome"
    pef_pages = [[row.text or "" for row in page.findall("p:row", ns)] for page in root.iter(f"{{{ns['p']}}}page")]
    assert pef_pages == [[row.rstrip(BLANK) for row in page] for page in pages_of(out, "poems")]


def test_another_embosser_size_is_honoured_and_checked(tmp_path):
    run = run_cli("build", str(POEMS), "--formats", "braille", "--out", str(tmp_path), "--braille-cells", "32", "--braille-lines", "28")
    assert run.code == 0, run.err
    pages = from_brf((tmp_path / "poems-syndrome" / "poems-syndrome.brf").read_bytes())
    assert all(len(p) == 28 and all(len(r) <= 32 for r in p) for p in pages)
    same = run_cli("check", str(POEMS), "--formats", "braille", "--out", str(tmp_path), "--braille-cells", "32", "--braille-lines", "28")
    assert same.code == 0, same.out
    default = run_cli("check", str(POEMS), "--formats", "braille", "--out", str(tmp_path))
    assert default.code == 1 and "longer than 25 lines" in default.out


def test_the_publishers_embosser_size_is_the_default_and_the_command_line_wins(tmp_path):
    repo = tmp_path / "repo"
    (repo / "source").mkdir(parents=True)
    shutil.copy2(POEMS, repo / "source" / POEMS.name)
    (repo / "source" / "publisher.yaml").write_text('name: Braille Press\nbraille_cells: "32"\nbraille_lines: "28"\n')
    assert run_cli("build", "--formats", "braille", "--quiet", cwd=repo).code == 0
    brf = repo / "output" / "poems-syndrome" / "poems-syndrome.brf"
    pages = from_brf(brf.read_bytes())
    assert all(len(p) == 28 and all(len(r) <= 32 for r in p) for p in pages)
    assert 'cols="32" rows="28"' in brf.with_suffix(".pef").read_text("utf-8")
    assert run_cli("check", "--formats", "braille", cwd=repo).code == 0  # checked at the publisher's size
    wider = run_cli("build", "--formats", "braille", "--braille-cells", "40", "--quiet", cwd=repo)
    assert wider.code == 0 and max(len(r) for p in from_brf(brf.read_bytes()) for r in p) > 32


def test_check_names_a_stale_or_edited_brf(tmp_path, source):
    path = source()
    assert run_cli("build", str(path), "--formats", "braille", "--out", str(tmp_path)).code == 0
    brf_file = tmp_path / "test-condition" / "test-condition.brf"
    brf_file.write_bytes(brf_file.read_bytes().replace(b",TE/", b",TEXT"))
    edited = run_cli("check", str(path), "--formats", "braille", "--out", str(tmp_path))
    assert edited.code == 1 and "changed since it was built" in edited.out
    path.write_text(path.read_text().replace("made-up illness", "invented illness"))
    stale = run_cli("check", str(path), "--formats", "braille", "--out", str(tmp_path))
    assert stale.code == 1 and "stale" in stale.out


def test_a_language_liblouis_has_no_table_for_is_refused_at_its_line_before_any_format(tmp_path, source):
    path = source(
        "---\ntitle: Test\nreviewed: 2026-04-07\nsummary: A short answer.\ndisclaimer: Not advice.\nlanguage: tlh\n---\n\n" + GOOD_BODY
    )
    run = run_cli("build", str(path), "--formats", "html,braille", "--out", str(tmp_path / "out"))
    assert run.code == 2
    assert "test-condition.md:6: error [front-matter]: liblouis has no braille table for the language 'tlh'" in run.err
    assert "Traceback" not in run.err
    assert not (tmp_path / "out").exists()  # not even the page: the braille would have refused it


def test_a_character_without_six_dot_braille_is_named_with_its_source_line(tmp_path):
    source = tmp_path / "aleph-condition.md"
    source.write_text(POEMS.read_text("utf-8").replace("## Signs and symptoms\n", "## Signs and symptoms\n\nAleph \u2135.\n", 1), "utf-8")
    run = run_cli("build", str(source), "--formats", "braille", "--out", str(tmp_path / "out"))
    line = source.read_text("utf-8").splitlines().index("Aleph \u2135.") + 1
    assert run.code == 2 and f"no 6-dot cells for \u2135 (U+2135, line {line})" in run.err, run.err
    assert not (tmp_path / "out" / "aleph-condition" / "aleph-condition.brf").exists()
