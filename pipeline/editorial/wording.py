"""Words compared across texts: the content words of a sentence, crudely stemmed, so "problems
with glands" matches "a problem with the glands". Used to tell when a sentence already explains
a glossary word (pipeline/plain.py) and whether a plain rewrite kept its original's facts
(pipeline/factguard.py), which also compares the ideas patient information says in two ways
("no symptoms" and "no signs", "not contagious" and "you cannot catch it"). English stop words;
other languages compare every word."""

from __future__ import annotations

import re

_STOP = """
a an the and or but if of to in on at by for from with without as is are was were be been being it its this
that these those there their they them he she his her we you your our i me my do does did so such than then
too very can could may might will would shall should must also often usually some any each every many much
more most other into out over under about after before between through during which who whom whose what when
where why how all both either neither one
"""
STOPWORDS = frozenset(_STOP.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def stem(word: str) -> str:
    """'problems' -> 'problem', 'glands' -> 'gland', 'organs' -> 'organ', 'bigger' -> 'big'."""
    word = word.casefold().replace("’", "'").removesuffix("'s")  # "the body's": body
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", ""), ("ger", "g"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def content_words(text: str, language: str = "en") -> list[str]:
    words = [w.casefold() for w in _WORD.findall(text)]
    stop = STOPWORDS if language.split("-")[0] == "en" else frozenset()
    return [stem(w) for w in words if w not in stop and len(w) > 2]


def covered(wanted: list[str], found: list[str]) -> float:
    """The share of `wanted` words that `found` has (1.0 when nothing is wanted)."""
    if not wanted:
        return 1.0
    have = set(found)
    return sum(w in have for w in wanted) / len(wanted)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+", " ".join(text.split())) if s]


# Ideas that patient information says in more than one way, each named by one of its words (English)
_IDEAS = {
    "symptom": "sign signs symptom symptoms symptomatic asymptomatic",
    "contagious": "contagious infectious catch catching caught spread spreads spreading transmit transmitted transmission",
    "cure": "cure cures cured curable incurable heal heals healed",
    "lasting": "permanent permanently lifelong life-long forever chronic long-term long-lasting persistent constant ongoing undo undone"
    " reverse reversed reversible irreversible",
    "harm": "harm harms harmed damage damages damaged injure injures injured injury",
    "doctor": "doctor doctors gp gps physician physicians provider providers clinician clinicians",
    "medicine": "medicine medicines medication medications drug drugs tablet tablets pill pills",
    "child": "child children childhood kid kids",
    "inherit": "hereditary inherited inherit inherits genetic",
    "pregnant": "pregnant pregnancy fertile fertility infertile infertility",
    "tired": "tired tiredness fatigue exhausted",
    "pain": "pain pains painful hurt hurts sore",
    "work": "effective effectively effectiveness ineffective work works working worked",
    "appetite": "appetite appetites hungry hunger eat eating",
}
IDEAS = {word: idea for idea, words in _IDEAS.items() for word in words.split()}
_IDEA_PHRASES = {
    "lasting": re.compile(r"\bgo(?:es)? away\b|\bfor life\b|\bwhole life\b|\brest of (?:your|their|his|her) li(?:fe|ves)\b", re.I),
    "inherit": re.compile(r"\bruns? in (?:the )?famil|\bpassed (?:down|on)\b", re.I),
    "cure": re.compile(r"\bgo(?:es)? away (?:for good|completely|for ever|forever)\b|\bget(?:s|ting)? rid of\b", re.I),
}


def ideas(text: str, language: str = "en") -> set[str]:
    """The ideas of `IDEAS` a text says, as '~symptom', '~lasting'... (English; none in other languages)."""
    if language.split("-")[0] != "en":
        return set()
    found = {IDEAS[w] for w in re.findall(r"[a-z]+(?:-[a-z]+)*", text.casefold()) if w in IDEAS}
    found |= {idea for idea, phrase in _IDEA_PHRASES.items() if phrase.search(text)}
    return {"~" + idea for idea in found}


# Words that say the opposite of each other, so that a 'not' and one says what the other says: "feel well" for "do not
# feel sick", "rare" for "not common", "dangerous" for "not safe" (English)
_OPPOSITES = (
    ("sick ill unwell", "well healthy"),
    ("common", "rare uncommon unusual"),
    ("usual normal", "unusual abnormal"),
    ("safe harmless", "dangerous unsafe harmful harm"),
    ("serious severe", "mild minor"),
    ("easy easily", "hard difficult"),
    ("possible", "impossible"),
    ("likely", "unlikely"),
    ("able", "unable"),
    ("clean", "dirty"),
    ("known", "unknown"),
    ("painful", "painless"),
    ("share shared sharing", "own"),
    ("cure cured curable", "lifelong life-long permanent chronic incurable"),
)
OPPOSITES: dict[str, set[str]] = {}
for _one, _other in _OPPOSITES:
    for _word in _one.split():
        OPPOSITES.setdefault(_word, set()).update(_other.split())
    for _word in _other.split():
        OPPOSITES.setdefault(_word, set()).update(_one.split())
_AS_WELL = re.compile(r"\bas well\b|\bwell as\b", re.I)  # "as well as" is no "well"


def opposites(text: str, language: str = "en") -> set[str]:
    """The words that say the opposite of a word of `text` ('well', 'healthy' for 'sick'), English only."""
    if language.split("-")[0] != "en":
        return set()
    return {o for w in re.findall(r"[a-z]+", _AS_WELL.sub(" ", text.casefold())) for o in OPPOSITES.get(w, ())}


def says_any(text: str, words: set[str]) -> bool:
    """Whether `text` has one of `words` ('well' in 'feel well', not in 'as well as')."""
    return bool(words & set(re.findall(r"[a-z]+", _AS_WELL.sub(" ", text.casefold()))))
