"""Pictures for Easy Read: a name an editor writes ([picture: doctor]) -> a safe SVG and its alt text.

Names are looked up in this order: the vocabulary (vocabulary.tsv: everyday health ideas, each
chosen from one of the sets), then every Health Icons name, then every OpenMoji picture of one
character by its Unicode name. `healthicons:NAME` or `openmoji:NAME` asks one set by name.
`patient-info pictures` lists them; docs/editors.md says how to choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.pictures import sets
from pipeline.pictures.safe import UnsafePicture, reduce
from pipeline.pictures.sets import SETS, PictureSet, SetMissing, slug

__all__ = ["SETS", "Picture", "PictureSet", "SetMissing", "UnsafePicture", "find", "names", "slug", "svg", "vocabulary"]


@dataclass(frozen=True)
class Picture:
    name: str  # as the vocabulary or the set names it ('blood-test')
    set: str  # a key of SETS
    key: str  # the picture in its set: a Health Icons name, an OpenMoji file stem

    @property
    def alt(self) -> str:
        """The alt text when the editor gives none: the name in words ('blood test')."""
        return self.name.replace("-", " ")


@cache
def vocabulary() -> dict[str, Picture]:
    text = resources.files("pipeline.pictures").joinpath("vocabulary.tsv").read_text("utf-8")
    found = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, where, key = line.split("\t")
            found[name] = Picture(name, where, key)
    return found


def find(name: str) -> Picture | None:
    """The picture an editor's name means, or None. SetMissing when a set it needs is not installed."""
    wanted = slug(name)
    where, _, named = name.partition(":")
    if named and slug(where) in SETS:
        return _in_set(slug(where), slug(named))
    if wanted in vocabulary():
        return vocabulary()[wanted]
    return _in_set("healthicons", wanted) or _in_set("openmoji", wanted)


def _in_set(where: str, name: str) -> Picture | None:
    if where == "healthicons":
        return Picture(name, where, name) if name in sets.healthicons() else None
    stem = sets.openmoji().get(name)
    return Picture(name, where, stem) if stem else None


def names() -> list[tuple[str, Picture]]:
    """Every name an editor can write, the vocabulary's first, with the picture it means."""
    listed: dict[str, Picture] = dict(vocabulary())
    for name in sorted(sets.healthicons()):
        listed.setdefault(name, Picture(name, "healthicons", name))
    for name, stem in sorted(sets.openmoji().items()):
        listed.setdefault(name, Picture(name, "openmoji", stem))
    return list(listed.items())


@cache
def svg(picture: Picture) -> str:
    """The picture as a safe SVG (safe.py), or UnsafePicture."""
    data = sets.healthicon_svg(picture.key) if picture.set == "healthicons" else sets.openmoji_svg(picture.key)
    return reduce(data, f"picture '{picture.name}' ({SETS[picture.set].title})")
