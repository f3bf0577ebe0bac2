"""After WeasyPrint: refuse a leaflet drawn with a font not ours, repair the tags, add our
document information, and save it deterministically."""

from __future__ import annotations

import io

import pikepdf

from pipeline.errors import OutputError
from pipeline.rendering import fonts
from pipeline.writers.pdf import tags as pdf_tags

ALLOWED_FONTS = ("Atkinson-Hyperlegible", "Leaflet-Fallback")  # embedded names: the @font-face families


def embedded_fonts(pdf: pikepdf.Pdf) -> set[str]:
    """The fonts the pages use, without the subset prefix ('Atkinson-Hyperlegible-Bold')."""
    names = set()
    for page in pdf.pages:
        for _, font in page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary()).items():
            names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
    return names


def finish(pdf_bytes: bytes, what: str, text: str, info: dict[str, str]) -> bytes:
    """Check the fonts, mark the running footer as an artifact and add our document information."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _refuse_fallback_fonts(pdf, what, text)
        pdf_tags.repair(pdf)
        for key, value in info.items():
            pdf.docinfo[pikepdf.Name("/" + key)] = value
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _refuse_fallback_fonts(pdf: pikepdf.Pdf, what: str, text: str) -> None:
    """A character missing from our fonts is drawn as an empty box, or with whatever font the
    machine has (so the leaflet would change from machine to machine): name it instead."""
    foreign = sorted(name for name in embedded_fonts(pdf) if not name.startswith(ALLOWED_FONTS))
    covered = fonts.covered()  # once: it walks every font file (10 s a build when asked per character)
    drawable = {c for c in text if c.isprintable() and not c.isspace()}
    missing = sorted(c for c in drawable if ord(c) not in covered)
    named = " ".join(f"{c} (U+{ord(c):04X})" for c in missing)
    if missing:
        drawn = f"; WeasyPrint fell back to the system font {', '.join(foreign)}" if foreign else ""
        fonts_of_ours = f"neither {fonts.FAMILY} nor {fonts.FALLBACK_NAME}"
        raise OutputError(f"{what}: {fonts_of_ours} has a glyph for {named}{drawn}. Use other characters in the source.")
    if foreign:
        # our fonts have them, yet Pango took the machine's font: a bold face lacks them (emoji, which
        # Pango sends to fontconfig's emoji fonts whatever the CSS says, the reader refuses first)
        bold = fonts.covered_bold()
        suspects = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(drawable) if ord(c) not in bold)
        raise OutputError(
            f"{what}: WeasyPrint drew {suspects or 'some characters'} with the machine's font {', '.join(foreign)}, not ours,"
            " so the leaflet would differ from machine to machine. Use other characters in the source."
        )
