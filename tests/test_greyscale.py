"""Black-and-white safe: the printed leaflets and booklets keep every word at 4.5:1 or more against
what is behind it when printed in grey, and the boxes and write-on lines that carry meaning are
drawn dark enough to see (3:1, WCAG 1.4.11). Measured, not assumed: each page rendered to a grey
PNG by pdftoppm, each word's box (pdftotext -bbox) read for its darkest ink and its background."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import POEMS
from PIL import Image

from pipeline import Options, build

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed (make installs it)")

DPI = 200
KIRKBY = """\
name: Kirkby Ward, Northshore Hospital
address: Level 2, Northshore Hospital, Shore Road
phone: 0161 555 0142
hours: Monday to Friday, 8am to 6pm
out_of_hours: Evenings and weekends, call NHS 111.
"""
# the branding of docs/publishers.md: a teal accent at 7:1 on white for headings and rules
PUBLISHER = 'name: Northshore Clinic\naccent: "#0b5563"\ncontact: "Questions? Call the clinic nurses on 0161 555 0100."\n'


def luminance(grey: float) -> float:
    s = grey / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def contrast(a: float, b: float) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """POEMS as the clinic copies a branded publisher prints: leaflet, booklet and large print."""
    source = tmp_path_factory.mktemp("grey") / "source"
    (source / "clinics").mkdir(parents=True)
    shutil.copy2(POEMS, source / POEMS.name)
    (source / "publisher.yaml").write_text(PUBLISHER, "utf-8")
    (source / "clinics" / "kirkby-ward.yaml").write_text(KIRKBY, "utf-8")
    out = source.parent / "out"
    for clinics in ((), ("kirkby-ward",)):
        result = build([source / POEMS.name], Options(out_dir=out, formats=("pdf", "booklet"), clinics=clinics, quiet=True))
        assert {o.status for o in result.outcomes} == {"built"}, [o.error for o in result.outcomes]
    folder = out / "poems-syndrome"
    names = {"a4": "a4", "a5": "a5", "large print booklet": "large-print-booklet"}
    copies = (("plain", folder), ("Kirkby", folder / "clinics" / "kirkby-ward"))
    return {f"{what}, {who}": where / f"poems-syndrome-{kind}.pdf" for what, kind in names.items() for who, where in copies}


def grey_pages(pdf: Path, folder: Path) -> list[Image.Image]:
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))]


def word_boxes(pdf: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Each page's words and their boxes in points."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)
        pages.append([(text, (float(a), float(b), float(c), float(d))) for a, b, c, d, text in words])
    return pages


def word_contrast(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """The darkest ink of a word against the commonest grey in its box (its background)."""
    scale = DPI / 72
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    crop = image.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)))
    histogram = crop.histogram()
    background = max(range(256), key=histogram.__getitem__)
    pixels = sorted(crop.get_flattened_data())
    ink = pixels[len(pixels) // 100]  # the darkest 1 %: anti-aliased edges do not count
    return contrast(ink, background)


def test_every_printed_word_keeps_4_5_to_1_against_its_background_in_grey(printed, tmp_path):
    lowest: dict[str, tuple[float, str]] = {}
    for name, pdf in printed.items():
        folder = tmp_path / name.replace(" ", "-").replace(",", "")
        folder.mkdir()
        for number, (image, words) in enumerate(zip(grey_pages(pdf, folder), word_boxes(pdf), strict=True), 1):
            for text, box in words:
                ratio = word_contrast(image, box)
                if name not in lowest or ratio < lowest[name][0]:
                    lowest[name] = (ratio, f"{text!r} on page {number}")
    print("\nlowest word contrast in grey:", {k: f"{v[0]:.1f}:1 ({v[1]})" for k, v in lowest.items()})
    for name, (ratio, where) in lowest.items():
        assert ratio >= 4.5, f"{name}: {where} at {ratio:.2f}:1"


def _first(words: list[tuple[str, tuple[float, float, float, float]]], text: str) -> tuple[float, float, float, float]:
    return next(box for word, box in words if word == text)


def _darkest_towards(image: Image.Image, x: int, y: int, dx: int, dy: int, steps: int) -> int:
    return min(image.getpixel((x + dx * n, y + dy * n)) for n in range(steps))


def test_the_boxes_and_write_on_lines_are_dark_enough_to_see_in_grey(printed, tmp_path):
    """Meaning is never carried by colour alone: each box is bordered, each line to write on drawn,
    dark enough to see on a grey printout (3:1 against the paper, WCAG 1.4.11)."""
    pdf = printed["a5, Kirkby"]
    image = grey_pages(pdf, tmp_path)[-1]
    words = word_boxes(pdf)[-1]
    scale, paper = DPI / 72, 255
    measured = {}
    # the write-on lines: straight down from each label
    for label in ("time:", "Where:", "name:"):
        x0, _, x1, y1 = _first(words, label)
        measured[f"line under {label}"] = _darkest_towards(image, round((x0 + x1) / 2 * scale), round(y1 * scale), 0, 1, 15)
    # the borders of the clinic's box, the write-on box and the disclaimer: straight left from their headings
    for first, second in (("Your", "clinic"), ("Your", "next"), ("Medical", "disclaimer")):
        at = next(n for n, (word, _) in enumerate(words) if word == first and words[n + 1][0] == second)
        x0, y0, _, y1 = words[at][1]
        start = (round(x0 * scale) - 1, round((y0 + y1) / 2 * scale))
        measured[f"border left of '{first} {second}'"] = _darkest_towards(image, *start, -1, 0, 40)
    ratios = {what: contrast(grey, paper) for what, grey in measured.items()}
    print("\nlines and borders in grey:", {k: f"{v:.1f}:1" for k, v in ratios.items()})
    assert all(ratio >= 3 for ratio in ratios.values()), ratios


def test_the_measure_tells_a_pale_word_from_a_dark_one(tmp_path):
    """The measurement can fail: #999 on white (2.8:1) and black on a mid-grey box measure as they are."""
    from weasyprint import HTML

    html = '<p style="color:#999;font-size:12pt">Pale words</p><p style="background:#777;color:#000;font-size:12pt">Boxed words</p>'
    pdf = tmp_path / "pale.pdf"
    HTML(string=f'<html lang="en"><body>{html}</body></html>').write_pdf(pdf)
    image, words = grey_pages(pdf, tmp_path)[0], dict(word_boxes(pdf)[0])
    assert 2.5 < word_contrast(image, words["Pale"]) < 3.1
    assert 4.0 < word_contrast(image, words["Boxed"]) < 5.0  # #777 is 4.7:1 against black
