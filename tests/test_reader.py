"""The canonical format: every error and warning class, with its message, line and exit status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import GOOD_BODY, GOOD_FRONT, POEMS, run_cli
from PIL import Image

from pipeline import SourceError, examine, lint, load, read
from pipeline.model import Figure, ListBlock, Paragraph, Strong

FRONT_LINES = GOOD_FRONT.splitlines()


def problems_of(path: Path, today: date = date(2026, 11, 25)) -> list[str]:
    return [f"{p.line}:{p.severity}:{p.category}:{p.message}" for p in examine(path, today)[1]]


def front(**changes: str | None) -> str:
    """GOOD_FRONT with keys replaced (value) or removed (None)."""
    lines = [line for line in FRONT_LINES[1:-1] if line.split(":")[0] not in changes]
    lines += [f"{k}: {v}" for k, v in changes.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def test_poems_source_lints_clean_under_strict():
    result = run_cli("lint", "--strict", str(POEMS))
    assert result.code == 0, result.err
    assert "0 errors, 0 warning(s)" in result.err


def test_poems_model_has_sections_plain_rewrites_and_the_five_features():
    summary, warnings = lint(POEMS, today=date(2026, 11, 25))
    assert warnings == []
    assert summary.meta.reviewed == date(2026, 4, 7)
    assert summary.meta.next_review == date(2027, 4, 7)
    assert len(summary.sections) == 4 and all(s.plain for s in summary.sections)
    features = [b for b in summary.sections[1].blocks if isinstance(b, ListBlock)][0]
    names = [item[0].inlines[0].text for item in features.items]
    assert names == ["Polyneuropathy", "Organomegaly", "Endocrinopathy", "Monoclonal protein", "Skin changes"]
    assert summary.meta.disclaimer.startswith("This information is for educational purposes only")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (front(title=None) + GOOD_BODY, "1:error:front-matter:required key 'title' is missing"),
        (front(summary='""') + GOOD_BODY, "5:error:front-matter:required key 'summary' is empty"),
        (front(reviewed="2026-02-30") + GOOD_BODY, "5:error:front-matter:'reviewed' is not a valid date: '2026-02-30'"),
        (front(reviewed="7 April 2026") + GOOD_BODY, "5:error:front-matter:'reviewed' is not a valid date"),
        (front(next_review="2025-01-01") + GOOD_BODY, "6:error:front-matter:next_review 2025-01-01 is before reviewed 2026-04-07"),
        (front(reviwed="2026-04-07") + GOOD_BODY, "6:error:front-matter:unknown key 'reviwed'"),
        (front(language="english language") + GOOD_BODY, "6:error:front-matter:language 'english language' is not a BCP 47 tag"),
        (front(site_url="http://example.org") + GOOD_BODY, "6:error:front-matter:site_url 'http://example.org' is not an https address"),
        (front(glossary="just text") + GOOD_BODY, "6:error:front-matter:'glossary' must be a list of 'term: text' lines"),
        (GOOD_FRONT.replace("title: Test condition", "title: [Test") + GOOD_BODY, "3:error:front-matter:malformed YAML"),
        (GOOD_FRONT.replace("summary:", "title: again\nsummary:") + GOOD_BODY, "4:error:front-matter:duplicate key 'title'"),
        (GOOD_BODY, "1:error:front-matter:no front matter"),
        (GOOD_FRONT.rstrip("-\n") + "\n" + GOOD_BODY, "1:error:front-matter:front matter is never closed"),
        (GOOD_FRONT + "\nJust a paragraph.\n", "8:error:content:text before the first '## ' section heading"),
        (GOOD_FRONT + "\n", "7:error:content:the body has no section"),
        (GOOD_FRONT + GOOD_BODY + "\n<script>alert(1)</script>\n", "15:error:raw-html:raw HTML is not allowed"),
        (GOOD_FRONT + GOOD_BODY + "\nSee <b onclick=x>this</b>.\n", "15:error:raw-html:raw HTML is not allowed: <b onclick=x>"),
        (GOOD_FRONT + GOOD_BODY + "\n[click](javascript:alert(1))\n", "15:error:link:link 'javascript:alert(1)' is not allowed"),
        (GOOD_FRONT + GOOD_BODY + "\n[x](data:text/html,hi)\n", "15:error:link:link 'data:text/html,hi' is not allowed"),
        (
            GOOD_FRONT + GOOD_BODY + "\n![a chart](https://example.org/a.png)\n",
            "15:error:image:image 'https://example.org/a.png' is not a file beside the source",
        ),
        (GOOD_FRONT + GOOD_BODY + "\n![a chart](../secret.png)\n", "15:error:image:image '../secret.png' is outside the source folder"),
        (
            GOOD_FRONT + GOOD_BODY + "\n![a file](file:///etc/passwd)\n",
            "15:error:image:image 'file:///etc/passwd' is not a file beside the source",
        ),
        (GOOD_FRONT + GOOD_BODY + "\n![](chart.png)\n", "15:error:image:image 'chart.png' has no alt text"),
        (GOOD_FRONT + GOOD_BODY + "\n::: warning\nx\n:::\n", "15:error:content:unknown container '::: warning'"),
        (GOOD_FRONT + "## A\n\nTitle \u202eevil\n", "9:error:text:invisible control character U+202E"),
    ],
)
def test_each_error_is_reported_with_line_and_category(source, text, expected):
    found = problems_of(source(text))
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        (GOOD_FRONT + GOOD_BODY, date(2027, 5, 1), "3:warning:review:review overdue: next review was due 2027-04-07"),
        (
            GOOD_FRONT
            + GOOD_BODY
            + "\nThe same paragraph that is long enough to count.\n\nThe same paragraph that is long enough to count.\n",
            None,
            "17:warning:content:duplicate paragraph",
        ),
        (GOOD_FRONT + GOOD_BODY + "\nThe features are:\n", None, "15:warning:content:paragraph ends with ':' but no list follows"),
        (front(glossary="\n  zebra: a striped animal") + GOOD_BODY, None, "7:warning:glossary:glossary term 'zebra' is never used"),
        (GOOD_FRONT + "## No plain\n\nText only.\n", None, "7:warning:plain-language:section 'No plain' has no '::: plain' rewrite"),
    ],
)
def test_each_warning_is_reported_and_fails_only_under_strict(source, text, today, expected):
    path = source(text)
    found = problems_of(path, today or date(2026, 11, 25))
    assert any(p.startswith(expected) for p in found), found
    lenient = run_cli("lint", str(path))
    strict = run_cli("lint", "--strict", str(path))
    if today is None:
        assert lenient.code == 0, lenient.err
        assert strict.code == 2 and expected.split(":", 3)[3] in strict.err


def test_all_problems_are_reported_at_once_with_file_and_line_and_exit_2(source):
    path = source(front(title=None, reviewed="2026-13-01", colour="blue") + GOOD_BODY + "\n<b>x</b>\n")
    result = run_cli("build", str(path), "--formats", "html", "--out", str(path.parent / "out"))
    assert result.code == 2
    assert "Traceback" not in result.err
    assert f"{path}:1: error [front-matter]: required key 'title' is missing" in result.err
    assert "'reviewed' is not a valid date: '2026-13-01'" in result.err
    assert "unknown key 'colour'" in result.err and "did you mean 'language'?" not in result.err
    assert "raw HTML is not allowed" in result.err
    assert not (path.parent / "out").exists()


def test_unknown_key_suggests_the_closest_known_key(source):
    result = run_cli("lint", str(source(front(disclamer="x") + GOOD_BODY)))
    assert result.code == 2 and "did you mean 'disclaimer'?" in result.err


def test_not_utf8_and_binary_files_are_refused_with_their_line(tmp_path):
    latin = tmp_path / "latin.md"
    latin.write_bytes(GOOD_FRONT.encode() + b"## Caf\xe9\n")
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"---\ntitle: x\n\x00\x01\x02")
    assert problems_of(latin) == ["7:error:encoding:the file is not UTF-8"]
    assert problems_of(binary) == ["3:error:file:this is a binary file, not text"]


def test_bad_slug_and_huge_file_are_refused(tmp_path):
    bad = tmp_path / "Bad Name.md"
    bad.write_text(GOOD_FRONT + GOOD_BODY)
    huge = tmp_path / "huge.md"
    huge.write_text(GOOD_FRONT + GOOD_BODY + ("word " * 1_100_000))
    assert "is not a valid slug" in problems_of(bad)[0]
    assert "the limit is 1024 kB" in problems_of(huge)[0]
    reserved = tmp_path / "pagefind.md"  # output/pagefind/ is the catalogue's search index
    reserved.write_text(GOOD_FRONT + GOOD_BODY)
    assert "'pagefind' is the name of the catalogue's search index in output/" in problems_of(reserved)[0]


def test_yaml_values_stay_text_so_no_is_not_false(source):
    summary, _ = read(source(front(language="no", publisher="yes") + GOOD_BODY))
    assert summary.meta.language == "no" and summary.meta.publisher == "yes"


def test_next_review_defaults_to_twelve_months_and_clamps_leap_days(source):
    summary, _ = lint(source(front(reviewed="2024-02-29") + GOOD_BODY), today=date(2024, 3, 1))
    assert summary.meta.next_review == date(2025, 2, 28)


def test_markdown_becomes_the_model_with_images_beside_the_source(source, tmp_path):
    Image.new("RGB", (40, 30), "white").save(tmp_path / "chart.png")
    summary, _ = read(source(GOOD_FRONT + GOOD_BODY + "\nSome **bold** text.\n\n![A chart of cases](chart.png)\n"))
    blocks = summary.sections[0].blocks
    assert isinstance(blocks[1], Paragraph) and isinstance(blocks[1].inlines[1], Strong)
    assert isinstance(blocks[2], Figure) and blocks[2].alt == "A chart of cases" and blocks[2].path == tmp_path / "chart.png"


def test_jinja_syntax_in_the_source_is_kept_as_literal_text(source):
    summary, _ = read(source(front(title="'{{ 7*7 }} {% if x %}'") + GOOD_BODY))
    assert summary.meta.title == "{{ 7*7 }} {% if x %}"


def test_zero_width_characters_are_removed_with_a_warning(source):
    summary, problems = read(source(front(title="Te\u200bst") + GOOD_BODY))
    assert summary.meta.title == "Test"
    assert any(p.category == "text" and p.severity == "warning" for p in problems)


def test_read_raises_one_source_error_listing_every_problem(source):
    with pytest.raises(SourceError) as info:
        read(source(front(title=None, summary=None) + GOOD_BODY))
    assert len(info.value.problems) == 2


def test_a_markdown_parser_crash_becomes_a_clear_error_not_a_traceback(source):
    """Found by hypothesis: mdit-py-plugins' container rule raises IndexError on this input."""
    summary, problems = load(source(GOOD_FRONT + "## A\n\n>::: plain\n>"))
    assert summary is None
    assert [p.message.split(" (")[0] for p in problems] == ["the Markdown could not be read"]


def test_a_folder_given_as_a_summary_is_called_a_folder_with_where_outputs_are_found(tmp_path):
    (tmp_path / "output").mkdir()
    summary, problems = load(tmp_path / "output")
    assert summary is None and [p.message for p in problems] == ["this is a folder, not a summary"]
    assert "--out" in (problems[0].hint or "")


def test_tables_footnotes_struck_text_rules_and_code_are_each_refused_by_name_at_their_place(source):
    """Not CommonMark prose: without this a table printed as a line of pipes and a footnote as '[^1]'."""
    body = (
        "## Corners\n\n"  # line 8
        "| Test | Shows |\n| --- | --- |\n| blood | protein |\n\n"  # 10
        "A note[^1] and ~~old~~ words.\n\n"  # 14
        "***\n\n"  # 16
        "    code\n\n"  # 18
        "[^1]: The note.\n"  # 20
    )
    summary, problems = load(source(GOOD_FRONT + "\n" + body))
    assert summary is None
    found = [(p.line, p.column, p.message.split(" is not")[0]) for p in problems if p.severity == "error"]
    assert found == [
        (10, None, "a table"),
        (14, 7, "a footnote"),
        (14, 16, "struck-out text"),
        (16, None, "a horizontal rule"),
        (18, None, "a code block"),
        (20, None, "a footnote"),
    ]
    assert all(p.hint for p in problems)


def test_a_title_longer_than_120_characters_is_refused_at_its_line(source):
    summary, problems = load(source(front(title="A very long title " * 8) + GOOD_BODY))
    assert summary is None
    (problem,) = problems
    assert problem.line == 5 and problem.message == "the title is 143 characters; the limit is 120"
    assert load(source(front(title="x" * 120) + GOOD_BODY))[0] is not None


def test_an_emoji_is_refused_at_its_line_and_column_before_any_format_is_written(source):
    summary, problems = load(source(front(title="Test condition \U0001f600") + GOOD_BODY))
    assert summary is None
    (problem,) = problems
    assert (problem.line, problem.column) == (5, 23) and "pictograph \U0001f600 (U+1F600)" in problem.message
    assert "say it in words" in (problem.hint or "")


def test_a_character_no_font_of_the_leaflet_has_is_refused_at_its_place_but_greek_arabic_and_hebrew_pass(source):
    summary, problems = load(source(GOOD_FRONT + GOOD_BODY.replace("used in tests.", "used in tests \u2b50 and \u6f22.")))
    assert summary is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (9, 55, "no font of the leaflet has \u2b50 (U+2B50)"),
        (9, 61, "no font of the leaflet has \u6f22 (U+6F22)"),
    ]
    assert load(source(GOOD_FRONT + GOOD_BODY.replace("used in tests.", "Σύνδρομο, синдром, متلازمة, תסמונת.")))[0] is not None
