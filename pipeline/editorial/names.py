"""The fact guard's names: a plain rewrite keeps the drugs and conditions its original names, and
names no other.

A name is found by its ending (the stems drug names are built from, "-formin", "-statin", "-mab",
"-triptan", and condition endings, "-itis", "-oma", "-pathy"...), its "hyper-" or "hypo-", a short
list of common drugs and conditions whose names have no telltale ending ("asthma", "migraine",
"COPD", "aspirin"), or a capital before "disease" or "syndrome" ("Castleman disease"); a capital
letter after a name is part of it ("hepatitis B" is not "hepatitis C", and "hepatitis A, B and C"
names all three). "anaemia" and "anemia" are one name. A rewrite that drops a name loses it (but for the names of the
summary's title, short answer and the section's heading, above every rewrite: "Gout is more common
in men" may say "Men get it more often"). A name the original does not give is a swap when the
rewrite dropped one ("methotrexate" for "metformin": flagged at the new name), and an addition when
the name is nowhere in the summary's originals ("It" may become "Metformin" when the summary names
it elsewhere).
Names are read in English only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.editorial.finding import Finding, Leaf
from pipeline.editorial.plain import explains
from pipeline.model import GlossaryEntry, block_text

_NOT_NAMES = """diagnosis prognosis sympathy empathy apathy telepathy aroma aromas diploma diplomas academia stoma stomas
hypothesis hyperlink hyperlinks hypoallergenic nostalgia"""  # words with a name's ending that name no condition
NOT_NAMES = frozenset(_NOT_NAMES.split())
_ENDINGS = (
    # conditions
    "itis|omas?|aemias?|emias?|pathy|pathies|osis|iasis|plasia|trophy|algia|penia|megaly|plegia|ectomy"
    # drugs: the stems their names are built from (USAN and INN stems)
    "|mab|nib|mib|cillin|mycin|cycline|floxacin|statin|pril|sartan|olol|prazole|platin|taxel|lidomide|parin|vir|azole|profen|formin"
    "|tidine|dipine|thiazide|lukast|triptan|setron|sone|olone|sonide|trexate|gliptin|gliflozin|glutide|xaban|gatran|coxib|fenac"
    "|dronate|afil|azepam|azolam|oxetine|triptyline|pramine|peridol|zapine|tiapine|semide|eterol|oterol|uterol|anterol|tropium"
    "|gabalin|pentin|racetam|trigine|vudine|citabine|thyroxine|codone|morphone|barbital|zosin|ulosin|sporin|olimus|rubicin"
    "|thioprine|farin|caine|penem|fungin|tretin|tadine|ilol|alol|prost|zolamide|grel|fibrate|oxicam|micin|azepine|peridone|adol"
    "|pidem|iclone|fentanyl|etanide|olactone|glinide|glitazone|mectin|thrin|alazine|alamine|phenicol|roxen|prim|oquine"
    "|steride|izine|traline|alopram|butamol|furantoin|purinol"
)
# common conditions whose names have no telltale ending
_CONDITIONS = """asthma eczema epilepsy migraine gout lupus diabetes dementia cataract shingles chickenpox measles mumps rubella
influenza malaria cholera sepsis angina coeliac celiac acne rosacea vitiligo scabies impetigo herpes syphilis gonorrhoea
gonorrhea chlamydia thrush autism insulin aspirin paracetamol acetaminophen ibuprofen metformin warfarin lithium morphine
codeine penicillin colchicine loperamide fusidic"""
CONDITIONS = frozenset(_CONDITIONS.split())
ACRONYMS = ("COPD", "HIV", "AIDS", "ADHD")  # in capitals only: "hearing aids" names nothing
# a capital letter after a name is part of it: "hepatitis B" is not "hepatitis C"
_MEDICAL_NAME = re.compile(rf"(?<!\w)(?:[^\W\d_]{{3,}}(?:{_ENDINGS})(?: (?-i:[A-E])(?![\w'’-]))?|(?:hyper|hypo)[a-z]{{5,}})(?!\w)", re.I)
_LETTERED = re.compile(r"^(.+) ([a-e])$")
_KNOWN = re.compile(r"(?<![\w-])(?:(?i:" + "|".join(sorted(CONDITIONS, key=len, reverse=True)) + ")|" + "|".join(ACRONYMS) + r")(?![\w-])")
# "Castleman disease", "Guillain-Barré syndrome": a capitalised name before disease or syndrome, mid-sentence
_EPONYM = re.compile(r"(?<=[a-z,;:] )([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) (?:disease|syndrome)\b")
# "Parkinson's disease", "Graves' disease": a possessive names a condition at a sentence's start too ("Heart disease" does not)
_POSSESSIVE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:['’]s|s['’])) (?:disease|syndrome)\b")


def found(text: str) -> list[tuple[str, str]]:
    """The names in a text, in order: (the name compared, as written)."""
    out = [(_key(m.group()), m.group()) for m in _MEDICAL_NAME.finditer(text) if m.group().casefold() not in NOT_NAMES]
    out += [(_key(m.group()), m.group()) for m in _KNOWN.finditer(text)]
    out += [(m[1], m[1]) for m in _EPONYM.finditer(text)]
    out += [(m[1], m[1]) for m in _POSSESSIVE.finditer(text) if m[1] not in {k for k, _ in out}]
    return out


def says(text: str, name: str) -> bool:
    """Whether a text gives a name (any case, plural, British or American spelling; 'hepatitis C' in 'hepatitis B
    and C')."""
    if lettered := _LETTERED.match(_spelling(name)):
        letters = r"(?:[a-e]\s*(?:,|and|or|/)\s*)*"
        return bool(re.search(rf"(?<!\w){re.escape(lettered[1])}\s+{letters}{lettered[2]}(?!\w)", _spelling(text)))
    return bool(re.search(rf"(?<!\w){re.escape(_spelling(name))}(?:e?s)?(?!\w)", _spelling(text), re.I))


def name_findings(
    original: str,
    document: str,
    subject: str,
    leaves: list[Leaf],
    glossary: tuple[GlossaryEntry, ...],
    language: str,
    where: Callable[[str], str],
) -> list[Finding]:
    """What the rewrite (its `leaves`) does to the names of its `original`; `document` is every original of the
    summary, its title and short answer; `subject` the summary's title and short answer and the section's heading,
    which every page shows above the rewrite, so a rewrite may call what they name 'it'; `where(name)` says where
    the original names a name, for the hint."""
    plain = " ".join(block_text(leaf) for leaf in leaves)
    first = leaves[0] if leaves else None
    out: list[Finding] = []
    for entry in glossary:
        term = re.compile(rf"(?<!\w){re.escape(entry.term)}(?:s|es)?(?!\w)", re.I)
        if term.search(original) and not term.search(plain) and not explains(plain, entry.explanation, language):
            out.append(
                Finding(
                    f"the plain rewrite drops '{entry.term}' and does not say what it means",
                    f"use the word (the page explains it) or its meaning: {entry.explanation}",
                    first,
                )
            )
    if language.split("-")[0].lower() != "en":  # name endings are English ones ("síntomas" is no -oma)
        return out
    glossary_words = [e.term.casefold() for e in glossary]

    def checked(name: str) -> bool:  # a glossary word is checked above, where its meaning may stand in for it
        return not any(name.casefold() in g or g in name.casefold() for g in glossary_words)

    names = {key for key, _ in found(original) if checked(key)}
    dropped = [name for name in sorted(names) if not says(plain, name) and not says(subject, name)]
    added: list[tuple[Leaf, str]] = []
    seen: set[str] = set()
    for leaf in leaves:
        for key, written in found(block_text(leaf)):
            if checked(key) and not says(original, key) and _spelling(key) not in seen:
                seen.add(_spelling(key))
                added.append((leaf, written))
    swaps = dict(zip([w for _, w in added], dropped, strict=False))
    for leaf, written in added:
        if written in swaps:
            out.append(
                Finding(
                    f"the plain rewrite names '{written}' where its original names '{_shown(swaps[written])}'",
                    f"keep the original's name: a reader may need it with a doctor{where(swaps[written])}",
                    leaf,
                    written,
                )
            )
        elif not says(document, written):
            out.append(
                Finding(
                    f"the plain rewrite names '{written}', which its original does not",
                    "name only the drugs and conditions the original names",
                    leaf,
                    written,
                )
            )
    for name in dropped[len(swaps) :]:
        out.append(
            Finding(
                f"the plain rewrite drops '{_shown(name)}', a drug or condition its original names",
                f"keep the name in the rewrite: a reader may need it with a doctor{where(name)}",
                first,
            )
        )
    return out


def _key(name: str) -> str:
    name = name.casefold()
    return name[:-1] if name.endswith(("omas", "emias")) else name


def _shown(name: str) -> str:
    """A name as a message quotes it: 'hepatitis B' (compared as 'hepatitis b')."""
    return f"{lettered[1]} {lettered[2].upper()}" if (lettered := _LETTERED.match(name)) else name


def _spelling(text: str) -> str:
    """'anaemia' and 'anemia', 'oedema' and 'edema', 'oesophagus' and 'esophagus': one spelling."""
    return re.sub(r"(?<=[^\W\d_])ae|oe(?=[^\W\d_])", "e", text.casefold())
