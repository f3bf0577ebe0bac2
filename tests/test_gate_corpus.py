"""The editorial gate, measured (#26): on a corpus of honest plain rewrites of many conditions and
styles (tests/gate/*/honest) lint says nothing, and of the changes planted in copies of them
(tests/gate/*/planted.yaml) it flags at least 90 %, each at its line and column. The report
(`pytest -rA tests/test_gate_corpus.py`, or `make bench-gate`) gives false alarms, recall and
precision for each part. And the four false alarms an editor met on a real leaflet, one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from gate_corpus import PARTS, Found, measure, plants, report

from pipeline import examine

TARGET_RECALL = 0.9
# the changes the issue names, each planted somewhere in the corpus
CATEGORIES = {
    "number",
    "frequency",
    "range",
    "unit",
    "not dropped",
    "not added",
    "more for less",
    "always for never",
    "drug swapped",
    "condition swapped",
}


@pytest.fixture(scope="module")
def measured() -> dict[str, Found]:
    return {part: measure(part) for part in PARTS}


def test_the_corpus_has_40_honest_pairs_and_40_planted_changes_of_every_kind_over_15_conditions(measured):
    found = measured.values()
    assert sum(f.pairs for f in found) >= 40
    assert sum(f.plants for f in found) >= 40
    assert len(set().union(*(f.conditions for f in found))) >= 15
    assert {p.category for part in PARTS for p in plants(part)} == CATEGORIES  # each kind planted, no typo a kind of its own


# the parts written to measure the guard on text it was not made for: (conditions, pairs, planted changes) at least
UNSEEN = {"unseen1": (8, 25, 25), "unseen2": (6, 20, 20)}


@pytest.mark.parametrize("part", UNSEEN)
def test_each_unseen_part_is_as_large_as_it_was_asked_to_be_and_names_no_condition_of_an_earlier_part(measured, part):
    conditions, pairs, planted = UNSEEN[part]
    found = measured[part]
    assert len(found.conditions) >= conditions and found.pairs >= pairs and found.plants >= planted
    earlier = set().union(*(measured[p].conditions for p in PARTS[: PARTS.index(part)]))
    assert found.conditions.isdisjoint(earlier)


@pytest.mark.parametrize("part", PARTS)
def test_no_honest_rewrite_of_the_corpus_gets_a_warning(measured, part):
    alarms = measured[part].false_alarms
    assert not alarms, "\n".join(f"{p}\n    on: {line}" for p, line in alarms)


@pytest.mark.parametrize("part", PARTS)
def test_at_least_90_percent_of_the_planted_changes_are_caught_each_at_its_line_and_column(measured, part):
    found = measured[part]
    print(report([found]))  # shown by pytest -rA: false alarms, recall, precision, what was missed
    assert found.recall >= TARGET_RECALL, report([found])


def test_a_planted_change_raises_no_warning_away_from_where_it_is(measured):
    stray = [(entry.name, str(p)) for found in measured.values() for entry, p in found.stray_warnings]
    assert stray == []


# --- the four false alarms an editor met on a real leaflet (a public-domain summary) ----------------

FRONT = """\
---
title: Pelvic inflammatory disease
reviewed: 2026-05-01
summary: Pelvic inflammatory disease is an infection of the womb, fallopian tubes and ovaries.
disclaimer: This information is not a substitute for advice from your health care provider.
---
"""


def section(heading: str, original: str, plain: str) -> str:
    return f"\n## {heading}\n\n{original}\n\n::: plain\n{plain}\n:::\n"


def warnings(folder: Path, *sections: str) -> list[str]:
    path = folder / "pid.md"
    path.write_text(FRONT + "".join(sections), "utf-8")
    summary, problems = examine(path)
    assert summary is not None, [str(p) for p in problems]
    return [str(p) for p in problems]


def test_scars_that_do_not_go_away_say_what_permanent_scar_tissue_says(tmp_path):
    found = warnings(
        tmp_path,
        section(
            "Complications",
            "Pelvic inflammatory disease can cause permanent scar tissue in the fallopian tubes.",
            "The infection can harm the tubes that carry eggs. They can leave scars that do not go away.",
        ),
    )
    assert found == []


def test_some_people_have_no_signs_says_what_may_cause_no_symptoms_says(tmp_path):
    found = warnings(
        tmp_path,
        section(
            "Symptoms",
            "In many people, the infection may cause no symptoms at all. When there are symptoms, the most common is pain "
            "in the lower belly.",
            "Some people have no signs of it at all. When there are signs, the most common one is pain in the lower belly.",
        ),
    )
    assert found == []


LINKS = """\
- [CDC: Pelvic Inflammatory Disease](https://www.cdc.gov/pid/)
- [MedlinePlus: Pelvic Inflammatory Disease](https://medlineplus.gov/pelvicinflammatorydisease.html)
- [Get tested](https://gettested.cdc.gov)"""


def test_a_list_of_three_links_repeated_in_its_plain_rewrite_is_not_two_duplicate_paragraphs(tmp_path):
    assert warnings(tmp_path, section("Find out more", LINKS, LINKS)) == []


def test_a_helpline_repeated_in_its_plain_rewrite_is_not_a_duplicate_paragraph(tmp_path):
    helpline = "Sexual health helpline: call 0300 123 7123, Monday to Friday, 9am to 8pm."
    assert warnings(tmp_path, section("Help", helpline, helpline)) == []


def test_links_repeated_in_another_section_and_prose_copied_into_a_rewrite_are_still_duplicates(tmp_path):
    prose = "Pelvic inflammatory disease is usually treated with a course of antibiotics taken for 14 days."
    found = warnings(
        tmp_path, section("Find out more", LINKS, LINKS), section("Also", LINKS, "See the links above."), section("Care", prose, prose)
    )
    assert sum("duplicate paragraph" in p for p in found) == 3  # the two long links again, and the prose


# --- the rules the unseen parts prompted (tests/gate/README.md), each tried on sentences of its own --

# (heading, original, an honest plain rewrite): no warning
HONEST = {
    "a negation reworded so that it shares too few words to pair, just before its original's pair": (
        "Rosacea",
        "Rosacea is a common skin condition that mainly affects the face. Rosacea is not usually caused by drinking "
        "alcohol, although alcohol can make the flushing worse.",
        "Rosacea is a common skin condition. It mostly affects the face. Drinks are not usually to blame. But alcohol "
        "can make the flushing worse.",
    ),
    "'without treatment' for 'if it's not treated', before its original's pair": (
        "Cellulitis",
        "Cellulitis is an infection of the deeper layers of the skin. It can be dangerous if it's not treated, as the "
        "infection can spread to the blood.",
        "Cellulitis is an infection deep in the skin. Without treatment it can be dangerous. The infection can spread to your blood.",
    ),
    "a clause that says what follows a negation's 'and', not what the negation is of": (
        "Impetigo",
        "Impetigo does not usually leave scars and clears up within 7 to 10 days with treatment.",
        "Impetigo does not usually leave scars. It clears up in 7 to 10 days with treatment.",
    ),
    "a double negative of the rewrite's own for a negation said with other words": (
        "Head lice",
        "Head lice are common in school children and spread by head-to-head contact. They are not a sign of poor hygiene.",
        "Head lice are common in school children. They spread when heads touch. Having head lice does not mean you are not clean.",
    ),
    "'not feeling like eating' for 'loss of appetite'": (
        "Glandular fever",
        "Symptoms include a high temperature, swollen glands and loss of appetite.",
        "Symptoms include a high temperature, swollen glands and not feeling like eating.",
    ),
    "'cannot hear well' for 'hearing loss'": (
        "Glue ear",
        "Glue ear can cause temporary hearing loss in one or both ears.",
        "Glue ear can mean your child cannot hear well for a while, in one ear or both.",
    ),
    "a negated clause left out with what it is of": (
        "Flu",
        "Flu passes easily from people who have it to people who are not protected, through coughs and sneezes.",
        "Flu spreads easily through coughs and sneezes.",
    ),
    "a negation said with the opposite word, and the opposite word with a negation": (
        "Measles",
        "Most children with measles do not feel sick after the first week. Measles is rare in the UK now because of vaccination.",
        "Most children with measles feel well again after the first week. Measles is not common in the UK now, thanks to the vaccine.",
    ),
    "'3 months' for '12 weeks'": (
        "Recovery",
        "Full recovery after the operation can take up to 12 weeks.",
        "It can take up to 3 months to get back to normal after the operation.",
    ),
    "'fewer seizures' for 'reduce the number of seizures'": (
        "Medicines",
        "Anti-epileptic medicines can reduce the number of seizures you have.",
        "Anti-epileptic medicines can mean you have fewer seizures.",
    ),
    "hepatitis A, B and C named one by one": (
        "Vaccines",
        "There are vaccines for hepatitis A and B, but not for hepatitis C.",
        "You can have a vaccine for hepatitis A or hepatitis B. There is no vaccine for hepatitis C.",
    ),
    "'avoid' said as 'do not', 'keep away from', 'stop' or 'try not to'": (
        "Looking after yourself",
        "Avoid lifting anything heavy for 6 weeks. Avoid contact with people who have a weak immune system. Avoid "
        "smoking. Try to avoid sitting for long periods.",
        "Do not lift anything heavy for 6 weeks. Keep away from people with a weak immune system. Stop smoking. Try not "
        "to sit down for a long time.",
    ),
    "'with or without food' for 'regardless of meals'": (
        "Taking it",
        "You can take the tablets at any time of day, regardless of meals.",
        "You can take the tablets at any time of day, with or without food.",
    ),
    "a negation of the rewrite's own that speaks of what no original does": (
        "Outlook",
        "Most people make a full recovery within 2 weeks.",
        "Most people get completely better within 2 weeks, with no lasting problems.",
    ),
    "'will not harm' for 'safe'": (
        "Pregnancy",
        "The vaccine is safe to have during pregnancy.",
        "The vaccine will not harm you or your baby if you are pregnant.",
    ),
    "'do not last longer than a week' for 'clear up within a week'": (
        "Symptoms",
        "Symptoms usually clear up within a week.",
        "Symptoms do not usually last longer than a week.",
    ),
    "'do not stop early' and 'do not forget' for 'finish' and 'eat plenty'": (
        "Antibiotics",
        "It is important to finish the course of antibiotics. Eat plenty of fruit and vegetables.",
        "Do not stop taking the antibiotics early. Do not forget to eat lots of fruit and vegetables.",
    ),
    "'no longer contagious' after 'contagious until'": (
        "Contagious",
        "You are contagious until the rash has crusted over.",
        "You can pass it on until the rash has crusted over. After that you are no longer contagious.",
    ),
    "'not just' for 'often'": (
        "Hands",
        "Wash your hands often with soap and water.",
        "Wash your hands with soap and water. Do this many times a day, not just before you eat.",
    ),
    "'wait until ... before you drive' and 'only drive once' for 'do not drive until'": (
        "Driving",
        "You should not drive or use machinery until you know how the medicine affects you. Do not cycle until you "
        "know how the medicine affects you.",
        "Wait until you know how the medicine affects you before you drive or use machines. Only cycle once you know "
        "how the medicine affects you.",
    ),
    "'limit your time in the sun' for 'do not stay in the sun for too long'": (
        "Sun",
        "Do not stay in the sun for too long.",
        "Limit your time in the sun.",
    ),
    "'use your own towels' for 'do not share towels'": (
        "Spread",
        "Do not share towels, flannels or bedding.",
        "Use your own towels, flannels and bedding.",
    ),
    "an age given in years": (
        "Who gets it",
        "It is more likely in babies under 1 and people over 75.",
        "It is more likely in babies younger than 1 year and people older than 75 years.",
    ),
    "a bound with an exception said the other way round": (
        "Nasal spray",
        "Do not use the decongestant spray for more than 5 days without talking to a pharmacist.",
        "Talk to a pharmacist before you use the decongestant spray for longer than 5 days.",
    ),
    "'take it out and leave it out until' for 'do not wear it until'": (
        "Ear infection",
        "Do not wear your hearing aid until the ear has healed.",
        "Take out your hearing aid, and leave it out until the ear has healed.",
    ),
    "'to stop yourself getting' for 'so you do not get'": (
        "Sun",
        "Wear a hat in the sun so you do not get sunburnt.",
        "Wear a hat in the sun to stop yourself getting sunburnt.",
    ),
    "'cannot make it go away for good' and 'cannot get rid of' for 'no cure'": (
        "Treatment",
        "There's no cure for psoriasis, but treatment can keep the symptoms under control. There is no cure for gout.",
        "Treatment cannot make psoriasis go away for good, but it can keep the symptoms under control. Medicines cannot get rid of gout.",
    ),
}

# (heading, original, a careless rewrite, what the warning says, the words it must start at)
CARELESS = {
    "the 'not' of a reworded sentence before its original's pair dropped": (
        "Rosacea",
        HONEST["a negation reworded so that it shares too few words to pair, just before its original's pair"][1],
        "Rosacea is a common skin condition. It mostly affects the face. Drinks are usually to blame. But alcohol can "
        "make the flushing worse.",
        "loses a negation: its original says 'Rosacea is not usually caused by drinking alcohol'",
        "Drinks are usually",
    ),
    "'with treatment' for 'if it's not treated'": (
        "Cellulitis",
        HONEST["'without treatment' for 'if it's not treated', before its original's pair"][1],
        "Cellulitis is an infection deep in the skin. With treatment it can be dangerous. The infection can spread to your blood.",
        'loses a negation: its original says "It can be dangerous if it\'s not treated"',
        "With treatment",
    ),
    "the 'not' of a negation's first clause dropped": (
        "Impetigo",
        HONEST["a clause that says what follows a negation's 'and', not what the negation is of"][1],
        "Impetigo usually leaves scars. It clears up in 7 to 10 days with treatment.",
        "loses a negation: its original says 'Impetigo does not usually leave scars",
        "Impetigo usually leaves",
    ),
    "a 'not' added to what the original says": (
        "Head lice",
        HONEST["a double negative of the rewrite's own for a negation said with other words"][1],
        "Head lice are not common in school children. They spread when heads touch. Having head lice does not mean you are not clean.",
        "adds a negation its original does not have: 'Head lice are not common in school children.'",
        "Head lice are not",
    ),
    "a negation split in two, the 'not' of one half dropped": (
        "Croup",
        "Do not make the child lie down or look in their throat, and call 999.",
        "Make the child lie down. Call 999.",
        "says what its original denies: its original says 'Do not make the child lie down or look in their throat'",
        "Make the child",
    ),
    "a negated clause kept, its 'not' dropped": (
        "Flu",
        HONEST["a negated clause left out with what it is of"][1],
        "Flu passes easily from people who have it to people who are protected, through coughs and sneezes.",
        "loses a negation: its original says 'Flu passes easily from people who have it to people who are not protected'",
        "Flu passes",
    ),
    "'not rare' for 'rare'": (
        "Measles",
        HONEST["a negation said with the opposite word, and the opposite word with a negation"][1],
        "Most children with measles feel well again after the first week. Measles is not rare in the UK now, thanks to the vaccine.",
        "adds a negation its original does not have: 'Measles is not rare in the UK now'",
        "Measles is not rare",
    ),
    "'feel sick' for 'do not feel sick'": (
        "Measles",
        HONEST["a negation said with the opposite word, and the opposite word with a negation"][1],
        "Most children with measles feel sick again after the first week. Measles is not common in the UK now, thanks to the vaccine.",
        "loses a negation: its original says 'Most children with measles do not feel sick after the first week.'",
        "Most children",
    ),
    "'12 months' for '12 weeks'": (
        "Recovery",
        HONEST["'3 months' for '12 weeks'"][1],
        "It can take up to 12 months to get back to normal after the operation.",
        "gives 12 months where its original gives 12 weeks",
        "12 months",
    ),
    "'1 month' for '1 week'": (
        "Recovery",
        "Most people go back to work within 1 week.",
        "Most people are back at work within 1 month.",
        "gives 1 month where its original gives 1 week",
        "1 month",
    ),
    "a second negation lost where the first, of the same idea, is kept": (
        "Symptoms",
        "Some people have no symptoms at all, and the number of symptoms does not always show how much of the gut is inflamed.",
        "Some people do not have any symptoms. The number of symptoms always shows how much of your gut is inflamed.",
        "loses a negation: its original says 'the number of symptoms does not always show how much of the gut is inflamed.'",
        "The number of symptoms always",
    ),
    "'more seizures' for 'reduce the number of seizures'": (
        "Medicines",
        HONEST["'fewer seizures' for 'reduce the number of seizures'"][1],
        "Anti-epileptic medicines can mean you have more seizures.",
        "says 'more seizures' where its original says less 'seizures'",
        "more seizures",
    ),
    "'hepatitis C' for 'hepatitis B'": (
        "Vaccines",
        "The hepatitis B vaccine is given as 3 injections.",
        "The hepatitis C vaccine is given as 3 injections.",
        "names 'hepatitis C' where its original names 'hepatitis B'",
        "hepatitis C",
    ),
    "'lift' for 'avoid lifting'": (
        "After the operation",
        "Avoid lifting anything heavy for 6 weeks, and keep the wound dry.",
        "Lift anything heavy for 6 weeks. Keep the wound dry.",
        "loses a negation: its original says 'Avoid lifting anything heavy for 6 weeks'",
        "Lift anything",
    ),
    "'do not stop taking it' for 'stop taking it'": (
        "Taking it",
        "Stop taking it if you get a rash.",
        "Do not stop taking it if you get a rash.",
        "adds a negation its original does not have: 'Do not stop taking it if you get a rash.'",
        "Do not stop",
    ),
    "'not safe' for 'safe'": (
        "Pregnancy",
        HONEST["'will not harm' for 'safe'"][1],
        "The vaccine is not safe to have if you are pregnant.",
        "adds a negation its original does not have",
        "The vaccine is not safe",
    ),
    "'do not usually clear up within a week' for 'usually clear up within a week'": (
        "Symptoms",
        HONEST["'do not last longer than a week' for 'clear up within a week'"][1],
        "Symptoms do not usually clear up within a week.",
        "adds a negation its original does not have",
        "Symptoms do not",
    ),
    "'drive until' for 'do not drive until'": (
        "Driving",
        "You should not drive until you know how the medicine affects you.",
        "Drive until you know how the medicine affects you.",
        "its original says 'You should not drive until you know how the medicine affects you.'",
        "Drive until",
    ),
    "'reduce the dose' for 'do not reduce the dose'": (
        "Dose",
        "Do not reduce the dose.",
        "Reduce the dose if you feel sick.",
        "loses a negation: its original says 'Do not reduce the dose.'",
        "Reduce the dose",
    ),
    "'share towels' for 'do not share towels'": (
        "Spread",
        HONEST["'use your own towels' for 'do not share towels'"][1],
        "Share towels, flannels and bedding.",
        "its original says 'Do not share towels'",
        "Share towels",
    ),
    "'more than' for 'no more than'": (
        "Nasal spray",
        "Use the decongestant spray for no more than 5 days.",
        "Use the decongestant spray for more than 5 days.",
        "says more than 5 days where its original says less than",
        "5 days",
    ),
    "'wear it until' for 'do not wear it until'": (
        "Ear infection",
        HONEST["'take it out and leave it out until' for 'do not wear it until'"][1],
        "Wear your hearing aid until the ear has healed.",
        "its original says 'Do not wear your hearing aid until the ear has healed.'",
        "Wear your",
    ),
    "'always makes it go away for good' for 'no cure'": (
        "Treatment",
        "There's no cure for psoriasis, but treatment can keep the symptoms under control.",
        "Treatment always makes psoriasis go away for good, and it can keep the symptoms under control.",
        'loses a negation: its original says "There\'s no cure for psoriasis"',
        "Treatment always",
    ),
    "'under 1 month' for 'under 1' (a year, as an age)": (
        "Who gets it",
        "It is more likely in babies under 1 and people over 75.",
        "It is more likely in babies younger than 1 month and people older than 75.",
        "gives 1 month where its original gives 1 with no unit",
        "1 month",
    ),
}


@pytest.mark.parametrize("what", HONEST)
def test_an_honest_rewrite_said_the_way_editors_say_it_passes(tmp_path, what):
    assert warnings(tmp_path, section(*HONEST[what])) == []


@pytest.mark.parametrize("what", CARELESS)
def test_a_careless_rewrite_is_flagged_where_it_goes_wrong(tmp_path, what):
    heading, original, plain, message, words = CARELESS[what]
    text = FRONT + section(heading, original, plain)
    at = text.index(words, text.index("::: plain"))
    place = f"pid.md:{text.count(chr(10), 0, at) + 1}:{at - text.rfind(chr(10), 0, at)}:"
    found = warnings(tmp_path, section(heading, original, plain))
    assert any(message in w for w in found), found
    assert any(w.startswith(str(tmp_path / place)) and message in w for w in found), found
