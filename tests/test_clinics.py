"""Clinic panels: one file a clinic (source/clinics/<id>.yaml), checked like publisher.yaml, and
`build --clinic` writing that clinic's copies of the printed leaflets and booklets with its panel and
the write-on box on the back page, the summary's own words unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, POEMS, run_cli
from pdf_tags import struct_elements

from pipeline import Options, build, read, stamp_for
from pipeline.checks.validators import pdf_checkers
from pipeline.reading.clinics import LIMITS

KIRKBY = """\
name: Kirkby Ward, Northshore Hospital
address: |
  Level 2, Northshore Hospital
  Shore Road, Northshore NS1 2AB
phone: 0161 555 0142
hours: Monday to Friday, 8am to 6pm
out_of_hours: Evenings and weekends, call NHS 111. In an emergency, call 999.
email: kirkby.ward@northshore.example
"""
HARBOUR = """\
name: Harbour Clinic
address: 1 Quay Street, Harbourside HB1 1AA
phone: 01632 960 001
hours: Tuesdays and Thursdays, 9am to 1pm
out_of_hours: Call NHS 111.
logo: harbour.svg
logo_alt: Harbour Clinic logo
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><rect width="60" height="20" fill="#0b3d5c"/></svg>'


def at_most(text: str, length: int) -> str:
    """`text` repeated and cut to exactly `length` characters, ending on a letter."""
    return (text * (length // len(text) + 1))[:length].rstrip(" ,").ljust(length, "x")


def longest() -> str:
    """A clinic with every field as long as the limits allow: the back page must still hold it."""
    line = {key: most for key, (_, most) in LIMITS.items()}
    address = "\n".join("  " + at_most("Northshore General Hospital Foundation Trust, ", line["address"]) for _ in range(3))
    hours = "\n".join("  " + at_most("Monday to Thursday, 8am to 8pm; Saturday mornings, ", line["hours"]) for _ in range(2))
    return (
        f"name: {at_most('Haematology and Neurology Day Unit, Northshore ', line['name'])}\n"
        f"address: |\n{address}\n"
        f"phone: {('+44 (0)161 555 0142 ext. 44711111')[: line['phone']]}\n"
        f"hours: |\n{hours}\n"
        f"out_of_hours: {at_most('Evenings and weekends call NHS 111 for advice; in an emergency call 999. ', line['out_of_hours'])}\n"
        f"email: {at_most('haematology.neurology.unit', line['email'] - len('@northshore.example'))}@northshore.example\n"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """POEMS and a French summary, three clinics, every printed format built plain and for each clinic."""
    source = tmp_path_factory.mktemp("clinics") / "source"
    (source / "clinics").mkdir(parents=True)
    for path in (POEMS, FIXTURES / "guillain-barre-fr.md"):
        shutil.copy2(path, source / path.name)
    (source / "clinics" / "kirkby-ward.yaml").write_text(KIRKBY, "utf-8")
    (source / "clinics" / "harbour.yaml").write_text(HARBOUR, "utf-8")
    (source / "clinics" / "harbour.svg").write_text(LOGO, "utf-8")
    (source / "clinics" / "the-longest.yaml").write_text(longest(), "utf-8")
    out = source.parent / "out"
    sources = sorted(source.glob("*.md"))
    for clinics in ((), ("all",)):
        result = build(sources, Options(out_dir=out, formats=("pdf", "booklet"), clinics=clinics, quiet=True))
        assert result.outcomes and {o.status for o in result.outcomes} == {"built"}, [o.error for o in result.outcomes]
    return source, out


def pdf(out: Path, kind: str, clinic: str | None = None, slug: str = "poems-syndrome") -> Path:
    folder = out / slug / "clinics" / clinic if clinic else out / slug
    return folder / f"{slug}-{kind}.pdf"


def pages_text(path: Path) -> list[str]:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")[:-1]


def words(text: str) -> list[str]:
    return text.replace("\u00ad", "").split()


PANEL = ("Your clinic", "Kirkby Ward, Northshore Hospital", "Shore Road, Northshore NS1 2AB", "Phone: 0161 555 0142")
PANEL += ("Open: Monday to Friday, 8am to 6pm", "Out of hours: Evenings and weekends", "Email: kirkby.ward@northshore.example")


KINDS = ("a4", "letter", "large-print", "a5", "a5-imposed", "large-print-booklet", "large-print-booklet-imposed")


def test_the_build_writes_each_clinics_copies_into_its_own_folder(project):
    _, out = project
    for clinic in ("kirkby-ward", "harbour", "the-longest"):
        names = sorted(p.name for p in (out / "poems-syndrome" / "clinics" / clinic).iterdir())
        assert names == sorted(f"poems-syndrome-{k}.pdf" for k in KINDS)
    assert not (out / "poems-syndrome" / "clinics" / "kirkby-ward" / "index.html").exists()


@pytest.mark.parametrize("kind", ["a4", "a5", "large-print-booklet"])
def test_a_clinic_file_changes_the_back_page_of_that_clinics_copies_only(project, kind):
    _, out = project
    plain, kirkby, other = ([_unfooted(p) for p in pages_text(pdf(out, kind, clinic))] for clinic in (None, "kirkby-ward", "the-longest"))
    back = " ".join(words(kirkby[-1] if kind != "large-print-booklet" else kirkby[-2]))  # large print: its own page
    for said in PANEL:
        assert said in back, said
    assert "Kirkby" not in " ".join(plain + other)
    # every word of the summary, stamp and footers is still there, and only the panel's are added
    added = Counter(words(" ".join(kirkby))) - Counter(words(" ".join(plain)))
    assert Counter(words(" ".join(plain))) - Counter(words(" ".join(kirkby))) == Counter()
    panel_words = Counter(words(" ".join(PANEL))) + Counter(words("Level 2, Northshore Hospital 999."))
    if kind == "a4":  # the write-on box is on a clinic's copies of the leaflet; the booklet always has it
        panel_words += Counter(words("Your next appointment Date and time: Where: Your nurse's name:"))
    if kind == "large-print-booklet":  # at 18 pt the panel takes a page: a printer's pages come with it
        filler = "Notes Questions to ask at your next appointment, and what you are told: This page is intentionally left blank."
        panel_words += Counter(words(filler + " " + stamp_for(read(POEMS)[0]).short))
    assert set(added) <= set(panel_words) | set(words("In an emergency, call NHS 111. Evenings and weekends,")), added - panel_words


def _unfooted(page: str) -> str:
    """A page without "Page N of M" (a clinic's large-print booklet has more pages)."""
    return re.sub(r"Page \d+ of \d+", "", page)


def test_a_clinics_booklet_keeps_the_summarys_pages_word_for_word_and_its_page_count(project):
    _, out = project
    plain, kirkby = pages_text(pdf(out, "a5")), pages_text(pdf(out, "a5", "kirkby-ward"))
    assert len(plain) == len(kirkby) == 4
    assert plain[:-1] == kirkby[:-1]


LABELS = [
    (POEMS, ("Your clinic", "Your nurse's name:", "Published by")),
    (FIXTURES / "guillain-barre-fr.md", ("Votre service de soins", "Nom de votre infirmier ou infirmière", "Publié par")),
]


@pytest.mark.parametrize(("source", "labels"), LABELS)
def test_the_longest_clinic_the_limits_allow_fits_the_back_page_of_the_a5_booklet(project, source, labels):
    _, out = project
    summary = read(source)[0]
    pages = [" ".join(words(p)) for p in pages_text(pdf(out, "a5", "the-longest", summary.slug))]
    back = pages[-1]
    for said in (*labels, "Haematology and Neurology Day Unit", stamp_for(summary).disclaimer_heading):
        assert said in back, said
    assert " ".join(words(summary.meta.disclaimer)) in back and stamp_for(summary).next_review_text in back
    assert all(labels[0] not in page for page in pages[:-1])
    assert len(pages) % 4 == 0


@pytest.mark.slow
@pytest.mark.parametrize("clinic", ["kirkby-ward", "harbour", "the-longest"])
def test_every_pdf_ua_checker_finds_nothing_in_a_clinics_copies(project, clinic):
    _, out = project
    for kind in ("a4", "letter", "large-print", "a5", "large-print-booklet"):
        for report in pdf_checkers(pdf(out, kind, clinic)):
            assert report.ok, (kind, report)


def _only(source: Path, target: Path, keep_artifacts: bool) -> str:
    """The words left when only the tagged content (or only the artifacts) is drawn."""
    with pikepdf.open(source) as document:
        for page in document.pages:
            kept: list[pikepdf.ContentStreamInstruction] = []
            in_artifact: list[bool] = []  # for each open marked-content sequence: inside an artifact?
            for instruction in pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                if op in ("BDC", "BMC"):
                    in_artifact.append(instruction.operands[0] == pikepdf.Name.Artifact or (bool(in_artifact) and in_artifact[-1]))
                inside = bool(in_artifact) and in_artifact[-1]
                drop = inside != keep_artifacts and op in ("TJ", "Tj", "'", '"')
                if op == "EMC" and in_artifact:
                    in_artifact.pop()
                if not drop:
                    kept.append(instruction)
            page.Contents = document.make_stream(pikepdf.unparse_content_stream(kept))
        document.save(target)
    return " ".join(words(" ".join(pages_text(target))))


@pytest.mark.parametrize("kind", ["a4", "a5"])
def test_the_write_on_box_is_printed_tagged_text_never_a_form_field_or_an_artifact(project, tmp_path, kind):
    _, out = project
    path = pdf(out, kind, "kirkby-ward")
    labels = ("Your next appointment", "Date and time:", "Where:", "Your nurse's name:", "Your clinic")
    tagged, artifacts = _only(path, tmp_path / "tagged.pdf", False), _only(path, tmp_path / "artifacts.pdf", True)
    for label in labels:
        assert label in tagged and label not in artifacts, label
    assert re.search(r"Page \d of \d", artifacts) and not re.search(r"Page \d of \d", tagged)  # the footer is the artifact
    with pikepdf.open(path) as document:
        assert "/AcroForm" not in document.Root
        assert not [a for page in document.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        headings = [str(e.S) for e in struct_elements(document)].count("/H2")
    with pikepdf.open(pdf(out, kind)) as plain:
        assert headings - [str(e.S) for e in struct_elements(plain)].count("/H2") == (2 if kind == "a4" else 1)  # clinic (+ box)


def test_a_clinics_logo_is_a_tagged_figure_with_its_alt_text(project):
    _, out = project
    with pikepdf.open(pdf(out, "a5", "harbour")) as document:
        alts = [str(e.get("/Alt", "")) for e in struct_elements(document) if e.S == "/Figure"]
    assert "Harbour Clinic logo" in alts


def test_a_french_clinic_copy_words_the_panel_in_french(project):
    _, out = project
    back = " ".join(words(pages_text(pdf(out, "a5", "kirkby-ward", "guillain-barre-fr"))[-1]))
    french = ("Votre service de soins", "Téléphone : 0161 555 0142", "Votre prochain rendez-vous", "Nom de votre infirmier ou infirmière :")
    for said in french:
        assert said in back, said


# --- the files checked, the command line ---------------------------------------------------------

BAD = """\
name: Kirkby Ward
adress: Level 2
phone: call us
hours: |
  Monday
  Tuesday
  Wednesday
out_of_hours: Call 111 🙂
email: kirkby at northshore
logo: kirkby.svg
"""


def test_every_problem_of_every_clinic_file_is_reported_at_its_line_with_exit_2_and_nothing_written(tmp_path):
    source = tmp_path / "source"
    (source / "clinics").mkdir(parents=True)
    shutil.copy2(POEMS, source / POEMS.name)
    (source / "clinics" / "kirkby-ward.yaml").write_text(BAD, "utf-8")
    (source / "clinics" / "harbour.yaml").write_text(HARBOUR.replace("phone: 01632 960 001\n", ""), "utf-8")
    result = run_cli("build", "--clinic", "all", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    file = "source/clinics/kirkby-ward.yaml"
    for expected in (
        f"{file}:2: error [clinic]: unknown key 'adress'",
        "did you mean 'address'?",
        f"{file}:3: error [clinic]: phone 'call us' is not a telephone number",
        f"{file}:4: error [clinic]: 'hours' has 3 lines; at most 2 fit the back page",
        f"{file}:8: error [clinic]: 'out_of_hours' has characters that cannot be printed: U+1F642",
        f"{file}:9: error [clinic]: email 'kirkby at northshore' is not an email address",
        f"{file}:10: error [clinic]: logo 'kirkby.svg' does not exist",
        f"{file}: error [clinic]: 'address' is missing",
        "source/clinics/harbour.yaml: error [clinic]: 'phone' is missing",
        "source/clinics/harbour.yaml:5: error [clinic]: logo 'harbour.svg' does not exist",
    ):
        assert expected in result.err, expected
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_an_unknown_clinic_is_named_with_the_clinics_there_and_a_format_without_copies_is_refused(project, tmp_path):
    source, _ = project
    unknown = run_cli("build", str(source / POEMS.name), "--clinic", "nowhere", "--out", str(tmp_path))
    assert unknown.code == 2 and "error [clinic]: no clinic 'nowhere'" in unknown.err
    assert "clinics there: harbour, kirkby-ward, the-longest" in unknown.err
    html = run_cli("build", str(source / POEMS.name), "--clinic", "harbour", "--formats", "html,pdf", "--out", str(tmp_path))
    assert html.code == 2 and "--clinic: html has no clinics' copies; those formats that do: pdf, booklet" in html.err
    assert not any(tmp_path.rglob("*.pdf"))


def test_a_second_build_finds_the_clinics_copies_up_to_date_and_an_edit_rebuilds_only_that_clinics(project, tmp_path):
    source, built = project
    out = tmp_path / "out"
    shutil.copytree(built, out)
    poems = [source / POEMS.name]
    again = build(poems, Options(out_dir=out, formats=("pdf", "booklet"), clinics=("all",), quiet=True))
    assert {o.status for o in again.outcomes} == {"up to date"} and len(again.outcomes) == 6
    clinic = source / "clinics" / "harbour.yaml"
    before = clinic.read_text("utf-8")
    try:
        clinic.write_text(before.replace("01632 960 001", "01632 960 002"), "utf-8")
        edited = build(poems, Options(out_dir=out, formats=("pdf", "booklet"), clinics=("all",), quiet=True))
    finally:
        clinic.write_text(before, "utf-8")
    built_now = sorted((o.slug, o.format) for o in edited.outcomes if o.status == "built")
    assert built_now == [("poems-syndrome/clinics/harbour", "booklet"), ("poems-syndrome/clinics/harbour", "pdf")]
    assert "01632 960 002" in " ".join(pages_text(out / "poems-syndrome" / "clinics" / "harbour" / "poems-syndrome-a5.pdf"))


def test_check_passes_a_clinics_fresh_copies_and_calls_them_stale_once_its_file_changes(project, tmp_path):
    source, built = project
    out = tmp_path / "out"
    shutil.copytree(built, out)
    poems = str(source / POEMS.name)
    fresh = run_cli("check", poems, "--clinic", "harbour", "--out", str(out), "--quick")
    assert fresh.code == 0, fresh.out + fresh.err
    assert "clinics/harbour/poems-syndrome-a5-imposed.pdf" in fresh.out and "7 outputs checked: 7 pass, 0 fail" in fresh.out
    clinic = source / "clinics" / "harbour.yaml"
    before = clinic.read_text("utf-8")
    try:
        clinic.write_text(before.replace("9am to 1pm", "9am to 2pm"), "utf-8")
        stale = run_cli("check", poems, "--clinic", "harbour", "--out", str(out), "--quick")
    finally:
        clinic.write_text(before, "utf-8")
    assert stale.code == 1 and stale.out.count("stale: not made from the current harbour.yaml") == 7, stale.out
    # a clinic's copy is not the summary's own: put in its place, check says so
    shutil.copy2(out / "poems-syndrome" / "clinics" / "harbour" / "poems-syndrome-a5.pdf", out / "poems-syndrome" / "poems-syndrome-a5.pdf")
    mixed = run_cli("check", poems, "--formats", "booklet", "--out", str(out), "--quick")
    assert "a clinic's copy (harbour: Harbour Clinic), not the summary's own" in mixed.out, mixed.out


def test_a_clinics_large_print_copies_keep_every_word_at_18_pt_or_more(project):
    _, out = project
    for kind in ("large-print", "large-print-booklet"):
        with pikepdf.open(pdf(out, kind, "the-longest")) as document:
            sizes = {round(float(i.operands[1]) * 0.75, 1) for page in document.pages for i in pikepdf.parse_content_stream(page, "Tf")}
        assert min(sizes) >= 18, (kind, sorted(sizes))
