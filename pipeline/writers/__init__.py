"""The writers: one module a format, all reading the same model (Pandoc's writer table).

Each writer declares what the build must know of it as documented class attributes (Sphinx's
`Builder`): the files it writes, the formats it runs after, the options its outputs depend on
and the templates it is made with. The build loop, the Dask cluster and the Makefile
(building/makefile.py, which reads the declarations without importing the pipeline, so they are
literals) take everything from here: adding a format is adding one module and its line below.

A writer is imported only when it is used, so `lint` never loads WeasyPrint and a
missing optional engine is reported politely (Pelican's `enabled`/`disabled_message`).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from pipeline.model import Summary
from pipeline.options import Options

# format name -> module defining `WRITER`
REGISTRY: dict[str, str] = {
    "html": "pipeline.writers.html",
    "pdf": "pipeline.writers.pdf",
    "booklet": "pipeline.writers.booklet",
    "epub": "pipeline.writers.epub",
    "audio": "pipeline.writers.audio",
    "read-aloud": "pipeline.writers.read_aloud",
    "braille": "pipeline.writers.braille",
    "easy-read": "pipeline.writers.easy_read",
    "pages": "pipeline.writers.pages",
}


class Writer:
    """One output format. Subclasses set the attributes and `write`."""

    #: the format's name: `--formats`, the build record, `check`
    name: ClassVar[str] = ""
    #: the files it writes in output/<slug>/, "{slug}" standing for the summary's slug: every file
    #: it can write (Make's targets); `filenames` leaves out those the options turn off
    outputs: ClassVar[tuple[str, ...]] = ()
    #: formats whose files it reads (their bytes change its own): it runs after them and is made
    #: again when they change
    needs: ClassVar[tuple[str, ...]] = ()
    #: formats it runs after without reading their bytes (it links to them, or reuses a cache they fill)
    after: ClassVar[tuple[str, ...]] = ()
    #: the Options fields its outputs depend on (with the source, the publisher file and its code):
    #: a change to one rebuilds this format and no other
    settings: ClassVar[tuple[str, ...]] = ()
    #: templates and stylesheets it is made with, as glob patterns under templates/ (its Python
    #: code is found from its imports)
    templates: ClassVar[tuple[str, ...]] = ()
    #: it names the summary's translations, so a change to the family rebuilds it
    links_translations: ClassVar[bool] = False
    #: its files are kept in output/<slug>/editions/<edition>/ when a new version or review replaces
    #: them (building/editions.py): the printed, ebook and audio formats a patient may have been given
    kept_in_editions: ClassVar[bool] = False
    #: the caches it fills, kept within PIPELINE_CACHE_LIMIT after a build that wrote it
    #: (building/loop.py: "speech", the voice's clips; "woff2", the web fonts)
    caches: ClassVar[tuple[str, ...]] = ()
    #: it also makes each clinic's copy of its files (build --clinic: output/<slug>/clinics/<id>/, the
    #: clinic's panel on the back page); the printed leaflets and booklets
    clinic_copies: ClassVar[bool] = False
    #: a line (grep -E) a source must have for this format to write anything; "" for every source.
    #: Make asks for its outputs only of the sources that have it (`filenames` is empty for the others)
    source_marker: ClassVar[str] = ""

    def filenames(self, summary: Summary, options: Options) -> list[str]:
        """The files this writer makes in output/<slug>/, for this summary and options."""
        return [pattern.format(slug=summary.slug) for pattern in self.outputs]

    def fingerprint(self, summary: Summary, options: Options) -> list[object]:
        """What its outputs depend on beyond the source, the publisher file and the code."""
        return [getattr(options, setting) for setting in self.settings]

    def write(self, summary: Summary, folder: Path, options: Options) -> list[Path]:
        """Write the files (atomically) into `folder` and return their paths."""
        raise NotImplementedError


def get_writer(name: str) -> Writer:
    module = importlib.import_module(REGISTRY[name])
    writer: Writer = module.WRITER
    return writer


def available() -> list[str]:
    """The formats whose writer module exists in this checkout."""
    return [name for name, mod in REGISTRY.items() if importlib.util.find_spec(mod) is not None]


def requested(options: Options) -> tuple[str, ...]:
    """The formats a build with these options makes: those asked for, else every one; for a
    clinic's copies (--clinic), those of them that make clinic copies."""
    names = options.formats if options.formats is not None else tuple(REGISTRY)
    return tuple(n for n in names if get_writer(n).clinic_copies) if options.clinics else names


def in_order(names: Iterable[str]) -> list[str]:
    """`names` in an order where each format comes after those it waits for (`needs`, `after`);
    of those ready, the first in the order given goes first."""
    left = list(dict.fromkeys(names))
    placed: list[str] = []
    while left:
        ready = next((n for n in left if all(f in placed for f in waits_for(n, left + placed))), None)
        if ready is None:
            raise ValueError(f"the writers {', '.join(left)} wait for each other")
        placed.append(ready)
        left.remove(ready)
    return placed


def waits_for(name: str, among: Iterable[str]) -> list[str]:
    """The formats among `among` that `name` runs after."""
    writer = get_writer(name)
    return [f for f in among if f in (*writer.needs, *writer.after)]
