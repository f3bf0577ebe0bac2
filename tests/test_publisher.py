"""A publisher's branding without a fork: publisher.yaml (name, logo, accent, contact line, site)
changes every output and keeps every validator at 0; --templates DIR replaces our files by name;
a bad publisher file is refused with file:line and nothing written."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from browser import axe_violations, open_page, vnu_errors
from conftest import FIXTURES, POEMS, run_cli
from pdf_tags import struct_elements

from pipeline.checks import validators
from pipeline.reading.publisher import contrast

CONTACT = "Questions? Call the Northshore clinic nurses on 0161 555 0100, Monday to Friday."
# A cross and the letters NTH, drawn as outlines (a logo's words are paths, not text in a font).
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
    '<rect x="2" y="2" width="56" height="56" rx="8" fill="#0b5563"/>'
    '<path d="M24 12h12v12h12v12H36v12H24V36H12V24h12z" fill="#ffffff"/>'
    '<path d="M70 15h8v30h-8zM84 15h8l14 18V15h8v30h-8L92 27v18h-8zM122 15h24v7h-8v23h-8V22h-8z" fill="#0b5563"/></svg>'
)
PUBLISHER = f"""\
name: Northshore Clinic
logo: logo.svg
logo_alt: Northshore Clinic logo
accent: "#0b5563"
contact: "{CONTACT}"
site_url: https://leaflets.northshore.example/summaries
"""


def content_repo(where: Path, publisher: str = PUBLISHER) -> Path:
    """A publisher's own repository: POEMS without its own publisher line, their file and logo."""
    source = where / "source"
    source.mkdir(parents=True)
    text = re.sub(r"^(publisher|site_url): .*\n", "", POEMS.read_text("utf-8"), flags=re.M)
    (source / POEMS.name).write_text(text, "utf-8")
    (source / "logo.svg").write_text(LOGO)
    (source / "publisher.yaml").write_text(publisher)
    return where


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory, tts_cache: Path) -> Path:
    repo = content_repo(tmp_path_factory.mktemp("brand"))
    run = run_cli("build", "--tts", "offline", "--quiet", cwd=repo, env={"PIPELINE_TTS_CACHE": str(tts_cache)})
    assert run.code == 0, run.err
    return repo / "output" / "poems-syndrome"


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_contrast_is_wcag_2s_ratio():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#ffffff") == pytest.approx(1.0)
    assert contrast("#777") == pytest.approx(4.48, abs=0.01)
    assert contrast("#0b5563") == pytest.approx(8.42, abs=0.01)


# --- every output wears the brand ---------------------------------------------------------


@pytest.mark.slow
def test_the_leaflet_shows_the_logo_as_a_tagged_figure_and_the_contact_line(branded):
    for variant in ("a4", "letter", "large-print"):
        path = branded / f"poems-syndrome-{variant}.pdf"
        text = " ".join(pdf_text(path).split())
        assert "Published by Northshore Clinic" in text
        assert CONTACT in text
        with pikepdf.open(path) as pdf:
            alts = [str(f.get("/Alt", "")) for f in struct_elements(pdf) if f.S == "/Figure"]
        assert "Northshore Clinic logo" in alts, alts
        for report in validators.pdf_checkers(path):
            assert report.ok, report


@pytest.mark.slow
def test_the_leaflet_headings_take_the_accent_colour(branded, tmp_path):
    """Sampled from the rendered page: the 'In short' heading is drawn in #0b5563, not our blue."""
    page_one = ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(branded / "poems-syndrome-a4.pdf"), str(tmp_path / "p")]
    subprocess.run(page_one, check=True)
    from PIL import Image

    (png,) = tmp_path.glob("p*.png")
    colours = Image.open(png).convert("RGB").getcolors(1 << 20) or []
    counts = {rgb: n for n, rgb in colours}
    assert counts.get((0x0B, 0x55, 0x63), 0) > 200  # headings, rules and the logo
    assert counts.get((0x1D, 0x4E, 0x89), 0) == 0  # our own accent is gone


@pytest.mark.slow
def test_the_ebook_carries_the_logo_with_alt_and_the_contact_line_and_stays_valid(branded):
    book = branded / "poems-syndrome.epub"
    with zipfile.ZipFile(book) as z:
        assert "EPUB/images/logo.svg" in z.namelist()
        title = z.read("EPUB/titlepage.xhtml").decode()
        colophon = z.read("EPUB/colophon.xhtml").decode()
        opf = z.read("EPUB/content.opf").decode()
    assert '<img class="brand-logo" src="images/logo.svg" alt="Northshore Clinic logo"/>' in title
    assert CONTACT in colophon and "Published by Northshore Clinic" in colophon
    assert 'media-type="image/svg+xml"' in opf
    for report in (validators.epubcheck(book), validators.ace(book)):
        assert report.ok, report


@pytest.mark.slow
def test_the_pages_show_logo_and_contact_and_stay_axe_and_vnu_clean(branded, browser):
    pages = [branded / "poems-syndrome-large-print.html", branded / "index.html", branded.parent / "index.html"]
    for page in pages:
        html = page.read_text("utf-8")
        assert 'class="brand-logo" src="data:image/svg+xml;base64,' in html and 'alt="Northshore Clinic logo"' in html
        assert CONTACT in html
    assert "https://leaflets.northshore.example/summaries/poems-syndrome/" in (branded / "index.html").read_text()
    assert vnu_errors(pages) == []
    for page in pages:
        for scheme in ("light", "dark"):
            with open_page(browser, page, color_scheme=scheme) as tab:
                assert axe_violations(tab) == [], (page.name, scheme)
                heading = tab.evaluate("getComputedStyle(document.querySelector('h1')).color")
                assert heading == ("rgb(11, 85, 99)" if scheme == "light" else "rgb(242, 242, 242)"), (page.name, heading)


@pytest.mark.slow
def test_the_audio_ends_with_the_contact_line(branded):
    from mutagen.id3 import ID3

    vtt = (branded / "poems-syndrome.vtt").read_text("utf-8")
    spoken = " ".join(line for line in vtt.splitlines() if line and "-->" not in line and not line.isdigit())
    assert CONTACT in spoken
    assert spoken.rindex(CONTACT) > spoken.rindex("due to be reviewed again")
    tags = ID3(branded / "poems-syndrome.mp3")
    assert str(tags["TPE1"]) == "Northshore Clinic"
    assert CONTACT in str(tags.getall("USLT")[0])


@pytest.mark.slow
def test_a_change_to_the_publisher_file_rebuilds_every_format(tmp_path):
    repo = content_repo(tmp_path)
    formats = ["--formats", "html,epub,pages"]
    assert run_cli("build", *formats, cwd=repo).code == 0
    assert "0 built, 3 up to date" in run_cli("build", *formats, cwd=repo).err
    publisher = repo / "source" / "publisher.yaml"
    publisher.write_text(publisher.read_text().replace("0161 555 0100", "0161 555 0199"))
    again = run_cli("build", *formats, cwd=repo)
    assert "3 built, 0 up to date" in again.err
    assert "0161 555 0199" in (repo / "output" / "poems-syndrome" / "poems-syndrome-large-print.html").read_text()


# --- --templates DIR ----------------------------------------------------------------------


def test_templates_dir_replaces_our_file_of_the_same_name_and_only_that(tmp_path):
    repo = content_repo(tmp_path)
    theirs = repo / "theme"
    (theirs / "epub").mkdir(parents=True)
    from pipeline.rendering.templating import TEMPLATES

    (theirs / "large-print.css").write_text((TEMPLATES / "large-print.css").read_text() + "\n/* northshore theme */\n")
    (theirs / "epub" / "book.css").write_text((TEMPLATES / "epub" / "book.css").read_text() + "\n/* northshore ebook */\n")
    run = run_cli("build", "--formats", "html,epub", "--templates", str(theirs), cwd=repo)
    assert run.code == 0, run.err
    folder = repo / "output" / "poems-syndrome"
    assert "/* northshore theme */" in (folder / "poems-syndrome-large-print.html").read_text()
    with zipfile.ZipFile(folder / "poems-syndrome.epub") as z:
        assert "/* northshore ebook */" in z.read("EPUB/book.css").decode()
        assert "Words to know" in z.read("EPUB/glossary.xhtml").decode()  # our templates for the rest


def test_a_broken_template_of_theirs_is_named_with_its_line_and_nothing_is_written(tmp_path):
    repo = content_repo(tmp_path)
    theirs = repo / "theme"
    theirs.mkdir()
    (theirs / "page.html.j2").write_text("<!DOCTYPE html>\n<p>{{ meta.title }</p>\n")
    run = run_cli("build", "--formats", "pages", "--templates", str(theirs), cwd=repo)
    assert run.code == 2
    assert f"{theirs / 'page.html.j2'}:2: template error" in run.err
    assert "Traceback" not in run.err
    assert not (repo / "output" / "poems-syndrome" / "index.html").exists()


def test_a_missing_templates_folder_is_a_usage_error(tmp_path):
    run = run_cli("build", str(POEMS), "--out", str(tmp_path), "--templates", str(tmp_path / "nope"))
    assert run.code == 2 and "--templates" in run.err and "no such folder" in run.err


# --- a bad publisher file -----------------------------------------------------------------

BAD = [
    ("nmae: Northshore\n", 1, "unknown key 'nmae'", "did you mean 'name'?"),
    ('name: N\naccent: "#7a9cc6"\n', 2, "accent #7a9cc6 has a contrast of 2.8:1 on white", "darker"),
    ("name: N\naccent: blue\n", 2, "accent 'blue' is not a colour", "#rrggbb"),
    ("name: N\nlogo: missing.svg\nlogo_alt: N\n", 2, "logo 'missing.svg' does not exist", None),
    ("name: N\nlogo: logo.svg\n", 2, "a logo needs 'logo_alt'", None),
    ("name: N\nlogo: ../logo.svg\nlogo_alt: N\n", 2, "logo '../logo.svg' is outside the folder", None),
    ("name: N\nlogo: logo.gif\nlogo_alt: N\n", 2, "logo 'logo.gif' is not an SVG or PNG file", None),
    ("name: N\nsite_url: http://example.org\n", 2, "site_url 'http://example.org' is not an https address", None),
    ("name: N\ncontact: [a, b]\n", 2, "'contact' must be text on one line", None),
    ("name: N\n  contact: x\n", 2, "malformed YAML", None),
    ("name: N\nhyphenate: maybe\n", 2, "hyphenate 'maybe' is not yes or no", 'hyphenate: "yes"'),
    ('name: N\nbraille_cells: "8"\n', 2, "braille_cells '8' is not a whole number from 12 to 100", 'braille_cells: "40"'),
]


@pytest.mark.parametrize("text, line, message, hint", BAD, ids=[b[2][:30] for b in BAD])
def test_a_bad_publisher_file_is_refused_with_its_line_and_nothing_is_written(tmp_path, text, line, message, hint):
    repo = content_repo(tmp_path / "repo", publisher=text)
    (tmp_path / "logo.svg").write_text(LOGO)  # outside the source folder
    (repo / "source" / "logo.gif").write_bytes(b"GIF89a")
    run = run_cli("build", "--formats", "html", cwd=repo)
    assert run.code == 2, run.err
    where = f"{Path('source') / 'publisher.yaml'}:{line}: error [publisher]: "
    assert where + message in run.err, run.err
    if hint:
        assert hint in run.err
    assert run.err.count("error [publisher]") == 1  # reported once, not once a source
    assert "Traceback" not in run.err
    assert not (repo / "output").exists()


def test_an_svg_logo_that_draws_words_in_a_font_is_refused(tmp_path):
    repo = content_repo(tmp_path)
    (repo / "source" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">Northshore</text></svg>')
    run = run_cli("lint", cwd=repo)
    assert run.code == 2
    assert "source/publisher.yaml:2: error [publisher]: logo 'logo.svg' draws words with a font" in run.err
    assert "Object to Path" in run.err


def test_a_logo_that_is_not_an_image_is_refused(tmp_path):
    repo = content_repo(tmp_path)
    shutil.copy2(POEMS, repo / "source" / "logo.png")
    (repo / "source" / "publisher.yaml").write_text("name: N\nlogo: logo.png\nlogo_alt: N\n")
    run = run_cli("lint", cwd=repo)
    assert run.code == 2 and "logo 'logo.png' is not a readable PNG image" in run.err


def test_a_logo_that_is_a_decompression_bomb_is_refused_before_any_writer(tmp_path):
    from PIL import Image

    repo = content_repo(tmp_path)
    Image.new("1", (20000, 20000)).save(repo / "source" / "logo.png")  # 400 million pixels in 48 kB
    (repo / "source" / "publisher.yaml").write_text("name: N\nlogo: logo.png\nlogo_alt: N\n")
    run = run_cli("lint", cwd=repo)
    assert run.code == 2 and "logo 'logo.png' is not a readable PNG image" in run.err


# --- hyphenation, by the language's rules, when the publisher asks --------------------------

HYPHEN = "\u2010"  # what WeasyPrint puts at a break


def hyphenated_breaks(pdf: Path) -> list[tuple[str, str]]:
    """(end of a line before its hyphen, start of the next line) for each word broken across lines."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.findall(rf"(\w+){HYPHEN}\n(\w+)", text)


@pytest.mark.slow
def test_hyphenate_yes_breaks_body_text_by_the_languages_own_rules_and_never_arabic(tmp_path):
    import pyphen

    spanish, arabic = FIXTURES / "enfermedad-celiaca-es.md", FIXTURES / "fakr-aldam-ar.md"
    plain = content_repo(tmp_path / "plain", publisher="name: Salud Clara\n")
    hyphenated = content_repo(tmp_path / "hyphenated", publisher='name: Salud Clara\nhyphenate: "yes"\n')
    for repo in (plain, hyphenated):
        for old in (repo / "source").glob("*.md"):
            old.unlink()
        for fixture in (spanish, arabic):
            shutil.copy2(fixture, repo / "source" / fixture.name)
        run = run_cli("build", "--formats", "pdf", "--quiet", cwd=repo)
        assert run.code == 0, run.err
    leaflet = f"{spanish.stem}/{spanish.stem}-a4.pdf"
    assert hyphenated_breaks(plain / "output" / leaflet) == []  # the default keeps words whole (clear print)
    breaks = hyphenated_breaks(hyphenated / "output" / leaflet)
    assert breaks, "no word was broken in the Spanish leaflet"
    rules = pyphen.Pyphen(lang="es")
    for head, tail in breaks:  # each break is one Spanish hyphenation allows, e.g. in-testino
        assert (head, tail) in [(w[0], w[1]) for w in rules.iterate(head + tail)], (head, tail)
    assert hyphenated_breaks(hyphenated / "output" / f"{arabic.stem}/{arabic.stem}-a4.pdf") == []  # no rules: never broken
    run = run_cli("check", "--formats", "pdf", cwd=hyphenated)  # pdfua, page-validation, outloud; stamp and disclaimer whole
    assert run.code == 0, run.out + run.err
