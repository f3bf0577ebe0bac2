"""The units figures are given in, as patient information writes them, and the bounds put on them:
"25 mg" and "25 milligrams" are one dose, "72 hours" and "3 days" one length of time, "fewer
than" and "under" one bound. Read by pipeline/editorial/quantities.py; compared by figures.py.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Protocol


class Measured(Protocol):
    """What a duration is read from: a quantities.Quantity (named here as a shape, so this module needs none)."""

    @property
    def value(self) -> Fraction: ...

    @property
    def unit(self) -> str: ...


# unit compared -> the ways it is written; plurals and abbreviations of one unit are one unit
_UNITS = {
    "%": "%|percent|per cent|pour cent|por ciento",
    "mg": "mg|milligram|milligrams|milligramme|milligrammes|miligramo|miligramos",
    "g": "g|gram|grams|gramme|grammes|gramo|gramos",
    "kg": "kg|kilogram|kilograms|kilogramme|kilogrammes|kilo|kilos",
    "mcg": "mcg|µg|μg|microgram|micrograms|microgramme|microgrammes",
    "ml": "ml|millilitre|millilitres|milliliter|milliliters|mililitro|mililitros",
    "l": "l|litre|litres|liter|liters|litro|litros",
    "mmol": "mmol|millimole|millimoles",
    "dl": "dl|decilitre|decilitres|deciliter|deciliters",
    "mmhg": "mmhg|mm hg|millimetres of mercury|millimeters of mercury",
    "units": "iu|unit|units|unidad|unidades|unité|unités",
    "mm": "mm|millimetre|millimetres|millimeter|millimeters",
    "cm": "cm|centimetre|centimetres|centimeter|centimeters",
    "°c": "° c|°|degree|degrees|degrees celsius|degrees centigrade|celsius|grados|degrés",
    "°f": "° f|degrees fahrenheit|fahrenheit",
    "lb": "lb|lbs|pound|pounds",
    "inch": "inch|inches",
    "minute": "min|mins|minute|minutes|minuto|minutos",
    "hour": "h|hr|hrs|hour|hours|hora|horas|heure|heures",
    "day": "day|days|día|días|jour|jours",
    "week": "wk|wks|week|weeks|semana|semanas|semaine|semaines",
    "month": "month|months|mes|meses|mois",
    "year": "yr|yrs|year|years|año|años|ans",
    "times": "times|time|veces|fois",
}
UNITS = {alias: unit for unit, aliases in _UNITS.items() for alias in aliases.split("|")}
TIME_UNITS = frozenset({"minute", "hour", "day", "week", "month", "year", "times"})
# a duration in hours, or in months: "72 hours" is "3 days", "24 months" "2 years" (a month is no whole number of weeks)
_HOURS = {"minute": Fraction(1, 60), "hour": Fraction(1), "day": Fraction(24), "week": Fraction(168)}
_MONTHS = {"month": Fraction(1), "year": Fraction(12)}
# "twice a day", "3 times a week", "once daily": how often, and in what period
PERIOD = re.compile(r"\s*(?:(?:a|an|per|each|every|al|por|par)\s+(\w+)|(daily|weekly|monthly|yearly|annually))\b", re.I)
PERIOD_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year"}
# words before a number that make it a bound: "fewer than 1 in 100,000", "over 50"
_BOUNDS = {
    "<": "less than/fewer than/under/below/up to/at most/younger than/under the age of/no more than/not more than/no longer than/"
    "menos de/menos que/moins de/jusqu'à",
    ">": "more than/over/above/at least/greater than/older than/over the age of/no fewer than/no less than/not less than/longer than/"
    "más de/plus de/au moins",
}
BOUNDS = {phrase: sign for sign, phrases in _BOUNDS.items() for phrase in phrases.split("/")}
_BOUND = re.compile(r"(?<!\w)(" + "|".join(re.escape(b) for b in sorted(BOUNDS, key=len, reverse=True)) + r")$")
BOUND_PHRASE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(b) for b in sorted(BOUNDS, key=len, reverse=True)) + r")\s*$", re.I)


def duration(q: Measured) -> tuple[str, Fraction] | None:
    """A length of time comparable across units: ('hours', 72) for '3 days' and '72 hours'."""
    if q.unit in _HOURS:
        return "hours", q.value * _HOURS[q.unit]
    if q.unit in _MONTHS:
        return "months", q.value * _MONTHS[q.unit]
    return None


# a month in days, to compare weeks with months: "12 weeks" is "3 months", "4 weeks" "a month", "26 weeks" "6 months"
_MONTH_DAYS = Fraction(36525, 1200)
_ABOUT = Fraction(1, 10)


def same_time(a: tuple[str, Fraction] | None, b: tuple[str, Fraction] | None) -> bool:
    """Whether two durations are one length of time: the same ('3 days', '72 hours'), or, one counted in hours, days
    or weeks and the other in months or years, within a tenth ('12 weeks' and '3 months'; not '3 weeks' and '1 month',
    nor '10 days' and '11 days')."""
    if a is None or b is None or a == b:
        return a == b and a is not None
    if a[0] == b[0]:
        return False
    days = sorted(value / 24 if unit == "hours" else value * _MONTH_DAYS for unit, value in (a, b))
    return days[1] - days[0] <= _ABOUT * days[1]


def bound_before(text: str, start: int) -> str:
    found = _BOUND.search(" ".join(text[max(0, start - 20) : start].casefold().split()))
    return BOUNDS[found[1]] if found else ""
