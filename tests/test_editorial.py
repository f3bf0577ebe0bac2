"""Editorial integrity: the large-print page explains each hard word once, and never where the
sentence already does; the readability report names the sentences to rewrite; `lint --json`
serves editors' tools. The fact guard's tests are in test_factguard.py."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD_BODY, GOOD_FRONT, POEMS, ROOT, run_cli

from pipeline import read
from pipeline.writers.html import render_page


class _Text(HTMLParser):
    """The words of each <li> and <p> of the page, as a reader sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li", "dd"):
            self.blocks.append("")
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "dd"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and self.blocks:
            self.blocks[-1] += data


def shown(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [" ".join(b.split()) for b in parser.blocks]


@pytest.fixture(scope="module")
def poems_page() -> list[str]:
    return shown(render_page(read(POEMS)[0], []))


def test_a_sentence_that_explains_its_word_gets_no_second_explanation(poems_page):
    assert "P is for polyneuropathy: damage to many nerves." in poems_page
    assert "O is for organomegaly: organs that are bigger than normal." in poems_page
    assert "E is for endocrinopathy: problems with glands that make hormones." in poems_page
    assert "M is for monoclonal protein: one kind of protein made in large amounts." in poems_page
    assert not any("(damage to many nerves" in block for block in poems_page)


def test_each_word_is_explained_once_at_its_first_use_and_kept_in_words_to_know(poems_page):
    text = " ".join(poems_page)
    summary = read(POEMS)[0]
    for entry in summary.glossary:
        aside = entry.explanation.rstrip(".")
        asides = text.count(f"({aside[0].lower()}{aside[1:]})") + text.count(f"({aside})")
        assert asides <= 1, entry.term
        assert entry.explanation in poems_page, f"{entry.term} is missing from Words to know"
    # plasma cell is explained where the page first uses it, in the short answer
    assert "called plasma cells (a kind of white blood cell that makes antibodies to fight infection)." in text


def test_no_explanation_in_headings_or_link_text_and_it_moves_to_the_next_use(source):
    path = source(
        GOOD_FRONT.replace("---\n", "---\nglossary:\n  neuropathy: Damage to the nerves.\n", 1).replace("---\n", "", 0)
        + """
## Neuropathy explained

See [the neuropathy page](https://example.org/neuropathy) for more.

Some people get neuropathy in their feet.

::: plain
See [the neuropathy page](https://example.org/neuropathy). Some people get neuropathy in their feet.
:::
"""
    )
    html = render_page(read(path)[0], [])
    assert re.search(r"<h2[^>]*>Neuropathy explained</h2>", html)
    assert '<a href="https://example.org/neuropathy">the neuropathy page</a>' in html
    assert "Some people get <dfn>neuropathy</dfn> (damage to the nerves) in their feet." in html


def test_a_word_explained_before_it_or_in_the_next_sentence_gets_no_second_explanation():
    fabry = shown(render_page(read(FIXTURES / "fabry-disease.md")[0], []))
    assert (
        "Small dark red spots, called angiokeratomas, can appear on the skin, most often between the belly button and the knees." in fabry
    )
    spanish = " ".join(shown(render_page(read(FIXTURES / "enfermedad-celiaca-es.md")[0], [])))
    assert "El gluten hace daño al intestino. El gluten está en el trigo, la cebada y el centeno." in spanish
    # a word its sentence does not explain keeps its explanation, in the fixtures as on POEMS
    assert any("because an enzyme (a protein that helps a chemical change happen in the body) does not work" in b for b in fabry)
    assert "se daña el intestino delgado (la parte del intestino que absorbe la comida)." in spanish


def test_a_bold_word_is_explained_by_the_words_after_its_markup(source):
    front = GOOD_FRONT.replace(
        "---\n", "---\nglossary:\n  polyneuropathy: Damage to many nerves.\n  organomegaly: Organs that are bigger than normal.\n", 1
    )
    path = source(
        front
        + """
## Signs

Polyneuropathy and organomegaly.

::: plain
- P is for **polyneuropathy**: *damage* to many nerves.
- O is for organomegaly. It can make your belly look full.
:::
"""
    )
    page = shown(render_page(read(path)[0], []))
    assert "P is for polyneuropathy: damage to many nerves." in page
    assert "O is for organomegaly (organs that are bigger than normal). It can make your belly look full." in page


# --- readability and lint --json -------------------------------------------------------------


def test_the_readability_report_names_the_sentences_to_rewrite_with_their_lines(source):
    long = (
        "The multisystemic manifestations of this exceptionally uncommon paraneoplastic condition necessitate "
        "comprehensive interdisciplinary evaluation by haematologists, neurologists and endocrinologists."
    )
    path = source(GOOD_FRONT + f"\n## What it is\n\nThe original.\n\n::: plain\nIt is rare. {long} It can be treated.\n:::\n")
    line = path.read_text().splitlines().index(f"It is rare. {long} It can be treated.") + 1
    run = run_cli("lint", str(path))
    assert f"rewrite line {line}: {long} (18 words, 3.0 syllables a word: grade 26.8)" in run.out, run.out
    assert f"rewrite line {line}: It is rare." not in run.out  # it reads below the limit on its own
    report = json.loads(run_cli("lint", "--json", str(path)).out)
    part = next(p for p in report["readability"][0]["parts"] if p["name"] == "What it is")
    [hard] = part["hardest_sentences"]
    assert part["above_limit"] and hard["text"] == long and hard["grade"] > 8
    assert (hard["line"], hard["column"], hard["words"]) == (line, len("It is rare. ") + 1, 18)
    [problem] = report["problems"]  # an editor's tool jumps to the sentence to rewrite first
    assert (problem["category"], problem["line"], problem["column"]) == ("readability", line, len("It is rare. ") + 1)


def test_sentences_to_rewrite_are_shown_as_the_page_shows_them():
    run = run_cli("lint", "--max-grade", "3", str(POEMS))
    text = POEMS.read_text().splitlines()
    item = next(n for n, t in enumerate(text, 1) if t.startswith("- O is for organomegaly"))
    assert f"rewrite line {item}: O is for organomegaly: organs that are bigger than normal. (" in run.out
    announces = next(n for n, t in enumerate(text, 1) if t.startswith("remember one of its five main signs:")) - 1
    # a list's announcing sentence keeps its colon: no full stop is added to what the reader reads
    assert f"rewrite line {announces}: Each letter of the name helps doctors remember one of its five main signs: (" in run.out


def test_lint_json_lists_each_problem_with_file_line_category_severity_message_and_hint(source):
    body = "\n## Treatment\n\nMost people respond to lenalidomide.\n\n::: plain\nA medicine helps most people.\n:::\n"
    path = source(GOOD_FRONT + body)
    run = run_cli("lint", "--json", str(path))
    assert run.code == 0, run.err
    report = json.loads(run.out)
    problem = next(p for p in report["problems"] if p["category"] == "plain-facts")
    assert set(problem) == {"file", "line", "column", "category", "severity", "message", "hint"}
    assert problem["file"] == str(path) and problem["severity"] == "warning" and problem["hint"]
    assert report["warnings"] == len(report["problems"]) and report["errors"] == 0


def test_lint_json_reports_a_broken_source_as_json_and_exits_2(source):
    path = source(GOOD_FRONT.replace("2026-04-07", "2026-13-07") + "\n## A\n\nText.\n")
    run = run_cli("lint", "--json", str(path))
    assert run.code == 2
    report = json.loads(run.out)
    assert report["errors"] == 1 and report["problems"][0]["line"] == 3
    assert report["problems"][0]["category"] == "front-matter"


def test_lint_json_reports_every_source_when_one_is_broken(source, tmp_path):
    broken = source(GOOD_FRONT.replace("title: Test condition", "title: [Test condition") + GOOD_BODY, name="broken.md")
    warned = source(GOOD_FRONT + "\n## A\n\nThe text.\n", name="no-rewrite.md")
    run = run_cli("lint", "--json", str(broken), str(warned), str(POEMS), str(tmp_path / "missing.md"))
    assert run.code == 2 and run.err == ""  # bad input; everything is in the JSON
    report = json.loads(run.out)
    assert report["sources"] == 4 and report["errors"] == 2 and report["warnings"] == 1
    where = {(Path(p["file"]).name, p["severity"], p["category"]): (p["line"], p["column"]) for p in report["problems"]}
    assert where[("broken.md", "error", "front-matter")] == (3, len("reviewed") + 1)  # where YAML finds the '[' unclosed
    assert where[("missing.md", "error", "file")] == (None, None)
    assert where[("no-rewrite.md", "warning", "plain-language")][0] == GOOD_FRONT.count("\n") + 2
    assert [Path(r["file"]).name for r in report["readability"]] == ["no-rewrite.md", POEMS.name]  # the readable ones
    text = run_cli("lint", str(broken), str(warned), str(POEMS))
    assert (
        text.code == 2 and "readability of the large-print page" in text.out and "3 source(s) checked: 1 errors, 1 warning(s)" in text.err
    )


def test_lint_json_gives_the_column_of_a_refused_link_or_html(source):
    path = source(GOOD_FRONT + "\n## A\n\nRead [this](ftp://example.org/x) or\nthat <b>now</b>.\n\n::: plain\nRead it.\n:::\n")
    report = json.loads(run_cli("lint", "--json", str(path)).out)
    lines = path.read_text().splitlines()
    link, html_line = next(n for n, t in enumerate(lines, 1) if "ftp://" in t), next(n for n, t in enumerate(lines, 1) if "<b>" in t)
    found = {(p["category"], p["line"], p["column"]) for p in report["problems"]}
    assert ("link", link, lines[link - 1].index("ftp://") + 1) in found
    assert ("raw-html", html_line, lines[html_line - 1].index("<b>") + 1) in found


def test_lint_json_without_sources_is_still_json(tmp_path):
    run = run_cli("lint", "--json", cwd=tmp_path)
    assert run.code == 2
    [problem] = json.loads(run.out)["problems"]
    assert problem["file"] is None and problem["severity"] == "error" and problem["message"].startswith("no sources")


def test_the_readability_gate_reads_textstats_word_list_without_importing_pkg_resources():
    """textstat 0.7.4 gets a stand-in for pkg_resources (pipeline/editorial/readability.py): the real one
    reads every installed distribution at import, and setuptools 82 has none (nor do we ask for one)."""
    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('error')\n"  # textstat falls back to English with a warning when it cannot read a list
        "from pipeline.editorial.readability import _stats\n"
        "assert 'pkg_resources' not in sys.modules\n"
        "words = 'The doctor checked the neuropathy and the endocrinopathy of the patient'\n"
        "print(_stats('en').difficult_words(words), _stats('es').difficult_words('el paciente tiene neuropatía'))\n"
        "try:\n"  # anyone after textstat gets the real one, where the installed setuptools still has it
        "    import pkg_resources\n"
        "    print('real' if hasattr(pkg_resources, 'working_set') else 'stand-in')\n"
        "except ModuleNotFoundError:\n"
        "    print('none')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    after = "real" if importlib.util.find_spec("pkg_resources") else "none"
    assert proc.stdout.split() == ["3", "1", after]  # the counts are textstat's with the real pkg_resources
