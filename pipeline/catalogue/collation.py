"""Titles in the order each language sorts them, and the letter each one files under.

The Unicode Collation Algorithm (pyuca, with the Unicode 10 DUCET, the base of CLDR's root order), not
code points: accents are second to letters ("Éczéma" beside "Eczema", not after "Zona"), case third,
and any script sorts in its own alphabet's order. On top of it:

- numbers in their numeric order ("Condition 2" before "Condition 10"), as ICU's numeric collation;
- CLDR's tailorings for the languages that have one we know of: Spanish files "ñ" as its own letter
  after "n" (`&N<ñ<<<Ñ`). A language with no entry here sorts in the root order (English, French and
  Arabic have no tailoring of their letters in CLDR).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

NUMBER_WIDTH = 12  # digits a number is padded to: numbers up to 10^12 sort numerically
# A letter a language sorts after a base letter (CLDR `&n<ñ`): written as the base letter and then a
# character whose weight is above every letter's, so "ña" sorts after "nz" and before "o".
_ABOVE_EVERY_LETTER = "\ue000"  # a private-use character: UCA gives it an implicit weight above all letters
TAILORINGS: dict[str, dict[str, str]] = {"es": {"ñ": "n" + _ABOVE_EVERY_LETTER, "Ñ": "N" + _ABOVE_EVERY_LETTER}}
# The letters of an A to Z bar, in order, for the languages whose alphabet we show whole (CLDR's
# index characters); other languages show the letters their titles begin with.
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHABETS = {"es": "ABCDEFGHIJKLMNÑOPQRSTUVWXYZ", "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"}
OWN_LETTERS = {"es": "Ñ"}  # letters a language files under apart from their base letter
NUMBERS = "#"  # what a title that begins with a digit files under
_DIGITS = re.compile(r"\d+")


@cache
def _collator() -> Any:
    from pyuca import Collator

    return Collator()


def base_language(language: str) -> str:
    return language.split("-")[0].lower()


def sort_key(text: str, language: str) -> tuple[int, ...]:
    """The key `text` sorts by in `language`."""
    tailoring = TAILORINGS.get(base_language(language), {})
    text = unicodedata.normalize("NFC", text)
    if tailoring:
        text = "".join(tailoring.get(c, c) for c in text)
    text = _DIGITS.sub(lambda m: m[0].rjust(NUMBER_WIDTH, "0"), text)
    return tuple(_collator().sort_key(text))


def index_letter(text: str, language: str) -> str:
    """The letter a title files under: its first letter without accents ("É" under "E", "أ" under
    "ا"), a language's own letters kept ("Ñ" in Spanish); a title that begins with a digit under "#"."""
    first = next((c for c in unicodedata.normalize("NFC", text) if c.isalnum()), "")
    if not first or first.isdigit():
        return NUMBERS
    if first.upper() in OWN_LETTERS.get(base_language(language), ""):
        return first.upper()
    return unicodedata.normalize("NFD", first)[0].upper()


def alphabet(language: str, present: set[str]) -> list[str]:
    """The letters of the A to Z bar: the language's alphabet (Latin for a language written in it),
    and every letter a title files under, in the language's order; "#" first when a title needs it."""
    shown = set(ALPHABETS.get(base_language(language), ""))
    if not shown and present and all(_latin(letter) for letter in present - {NUMBERS}):
        shown = set(LATIN)
    letters = sorted((shown | present) - {NUMBERS}, key=lambda letter: sort_key(letter, language))
    return ([NUMBERS] if NUMBERS in present else []) + letters


def _latin(letter: str) -> bool:
    return "LATIN" in unicodedata.name(letter, "")
