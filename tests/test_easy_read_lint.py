"""Easy Read text (`::: easy`): how it is read, the errors at their line and column, and lint's rules
on broken Easy Read text, each at its line and column with a hint."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, GOOD_BODY, GOOD_FRONT, POEMS, run_cli

from pipeline import lint, read
from pipeline.editorial import easy
from pipeline.errors import SourceError
from pipeline.options import Options
from pipeline.writers import get_writer

HAY_FEVER = FIXTURES / "easy-read" / "hay-fever.md"


def easy_source(source, lines: str, front: str = GOOD_FRONT, name: str = "test-condition.md"):
    """A source whose one section has this Easy Read text (its first line is line 17 of the file)."""
    return source(front + "\n" + GOOD_BODY + "\n::: easy\n" + lines + ":::\n", name)


FIRST = 17  # the line of the first idea in easy_source's files


def warnings_of(path, category="easy-read"):
    return [p for p in lint(path)[1] if p.category == category]


# --- reading ------------------------------------------------------------------------------------


def test_poems_has_an_easy_read_text_in_every_section_each_idea_with_its_picture():
    summary = read(POEMS)[0]
    assert len(summary.easy_read) == len(summary.sections) == 4
    ideas = [i for _, e in summary.easy_read for i in e.ideas]
    assert len(ideas) == 41
    assert all(i.picture and i.alt and i.picture_set in ("healthicons", "openmoji") for i in ideas)
    first = summary.easy_read[0][1]
    assert first.heading is not None and "What is POEMS syndrome?" in str(first.heading)
    assert ideas[0].picture == "hospital" and ideas[0].alt == "a hospital" and ideas[0].column == 34


def test_a_picture_without_words_for_it_takes_its_name_as_its_alt_text(source):
    summary = read(easy_source(source, "[picture: blood test] You have a blood test.\n"))[0]
    idea = summary.easy_read[0][1].ideas[0]
    assert (idea.picture_set, idea.picture_key, idea.alt) == ("healthicons", "blood-drop", "blood test")


def test_a_picture_can_be_asked_of_one_set_by_its_name_there(source):
    text = "[picture: openmoji:ambulance] An ambulance comes.\n[picture: healthicons:ambulance] It comes fast.\n"
    summary = read(easy_source(source, text))[0]
    ideas = summary.easy_read[0][1].ideas
    assert [(i.picture_set, i.picture_key) for i in ideas] == [("openmoji", "1F691"), ("healthicons", "ambulance")]


@pytest.mark.parametrize(
    ("line", "message", "column"),
    [
        ("[picture: docter] You see a doctor.", "no picture is called 'docter'", 11),
        ("  [picture: missing.png | a photo] You see a doctor.", "image 'missing.png' does not exist", 13),
        ("[picture: photo.png] You see a doctor.", "picture 'photo.png' has no words for it", 11),
        ("[picture: ] You see a doctor.", "an empty [picture: ]", 11),
    ],
)
def test_a_bad_picture_is_an_error_at_its_line_and_column_and_the_build_writes_nothing(source, tmp_path, line, message, column):
    from PIL import Image

    Image.new("RGB", (20, 20), "white").save(tmp_path / "photo.png")
    path = easy_source(source, f"[picture: doctor] This line is fine.\n{line}\n")
    with pytest.raises(SourceError) as caught:
        read(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.severity) == (FIRST + 1, column, "error")
    assert message in problem.message and problem.hint
    out = tmp_path / "out"
    run = run_cli("build", str(path), "--formats", "easy-read", "--out", str(out))
    assert run.code == 2
    assert f"{path}:{FIRST + 1}:{column}" in run.err
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_an_unknown_picture_suggests_names_near_it(source):
    with pytest.raises(SourceError) as caught:
        read(easy_source(source, "[picture: nurses] A nurse helps you.\n"))
    assert "did you mean nurse" in (caught.value.problems[0].hint or "")


def test_a_picture_beside_the_source_is_checked_as_figures_are(source, tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 40)
    with pytest.raises(SourceError) as caught:
        read(easy_source(source, "[picture: broken.png | a photo] You see a doctor.\n"))
    assert "broken.png" in caught.value.problems[0].message and caught.value.problems[0].column == 11
    with pytest.raises(SourceError) as caught:
        read(easy_source(source, "[picture: ../secret.png | a photo] You see a doctor.\n"))
    assert "outside the source folder" in caught.value.problems[0].message


def test_a_second_easy_text_in_a_section_and_an_empty_one_are_errors(source):
    with pytest.raises(SourceError) as caught:
        read(source(GOOD_FRONT + "\n" + GOOD_BODY + "\n::: easy\n[picture: doctor] Hi.\n:::\n\n::: easy\n[picture: doctor] Hi.\n:::\n"))
    assert "two '::: easy' texts" in caught.value.problems[0].message
    with pytest.raises(SourceError) as caught:
        read(source(GOOD_FRONT + "\n" + GOOD_BODY + "\n::: easy\n:::\n"))
    assert "empty '::: easy' text" in caught.value.problems[0].message


def test_a_summary_without_easy_read_text_has_no_easy_read_files_and_lint_says_so_only_when_asked(source):
    path = source()
    summary = read(path)[0]
    assert summary.easy_read == () and get_writer("easy-read").filenames(summary, Options()) == []
    assert get_writer("easy-read").write(summary, path.parent / "out", Options()) == []
    assert "Easy Read" not in run_cli("lint", str(path)).err
    asked = run_cli("lint", "--formats", "easy-read", str(path))
    assert asked.code == 0 and "no Easy Read text, so no Easy Read outputs" in asked.err
    assert "no Easy Read text" not in run_cli("lint", "--formats", "easy-read", str(POEMS)).err


# --- lint's rules on broken Easy Read text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message", "column"),
    [
        (
            "[picture: doctor] You will see a doctor who will look at your skin and your eyes and your hands today.",
            "a sentence of 18 words",
            19,
        ),
        ("[picture: doctor] You will see a doctor. She will check your eyes.", "more than one sentence on an idea's line", 42),
        ("You will see a doctor.", "an idea with no picture", 1),
        ("[picture: doctor] The doctor does a neurological test.", "a hard word: 'neurological'", 37),
        ("[picture: doctor] The doctor checks your **reflexes** today.", "the hard word 'reflexes' is not explained", 44),
        ("[picture: doctor] She checks your temperature.", "a hard word: 'temperature'", 35),
    ],
)
def test_each_easy_read_rule_warns_at_its_line_and_column_with_a_hint(source, line, message, column):
    path = easy_source(source, f"[picture: nurse] A nurse says hello.\n{line}\n")
    warned = warnings_of(path)
    found = [p for p in warned if message in p.message]
    assert len(found) == 1, warned
    assert (found[0].line, found[0].column, found[0].severity) == (FIRST + 1, column, "warning")
    assert found[0].hint
    assert [p for p in warned if p is not found[0] and "grade" not in p.message] == []


def test_a_hard_word_in_bold_and_explained_in_the_next_line_passes_and_so_do_its_later_uses(source):
    text = (
        "[picture: doctor] The doctor checks your **reflexes**.\n"
        "[picture: doctor] Reflexes are ways your body moves on its own.\n"
        "[picture: doctor] The doctor taps your knee to test your reflexes.\n"
    )
    assert [p for p in warnings_of(easy_source(source, text)) if "grade" not in p.message] == []


def test_plain_word_endings_of_everyday_words_are_not_hard(source):
    text = "[picture: doctor] Some illnesses are different.\n[picture: doctor] Your family visited yesterday.\n"
    assert [p for p in warnings_of(easy_source(source, text)) if "hard word" in p.message] == []


def test_a_text_over_grade_3_and_one_of_over_24_pages_are_warned_of(source):
    hard = "[picture: doctor] Considerable deterioration necessitates comprehensive multidisciplinary evaluation.\n"
    assert any("Flesch-Kincaid grade" in p.message and p.line == FIRST - 1 for p in warnings_of(easy_source(source, hard)))
    long = "".join(f"[picture: doctor] You see a doctor on day {n}.\n" for n in range(160))
    path = easy_source(source, long)
    assert easy.pages(read(path)[0]) > 24
    [pages] = [p for p in warnings_of(path) if "pages" in p.message]
    assert pages.line == FIRST - 1 and "at most 24" in (pages.hint or "")


def test_poems_and_the_fixture_read_at_grade_3_or_lower_with_no_easy_read_warning():
    for path in (POEMS, HAY_FEVER):
        summary, problems = lint(path)
        assert [p for p in problems if p.category == "easy-read"] == [], path
        figures = easy.report(summary)
        assert figures.grade is not None and figures.grade <= 3.0 and figures.pages <= 24
    printed = run_cli("lint", str(POEMS))
    assert "Easy Read: 41 ideas, about 13 pages, Flesch-Kincaid grade 2.0 (target 3 or lower)" in printed.out


def test_the_fixture_with_its_picture_beside_it_reads_anywhere(tmp_path):
    for name in ("hay-fever.md", "flower.png"):
        shutil.copy(HAY_FEVER.parent / name, tmp_path / name)
    summary = read(tmp_path / "hay-fever.md")[0]
    files = [i.file for _, e in summary.easy_read for i in e.ideas if i.file]
    assert files == [tmp_path / "flower.png"] * 2


def test_audio_easy_reads_each_sections_easy_read_text_and_the_plain_rewrite_where_there_is_none(source):
    from pipeline.writers.audio.script import script, transcript

    text = "[picture: doctor] You see a doctor.\n[picture: nurse] A nurse helps you.\n"
    front = GOOD_FRONT.replace("---\ntitle", "---\naudio: easy\ntitle", 1)
    second = "## Second\n\nMore words.\n\n::: plain\nPlain words.\n:::\n"
    path = source(front + "\n" + GOOD_BODY + "\n::: easy\n### What is it?\n" + text + ":::\n\n" + second)
    chapters = script(read(path)[0])
    said = transcript(chapters)
    assert "What is it?\nYou see a doctor.\nA nurse helps you." in said
    assert "Second\nPlain words." in said and "made-up illness" not in said
    assert [c.title for c in chapters][1:3] == ["What is it?", "Second"]


def test_in_another_language_a_picture_needs_words_in_that_language(source):
    front = GOOD_FRONT.replace("---\ntitle", "---\nlanguage: es\ntitle", 1)
    path = easy_source(source, "[picture: doctor] Ves a un médico.\n[picture: nurse | una enfermera] Una enfermera te ayuda.\n", front)
    [found] = [p for p in warnings_of(path) if "English name" in p.message]
    assert (found.line, found.column) == (FIRST + 1, 11) and "[picture: doctor | ...]" in (found.hint or "")  # language: one line more


def test_lint_json_gives_each_easy_read_texts_figures():
    import json

    report = json.loads(run_cli("lint", "--json", str(POEMS), str(FIXTURES / "no-plain-rewrites.md")).out)
    assert report["easy_read"] == [
        {"file": str(POEMS), "ideas": 41, "pages": 13, "grade": 2.0, "ease": report["easy_read"][0]["ease"], "target_grade": 3.0}
    ]
