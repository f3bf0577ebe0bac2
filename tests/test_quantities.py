"""Numbers in prose are read as the figures they are, so the fact guard compares figures, not spellings."""

from __future__ import annotations

from fractions import Fraction

import pytest

from pipeline.editorial.negation import count
from pipeline.editorial.quantities import read_quantities, same_share
from pipeline.editorial.units import duration, same_time


def values(text: str, language: str = "en") -> list[tuple[Fraction, str]]:
    return [(q.value, q.unit) for q in read_quantities(text, language).numbers]


@pytest.mark.parametrize(
    "text, language",
    [("100,000", "en"), ("100000", "en"), ("a hundred thousand", "en"), ("one hundred thousand", "en"), ("100 000", "fr")]
    + [("100.000", "es")],
)
def test_a_hundred_thousand_is_one_number_however_it_is_written(text, language):
    assert values(text, language) == [(Fraction(100000), "")]


def test_decimals_units_and_their_spellings_are_one_dose():
    assert values("2.5 mg, 2,5 milligrams, 25mg, 3 mg/kg, 75 per cent, 75%") == [
        (Fraction(5, 2), "mg"),
        (Fraction(5, 2), "mg"),
        (Fraction(25), "mg"),
        (Fraction(3), "mg/kg"),
        (Fraction(75), "%"),
        (Fraction(75), "%"),
    ]


def test_english_groups_thousands_with_commas_only_so_two_500_mg_tablets_stay_two():
    assert values("Take 2 500 mg tablets twice a day.") == [(Fraction(2), ""), (Fraction(500), "mg"), (Fraction(2), "times")]


def test_number_words_stop_at_punctuation_and_digits_glued_to_a_name_are_not_numbers():
    assert values("twenty-five, one hundred and five, vitamin B12") == [(Fraction(25), ""), (Fraction(105), "")]
    assert values("Arabic-Indic digits: ٣ أشهر", "ar") == [(Fraction(3), "")]


def test_ratios_and_shares_compare_by_value():
    found = read_quantities("fewer than one in a hundred thousand; 3 out of 4; two thirds; half of them; 1 de cada 100")
    assert [(r.text, r.value, r.bound) for r in found.ratios] == [
        ("half", Fraction(1, 2), ""),
        ("one in a hundred thousand", Fraction(1, 100000), "<"),
        ("3 out of 4", Fraction(3, 4), ""),
        ("1 de cada 100", Fraction(1, 100), ""),
        ("two thirds", Fraction(2, 3), ""),
    ]
    three_in_four, one_in_three = found.ratios[2], read_quantities("1 in 3").ratios[0]
    assert same_share(Fraction(75), three_in_four) and same_share(Fraction(33), one_in_three)
    assert not same_share(Fraction(70), three_in_four)


def test_ranges_share_their_unit_and_between_and_is_a_range_only_after_between():
    found = read_quantities("between the ages of 50 and 60; 6 to 24 months; 1-2 weeks; 50 and 60 people")
    assert [(g.text, g.values, g.low.unit) for g in found.ranges] == [
        ("50 and 60", (Fraction(50), Fraction(60)), ""),
        ("6 to 24 months", (Fraction(6), Fraction(24)), "month"),
        ("1-2 weeks", (Fraction(1), Fraction(2)), "week"),
    ]
    assert read_quantities("entre 6 y 24 meses", "es").ranges[0].values == (Fraction(6), Fraction(24))


def test_bounds_are_read_from_the_words_before_a_number():
    bounds = [(q.text, q.bound) for q in read_quantities("less than 1, over the age of 50, at least 6 months, about 3").numbers]
    assert bounds == [("1", "<"), ("50", ">"), ("6 months", ">"), ("3", "")]


@pytest.mark.parametrize(
    "sentence, negations",
    [
        ("There are no known causes, and the disease is not considered hereditary.", 2),
        ("Neither men nor women are more at risk.", 1),
        ("Fewer than 1 in 100,000 people have it.", 0),  # a bound on a number, not a negation
        ("Do not stop taking it without talking to your doctor.", 0),  # two negations: a positive
        ("It may be a little more common in men.", 0),
        ("It is usually not as aggressive as multiple myeloma.", 1),
        ("Il n'existe aucun médicament qui remplace le régime.", 1),
        ("No existe ningún medicamento que sustituya a la dieta.", 1),
        ("Take it with or without food, whether you have symptoms or not.", 0),  # no negations
        ("It is not just before meals, and not only after them.", 0),
        ("Slurred speech or not making sense.", 1),  # "or not" ends no clause here
        ("It gets better in about 2 weeks, without any treatment.", 1),  # a 'without' after no 'not' says 'not'
        ("Do not stop taking it, without talking to your doctor.", 0),
    ],
)
def test_negations_are_counted_by_clause(sentence, negations):
    language = {"Il": "fr", "No": "es"}.get(sentence.split()[0], "en")
    assert count(sentence, language) == negations


def time(text: str) -> tuple[str, Fraction] | None:
    return duration(read_quantities(text).numbers[0])


@pytest.mark.parametrize(
    "one, other, same",
    [
        ("72 hours", "3 days", True),
        ("7 days", "1 week", True),
        ("24 months", "2 years", True),
        ("12 weeks", "3 months", True),  # weeks and months: within a tenth
        ("4 weeks", "1 month", True),
        ("26 weeks", "6 months", True),
        ("52 weeks", "1 year", True),
        ("90 days", "3 months", True),
        ("3 weeks", "1 month", False),
        ("1 week", "1 month", False),
        ("3 weeks", "3 months", False),
        ("10 days", "11 days", False),  # the same kind of unit: exactly, or not at all
        ("11 months", "1 year", False),
    ],
)
def test_a_length_of_time_in_weeks_may_be_said_in_months_when_it_is_about_the_same(one, other, same):
    assert same_time(time(one), time(other)) is same
    assert same_time(time(other), time(one)) is same


def test_half_an_hour_and_a_day_or_two_are_lengths_of_time_said_with_a():
    assert values("Move your legs every half an hour.") == [(Fraction(1, 2), "hour")]
    assert same_time(time("every half an hour"), time("every 30 minutes"))
    found = read_quantities("You can go back to work in a day or two, or a week or three.")
    assert [(s.low.value, s.high.value, s.low.unit, s.text) for s in found.ranges] == [
        (Fraction(1), Fraction(2), "day", "a day or two"),
        (Fraction(1), Fraction(3), "week", "a week or three"),
    ]
    assert values("half of them") == [(Fraction(1), "")]  # a share, still
    assert values("a day, or two") == [(Fraction(2), "")]  # no one phrase


def test_a_couple_of_is_two_and_and_joins_number_words_only_after_hundred_or_thousand():
    assert values("It gets better in a couple of weeks, a couple of times a day.") == [(Fraction(2), "week"), (Fraction(2), "times")]
    assert values("one hundred and five, two thousand and twenty") == [(Fraction(105), ""), (Fraction(2020), "")]
    found = read_quantities("It is most common in people aged between forty and sixty.")
    assert [(s.low.value, s.high.value) for s in found.ranges] == [(Fraction(40), Fraction(60))]  # was one number, 100
