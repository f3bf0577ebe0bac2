"""The plain-language large-print page: structure, content, self-containment, readability,
and what axe-core, the Nu HTML Checker and Chromium say about it."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from browser import (
    TEXT_SPACING_CSS,
    axe_violations,
    clipped_elements,
    contrast_ratio,
    horizontal_overflow,
    open_page,
    programs,
    vnu_errors,
)
from conftest import FIXTURES, GOOD_BODY, GOOD_FRONT, POEMS, make_source, run_cli

from pipeline import build, read, stamp_for
from pipeline.editorial.plain import plain_view
from pipeline.editorial.readability import readability_report
from pipeline.errors import OutputError
from pipeline.model import GlossaryEntry, Link, Paragraph, Term, Text
from pipeline.options import Options
from pipeline.writers.html import WRITER

TODAY = date(2026, 11, 25)
SOURCES = {
    "poems": POEMS,
    "french": FIXTURES / "guillain-barre-fr.md",
    "no-plain": FIXTURES / "no-plain-rewrites.md",
    "long": FIXTURES / "fabry-disease.md",
}
AXE_PAGES = ["poems", "french", "no-plain"]


def page_of(out: Path, source: Path) -> Path:
    return out / source.stem / f"{source.stem}-large-print.html"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test source built once into a temporary output folder."""
    folder = tmp_path_factory.mktemp("out")
    build(list(SOURCES.values()), Options(out_dir=folder, formats=("html",), quiet=True, today=TODAY))
    return folder


@pytest.fixture(scope="module")
def pages(out: Path) -> dict[str, Path]:
    return {name: page_of(out, source) for name, source in SOURCES.items()}


@pytest.fixture(scope="module")
def texts(pages: dict[str, Path]) -> dict[str, str]:
    return {name: path.read_text("utf-8") for name, path in pages.items()}


def summary_of(name: str):
    return read(SOURCES[name])[0]


# Structure and content ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SOURCES))
def test_page_has_lang_title_one_h1_landmarks_skip_link_and_ordered_headings(browser, pages, name):
    summary = summary_of(name)
    with open_page(browser, pages[name]) as page:
        facts = page.evaluate(
            """() => ({
                lang: document.documentElement.lang,
                title: document.title,
                h1: [...document.querySelectorAll('h1')].map(h => h.textContent),
                landmarks: ['body > header', 'body > main', 'body > footer'].map(s => document.querySelectorAll(s).length),
                firstLink: document.querySelector('body a'),
                skipTarget: document.querySelector('body a').getAttribute('href'),
                levels: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]),
            })"""
        )
        main_id = page.evaluate("document.querySelector('main').id")
    assert facts["lang"] == summary.meta.language
    assert summary.meta.title in facts["title"]
    assert facts["h1"] == [summary.meta.title]
    assert facts["landmarks"] == [1, 1, 1]
    assert facts["skipTarget"] == f"#{main_id}"
    assert all(b - a <= 1 for a, b in zip(facts["levels"], facts["levels"][1:], strict=False)), facts["levels"]


@pytest.mark.parametrize("name", list(SOURCES))
def test_stamp_is_near_the_top_and_the_disclaimer_verbatim_at_the_end(texts, name):
    summary, text = summary_of(name), texts[name]
    stamp = stamp_for(summary)
    header = text[text.index("<header") : text.index("</header>")]
    footer = text[text.index("<footer") : text.index("</footer>")]
    assert html.escape(stamp.line, quote=False) in header
    assert html.escape(stamp.disclaimer, quote=False) in footer
    assert html.escape(stamp.disclaimer_heading, quote=False) in footer
    assert text.index(html.escape(stamp.disclaimer, quote=False), text.index("<body")) > text.index("</main>")


def test_plain_summary_and_plain_rewrites_replace_the_original_text(texts):
    summary, text = summary_of("poems"), texts["poems"]
    main = text[text.index("<main") : text.index("</main>")]
    assert main.index("POEMS syndrome is a rare illness.") < main.index("POEMS syndrome is a serious illness.")
    assert "multisystem paraneoplastic disorder" not in main  # the technical summary
    assert "complex and serious medical condition" not in main  # the original section text
    assert "Fewer than 1 in 100,000 people have it." in main
    assert summary.meta.plain_summary is not None


def test_a_summary_without_plain_rewrites_shows_its_original_text(texts):
    main = texts["no-plain"][texts["no-plain"].index("<main") :]
    assert "so the large-print page shows the original text" in main
    assert "<li>about your medicines</li>" in main
    assert "A short answer about a condition whose sections have no plain rewrite." in main


def test_each_glossary_term_is_explained_once_where_first_used_and_listed_in_words_to_know(texts):
    summary, text = summary_of("poems"), texts["poems"]
    main = text[text.index("<main") : text.index("</main>")]
    explained = re.findall(r"<dfn>([^<]+)</dfn> \(([^)]*)\)", main)
    terms = [t.casefold().rstrip("s") for t, _ in explained]
    assert len(terms) == len(set(terms)), explained  # once each
    assert ("plasma cells", "a kind of white blood cell that makes antibodies to fight infection") in explained
    # "P is for polyneuropathy: damage to many nerves." explains itself: a <dfn>, no aside
    assert "P is for <dfn>polyneuropathy</dfn>: damage to many nerves." in main
    assert "polyneuropathy" not in [t for t, _ in explained]
    # The first time 'monoclonal protein' appears in the page's text is where it is explained.
    first = re.search(r"monoclonal protein", re.sub(r"<[^>]+>", "", main), re.IGNORECASE)
    assert first is not None
    assert re.sub(r"<[^>]+>", "", main)[first.end() : first.end() + 6] == " (one "
    words = main[main.index('id="words_to_know"') :]
    for entry in summary.glossary:
        assert f"<dt>{entry.term}</dt>\n<dd>{html.escape(entry.explanation, quote=False)}</dd>" in words


def test_terms_are_matched_whole_word_ignoring_case_with_plurals_but_not_in_links(tmp_path):
    front = GOOD_FRONT.removesuffix("---\n") + "glossary:\n  nerve: A thread that carries messages.\n  cell: A tiny living unit.\n---\n"
    body = "\n## A\n\nSee [Nerve help](https://example.org/nerves). Nervous people, then Cells and cell.\n"
    body += "\n::: plain\nNERVES and cells.\n:::\n"
    source = make_source(tmp_path, front + body)
    summary = read(source)[0]
    view = plain_view(summary)
    assert view.sections[0].blocks[0] == Paragraph(
        (Term("NERVES", "a thread that carries messages"), Text(" and "), Term("cells", "a tiny living unit"), Text(".")),
        line=view.sections[0].blocks[0].line,
    )
    # The original text is untouched by the view of another section, and links are never split.
    original = replace(summary.sections[0], plain=None)
    view = plain_view(replace(summary, sections=(original,)))
    inlines = view.sections[0].blocks[0].inlines
    assert isinstance(inlines[1], Link) and inlines[1].children == (Text("Nerve help"),)
    assert Term("Cells", "a tiny living unit") in inlines
    assert not any(isinstance(n, Term) and n.text.lower().startswith("nerv") for n in inlines)  # 'Nervous' is another word


def test_longer_glossary_term_wins_where_two_start_at_the_same_word():
    summary = summary_of("poems")
    summary = replace(
        summary,
        glossary=(GlossaryEntry("monoclonal", "From one clone."), GlossaryEntry("monoclonal protein", "A marker in the blood.")),
    )
    inlines = plain_view(summary).sections[0].blocks[0].inlines
    assert Term("monoclonal protein", "a marker in the blood") in inlines


@pytest.mark.slow
def test_page_is_self_contained_no_script_and_no_request_to_another_host(browser, pages, texts):
    for name in AXE_PAGES + ["long"]:
        text = texts[name]
        assert programs(text) == 0  # its schema.org data is a script of JSON-LD: data, which runs nothing
        assert "<link" not in text.lower()
        urls = re.findall(r'(?:src|href)="([^"]*)"', text) + re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
        own_links = {n.url for s in summary_of(name).sections for b in s.blocks + (s.plain or ()) for n in _links(b)}
        outside = [u for u in urls if not (u.startswith(("#", "data:")) or u in own_links)]
        assert outside == [], outside
        with open_page(browser, pages[name]) as page:
            assert all(u.startswith(("file:", "data:")) for u in page.requests), page.requests
            assert page.evaluate("document.fonts.check('1em \"Atkinson Hyperlegible\"')")


def _links(block):
    nodes = list(getattr(block, "inlines", ()))
    for item in getattr(block, "items", ()):
        for b in item:
            nodes += list(_links(b))
    while nodes:
        node = nodes.pop()
        if isinstance(node, Link):
            yield node
        nodes += list(getattr(node, "children", ()))


def test_figures_are_embedded_as_data_uris_with_their_alt_text(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20), (20, 90, 160)).save(tmp_path / "chart.png")
    source = make_source(tmp_path, GOOD_FRONT + "\n## A\n\nText.\n\n![A blue bar](chart.png)\n")
    summary = read(source)[0]
    [path] = WRITER.write(summary, tmp_path / "out", Options())
    text = path.read_text("utf-8")
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{40,}" alt="A blue bar"/>', text)

    # A failure while writing leaves the earlier good page intact.
    (tmp_path / "chart.png").unlink()
    with pytest.raises(OutputError, match="cannot read image"):
        WRITER.write(summary, tmp_path / "out", Options())
    assert path.read_text("utf-8") == text
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_source_text_is_escaped_never_run_as_a_template(tmp_path):
    source = make_source(tmp_path, GOOD_FRONT.replace("title: Test condition", 'title: "A <b> & {{ 7*7 }}"') + GOOD_BODY)
    [path] = WRITER.write(read(source)[0], tmp_path / "out", Options())
    text = path.read_text("utf-8")
    assert "<h1>A &lt;b&gt; &amp; {{ 7*7 }}</h1>" in text
    assert "49" not in text.split("<body>")[1]


def test_links_go_to_the_pdf_epub_and_audio_files_that_exist_beside_it(tmp_path):
    summary = read(POEMS)[0]
    folder = tmp_path / summary.slug
    folder.mkdir()
    [path] = WRITER.write(summary, folder, Options(formats=("html",)))
    assert "<nav" in path.read_text("utf-8") and 'class="versions"' not in path.read_text("utf-8")
    for name in ("poems-syndrome-large-print.pdf", "poems-syndrome.mp3", "poems-syndrome.epub"):
        (folder / name).write_bytes(b"x")
    text = WRITER.write(summary, folder, Options(formats=("html",)))[0].read_text("utf-8")
    versions = text[text.index('class="versions"') : text.index("</nav>")]
    assert re.findall(r'href="([^"]+)">([^<]+)<', versions) == [
        ("poems-syndrome-large-print.pdf", "Large-print PDF leaflet"),
        ("poems-syndrome.epub", "Ebook (EPUB)"),
        ("poems-syndrome.mp3", "Listen (MP3 audio)"),
    ]


def test_french_page_uses_french_words_from_the_locale(texts):
    text = texts["french"]
    assert '<html lang="fr" dir="ltr">' in text
    assert "Aller au contenu principal" in text and "Mots à connaître" in text and "Avertissement médical" in text
    assert "Relu par un médecin le 2 mars 2026" in text
    assert "<dfn>système immunitaire</dfn> (les défenses du corps contre les infections)" in text


def test_metadata_carries_source_hash_review_dates_and_disclaimer(texts):
    summary, text = summary_of("poems"), texts["poems"]
    head = text[: text.index("</head>")]
    assert f'<meta name="source-sha256" content="{summary.source_sha256}">' in head
    assert '<meta name="dcterms.date" content="2026-04-07">' in head
    assert '<meta name="dcterms.valid" content="2027-04-07">' in head
    assert '<meta name="dcterms.modified" content="2026-04-07T00:00:00Z">' in head
    assert f'<meta name="dcterms.rights" content="{html.escape(summary.meta.disclaimer)}">' in head


def test_rebuild_of_unchanged_input_is_byte_identical_and_follows_source_date_epoch(tmp_path, pages):
    first = pages["poems"].read_bytes()
    result = run_cli("build", str(POEMS), "--formats", "html", "--out", str(tmp_path), "--quiet")
    assert result.code == 0, result.err
    assert page_of(tmp_path, POEMS).read_bytes() == first
    result = run_cli("build", str(POEMS), "--formats", "html", "--out", str(tmp_path), "-q", env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert result.code == 0, result.err
    assert '<meta name="dcterms.modified" content="2027-01-15T08:00:00Z">' in page_of(tmp_path, POEMS).read_text("utf-8")


# Readability ----------------------------------------------------------------


def test_poems_page_reads_at_grade_8_or_lower():
    report = readability_report(summary_of("poems"), max_grade=8)
    assert report.passed and report.page.grade <= 8, report.table()
    assert [p.name for p in report.parts][0] == "In short" and report.parts[-1].name == "Words to know"
    assert len(report.parts) == 2 + len(summary_of("poems").sections)


def test_original_poems_text_would_fail_the_gate():
    """The gate can fail: the same summary with its plain rewrites removed reads far above grade 8."""
    summary = summary_of("poems")
    technical = replace(
        summary,
        meta=replace(summary.meta, plain_summary=None),
        sections=tuple(replace(s, plain=None) for s in summary.sections),
    )
    report = readability_report(technical, max_grade=8)
    assert not report.passed and report.page.grade > 10, report.table()
    [problem] = report.problems()
    assert problem.severity == "warning" and f"grade {report.page.grade:.1f}" in problem.message


def test_disclaimer_is_not_scored():
    summary = summary_of("no-plain")
    hard = replace(summary, meta=replace(summary.meta, disclaimer="Notwithstanding institutional indemnification considerations " * 5))
    assert readability_report(hard).page == readability_report(summary).page


def test_lint_prints_a_readability_table_and_warns_above_max_grade():
    ok = run_cli("lint", str(POEMS))
    assert ok.code == 0, ok.err
    assert "readability of the large-print page by Flesch-Kincaid grade and Flesch reading ease (limit: grade 8)" in ok.out
    assert re.search(r"^  page\s+\d+\.\d\s+\d+\.\d\s+\d+$", ok.out, re.MULTILINE), ok.out
    assert "What exactly is POEMS syndrome?" in ok.out

    low = run_cli("lint", str(POEMS), "--max-grade", "2")
    grade = readability_report(summary_of("poems")).page.grade
    assert low.code == 0
    assert f"warning [readability]: the large-print page reads at grade {grade:.1f} (Flesch-Kincaid grade), above the limit of 2" in low.err
    assert "0 errors, 1 warning(s)" in low.err

    strict = run_cli("lint", "--strict", str(POEMS), "--max-grade", "2")
    assert strict.code == 1
    assert "error [readability]" in strict.err


# In a real browser -----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_wcag_a_aa_or_aaa_contrast_violation(browser, pages, name, scheme):
    with open_page(browser, pages[name], color_scheme=scheme) as page:
        assert axe_violations(page) == []


@pytest.mark.slow
def test_axe_would_catch_text_below_7_to_1(browser, pages):
    """The axe check can fail: grey at 3.5:1 passes AA for our large (18 pt) text, not the AAA rule (4.5:1) we add."""
    with open_page(browser, pages["poems"]) as page:
        page.add_style_tag(content="main p { color: #888888 !important; }")
        assert "color-contrast-enhanced" in {v["id"] for v in axe_violations(page)}


@pytest.mark.slow
def test_nu_html_checker_reports_no_errors(pages, tmp_path):
    assert vnu_errors(list(pages.values())) == []
    broken = tmp_path / "broken.html"
    broken.write_text(pages["poems"].read_text("utf-8").replace('id="short_answer"', 'id="main_content"'), "utf-8")
    assert any("Duplicate ID" in e for e in vnu_errors([broken]))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["poems", "french", "no-plain"])
def test_large_print_body_text_is_24px_with_line_height_1_5_left_aligned_and_never_italic(browser, pages, name):
    with open_page(browser, pages[name]) as page:
        style = page.evaluate(
            """() => { const b = getComputedStyle(document.body);
                return {size: parseFloat(b.fontSize), line: parseFloat(b.lineHeight), align: b.textAlign,
                        smallest: Math.min(...[...document.querySelectorAll('main p, main li, main dd, footer p')]
                                  .map(e => parseFloat(getComputedStyle(e).fontSize))),
                        justified: [...document.querySelectorAll('body *')].filter(e => getComputedStyle(e).textAlign === 'justify').length,
                        italic: [...document.querySelectorAll('body *')]
                                .filter(e => getComputedStyle(e).fontStyle !== 'normal').length}; }"""
        )
        # The reader's own larger default text size still scales the page (relative units).
        page.evaluate("document.documentElement.style.fontSize = '20px'")
        scaled = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert style["size"] >= 24 and style["smallest"] >= 24, style
    assert style["line"] / style["size"] >= 1.5
    assert style["align"] in ("left", "start") and style["justified"] == 0 and style["italic"] == 0
    assert scaled == 30


@pytest.mark.slow
def test_lines_are_at_most_about_70_characters_on_a_wide_screen(browser, pages):
    with open_page(browser, pages["long"], width=1600) as page:
        longest = page.evaluate(
            """() => { let longest = 0;
                for (const p of document.querySelectorAll('main p')) {
                    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT); const lines = new Map();
                    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                        for (let i = 0; i < n.length; i++) {
                            const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                            const rect = r.getClientRects()[0]; if (!rect) continue;
                            const top = Math.round(rect.top); lines.set(top, (lines.get(top) || 0) + 1);
                        } }
                    for (const count of lines.values()) longest = Math.max(longest, count);
                } return longest; }"""
        )
    assert 40 <= longest <= 72, longest


@pytest.mark.slow
@pytest.mark.parametrize("name", ["poems", "french", "no-plain", "long"])
def test_no_horizontal_scroll_at_320px_even_with_wcag_text_spacing(browser, pages, name):
    with open_page(browser, pages[name], width=320, height=640) as page:
        assert horizontal_overflow(page) == 0
        page.add_style_tag(content=TEXT_SPACING_CSS)
        assert horizontal_overflow(page) == 0
        assert clipped_elements(page) == []
        assert page.evaluate("getComputedStyle(document.querySelector('main p')).letterSpacing") != "normal"  # override applied


@pytest.mark.slow
def test_dark_scheme_is_dark_with_at_least_7_to_1_contrast(browser, pages):
    for scheme in ("light", "dark"):
        with open_page(browser, pages["poems"], color_scheme=scheme) as page:
            colours = page.evaluate(
                """() => { const c = s => getComputedStyle(document.querySelector(s));
                    return {text: c('body').color, bg: c('body').backgroundColor,
                            link: c('nav a').color, stamp: c('.stamp').backgroundColor}; }"""
            )
        assert contrast_ratio(colours["text"], colours["bg"]) >= 7
        assert contrast_ratio(colours["link"], colours["bg"]) >= 7
        assert contrast_ratio(colours["text"], colours["stamp"]) >= 7
        dark_background = contrast_ratio(colours["bg"], "rgb(0, 0, 0)") < contrast_ratio(colours["bg"], "rgb(255, 255, 255)")
        assert dark_background == (scheme == "dark"), (scheme, colours)


@pytest.mark.slow
def test_print_stylesheet_hides_screen_only_parts_and_keeps_large_print(browser, pages):
    with open_page(browser, pages["poems"]) as page:
        page.emulate_media(media="print")
        shown = page.evaluate("getComputedStyle(document.querySelector('.skip')).display")
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        colour = page.evaluate("getComputedStyle(document.body).color")
    assert shown == "none" and size >= 24 and colour == "rgb(0, 0, 0)"


@pytest.mark.slow
def test_screenshot_at_phone_width_shows_the_title_and_stamp(browser, pages, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    with open_page(browser, pages["poems"], width=320, height=640) as page:
        page.screenshot(path=str(shots / "poems-320.png"), full_page=True)
        top = page.evaluate(
            "[document.querySelector('h1').getBoundingClientRect().top, document.querySelector('.stamp').getBoundingClientRect().bottom]"
        )
    with open_page(browser, pages["poems"], width=1280, color_scheme="dark") as page:
        page.screenshot(path=str(shots / "poems-1280-dark.png"))
    from PIL import Image

    image = Image.open(shots / "poems-320.png")
    assert image.width == 320 and image.height > 2000  # one long readable column
    assert top[0] >= 0 and top[1] < 640  # title and review stamp are on the first screen
    colours = image.convert("L").getextrema()
    assert colours[0] < 40 and colours[1] > 240  # dark text on a light page


def test_build_fails_cleanly_when_the_output_folder_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("build", str(POEMS), "--formats", "html", "--out", str(blocker), "-q")
    assert result.code == 2 and "Traceback" not in result.err and "cannot write" in result.err


def test_links_also_go_to_files_the_same_build_writes_after_the_page(tmp_path, monkeypatch):
    """`build --formats html,pdf` writes the page first; the PDF it will write is linked all the same."""
    import pipeline.writers.html as writer

    class FakePdf:
        def filenames(self, summary, options):
            return [f"{summary.slug}-a4.pdf", f"{summary.slug}-letter.pdf"]

    monkeypatch.setattr(writer, "available", lambda: ["html", "pdf"])
    monkeypatch.setattr(writer, "get_writer", lambda name: FakePdf())
    summary = read(POEMS)[0]
    text = WRITER.write(summary, tmp_path, Options(formats=("html", "pdf")))[0].read_text("utf-8")
    assert re.findall(r'<li><a href="([^"]+)">', text[text.index('class="versions"') :])[:2] == [
        "poems-syndrome-a4.pdf",
        "poems-syndrome-letter.pdf",
    ]


@pytest.mark.slow
def test_skip_link_is_the_first_tab_stop_is_shown_when_focused_and_moves_focus_to_main(browser, pages):
    with open_page(browser, pages["poems"], width=320, height=640) as page:
        hidden_top = page.evaluate("document.querySelector('.skip').getBoundingClientRect().bottom")
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.getBoundingClientRect().top]")
        page.keyboard.press("Enter")
        after = page.evaluate("document.activeElement.id")
    assert hidden_top <= 0  # out of sight until needed
    assert focused[0] == "skip" and focused[1] >= 0
    assert after == "main_content"


@pytest.mark.slow
def test_the_layout_checks_can_fail(browser, pages):
    """A fixed-width box and a clipped fixed-height box are caught by the helpers the tests above rely on."""
    with open_page(browser, pages["poems"], width=320, height=640) as page:
        page.add_style_tag(content=".stamp { width: 30em; } .short p { height: 2em; overflow: hidden; }")
        assert horizontal_overflow(page) > 0
        assert "p" in clipped_elements(page)


@pytest.mark.parametrize(
    ("explanation", "aside"),
    [
        ("A kind of cell.", "a kind of cell"),
        ("Damage to nerves.", "damage to nerves"),
        ("DNA that is changed.", "DNA that is changed"),
        ("", ""),
    ],
)
def test_a_glossary_explanation_reads_as_a_lower_case_aside_but_acronyms_keep_their_capitals(explanation, aside):
    from pipeline.editorial.plain import _aside

    assert _aside(explanation) == aside
