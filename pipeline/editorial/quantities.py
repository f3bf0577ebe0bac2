"""Numbers in prose, read so that a plain rewrite and its original can be compared.

"100,000", "100 000" and "a hundred thousand" are one number; "75 %", "75 per cent" and
"3 in 4" one share; "25 mg" and "25 milligrams" one dose; "6 to 24 months", "6-24 months" and
"between 6 and 24 months" one range; "fewer than 1 in 100,000" a ratio with an upper bound.
Digits are read in any language (a point or comma before exactly three digits groups thousands,
so "1.000" and "1,000" are both a thousand, "2,5" and "2.5" both two and a half); number words,
units, bounds and ratio words in English, Spanish and French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from pipeline.editorial.units import PERIOD, PERIOD_WORDS, TIME_UNITS, UNITS, bound_before

_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
ENGLISH_NUMBERS = {w: n for n, w in enumerate(_SMALL.split())} | {w: 20 + 10 * n for n, w in enumerate(_TENS.split())}
ENGLISH_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# Other languages: whole words only ("veinte" is read, "vingt-cinq" is not). "un", "una" and "une"
# are articles first: left out, as English "a" is.
OTHER_NUMBERS = {
    "es": "cero - dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete dieciocho "
    "diecinueve veinte",
    "fr": "zéro - deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt",
}
OTHER_WORDS = {lang: {w: n for n, w in enumerate(words.split()) if w != "-"} for lang, words in OTHER_NUMBERS.items()}
OTHER_WORDS["es"] |= {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "cien": 100, "ciento": 100, "mil": 1000}
OTHER_WORDS["fr"] |= {"trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000}
# Shares written as words: "half of them", "a third", "three quarters".
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "mitad": 2, "moitié": 2}
TIMES = {"twice": 2, "once": 1}  # "twice a day": 2 times; "once" only before a period or "or twice" ("once you have had it" is no count)

# "1 in 100,000", "3 out of 4", "1 de cada 100", "1 sur 10"
_RATIO = r"in|in every|out of|of every|de cada|sur|per"
_RANGE = r"to|-|–|—|or|a|à|o|ou"
_BETWEEN_AND = ("and", "y", "et")  # a range only after "between", "entre": not "50 and 60 people"


def _token_pattern(groups: str) -> re.Pattern[str]:
    digits = rf"\d+(?:[{groups}]\d{{3}}(?!\d))*(?:[.,]\d+)?"
    return re.compile(rf"(?P<digits>{digits})|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|(?P<sign>%|°)")


# Thousands are grouped by commas or points everywhere, and by spaces in French, Spanish...: an
# English "take 2 500 mg tablets" is two tablets.
_TOKENS = {"en": _token_pattern(".,\u00a0\u202f\u2009"), "": _token_pattern(".,\u00a0\u202f\u2009 ")}

Token = tuple[str, str, int, int]  # kind (digits, word, sign), text, start, end


@dataclass(frozen=True)
class Quantity:
    value: Fraction
    unit: str  # compared unit ("mg", "%", "year"...), "" for none
    text: str  # as written, unit included: "25 mg", "a hundred thousand"
    start: int  # where it is in the text read
    end: int
    spelt: bool = False  # written in words
    bound: str = ""  # "<" or ">" when "fewer than", "over"... come before it
    period: str = ""  # of a count of times: "day" for "twice a day", "3 times daily"

    @property
    def measure(self) -> str:
        """What the figure counts: its unit, and for a frequency its period ('times/day')."""
        return f"{self.unit}/{self.period}" if self.period else self.unit


@dataclass(frozen=True)
class Ratio:
    """'1 in 100,000', '3 out of 4', 'half': part of a whole, compared by value with percentages."""

    part: Quantity
    whole: Quantity
    text: str

    @property
    def value(self) -> Fraction:
        return self.part.value / self.whole.value if self.whole.value else Fraction(0)

    @property
    def bound(self) -> str:
        return self.part.bound


@dataclass(frozen=True)
class Range:
    low: Quantity
    high: Quantity
    text: str

    @property
    def values(self) -> tuple[Fraction, Fraction]:
        return (self.low.value, self.high.value)


@dataclass(frozen=True)
class Quantities:
    numbers: tuple[Quantity, ...]
    ratios: tuple[Ratio, ...]
    ranges: tuple[Range, ...]


@lru_cache(maxsize=4096)  # the fact guard reads each sentence more than once
def read_quantities(text: str, language: str = "en") -> Quantities:
    """Every number of `text` with its unit, and the ratios and ranges they make."""
    base = language.split("-")[0].lower()
    pattern = _TOKENS.get(base, _TOKENS[""])
    tokens = [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
    # digits glued to letters are part of a name: "B12" (while "COVID-19" keeps its 19)
    tokens = [t for t in tokens if not (t[0] == "digits" and t[2] and text[t[2] - 1].isalpha())]
    numbers: list[Quantity] = []
    ratios: list[Ratio] = []
    i = 0
    while i < len(tokens):
        if base == "en" and (said := _said_with_a(tokens, i, text)) is not None:
            numbers += said[0]  # "half an hour", "a day or two"
            i = said[1]
            continue
        found = _number_at(tokens, i, base, text)
        if found is None:
            if (fraction := _fraction_at(tokens, i, base, text)) is not None:
                ratio, i = fraction
                ratios.append(ratio)
                numbers.append(ratio.part)
            else:
                i += 1
            continue
        value, last, spelt = found
        unit, last = _per("times", last, tokens, text) if tokens[i][1].casefold() in TIMES else _unit_after(tokens, last, text)
        start, end = tokens[i][2], tokens[last][3]
        unit, period = _frequency(unit)
        numbers.append(Quantity(value, unit, text[start:end], start, end, spelt, bound_before(text, start), period))
        i = last + 1
    numbers = _ranges_share_units(numbers, text)
    ratios += _ratios(numbers, text)
    return Quantities(tuple(numbers), tuple(ratios), tuple(_ranges(numbers, text)))


_TIME_WORDS = frozenset(w for w, unit in UNITS.items() if unit in TIME_UNITS - {"times"} and len(w) > 2)  # "day", not "h"


def _said_with_a(tokens: list[Token], i: int, text: str) -> tuple[list[Quantity], int] | None:
    """Lengths of time said with 'a' (English): 'half an hour' is half of one hour, 'a day or two' 1 to 2 days; the
    quantities, and the token after them."""
    words = [t[1].casefold() for t in tokens[i : i + 4]]
    # only spaces between the words: "a day, or two" is no one phrase
    words = words[: 1 + next((k for k in range(len(words) - 1) if text[tokens[i + k][3] : tokens[i + k + 1][2]].strip()), 3)]
    start = tokens[i][2]
    if words[:1] == ["half"] and len(words) > 2 and words[1] in ("a", "an") and words[2] in _TIME_WORDS:
        end = tokens[i + 2][3]
        return [Quantity(Fraction(1, 2), UNITS[words[2]], text[start:end], start, end, True, bound_before(text, start))], i + 3
    if len(words) == 4 and words[0] in ("a", "an") and words[1] in _TIME_WORDS and words[2] == "or" and words[3] in ("two", "three"):
        unit, (_, two, at, end) = UNITS[words[1]], tokens[i + 3]
        one = Quantity(Fraction(1), unit, text[start : tokens[i + 1][3]], start, tokens[i + 1][3], True, bound_before(text, start))
        return [one, Quantity(Fraction(ENGLISH_NUMBERS[words[3]]), unit, two, at, end, True)], i + 4
    return None


def same_share(percent: Fraction, ratio: Ratio) -> bool:
    """'75 %' and '3 in 4', '33 %' and '1 in 3': the same share, to the nearest whole percent."""
    return abs(ratio.value * 100 - percent) <= Fraction(1, 2)


def _number_at(tokens: list[Token], i: int, language: str, text: str) -> tuple[Fraction, int, bool] | None:
    """The number starting at token i: (value, its last token, spelt out)."""
    kind, word, _, _ = tokens[i]
    if kind == "digits":
        return _digits(word), i, False
    if kind != "word":
        return None
    folded = word.casefold()
    if folded in TIMES:
        if folded == "once" and not (PERIOD.match(text, tokens[i][3]) or re.match(r"\s+or\s+(?:twice|two)\b", text[tokens[i][3] :], re.I)):
            return None
        return Fraction(TIMES[folded]), i, True
    if language != "en":
        value = OTHER_WORDS.get(language, {}).get(folded)
        return (Fraction(value), i, True) if value is not None else None
    if folded == "a" and [t[1].casefold() for t in tokens[i + 1 : i + 3]] == ["couple", "of"]:
        return Fraction(2), i + 2, True  # "a couple of weeks": 2 weeks
    return _english_words(tokens, i, text)


def _english_words(tokens: list[Token], i: int, text: str) -> tuple[Fraction, int, bool] | None:
    """'twenty-five', 'a hundred thousand', 'one hundred and five': (value, last token, True)."""
    total = current = 0
    last = None
    j = i
    # one number is words with only spaces between them: "twenty, five" is two
    while j < len(tokens) and tokens[j][0] == "word" and (j == i or not text[tokens[j - 1][3] : tokens[j][2]].strip()):
        word = tokens[j][1].casefold()
        parts = word.split("-")
        following = tokens[j + 1][1].casefold() if j + 1 < len(tokens) else ""
        if all(p in ENGLISH_NUMBERS for p in parts):
            current += sum(ENGLISH_NUMBERS[p] for p in parts)
        elif word in ENGLISH_SCALES:
            if word == "hundred":
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * ENGLISH_SCALES[word]
                current = 0
        elif word == "a" and last is None and following in ENGLISH_SCALES:
            pass  # "a hundred"
        elif (
            word == "and"
            and last is not None
            and tokens[last][1].casefold() in ENGLISH_SCALES
            and following.split("-")[0] in ENGLISH_NUMBERS
        ):
            pass  # "one hundred and five" (while "forty and sixty" are two)
        else:
            break
        if word not in ("a", "and"):
            last = j
        j += 1
    return (Fraction(total + current), last, True) if last is not None else None


def _digits(text: str) -> Fraction:
    """'100,000' and '100 000' -> 100000; '2,5' and '2.5' -> 5/2 (a separator before three digits groups them)."""
    grouped = re.sub(r"[.,\u00a0\u202f\u2009 ](?=\d{3}(?!\d))", "", text)
    whole, _, decimals = grouped.replace(",", ".").partition(".")
    digits = "".join(str(int(c)) for c in whole + decimals)  # Arabic-Indic digits read as 0-9
    return Fraction(int(digits), 10 ** len(decimals))


def _unit_after(tokens: list[Token], last: int, text: str) -> tuple[str, int]:
    """The unit right after a number ('25 mg', '25mg', '50-year-old', '75 per cent', '3 mg/kg'), and its last token."""
    for size in (3, 2, 1):  # "millimetres of mercury", "per cent" before "per"
        words = tokens[last + 1 : last + 1 + size]
        if len(words) < size or text[tokens[last][3] : words[0][2]].strip(" -\u00a0\u202f"):
            continue
        written = " ".join(w[1].casefold() for w in words)
        written = written.split("-")[0] if size == 1 else written  # "year-old"
        if written in UNITS:
            return _per(UNITS[written], last + size, tokens, text)
    return "", last


def _per(unit: str, end: int, tokens: list[Token], text: str) -> tuple[str, int]:
    """A unit and what it is per: 'mg/kg' and 'mg per kg' are one unit, 'g/L' and 'grams per litre' one; a dose
    per day is the dose ('2,000 mg a day'), while a count per day is a frequency ('twice a day', '3 times daily')."""
    after = tokens[end + 1][1].casefold() if end + 1 < len(tokens) else ""
    between = text[tokens[end][3] : tokens[end + 1][2]].strip().casefold() if end + 1 < len(tokens) else ""
    if after in UNITS and between == "/":
        per, last = UNITS[after], end + 1
    elif between == "" and after == "per" and end + 2 < len(tokens) and tokens[end + 2][1].casefold() in UNITS:
        per, last = UNITS[tokens[end + 2][1].casefold()], end + 2
    elif unit == "times" and (period := PERIOD.match(text, tokens[end][3])):
        word = (period[1] or period[2]).casefold()
        per = PERIOD_WORDS.get(word) or UNITS.get(word, "")
        last = next((k for k in range(end + 1, len(tokens)) if tokens[k][3] >= period.end()), end)
        return (f"times/{per}", last) if per in TIME_UNITS else (unit, end)
    else:
        return unit, end
    if per in TIME_UNITS:  # "mg/day" is a dose, "times/day" a frequency (see Quantity.period)
        return (f"times/{per}", last) if unit == "times" else (unit, last)
    return f"{unit}/{per}", last


def _frequency(unit: str) -> tuple[str, str]:
    """'times/day' -> ('times', 'day'); any other unit -> (unit, '')."""
    return (unit, "") if not unit.startswith("times/") else ("times", unit[6:])


def _fraction_at(tokens: list[Token], i: int, language: str, text: str) -> tuple[Ratio, int] | None:
    """'half', 'a third', 'a quarter' as a ratio; (ratio, the next token)."""
    word = tokens[i][1].casefold()
    if word not in FRACTIONS:
        return None
    if i > 0 and (before := _number_at(tokens, i - 1, language, text)) is not None and before[1] == i - 1:
        return None  # "two thirds" is read from its number: see _ratios
    if word in ("third", "quarter") and not (i > 0 and tokens[i - 1][1].casefold() in ("a", "one")):
        return None  # "the third day"
    start, end = tokens[i][2], tokens[i][3]
    whole = Quantity(Fraction(FRACTIONS[word]), "", word, start, end, True)
    return Ratio(Quantity(Fraction(1), "", word, start, end, True, bound_before(text, start)), whole, word), i + 1


def _ratios(numbers: list[Quantity], text: str) -> list[Ratio]:
    """'1 in 100,000', 'three out of four', '1 de cada 100', and 'two thirds'."""
    found = []
    for a, b in zip(numbers, numbers[1:], strict=False):
        between = " ".join(text[a.end : b.start].casefold().split())
        if re.fullmatch(rf"(?:{_RATIO})(?: a| an| every)?", between) and not a.unit and b.unit in ("", "%"):
            found.append(Ratio(a, b, text[a.start : b.end]))
    for a in numbers:
        after = re.match(r"\s+(thirds?|quarters?|half)\b", text[a.end :], re.I)
        if after and a.spelt:
            whole = Quantity(Fraction(FRACTIONS[after[1].casefold()]), "", after[1], a.end, a.end + after.end(), True)
            found.append(Ratio(a, whole, text[a.start : a.end + after.end()]))
    return found


def _range_between(a: Quantity, b: Quantity, text: str) -> bool:
    between = " ".join(text[a.end : b.start].casefold().split())
    if between in _BETWEEN_AND:  # "between the ages of 50 and 60", "entre 6 y 24"
        before = text[max(0, a.start - 40) : a.start].casefold()
        return bool(re.search(r"(?<!\w)(?:between|entre)\b[^.;:!?]*$", before)) and a.value < b.value
    return bool(re.fullmatch(_RANGE, between)) and a.value < b.value  # "10 to 5" is no range


def _ranges_share_units(numbers: list[Quantity], text: str) -> list[Quantity]:
    """'6 to 24 months': the 6 is months too; 'once or twice a day': the once is a day too."""
    out = list(numbers)
    for k in range(len(out) - 2, -1, -1):
        a, b = out[k], out[k + 1]
        if b.unit and (not a.unit or (a.unit == b.unit and not a.period)) and _range_between(a, b, text):  # "once or twice a day"
            out[k] = Quantity(a.value, b.unit, a.text, a.start, a.end, a.spelt, a.bound, b.period)
    return out


def _ranges(numbers: list[Quantity], text: str) -> list[Range]:
    return [
        Range(a, b, text[a.start : b.end])
        for a, b in zip(numbers, numbers[1:], strict=False)
        if a.measure == b.measure and _range_between(a, b, text)
    ]
