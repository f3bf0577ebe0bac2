"""The words the outputs add, as gettext catalogs translators can work on in Weblate, Poedit or Pontoon.

English is the source (`pipeline/locales/en.yaml`: a key, its English words). Each other language
has `pipeline/locales/<lang>.po`: one message a key (msgctxt = the key, msgid = the English words,
msgstr = the translation), read with Babel; and, where it needs them, `<lang>.yaml` with data that
is not words (its ISO 639-2 code, how its voice says abbreviations, its thousands separators).

    python -m pipeline.rendering.catalogs   rewrites locales/messages.pot from en.yaml and updates each
                                       .po with Babel (new keys untranslated, changed English fuzzy)
"""

from __future__ import annotations

import io
import sys
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

# What a locale file holds that is not words for a translator.
DATA_KEYS = ("iso639_2", "spoken_abbreviations", "thousands_separators")
LOCALES = Path(__file__).resolve().parent.parent / "locales"


def english() -> dict[str, object]:
    return dict(yaml.safe_load(resources.files("pipeline.locales").joinpath("en.yaml").read_text("utf-8")))


def messages() -> dict[str, str]:
    """The source messages: every English key that a translator translates."""
    return {k: str(v) for k, v in english().items() if k not in DATA_KEYS}


def has_catalog(language: str) -> bool:
    base = language.split("-")[0].lower()
    return base == "en" or resources.files("pipeline.locales").joinpath(f"{base}.po").is_file()


@cache
def translations(base: str) -> dict[str, str]:
    """key -> translated words from `<base>.po` (untranslated and fuzzy messages left out)."""
    from babel.messages.pofile import read_po

    file = resources.files("pipeline.locales").joinpath(f"{base}.po")
    if not file.is_file():
        return {}
    catalog = read_po(io.BytesIO(file.read_bytes()), locale=base)
    return {str(m.context): str(m.string) for m in catalog if m.id and m.context and m.string and not m.fuzzy}


def template() -> bytes:
    """messages.pot: every source message, its key as context."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="patient-info-pipeline", charset="utf-8", fuzzy=False)
    for key, text in messages().items():
        catalog.add(text, context=key, locations=[("pipeline/locales/en.yaml", 0)])
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, no_location=True, width=0)
    return out.getvalue()


def update() -> list[Path]:
    """Write messages.pot and bring every .po up to date with it; returns the files that changed.
    A file whose messages are the same is left alone, date and all, so that `make po` without a
    wording change rebuilds nothing."""
    from babel.messages.pofile import read_po, write_po

    pot = LOCALES / "messages.pot"
    written = [pot] if _write_if_changed(pot, template()) else []
    source = read_po(io.BytesIO(template()))
    for po in sorted(LOCALES.glob("*.po")):
        catalog = read_po(io.BytesIO(po.read_bytes()), locale=po.stem)
        catalog.update(source, update_header_comment=False)
        out = io.BytesIO()
        write_po(out, catalog, no_location=True, width=0, ignore_obsolete=True)
        if _write_if_changed(po, out.getvalue()):
            written.append(po)
    return written


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already says it, but for the date Babel stamps on each update."""
    if path.is_file() and _undated(path.read_bytes()) == _undated(data):
        return False
    path.write_bytes(data)
    return True


def _undated(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if not line.startswith(b'"POT-Creation-Date:')]


if __name__ == "__main__":
    changed = update()
    for path in changed:
        print(f"wrote {path}", file=sys.stderr)
    if not changed:
        print("every catalog is up to date with en.yaml: nothing written", file=sys.stderr)
