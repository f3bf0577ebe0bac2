"""liblouis, the braille translator DAISY Pipeline and screen readers use, called in-process.

Debian's liblouis20 (with liblouis-data's tables) through ctypes: no Python binding is needed,
and PyPI offers none that is kept. Text goes in, Unicode braille cells (U+2800..U+28FF) come out.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

from pipeline.errors import OutputError
from pipeline.output import remedy

DOTS_IO, UC_BRL = 4, 64  # liblouis.h: cells out as dot patterns, written as Unicode braille
INSTALL = remedy("install Debian's liblouis-bin and liblouis-data (`make all` does)", "apt-get install liblouis-bin liblouis-data")
# Languages whose readers are served uncontracted braille: Spain's ONCE produces "integral" braille,
# and liblouis' Spanish contracted table does not read back reliably.
UNCONTRACTED_FIRST = frozenset({"es"})


@cache
def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("louis") or "liblouis.so.20"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        raise OutputError(f"liblouis is not installed; {INSTALL}") from None
    lib.lou_version.restype = ctypes.c_char_p
    lib.lou_findTable.restype = ctypes.c_char_p
    lib.lou_findTable.argtypes = [ctypes.c_char_p]
    lib.lou_setLogLevel(40000)  # errors only: a table query's "Best match" notes are not ours to print
    return lib


def version() -> str:
    return _library().lou_version().decode()


def _widechar() -> type[ctypes.c_uint16] | type[ctypes.c_uint32]:
    return ctypes.c_uint32 if _library().lou_charSize() == 4 else ctypes.c_uint16


@cache
def table_for(language: str) -> tuple[str, str]:
    """(table file, grade) for a BCP 47 language: contracted where liblouis has it (uncontracted first
    for UNCONTRACTED_FIRST), else the other."""
    base = language.split("-")[0].lower()
    lib = _library()
    grades = (("full", "contracted"), ("no", "uncontracted"))
    if base in UNCONTRACTED_FIRST:
        grades = grades[::-1]
    queries = [(f"{kind} contraction:{c}", grade) for c, grade in grades for kind in (" type:literary", "")]
    for query, grade in [*queries, ("", "uncontracted")]:  # some tables say no more than their language
        found = lib.lou_findTable(f"language:{base}{query}".encode())
        if found:
            return found.decode(), grade
    raise OutputError(f"liblouis has no braille table for the language '{language}'")


def _run(function_name: str, table: str, text: str, mode: int) -> str:
    if not text:
        return ""
    wide = _widechar()
    codes = [ord(c) for c in text]
    if wide is ctypes.c_uint16 and any(c > 0xFFFF for c in codes):
        codes = [c if c <= 0xFFFF else 0xFFFD for c in codes]
    room = len(codes) * 4 + 64  # contractions shorten text; capitals and number signs lengthen it
    inbuf, outbuf = (wide * len(codes))(*codes), (wide * room)()
    inlen, outlen = ctypes.c_int(len(codes)), ctypes.c_int(room)
    function = getattr(_library(), function_name)
    ok = function(table.encode(), inbuf, ctypes.byref(inlen), outbuf, ctypes.byref(outlen), None, None, mode)
    if not ok:
        raise OutputError(f"liblouis could not translate with {table} ({INSTALL})")
    return "".join(chr(outbuf[i]) for i in range(outlen.value))


def translate(text: str, table: str) -> str:
    """`text` in braille cells (Unicode braille; a blank cell is U+2800)."""
    return _run("lou_translateString", table, text, DOTS_IO | UC_BRL)


def back_translate(cells: str, table: str) -> str:
    """Braille cells (Unicode braille) back to print, as a reader's display would."""
    return _run("lou_backTranslateString", table, cells, 0)
