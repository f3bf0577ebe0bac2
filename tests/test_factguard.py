"""The fact guard: each change planted in a plain rewrite is flagged at its line and column, and
faithful rewrites (numbers in words, ranges said another way, a negation split in two, a milder
word for 'not as aggressive') pass, as the real POEMS source and every fixture do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD_FRONT, POEMS, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import examine, lint
from pipeline.editorial.factguard import fact_warnings
from pipeline.editorial.names import found, says

# (text of POEMS, what a careless rewrite makes of it, what the warning says, where it points)
POEMS_PLANTED = {
    "a negation lost": (
        "It is not thought to be passed down in families.",
        "It is thought to be passed down in families.",
        "loses a negation: its original says 'the disease is not considered hereditary.'",
        "It is thought",
    ),
    "'less harsh' made 'more harsh'": (
        "often less harsh than multiple myeloma",
        "often more harsh than multiple myeloma",
        "loses a negation: its original says 'POEMS syndrome is characterized by",
        "It comes from a plasma cell problem",
    ),
    "a negation added": (
        "Both men and women can get it.",
        "Both men and women can not get it.",
        "adds a negation",
        "Both men and women can not",
    ),
    "'rare' made 'not rare'": (
        "POEMS syndrome is very rare.",
        "POEMS syndrome is not rare.",
        "adds a negation",
        "POEMS syndrome is not rare",
    ),
    "a number changed": ("aged 50 to 60", "aged 50 to 70", "says 70, which its original section does not", "70"),
    "an age range cut to one end": (
        "aged 50 to 60, but",
        "over the age of 50, but",
        "gives 50 but not the whole range of its original, 50 and 60",
        "50, but",
    ),
    "a ratio in words changed": ("Fewer than 1 in 100,000", "Fewer than one in a thousand", "says one in a thousand", "one in a thousand"),
    "a bound turned round": (
        "Fewer than 1 in 100,000",
        "More than 1 in 100,000",
        "says more than 1 in 100,000 where its original says less than",
        "1 in 100,000",
    ),
    "a share added": (
        "be a little more common in men.",
        "be a little more common in men: 60 %.",
        "gives 60 % where its original gives 60 with no unit",
        "60 %",
    ),
    "a dose added": ("Both men and women can get it.", "Both men and women can get it. Take 25 mg.", "says 25 mg", "25 mg"),
    "a condition dropped": ("less harsh than multiple myeloma", "less harsh than some cancers", "drops 'myeloma'", None),
    "a glossary word dropped": ("P is for polyneuropathy: damage to many nerves.", "P is for problems.", "drops 'polyneuropathy'", None),
}

# Faithful rewrites of POEMS's sentences: the guard must stay quiet.
POEMS_FAITHFUL = {
    "a number in words": ("Fewer than 1 in 100,000", "Fewer than one in a hundred thousand"),
    "thousands without a comma": ("Fewer than 1 in 100,000", "Fewer than 1 in 100000"),
    "'less than' for 'fewer than'": ("Fewer than 1 in 100,000", "Less than 1 in 100,000"),
    "a range with 'between'": ("aged 50 to 60", "aged between 50 and 60"),
    "a range in years": ("in people aged 50 to 60", "in people who are 50 to 60 years old"),
    "a negation split in two": (
        "It is not thought to be passed down in families.",
        "It is not passed down in families. It does not run in families.",
    ),
    "'different' and 'milder' for 'unlike' and 'not as aggressive'": (
        "POEMS syndrome is not like many other blood illnesses. It comes from a plasma cell problem\nthat is often less harsh than",
        "POEMS syndrome is different from many other blood illnesses. It comes from a plasma cell problem\nthat is often milder than",
    ),
}


def planted(tmp_path: Path, old: str, new: str) -> Path:
    text = POEMS.read_text(encoding="utf-8")
    assert text.count(old) >= 1 and text.index(old) > text.index("::: plain"), old  # the change is in a rewrite
    path = tmp_path / POEMS.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def position(path: Path, new: str, fragment: str) -> tuple[int, int]:
    """The line and column (1-based) of `fragment` in the paragraph where the planted text `new` is."""
    text = path.read_text(encoding="utf-8")
    at = text.index(fragment, text.rfind("\n\n", 0, text.index(new)))
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


@pytest.mark.parametrize("what", list(POEMS_PLANTED))
def test_each_change_planted_in_the_poems_rewrites_is_flagged_where_it_is(tmp_path, what):
    old, new, message, fragment = POEMS_PLANTED[what]
    path = planted(tmp_path, old, new)
    problems = [p for p in lint(path)[1] if p.category == "plain-facts"]
    assert len(problems) == 1 and message in problems[0].message, [str(p) for p in problems]
    if fragment is not None:
        assert (problems[0].line, problems[0].column) == position(path, new, fragment), str(problems[0])
    else:  # a dropped word is nowhere in the rewrite: the rewrite's first line, and the hint says where the original has it
        assert problems[0].line is not None and problems[0].hint


@pytest.mark.parametrize("what", list(POEMS_FAITHFUL))
def test_a_faithful_rewrite_of_poems_passes(tmp_path, what):
    path = planted(tmp_path, *POEMS_FAITHFUL[what])
    assert [str(p) for p in lint(path)[1]] == []


@pytest.mark.parametrize("source", [POEMS, *sorted(FIXTURES.glob("*.md"))], ids=lambda p: p.stem)
def test_the_real_poems_source_and_every_fixture_pass_the_guard(source):
    assert [str(p) for p in fact_warnings(lint(source)[0])] == []


# A section of a leaflet that is not POEMS, rewritten faithfully and then carelessly.
ORIGINAL = """\
## Taking the medicine

Take one 500 mg tablet twice a day with food. Do not take more than 4 tablets (2 g) in 24 hours.
Do not stop taking it without talking to your doctor, even if you feel better. About 1 in 10 people
get a headache, which usually goes away after 1 to 2 weeks. Lenalidomide is not suitable for
children under 12.
"""
FAITHFUL = """\
Take 1 tablet of 500 mg 2 times a day, with food. Never take more than 4 tablets in 24 hours.
That is 2 g. Talk to your doctor before you stop. Keep taking it even when you feel better.
About 10 % of people get a headache. It goes away after a week or two. Children under 12 should
not take lenalidomide.
"""
CARELESS = {
    "a dose in another unit": ("Take 1 tablet of 500 mg", "Take 1 tablet of 500 g", "gives 500 g where its original gives 500 mg"),
    "a share that is not the original's": ("About 10 % of people", "About 20 % of people", "says 20 %"),
    "a frequency changed": ("2 times a day", "3 times a day", "says 3 times"),
    "a time unit changed": ("in 24 hours", "in 24 days", "gives 24 days where its original gives 24 hours"),
    "a negation lost": ("Children under 12 should\nnot take", "Children under 12 should\ntake", "loses a negation"),
    "a drug dropped": ("should\nnot take lenalidomide.", "should\nnot take it.", "drops 'lenalidomide'"),
}


def leaflet(source, plain: str) -> Path:
    return source(GOOD_FRONT + "\n" + ORIGINAL + "\n::: plain\n" + plain + ":::\n")


def test_a_faithful_rewrite_of_a_leaflet_passes(source):
    assert [str(p) for p in lint(leaflet(source, FAITHFUL))[1]] == []


@pytest.mark.parametrize("what", list(CARELESS))
def test_each_careless_change_to_a_leaflet_is_flagged_and_stops_a_strict_lint(source, what):
    old, new, message = CARELESS[what]
    assert old in FAITHFUL
    path = leaflet(source, FAITHFUL.replace(old, new))
    problems = [p for p in lint(path)[1] if p.category == "plain-facts"]
    assert [message in p.message for p in problems] == [True], [str(p) for p in problems]
    first = path.read_text().splitlines().index("::: plain") + 1
    assert first < problems[0].line <= first + 4 and problems[0].hint
    run = run_cli("lint", "--strict", str(path))
    assert run.code == 2 and "[plain-facts]" in run.err  # --strict: the warning stops the build


# Whatever a rewrite and its original say, the guard gives clear warnings, never a traceback.
FACT_TOKENS = [
    *["1", "0", "12", "100,000", "100 000", "2.5", "٣", "one ", "a hundred ", "thousand ", "twenty-five ", "half ", "two thirds "],
    *[" in ", " out of ", "%", " mg", "mg/kg", " weeks", " to ", "-", "between ", " and ", " or ", "over ", "fewer than ", "less than "],
    *["not ", "no ", "never ", "without ", "unless ", "unlike ", "milder ", "a little ", "n't ", "myeloma ", "Castleman disease "],
    *["It ", "people ", "polyneuropathy ", ". ", ", ", ": ", "\n", "**", "\n- ", "(", ")", "x"],
]
prose = st.lists(st.sampled_from(FACT_TOKENS), max_size=60).map("".join)


@settings(max_examples=200, deadline=None, derandomize=bool(os.environ.get("CI")), suppress_health_check=[HealthCheck.too_slow])
@given(prose, prose)
def test_any_rewrite_of_any_original_gives_clear_warnings(tmp_path_factory, original, rewrite):
    front = GOOD_FRONT.replace("---\n", "---\nglossary:\n  polyneuropathy: Damage to many nerves.\n", 1)
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.md"
    path.write_text(f"{front}\n## A\n\nx {original}\n\n::: plain\nx {rewrite}\n:::\n", encoding="utf-8")
    summary, problems = examine(path)
    lines = path.read_text(encoding="utf-8").count("\n") + 1
    for p in problems:
        assert p.severity in ("error", "warning") and p.message and (p.line is None or 1 <= p.line <= lines)
        assert p.column is None or p.column >= 1


# --- a reviewer accepts a warning: <!-- lint-ok category: reason --> above the block ----------

ACCEPTED = FAITHFUL.replace("About 10 % of people", "About 20 % of people")  # a false alarm, say


def test_a_lint_ok_note_accepts_the_warning_about_the_block_below_it_and_strict_lint_passes(source):
    note = "<!-- lint-ok plain-facts: the 2026 label revision says 20 % -->\n"
    path = leaflet(source, note + ACCEPTED)
    assert [str(p) for p in lint(path)[1]] == []
    assert run_cli("lint", "--strict", str(path)).code == 0


def test_a_note_accepts_only_its_category_in_the_block_right_below_it(source):
    two_paragraphs = ACCEPTED.replace("About 20 %", "\nAbout 20 %")  # the changed figure now in the second paragraph
    path = leaflet(source, "<!-- lint-ok plain-facts: reviewed -->\n" + two_paragraphs)
    found = {(p.category, p.message.split(",")[0]) for p in lint(path)[1]}
    assert ("plain-facts", "the plain rewrite says 20 %") in found  # not below the note: still reported
    assert ("lint-ok", "this note accepts a 'plain-facts' warning") in found  # and the note is left with nothing to accept


def test_a_note_with_nothing_to_accept_is_a_warning_that_stops_a_strict_lint(source):
    path = leaflet(source, "<!-- lint-ok plain-facts: it was wrong once -->\n" + FAITHFUL)
    problems = lint(path)[1]
    line = path.read_text().splitlines().index("<!-- lint-ok plain-facts: it was wrong once -->") + 1
    assert [(p.category, p.line, p.hint) for p in problems] == [("lint-ok", line, "delete the note")]
    run = run_cli("lint", "--strict", str(path))
    assert run.code == 2 and f":{line}: warning [lint-ok]" in run.err


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("<!-- lint-ok plain-facts -->", "a lint-ok note needs a category and a reason"),
        ("<!-- lint-ok review: not yet -->", "'review' warnings cannot be accepted with a note"),
        ("<!-- a reminder to ourselves -->", "raw HTML is not allowed"),
    ],
)
def test_a_malformed_note_or_any_other_html_is_an_error_at_its_line(source, note, message):
    path = leaflet(source, note + "\n" + FAITHFUL)
    run = run_cli("build", str(path), "--formats", "html", "--out", str(path.parent / "out"))
    line = path.read_text().splitlines().index(note) + 1
    assert run.code == 2 and f"{path.name}:{line}: error" in run.err and message in run.err and "Traceback" not in run.err
    assert not (path.parent / "out").exists()


def test_a_note_at_the_end_of_a_rewrite_or_above_a_heading_is_an_error(source):
    path = leaflet(source, FAITHFUL + "\n<!-- lint-ok plain-facts: dangling -->\n")
    assert any("a lint-ok note with no block below it" in p.message for p in examine(path)[1])
    in_a_list = leaflet(source, "- <!-- lint-ok plain-facts: alone in its item -->\n- " + FAITHFUL)
    assert any("a lint-ok note with no block below it" in p.message for p in examine(in_a_list)[1])
    text = GOOD_FRONT + "\n<!-- lint-ok content: a heading -->\n" + ORIGINAL
    assert any("cannot accept warnings about a heading" in p.message for p in examine(source(text))[1])


def test_the_note_is_in_no_output(source, tmp_path):
    path = leaflet(source, "<!-- lint-ok plain-facts: the 2026 label revision says 20 % -->\n" + ACCEPTED)
    run = run_cli("build", str(path), "--formats", "html,epub", "--out", str(tmp_path / "out"), "--quiet")
    assert run.code == 0, run.err
    page = next((tmp_path / "out").rglob("*-large-print.html")).read_text("utf-8")
    assert "lint-ok" not in page and "label revision" not in page and "About 20 % of people" in page


# --- names: what is one, what is not -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Use hearing aids or walking aids.", "For educational purposes, she chooses and exposes it.", "A feeling of nostalgia."]
    + ["Read the magazine first, as a primer."]
    + ["Emollients are hypoallergenic.", "Heart disease and kidney disease are common."],
)
def test_everyday_words_that_end_like_a_name_name_no_drug_or_condition(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("People with AIDS", "aids"), ("It is like asthma.", "asthma"), ("Parkinson's disease starts slowly.", "Parkinson's")]
    + [("Take carvedilol.", "carvedilol"), ("Use latanoprost drops.", "latanoprost"), ("It is not hyperthyroidism.", "hyperthyroidism")]
    + [("Use ivermectin tablets.", "ivermectin"), ("Use a permethrin cream.", "permethrin"), ("It is hepatitis B.", "hepatitis b")]
    + [("Arthritis affects a lot of people.", "arthritis")]  # a letter is a name's only as a capital
    + [(f"Take {drug} as your doctor says.", drug) for drug in ("mesalazine", "naproxen", "trimethoprim", "cetirizine")]
    + [(f"Take {drug} as your doctor says.", drug) for drug in ("sertraline", "citalopram", "chloramphenicol", "colchicine")],
)
def test_drugs_and_conditions_are_found_by_stem_list_capitals_or_possessive(text, name):
    assert [key for key, _ in found(text)] == [name]


def test_a_name_the_original_does_not_give_is_flagged_where_the_rewrite_gives_it(source):
    text = GOOD_FRONT + "\n## Treatment\n\nThe first medicine is metformin, one 500 mg tablet a day.\n\n::: plain\n"
    path = source(text + "The first medicine is methotrexate, one 500 mg tablet a day.\n:::\n")
    problems = [p for p in lint(path)[1] if p.category == "plain-facts"]
    said = "The first medicine is methotrexate, one 500 mg tablet a day."
    line, column = path.read_text().splitlines().index(said) + 1, said.index("methotrexate") + 1
    assert [(p.message, p.line, p.column) for p in problems] == [
        ("the plain rewrite names 'methotrexate' where its original names 'metformin'", line, column)
    ]


def test_a_lettered_name_is_said_only_with_its_letter_or_in_a_list_of_letters():
    assert says("Hepatitis A, B and C are liver infections.", "hepatitis C")
    assert says("the hepatitis B vaccine", "Hepatitis B")
    assert not says("the hepatitis B vaccine", "hepatitis C")
    assert not says("hepatitis", "hepatitis B")
