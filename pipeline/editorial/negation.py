"""Negations in a sentence: which of its clauses say 'not', and what they say it of.

Counted by clause, not by word, so "neither men nor women", French "ne ... pas" and Spanish
"no existe ningún" are one negation each. "less" and "fewer" count, so that "not as aggressive
as" and "less harsh than" are alike (and "more harsh than" is not), except before a number
("fewer than 1 in 100,000" is a bound, compared with the numbers). "Do not stop without
talking to your doctor" says two negations, a positive. English, Spanish and French.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.editorial.wording import content_words

_WORDS = {
    "en": "not no never none nobody nothing neither nor cannot without unlike less fewer",
    "es": "no nunca jamás ni sin tampoco nada nadie ningún ninguno ninguna menos",
    "fr": "ne pas jamais sans aucun aucune ni rien moins",
}
NEGATIONS = {language: frozenset(words.split()) for language, words in _WORDS.items()}
# Words that say 'not' without the word: a rewrite may say "milder than" for "not as aggressive as",
# "different from" for "unlike", "unknown" for "not known", "little" for "not much". They keep an
# original's negation; they are not taken for one the rewrite adds.
_IMPLICIT = {
    "en": """different differs differ differently milder lack lacks lacking absent free avoid avoids rarely seldom hardly
    unable instead rather except unknown unusual uncommon unlikely unclear unaffected unaware unrelated unsafe unwell
    untreated inactive impossible harmless painless little few""",
    "es": "diferente distinto distinta leve falta evitar raramente desconocido desconocida poco poca pocos pocas",
    "fr": "différent différente différents léger légère manque éviter rarement inconnu inconnue peu",
}
IMPLICIT = {language: frozenset(words.split()) for language, words in _IMPLICIT.items()}
# Words of an original that a faithful rewrite often says with a 'not': "permanent scar tissue" is
# "scars that do not go away", "may cause no symptoms" "has no signs", "over-the-counter" "without a
# prescription", "limiting alcohol" "drinking less alcohol", "only" "nothing else", "loss of appetite"
# "not feeling hungry", "contagious until the rash crusts over" "no longer contagious after". An original's
# negation then, never a rewrite's: "stop", "reduce" or "only" in a rewrite do not keep a lost 'not'.
_SAID_WITH_NOT = {
    "en": """permanent permanently lifelong life-long incurable irreversible irreversibly asymptomatic symptomless
    chronic persistent constant ongoing long-term long-lasting infertile infertility incontinence insomnia unconscious
    unresponsive numb numbness paralysed paralyzed paralysis blind blindness deaf deafness over-the-counter limit limits
    limiting limited reduce reduces reducing reduced lower lowers lowering decrease decreases decreasing prevent prevents
    preventing stop stops stopping only fail fails failed remain remains stays involuntary involuntarily uncontrollable
    uncontrolled inflexible irregular irregularly abnormal abnormally unsteady unstable insufficient inadequate
    incomplete inability immobile immobility loss lose loses losing lost until""",
    "es": "permanente crónico crónica incurable irreversible asintomático asintomática limitar reducir evitar solo sólo",
    "fr": "permanent permanente chronique incurable irréversible asymptomatique limiter réduire éviter seulement",
}
SAID_WITH_NOT = {language: frozenset(words.split()) for language, words in _SAID_WITH_NOT.items()}
# "at least" in French and Spanish, "a little" (some), which "little" (not much) is not, "with or without food"
_NOT_NEGATIONS = (
    "not only",
    "not just",
    "with or without",
    "whether or not",
    "au moins",
    "al menos",
    "lo menos",
    "a little",
    "a few",
    "un peu",
    "un poco",
    "unos pocos",
    "unas pocas",
)
# and "or not" ending a clause ("whether you have symptoms or not"; not "slurred speech or not making sense")
_NOT_NEGATION = re.compile(r"(?<!\w)(?:" + "|".join(_NOT_NEGATIONS) + r")(?!\w)|(?<!\w)or not(?=\s*(?:[^\w\s]|$))")
# "fewer than 1 in 100,000" is a bound on a number, which the fact guard's number check compares
_COMPARES = frozenset({"less", "fewer", "menos", "moins"})
_NUMBER_NEXT = re.compile(r"\s+(?:than|de|que)\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|a hundred|a thousand|half)\b)")
# "do not stop without talking to your doctor", "should not take it unless": two negations, a positive
_DOUBLE = re.compile(r"(?<!\w)(?:without|unless|sin|a menos que|sans|à moins que?)(?!\w)")
# "no more than 10 puffs", "not more than 4 tablets": a bound on a number too
_NOT_BOUND = re.compile(
    r"\s+(?:more|less|fewer|longer|later|greater|higher)\s+than\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|a)\b)"
)
_BOUND_LATER = re.compile(r"(?<!\w)(?:more|less|fewer|longer)\s+than\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|an?)\b)")
# "can stop your pill working properly" says "can make your pill less effective" (English)
_STOPS_WORKING = re.compile(r"(?<!\w)(?:stop|stops|stopped|stopping)\s+(?:\w+\s+){0,3}(?:from\s+)?working\b", re.I)
# "keep away from pregnant women", "stay out of the sun": saying 'do not go near' without a 'not' (English)
_KEEP_AWAY = re.compile(r"(?<!\w)(?:keep|keeps|stay|stays|steer)\s+(?:\w+\s+)?(?:away|clear|out\s+of)\b|\bstay\s+off\b", re.I)
# "Avoid standing for long periods", "so avoid contact sports", "try to avoid ...": an instruction not to, which a
# rewrite says with a 'not' ("do not stand ...", "try not to ...", "it's best not to ..."), "keep away from" or "stop"
_AVOID = re.compile(
    r"^(?:(?:and|so|or|but|then)\s+)?(?:(?:you\s+)?(?:should|must|need\s+to)\s+|try\s+(?:to\s+)?|it'?s\s+best\s+to\s+|please\s+)?"
    r"avoid\b",
    re.I,
)
_STOPPING = re.compile(r"(?<!\w)(?:stop|stops|quit|give\s+up|cut\s+out)(?!\w)", re.I)
# a rewrite may say 'do not ... too much' with 'limit' or 'reduce', and 'do not ... until' with 'wait' or 'only once'
_LIMITING = re.compile(r"(?<!\w)(?:limit|limits|limiting|reduce|reduces|reducing|minimi[sz]e|cut\s+down)(?!\w)", re.I)
_WAITING = re.compile(r"(?<!\w)(?:wait|waiting|only|once|after)(?!\w)", re.I)
# "to stop yourself getting dehydrated", "keep them from spreading": so that something does not happen (English)
_PREVENTING = re.compile(
    r"(?<!\w)(?:stop|stops|prevent|prevents|keep|keeps)\s+(?:yourself|yourselves|you|him|her|them|it|your\s+\w+|the\s+\w+)\s+"
    r"(?:from\s+)?(?:getting|becoming|being|going|spreading|catching)\b",
    re.I,
)
_OWN_SUBJECT = re.compile(r"\b(?:or|and|but)\s+(?:if\s+|when\s+)?(?:you|it|they|he|she|we|i|there|your|their|this|these)\b", re.I)
# "do not stop using your drops" is "keep using your drops" (English)
_NOT_STOP = re.compile(r"(?:\bnot|\bnever|n't)\s+(?:\w+\s+)?(?:stop|quit|give up)(?!\w)")
_CONTINUE = re.compile(r"(?<!\w)(?:keep|keeps|continue|continues|carry on|go on)\s+(?:\w+ing|on|taking|using)\b", re.I)
_CANCELS = re.compile(r"^(?:unless|without|sin|a menos que|sans|à moins que?)(?!\w)", re.I)  # a clause that turns the last 'not' round
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:()—–]|\b(?:but|though|although|whereas|pero|aunque|mais|bien que)\b", re.I)  # not 100,000
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def words(language: str) -> frozenset[str]:
    return NEGATIONS.get(language.split("-")[0].lower(), frozenset())


def implicit_words(language: str) -> frozenset[str]:
    return IMPLICIT.get(language.split("-")[0].lower(), frozenset())


def checked(language: str) -> bool:
    return language.split("-")[0].lower() in NEGATIONS


def clauses(sentence: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_BREAK.split(sentence) if c and c.strip()]


@lru_cache(maxsize=4096)  # the fact guard asks about each sentence many times
def negated_clauses(sentence: str, language: str, implicit: bool = False, original: bool = False) -> tuple[str, ...]:
    """The clauses of `sentence` that say 'not' ('no', 'never', 'less'...; with `implicit`, also 'unknown', 'milder'...;
    with `original` too, the words an original says that a rewrite may say with a 'not': 'permanent', 'asymptomatic'...).

    A clause starting 'unless' or 'without' turns the 'not' of the clause before it round: "should not be taken by
    women who could become pregnant, as it can harm the baby, unless ..." is a condition, not a negation."""
    parts = clauses(sentence)
    explicit = [_negation_at(c, language) is not None for c in parts]
    for k, part in enumerate(parts):
        # "..., without any treatment" after no 'not' is a negation of its own
        if k and _CANCELS.match(part) and (last := max((j for j in range(k) if explicit[j]), default=None)) is not None:
            explicit[k] = explicit[last] = False
    found = implicit_words(language) | (SAID_WITH_NOT.get(language.split("-")[0].lower(), frozenset()) if original else frozenset())
    return tuple(c for c, said in zip(parts, explicit, strict=True) if said or (implicit and _implicit(c, found)))


def kept_otherwise(clause: str, rewrite: str, language: str) -> bool:
    """Whether `rewrite` keeps the negation of a clause of the original without a 'not' (English): 'keep using' for
    'do not stop using', 'stop smoking' for 'avoid smoking', 'limit your time in the sun' for 'do not stay in the sun
    for too long' (but not 'reduce the dose' for 'do not reduce the dose'), 'to stop yourself getting dehydrated' for
    'so you don't become dehydrated', 'wait until you know ... before you drive'
    or 'only drive once ...' for 'do not drive until you know ...', 'leave them out until ...' for 'do not wear them
    until ...'."""
    if not language.startswith("en"):
        return False
    if _NOT_STOP.search(_masked(clause)):
        return bool(_CONTINUE.search(rewrite))
    if _AVOID.match(clause):
        return bool(_STOPPING.search(rewrite))
    if (limiting := _LIMITING.search(rewrite)) and not head(clause, language).startswith(limiting[0].casefold()[:4]):
        return True
    if _PREVENTING.search(rewrite):
        return True
    if not re.search(r"\buntil\b", after(clause, language), re.I):
        return False
    # "leave your lenses out until your eyes are better" for "do not wear them until ...", not "wear them until ..."
    verb = head(clause, language)
    return bool(_WAITING.search(rewrite)) or any("until" in c.casefold() and verb not in content_words(c) for c in clauses(rewrite))


def denies(text: str, language: str) -> bool:
    """Whether a text (a clause, or the start of one) says 'not'."""
    return _negation_at(text, language) is not None


def count(sentence: str, language: str, implicit: bool = False) -> int:
    return len(negated_clauses(sentence, language, implicit))


def scope(clause: str, language: str, own: bool = False) -> set[str]:
    """The words a negated clause says 'not' of: those after its negation ('not considered hereditary'); with `own`,
    only up to a coordinated clause with a subject of its own ('do not get better | or you have a high temperature')."""
    at = _negation_at(clause, language)
    if at is None:
        return set()
    rest = clause[at:]
    if own and (end := _OWN_SUBJECT.search(rest)):
        rest = rest[: end.start()]
    return set(content_words(rest, language))


def head(clause: str, language: str) -> str:
    """The first word a negated clause says 'not' of, its verb most often: 'hold' in 'do not hold them down'."""
    return next((w for w in content_words(after(clause, language), language) if w not in words(language)), "")


# verbs that say 'not' themselves: "do not stop taking them" says keep taking them, "do not forget" remember (English)
_UNDOING = frozenset({"stop", "quit", "forget", "fail", "miss", "skip"})


def undoing(clause: str, language: str) -> str:
    """The verb a clause's 'not' turns round when it says 'not' itself ('stop' in 'do not stop taking them early',
    'forget' in 'do not forget to eat'), or ''."""
    verb = head(clause, language)
    return verb if language.startswith("en") and verb in _UNDOING else ""


def after(clause: str, language: str) -> str:
    """What comes after a clause's negation: 'feel sick for 20 years' in 'do not feel sick for 20 years'."""
    at = _negation_at(clause, language)
    return clause[at:] if at is not None else ""


def avoided_clauses(sentence: str, language: str) -> tuple[str, ...]:
    """The clauses of an original that tell the reader to avoid something (English): a negation its rewrite keeps."""
    return tuple(c for c in clauses(sentence) if language.startswith("en") and _AVOID.match(c)) if "avoid" in sentence.casefold() else ()


def _implicit(clause: str, found: frozenset[str]) -> bool:
    if _STOPS_WORKING.search(clause) or _KEEP_AWAY.search(clause):
        return True
    return any(w in found or ("-" in w and any(p in found for p in w.split("-"))) for w in _WORD.findall(_masked(clause)))


def _masked(clause: str) -> str:
    """The clause in lower case, with the phrases that look negative and are not blanked out."""
    return _NOT_NEGATION.sub(lambda m: "_" * len(m.group()), clause.casefold().replace("’", "'"))


def _negation_at(clause: str, language: str) -> int | None:
    """Where the clause's negation ends, or None (none, or two that cancel)."""
    negations = words(language)
    text = _masked(clause)
    for match in _WORD.finditer(text):
        word = match.group()
        if word in _COMPARES and _NUMBER_NEXT.match(text, match.end()):
            continue
        if word in ("no", "not") and _NOT_BOUND.match(text, match.end()):
            continue
        if _BOUND_LATER.search(text, match.end()):
            return None  # "do not take more than 4 tablets": a bound, compared with the numbers
        if word in negations or word.endswith("n't") or (language.startswith("fr") and word.startswith("n'")):
            if word not in ("without", "sin", "sans") and _DOUBLE.search(text, match.end()):
                return None
            return match.end()
    return None
