"""`import`: a clinic's Word leaflet or saved web page becomes a source that builds, with every
quirk read for what it means, nothing silently dropped, and hostile files refused."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli
from foreign_leaflets import FOOTER, HEADER, asthma_docx, gout_html, picture_png

from pipeline.importing.convert import import_document
from pipeline.importing.report import MIN_CARRIED
from pipeline.reading.reader import read

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"

# What an editor adds after the import: one plain rewrite a section, as lint asks
PLAIN = {
    "## Your inhalers": "Most people with asthma have two inhalers. The blue one, the reliever, is for when you have signs of\n"
    "asthma. The brown one, the preventer, is for every day, even when you feel well. Take 2 puffs of the\n"
    "preventer twice a day. Do not stop it without talking to your doctor or nurse first.",
    "## Checking your peak flow": "A peak flow meter shows how fast you can breathe out. Green means your asthma is under control.\n"
    "Yellow means it is getting worse. Red means you must call 999 or go to A&E straight away.",
    "## More help": "Asthma + Lung UK can help. You can also call the respiratory nurses on 020 7946 0000, Monday to Friday,\n9am to 5pm.",
    "## What is asthma?": "Asthma is a common illness of the small tubes that take air into the lungs. It cannot be cured, but\n"
    "the right medicine keeps it under control. About 5.4 million people in the UK have it. Signs of\n"
    "asthma are wheezing, feeling out of breath, a tight chest and coughing.",
}


@pytest.fixture(scope="module")
def asthma(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[str]]:
    folder = tmp_path_factory.mktemp("asthma")
    document = asthma_docx(folder / "Asthma leaflet.docx")
    result = run_cli("import", str(document), "--out", str(folder / "source"))
    assert result.code == 0, result.err
    source = folder / "source" / "asthma-in-adults.md"
    return source, source.read_text("utf-8"), result.err.splitlines()


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^(## .+)$", text, flags=re.M)
    return {parts[n]: parts[n + 1] for n in range(1, len(parts), 2)}


def test_a_word_leaflet_takes_its_title_dates_summary_and_disclaimer_from_what_the_document_says(asthma):
    source, text, report = asthma
    front = text.split("---\n")[1]
    assert "title: Asthma in adults\n" in front
    assert "reviewed: '2025-03-14'" in front and "next_review: '2028-03-01'" in front  # 14 March 2025; March 2028
    assert "language: en-GB" in front
    assert re.search(r"summary: This leaflet is for adults who have been told they have asthma", front)
    assert re.search(r"disclaimer: This leaflet is for general information only. It does not replace", front)
    body = text.split("---\n", 2)[2]
    assert "Date of publication" not in body and "general information only" not in body  # moved, not repeated
    assert "note: 'Review date: March 2028' gives only the month: next_review is taken as 2028-03-01" in report


def test_word_headings_real_and_typed_in_bold_become_sections_and_sub_headings(asthma):
    _, text, _ = asthma
    headings = re.findall(r"^(#+ .+)$", text, flags=re.M)
    assert headings == [
        "## What is asthma?",
        "### Common symptoms",  # a bold line under a Heading 1: one level below it
        "## Your inhalers",
        "### How to use your inhaler",
        "## Checking your peak flow",
        "## More help",
    ]


def test_word_lists_typed_bullets_shift_enter_lines_and_typed_numbers_become_lists(asthma):
    _, text, _ = asthma
    assert "- wheezing, a whistling sound when you breathe\n- breathlessness\n- a tight chest\n" in text  # Word's List Bullet
    assert "- at night or early in the morning\n- after exercise or in cold air\n- when you have a cold or the flu\n" in text  # typed •
    assert "- a reliever inhaler, usually blue" in text and "\n- a preventer inhaler, often brown" in text  # "- " and Shift+Enter
    assert "1. Shake the inhaler.\n2. Breathe out gently.\n3. Press the canister" in text  # typed "1."
    assert "•" not in text


def test_bold_italic_and_links_are_kept_and_running_headers_and_footers_are_left_out(asthma):
    _, text, _ = asthma
    assert "Asthma is a **common** condition" in text and "*It cannot be cured*," in text
    assert "[asthmaandlung.org.uk](https://www.asthmaandlung.org.uk/)" in text
    assert HEADER not in text and FOOTER not in text


def test_a_picture_is_saved_beside_the_source_with_its_alt_text(asthma):
    source, text, _ = asthma
    assert "![A peak flow meter: a tube with a scale you blow into](asthma-in-adults/picture-1.png)" in text
    assert (source.parent / "asthma-in-adults" / "picture-1.png").read_bytes() == picture_png()


def test_tables_become_label_and_text_items_with_a_warning(asthma):
    _, text, report = asthma
    assert "- Green zone: Your asthma is under control. Keep taking your preventer.\n" in text  # no header row
    assert "- Inhaler: Reliever; Colour: Blue; When to use it: When you have symptoms\n" in text  # a bold header row
    assert sum("a table of 3 rows became a list of 'label: text' items" in line for line in report) == 2


def test_at_least_99_percent_of_the_document_words_land_in_the_source_and_the_report_says_how_many(asthma, tmp_path):
    report = import_document(asthma_docx(tmp_path / "a.docx"), tmp_path / "source")
    assert report.document_words > 300 and report.share >= MIN_CARRIED, report.missing
    assert f"{report.carried} of the document's {report.document_words} words" in asthma[2][0]


def test_the_words_count_finds_a_dropped_paragraph(asthma, tmp_path):
    """The check can fail: the same document with a paragraph removed from the written source."""
    from pipeline.importing.report import count

    source, text, _ = asthma
    import mammoth

    with asthma_docx(tmp_path / "a.docx").open("rb") as handle:
        words = mammoth.extract_raw_text(handle).value.split()
    cut = text.replace("Call the respiratory nurses on 020 7946 0000, Monday to Friday, 9am to 5pm.", "")
    report = count(words, cut, ["Date of publication: 14 March 2025", "Review date: March 2028"], source)
    assert report.share < MIN_CARRIED and "nurses" in report.missing
    assert any(line.startswith("warning:") and "respiratory" in line for line in report.lines())


def test_the_libreoffice_round_trip_of_the_leaflet_imports_to_the_same_source(asthma, tmp_path):
    """tests/fixtures/import/asthma-libreoffice.docx: the leaflet opened in LibreOffice 7.4 and saved
    as .docx again (soffice --convert-to odt, then --convert-to docx): other style names, numbering and runs."""
    result = run_cli("import", str(FIXTURES / "asthma-libreoffice.docx"), "--out", str(tmp_path))
    assert result.code == 0, result.err
    assert (tmp_path / "asthma-in-adults.md").read_text("utf-8") == asthma[1]


@pytest.mark.slow
def test_the_imported_leaflet_builds_every_format_once_the_editor_adds_the_plain_rewrites(asthma, tmp_path):
    source, text, _ = asthma
    for heading, plain in PLAIN.items():
        text = re.sub(
            rf"^({re.escape(heading)}\n(?:(?!^## ).*\n)*)", lambda m, p=plain: f"{m.group(1)}\n::: plain\n{p}\n:::\n", text, flags=re.M
        )
    edited = tmp_path / "asthma-in-adults.md"
    edited.write_text(text, "utf-8")
    (tmp_path / "asthma-in-adults").mkdir()
    (tmp_path / "asthma-in-adults" / "picture-1.png").write_bytes((source.parent / "asthma-in-adults" / "picture-1.png").read_bytes())
    lint = run_cli("lint", "--strict", str(edited))
    assert lint.code == 0, lint.err
    built = run_cli("build", str(edited), "--out", str(tmp_path / "out"), "--tts", "offline")
    assert built.code == 0, built.err
    names = sorted(p.name for p in (tmp_path / "out" / "asthma-in-adults").iterdir())
    for suffix in (
        "-a4.pdf",
        "-letter.pdf",
        "-large-print.pdf",
        "-large-print.html",
        ".epub",
        "-read-aloud.epub",
        ".mp3",
        ".vtt",
        ".brf",
        ".pef",
    ):
        assert f"asthma-in-adults{suffix}" in names


def test_a_picture_without_alt_text_is_a_lint_error_at_its_line(tmp_path):
    import_document(asthma_docx(tmp_path / "a.docx", alt=None), tmp_path / "source")
    result = run_cli("lint", str(tmp_path / "source" / "asthma-in-adults.md"))
    line = next(n for n, t in enumerate((tmp_path / "source" / "asthma-in-adults.md").read_text().splitlines(), 1) if "picture-1.png" in t)
    assert result.code == 2 and re.search(rf"asthma-in-adults\.md:{line}(:\d+)?: error \[\w+\]: .*alt", result.err), result.err


def test_what_the_document_does_not_say_is_left_to_fill_in_and_lint_asks_for_it_with_a_hint(tmp_path):
    page = tmp_path / "bare.html"
    page.write_text("<html><body><h2>Rest</h2><p>Rest helps.</p><h2>Ice</h2><p>So does ice.</p></body></html>", "utf-8")
    result = run_cli("import", str(page), "--out", str(tmp_path / "source"), "--slug", "bare")
    assert result.code == 0, result.err
    text = (tmp_path / "source" / "bare.md").read_text("utf-8")
    assert re.search(r"^title: .FILL IN: the title of the leaflet", text, flags=re.M), text
    lint = run_cli("lint", str(tmp_path / "source" / "bare.md"))
    assert lint.code == 2
    for key in ("title", "reviewed", "summary", "disclaimer"):
        assert re.search(rf"bare\.md:\d+: error \[front-matter\]: '{key}' is still to be filled in\n    hint: write ", lint.err), lint.err
    assert "to do before it builds cleanly" in result.err and "'reviewed' is still to be filled in" in result.err


# --- a saved web page ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gout(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str], Path]:
    folder = tmp_path_factory.mktemp("gout")
    result = run_cli("import", str(gout_html(folder)), "--out", str(folder / "source"))
    assert result.code == 0, result.err
    return (folder / "source" / "gout.md").read_text("utf-8"), result.err.splitlines(), folder / "source"


def test_a_web_page_gives_its_main_content_and_none_of_its_navigation_banners_footer_scripts_or_hidden_text(gout):
    text, _, _ = gout
    for chrome in (
        "Skip to main content",
        "cookies",
        "Services",
        "Home",
        "Search the site",
        "Related leaflets",
        "Copyright",
        "dataLayer",
        "old version",
        "screen readers",
    ):
        assert chrome not in text, chrome
    assert re.findall(r"^(#+ .+)$", text, flags=re.M) == [
        "## Introduction",
        "## Symptoms of gout",
        "## Treatments for gout",
        "### Things you can do yourself",
    ]


def test_a_web_page_takes_its_description_site_name_language_and_dates_into_the_front_matter(gout):
    text, report, _ = gout
    front = text.split("---\n")[1]
    assert "title: Gout\n" in front and "language: en-GB" in front and "publisher: Riverside Hospitals NHS Trust" in front
    assert "summary: Gout is a kind of arthritis that causes sudden, severe pain" in front
    assert "reviewed: '2026-02-02'" in front and "next_review: '2029-02-01'" in front
    assert "disclaimer: This information is not a substitute for professional medical advice." in front


def test_a_web_page_keeps_its_pictures_beside_it_and_written_into_it_and_says_what_it_left_out(gout):
    text, report, folder = gout
    assert "![A swollen, red big toe joint](gout/picture-1.png)" in text
    assert "![An ice pack wrapped in a towel](gout/picture-2.png)" in text
    assert (folder / "gout" / "picture-1.png").read_bytes() == picture_png()
    assert (folder / "gout" / "picture-2.png").read_bytes().startswith(b"\x89PNG")
    assert any("https://cdn.example.org/tracker.gif" in line and "left out" in line for line in report)


def test_a_web_page_links_are_made_https_or_kept_as_text_with_a_note(gout, tmp_path):
    text, report, _ = gout
    assert "[UK Gout Society](https://www.ukgoutsociety.org/)" in text
    assert "note: link http://www.ukgoutsociety.org/ changed to https://www.ukgoutsociety.org/: check that it opens" in report
    assert "read our leaflet about\narthritis." in text or "read our leaflet about arthritis." in text
    result = run_cli(
        "import", str(gout_html(tmp_path)), "--out", str(tmp_path / "s"), "--base-url", "https://riverside.example.org/leaflets/gout"
    )
    assert "[arthritis](https://riverside.example.org/leaflets/arthritis)" in (tmp_path / "s" / "gout.md").read_text("utf-8"), result.err


def test_a_web_page_table_becomes_items_that_name_each_column(gout):
    text, _, _ = gout
    assert "- Medicine: Naproxen; What it does: Eases pain and swelling; How long you take it: During an attack\n" in text


def test_nearly_every_word_of_the_page_content_lands_in_the_source(gout):
    _, report, _ = gout
    carried, total = map(int, re.search(r"(\d+) of the document's (\d+) words", report[0]).groups())
    assert total > 150 and carried / total >= MIN_CARRIED


# --- text that looks like Markdown reads back as the same text -----------------------------------

TRICKY = [
    "*not emphasis* and _not either_",
    "# not a heading",
    "<b>not html</b> & &amp; stays",
    "[not](a link) nor ![an](image)",
    "::: plain",
    "~~not struck~~ and back\\slash",
    "100% of 5 > 3 | pipes",
    "> not a quote",
]
# A paragraph that starts with one of these is a list item typed by hand (tidy.py); inside a paragraph they are words
TYPED_LIST = ["1. is not a list here", "- not a bullet", "+ nor this", "2) nor that"]


@pytest.mark.parametrize("words", TRICKY + TYPED_LIST)
def test_text_that_looks_like_markdown_reads_back_word_for_word(tmp_path, words):
    from html import escape

    page = tmp_path / "tricky.html"
    first = words if words not in TYPED_LIST else f"Say {words}"
    line = "word " * 19 + "word"  # 99 characters: the source is wrapped at 100, so the tricky words would start the next line
    body = f"<p>{escape(first)}</p><p>{line} {escape(words)}</p>"
    page.write_text(f"<html><head><title>Tricky</title></head><body><h2>Part</h2>{body}</body></html>", "utf-8")
    run_cli("import", str(page), "--out", str(tmp_path), "--slug", "tricky")
    text = (tmp_path / "tricky.md").read_text("utf-8")
    filled = re.sub(
        r"^(reviewed|summary|disclaimer): .*$", lambda m: f"{m[1]}: {'2026-01-01' if m[1] == 'reviewed' else 'Filled.'}", text, flags=re.M
    )
    (tmp_path / "tricky.md").write_text(filled, "utf-8")
    summary, _ = read(tmp_path / "tricky.md")
    from pipeline.model import block_text

    said = [" ".join(block_text(b).split()) for b in summary.sections[0].blocks]
    assert said[0] == first
    assert said[1].endswith(words)


# --- hostile files: refused, named, nothing written --------------------------------------------


def _docx_with(path: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> Path:
    """The asthma leaflet with some of its parts replaced or added."""
    original = asthma_docx(path.with_suffix(".orig.docx"))
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, replace.get(info.filename, source.read(info)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return path


def _bomb_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 400 million pixels in 48 kB
    return out.getvalue()


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("word/document.xml", b"<w:document/>")
        out.writestr("word/media/padding.bin", bytes(300 * 1024 * 1024))  # 300 MB of zeros in 300 kB
    return path


ENTITIES = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""
LINKED_PICTURE = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
 Target="../../../../etc/passwd" TargetMode="External"/>
</Relationships>"""


def _hostile_html(path: Path) -> Path:
    (path.parent / "secret.png").write_bytes(picture_png())
    (path.parent / "page").mkdir()
    page = path.parent / "page" / "leaflet.html"
    page.write_text('<html><body><h2>X</h2><p>Text <img src="../secret.png" alt="x"></p></body></html>', "utf-8")
    return page


HOSTILE = {
    "not a zip": (lambda p: (p.write_bytes(b"%PDF-1.7 not a word file"), p)[1], "is not a Word document"),
    "a zip that is not a docx": (lambda p: _zip_of(p, {"readme.txt": b"hello"}), "is a zip file but not a Word document"),
    "a zip bomb": (_zip_bomb, "zip bomb"),
    "exponential XML entities": (lambda p: _docx_with(p, {"word/document.xml": ENTITIES}), "declares XML entities"),
    "an external XML entity": (lambda p: _docx_with(p, {"word/document.xml": EXTERNAL}), "declares XML entities"),
    "a picture linked from a file of this machine": (
        lambda p: _docx_with(p, {}, {"word/_rels/header9.xml.rels": LINKED_PICTURE}),
        "links a file outside the document (../../../../etc/passwd)",
    ),
    "an enormous picture": (lambda p: _docx_with(p, {"word/media/image1.png": _bomb_png()}), "is over 50 million pixels"),
    "a web page naming a picture outside its folder": (_hostile_html, "names a picture outside its folder ('../secret.png')"),
}


def _zip_of(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


@pytest.mark.parametrize(("make", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_file_is_refused_with_its_name_and_reason_and_nothing_is_written(tmp_path, make, message):
    document = make(tmp_path / "leaflet.docx")
    out = tmp_path / "source"
    result = run_cli("import", str(document), "--out", str(out), timeout=120)
    assert result.code == 2, result.out + result.err
    assert f"{document}: error [import]:" in result.err and message in result.err, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert not out.exists()


def test_an_existing_source_is_not_replaced_without_force(asthma, tmp_path):
    source, text, _ = asthma
    before = source.read_text("utf-8")
    result = run_cli("import", str(asthma_docx(tmp_path / "a.docx")), "--out", str(source.parent))
    assert result.code == 2 and f"{source} exists; give another --slug, or --force to replace it" in result.err
    assert source.read_text("utf-8") == before
    assert run_cli("import", str(tmp_path / "a.docx"), "--out", str(source.parent), "--force").code == 0


def test_a_file_of_another_kind_is_named_with_what_import_reads(tmp_path):
    other = tmp_path / "leaflet.pdf"
    other.write_bytes(b"%PDF")
    result = run_cli("import", str(other), "--out", str(tmp_path / "source"))
    assert result.code == 2 and "cannot import a '.pdf'; import reads .docx, .html" in result.err


def test_words_table_of_contents_is_left_out_and_its_symbol_font_bullets_are_a_list(tmp_path):
    from foreign_leaflets import word_quirks_docx

    report = import_document(word_quirks_docx(tmp_path / "shingles.docx"), tmp_path / "source")
    text = (tmp_path / "source" / "shingles.md").read_text("utf-8")
    assert "Contents" not in text and "\t" not in text and "Treatment\t2" not in text
    assert "- a tingling or burning feeling in the skin\n- a rash of blisters on one side of the body\n" in text
    assert not re.search("[\ue000-\uf8ff]", text)  # the reader would refuse a private-use character
    assert "within 3 days of the rash appearing" in text.replace("  ", " ")
    assert any("table-of-contents" in note for note in report.notes) and any("Wingdings" in note for note in report.notes)
    assert report.share >= MIN_CARRIED, report.missing
