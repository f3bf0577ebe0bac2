"""Generated catalogues for the tests and `make bench`: many summaries from POEMS and the fixtures, in
English, French, Spanish and Arabic, each with its own title and a word of its own in its text.

Titles are real condition names in each language with a number ("Asthma 2", "Asthma 10"), and a run of
"Condition number N" as issue #31 tried, so numeric and accented order is exercised; Spanish has "Uñas
frágiles" beside "Uncinariasis", which Spanish sorts the other way round from the root order. Each
summary's own word (`word(n)`, e.g. "zykalomire") is in its plain text, so a search for it finds
exactly that summary.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from conftest import FIXTURES, POEMS

from pipeline import read
from pipeline.model import Paragraph, Summary, Text

BASES = {
    "en": POEMS,
    "fr": FIXTURES / "guillain-barre-fr.md",
    "es": FIXTURES / "enfermedad-celiaca-es.md",
    "ar": FIXTURES / "fakr-aldam-ar.md",
}
NAMES = {
    "en": "Asthma, Bronchiolitis, Chickenpox, Coeliac disease, Dermatitis, Eczema, Fibromyalgia, Gout, Hay fever, Impetigo, Jaundice, "
    "Kidney stones, Lupus, Migraine, Nephrotic syndrome, Osteoporosis, Psoriasis, Quinsy, Rosacea, Sciatica, Tonsillitis, "
    "Urticaria, Vitiligo, Whooping cough, Xerostomia, Yellow fever, Zoster",
    "fr": "Acné, Bronchite, Cataracte, Diabète, Eczéma, Épilepsie, Fièvre jaune, Goutte, Hépatite, Insomnie, Lombalgie, "
    "Migraine, Œdème, Otite, Rougeole, Sciatique, Varicelle, Zona",
    "es": "Anemia, Bronquitis, Cistitis, Diabetes, Eccema, Gripe, Hepatitis, Lupus, Migraña, Náuseas, Otitis, "
    "Uñas frágiles, Uncinariasis, Úlcera, Varicela, Zóster",
    "ar": "أنيميا, التهاب الكبد, بلهارسيا, ثآليل, جرب, حصبة, داء السكري, ربو, زكام, سعال, صداع, ضغط الدم, عدوى, قرحة, ملاريا, نقرس, يرقان",
}
SYLLABLES = ("ka", "lo", "mi", "re", "tu", "sa", "no", "vi", "pe", "da", "zo", "fu", "ri", "ga", "be")
SHARE = {"fr": 0.1, "es": 0.1, "ar": 0.1}  # the rest English, a tenth of the whole "Condition number N"


def word(n: int) -> str:
    """A word no language has, one for each summary: zy + four syllables."""
    parts = []
    for _ in range(4):
        n, digit = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "zy" + "".join(parts)


def plan(count: int) -> list[tuple[int, str, str]]:
    """(number, language, title) of each generated summary."""
    rows: list[tuple[int, str, str]] = []
    n = 0
    for lang, share in SHARE.items():
        names = NAMES[lang].split(", ")
        for i in range(round(count * share)):
            rows.append((n, lang, f"{names[i % len(names)]} {i // len(names) + 1}"))
            n += 1
    numbered = count // 10
    names = NAMES["en"].split(", ")
    for i in range(count - n):
        title = f"Condition number {i + 1}" if i < numbered else f"{names[i % len(names)]} {i // len(names) + 1}"
        rows.append((n, "en", title))
        n += 1
    return rows


def slug(n: int, lang: str) -> str:
    return f"generated-{lang}-{n:04d}"


def summaries(count: int) -> list[Summary]:
    """`count` models made from POEMS and the fixtures in memory (quick: no file is read more than once)."""
    bases = {lang: read(path)[0] for lang, path in BASES.items()}
    made = []
    for n, lang, title in plan(count):
        base = bases[lang]
        first = base.sections[0]
        marker = Paragraph((Text(f"{word(n).capitalize()}: {title}."),), first.line)
        sections = (replace(first, plain=(first.plain or ()) + (marker,)), *base.sections[1:])
        meta = replace(base.meta, title=title, translation_of=None)
        made.append(replace(base, slug=slug(n, lang), meta=meta, sections=sections, translations=()))
    return made


def write_sources(folder: Path, count: int) -> list[Path]:
    """`count` source files in `folder` (make bench's catalogue: the real reader reads them)."""
    texts = {lang: path.read_text("utf-8") for lang, path in BASES.items()}
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, lang, title in plan(count):
        text = re.sub(r"^title: .*$", f"title: {title}", texts[lang], count=1, flags=re.M)
        text = re.sub(r"^translation_of: .*\n", "", text, flags=re.M)
        text = text.replace("::: plain\n", f"::: plain\n{word(n).capitalize()}: {title}.\n\n", 1)
        path = folder / f"{slug(n, lang)}.md"
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths
