"""The catalogue at a thousand summaries (#31): a front page and pages of 50, each summary once with its
plain short answer, every language in its own collation order, an A to Z whose every letter leads to
its first summary, a search that finds a summary by a word of its text in Chromium, and all of it
valid, axe-clean and readable at 320 px without JavaScript too."""

from __future__ import annotations

import html
import math
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

import generated
import pytest
from browser import axe_violations, horizontal_overflow, open_url, served, vnu_errors
from conftest import FIXTURES, POEMS

from pipeline import Options, build, read
from pipeline.catalogue import write_catalogue
from pipeline.catalogue.collation import alphabet, index_letter, sort_key
from pipeline.catalogue.listing import PAGE_SIZE, short_text

COUNT = 1000
ENTRY = re.compile(r'<li lang="([^"]+)" dir="[^"]+">\n<h\d><a href="([^"]+)/index.html">([^<]+)</a></h\d>\n<p>([^<]*)</p>')


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("thousand")
    made = generated.summaries(COUNT)
    write_catalogue(made, folder, today=date(2026, 12, 1))
    return folder, made


def entries(page: Path) -> list[tuple[str, str, str, str]]:
    """(language, slug, title, short answer) of each entry on a page, in order."""
    return [(lang, slug, html.unescape(title), html.unescape(text)) for lang, slug, title, text in ENTRY.findall(page.read_text("utf-8"))]


def pages(folder: Path, lang: str) -> list[Path]:
    return sorted(folder.glob(f"index-{lang}-*.html"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


# --- order -------------------------------------------------------------------------------------


def test_titles_sort_by_the_collation_algorithm_with_numbers_in_numeric_order():
    titles = ["Condition number 10", "Zona", "éczéma", "Condition number 2", "Eczema", "Condition number 1", "Écho"]
    assert sorted(titles, key=lambda t: sort_key(t, "en")) == [
        "Condition number 1",
        "Condition number 2",
        "Condition number 10",
        "Écho",  # accents second to letters: not after Z as code points put them
        "Eczema",
        "éczéma",
        "Zona",
    ]


def test_spanish_sorts_n_with_tilde_as_its_own_letter_after_n_and_files_it_under_its_own_letter():
    titles = ["Uñas frágiles", "Uncinariasis", "Uveítis"]
    assert sorted(titles, key=lambda t: sort_key(t, "es")) == ["Uncinariasis", "Uñas frágiles", "Uveítis"]
    assert sorted(titles, key=lambda t: sort_key(t, "en")) == ["Uñas frágiles", "Uncinariasis", "Uveítis"]  # the root order
    assert index_letter("Ñandú", "es") == "Ñ" and index_letter("Ñandú", "en") == "N"
    assert alphabet("es", {"C"})[13:16] == ["N", "Ñ", "O"]


def test_index_letters_drop_accents_and_hamza_and_numbers_file_under_numbers():
    assert [index_letter(t, "fr") for t in ("Épilepsie", "Œdème", "zona")] == ["E", "Œ", "Z"]
    assert [index_letter(t, "ar") for t in ("أنيميا", "إسهال", "ربو")] == ["ا", "ا", "ر"]
    assert index_letter("3 things about sleep", "en") == "#"
    assert sorted(["ربو", "أنيميا", "يرقان", "بلهارسيا"], key=lambda t: sort_key(t, "ar")) == ["أنيميا", "بلهارسيا", "ربو", "يرقان"]


# --- the 1,000-summary catalogue -------------------------------------------------------------


def test_a_thousand_summaries_make_a_small_front_page_and_pages_of_at_most_50(thousand):
    folder, made = thousand
    per_language = Counter(s.meta.language for s in made)
    front = folder / "index.html"
    assert front.stat().st_size < 40_000 and not entries(front)  # the languages, their A to Z and their pages
    for lang, count in per_language.items():
        found = pages(folder, lang)
        assert len(found) == math.ceil(count / PAGE_SIZE)
        for page in found:
            assert 0 < len(entries(page)) <= PAGE_SIZE and page.stat().st_size < 40_000
            assert f'href="{page.name}"' in front.read_text("utf-8")
    second = pages(folder, "en")[1].read_text("utf-8")
    assert '<a href="index-en-1.html" rel="prev">' in second and '<a href="index-en-3.html" rel="next">' in second
    assert (folder / "catalogue.css").stat().st_size > 60_000 and '<link rel="stylesheet" href="catalogue.css">' in second


def test_every_summary_is_listed_once_with_its_plain_short_answer_in_two_sentences_at_most(thousand):
    folder, made = thousand
    listed = [e for lang in ("en", "fr", "es", "ar") for page in pages(folder, lang) for e in entries(page)]
    assert sorted(slug for _, slug, _, _ in listed) == sorted(s.slug for s in made)
    by_slug = {s.slug: s for s in made}
    for lang, slug, title, text in listed:
        summary = by_slug[slug]
        assert (lang, title, text) == (summary.meta.language, summary.meta.title, short_text(summary))
        plain = " ".join((summary.meta.plain_summary or summary.meta.summary).split())
        assert plain.startswith(text) and len(re.findall(r"[.!?؟](?:\s|$)", text)) <= 2
    poems = next(text for lang, _, _, text in listed if lang == "en")
    assert poems == "POEMS syndrome is a rare illness. It starts with a problem in some blood cells, called plasma cells."


def test_each_language_lists_its_summaries_in_its_own_collation_order(thousand):
    folder, _ = thousand
    for lang in ("en", "fr", "es", "ar"):
        titles = [title for page in pages(folder, lang) for _, _, title, _ in entries(page)]
        assert titles == sorted(titles, key=lambda t: sort_key(t, lang))
    english = [title for page in pages(folder, "en") for _, _, title, _ in entries(page)]
    assert english.index("Condition number 9") < english.index("Condition number 10") < english.index("Condition number 100")
    spanish = [title for page in pages(folder, "es") for _, _, title, _ in entries(page)]
    assert spanish.index("Uncinariasis 1") < spanish.index("Uñas frágiles 1")
    french = [title for page in pages(folder, "fr") for _, _, title, _ in entries(page)]
    assert french.index("Eczéma 1") < french.index("Épilepsie 1") < french.index("Fièvre jaune 1")


def test_every_letter_of_the_a_to_z_leads_to_the_first_summary_filed_under_it(thousand):
    folder, _ = thousand
    front = (folder / "index.html").read_text("utf-8")
    for lang in ("en", "fr", "es", "ar"):
        titles = [(title, page) for page in pages(folder, lang) for _, _, title, _ in entries(page)]
        bar = front[front.index(f'<h2 id="lang-{lang}">') :]
        bar = bar[: bar.index("</nav>")]
        links = re.findall(r'<li><a href="([^"#]+)#([^"]+)">([^<]+)</a></li>', bar)
        letters = {index_letter(t, lang) for t, _ in titles}
        assert len(links) == len(letters) and len(re.findall(r"<li><span>", bar)) == len(alphabet(lang, letters)) - len(letters)
        for file, anchor, shown in links:
            first = next(t for t, page in titles if index_letter(t, lang) == html.unescape(shown))
            target = (folder / file).read_text("utf-8")
            after = target[target.index(f'id="{anchor}"') :]
            assert ENTRY.search(after) and html.unescape(ENTRY.search(after)[3]) == first


def test_a_smaller_catalogue_takes_away_the_pages_it_no_longer_has(tmp_path):
    write_catalogue(generated.summaries(300), tmp_path)
    assert len(pages(tmp_path, "en")) == 5
    write_catalogue(generated.summaries(30), tmp_path)  # one page: everything on the front page
    assert list(tmp_path.glob("index-*.html")) == [] and len(entries(tmp_path / "index.html")) == 30


# --- in Chromium -------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_catalogue_pages_are_valid_html(thousand):
    folder, _ = thousand
    assert vnu_errors([folder / "index.html", pages(folder, "en")[1], pages(folder, "ar")[0]]) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["index.html", "index-en-2.html", "index-ar-1.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_catalogue_pages_are_axe_clean_with_search_and_fit_320px(thousand, browser, name, scheme):
    folder, _ = thousand
    with served(folder) as site:
        for width in (1000, 320):
            with open_url(browser, site + name, width=width, height=800, color_scheme=scheme) as page:
                page.wait_for_selector("#search_words", state="visible", timeout=15000)
                page.fill("#search_words", "migraine")
                page.wait_for_function("document.querySelectorAll('#search_results li').length > 0", timeout=15000)
                assert axe_violations(page) == [] and page.errors == []
                assert horizontal_overflow(page) == 0


@pytest.mark.slow
def test_typing_a_word_of_one_summarys_text_finds_that_one_among_a_thousand(thousand, browser):
    """A word only summary 537's text has (its plain words) finds it alone, from any page; an Arabic
    summary's word is found from the English front page (every language's index is merged)."""
    folder, made = thousand
    timings = []
    with served(folder) as site, open_url(browser, site + "index.html") as page:
        page.wait_for_selector("#search_words", state="visible", timeout=15000)
        for n in (537, 12, 250):
            started = time.perf_counter()
            page.fill("#search_words", generated.word(n))
            found = f"(a => a && a.href.includes('{made[n].slug}'))(document.querySelector('#search_results a'))"
            page.wait_for_function(found, timeout=15000)
            timings.append(time.perf_counter() - started)
            assert page.inner_text("#search_status") == "1 summary found."
            result = page.eval_on_selector("#search_results li", "li => [li.lang, li.dir, li.querySelector('a').textContent]")
            assert result == [made[n].meta.language, "rtl" if made[n].meta.language == "ar" else "ltr", made[n].meta.title]
        page.fill("#search_words", "zyzyzyzy")
        page.wait_for_function("document.getElementById('search_status').textContent.startsWith('No summary')", timeout=15000)
    print(f"search among {COUNT}: {', '.join(f'{t * 1000:.0f} ms' for t in timings)} (typing to the result shown, 250 ms debounce)")


@pytest.mark.slow
def test_without_javascript_there_is_no_search_form_and_the_a_to_z_still_leads_to_its_letter(thousand, browser):
    folder, _ = thousand
    with open_url(browser, (folder / "index.html").as_uri(), javascript=False) as page:
        assert not page.is_visible("#search")
        page.click('nav[aria-label="A to Z: English"] >> text=M')
        assert page.url.endswith("#letter-en-M") and page.is_visible("#letter-en-M")
        assert page.inner_text("#letter-en-M + ul h3 a").startswith("Migraine")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    sources = [POEMS, FIXTURES / "guillain-barre-fr.md", FIXTURES / "fakr-aldam-ar.md"]
    assert not build(sources, Options(out_dir=out, formats=("html", "pages"), quiet=True)).failed
    write_catalogue([read(s)[0] for s in sources], out)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("words", "slug", "title"), [("tingling", "poems-syndrome", "POEMS syndrome"), ("immunitaire", "guillain-barre-fr", None)]
)
def test_a_search_finds_a_summary_by_a_word_of_its_text_and_the_result_opens_its_large_print_page(built, browser, words, slug, title):
    with served(built) as site, open_url(browser, site + "index.html") as page:
        page.wait_for_selector("#search_words", state="visible", timeout=15000)
        page.fill("#search_words", words)
        page.wait_for_selector("#search_results a", timeout=15000)
        assert page.inner_text("#search_status") == "1 summary found."
        assert words in page.inner_text("#search_results mark").lower()  # the word, shown where it is
        page.click("#search_results a")
        page.wait_for_load_state("load")
        assert page.url == f"{site}{slug}/{slug}-large-print.html"
        assert page.inner_text("h1") == (title or read(FIXTURES / "guillain-barre-fr.md")[0].meta.title)
