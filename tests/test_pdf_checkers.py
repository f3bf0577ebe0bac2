"""The PDF/UA checkers catch what they claim to: PDFs broken on purpose (an image without alt, a
skipped heading level, a table without headers, a list item outside a list) fail, each named by
rule. None of the three is veraPDF; together they cover more than any one of them."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from weasyprint import HTML

from pipeline.checks.validators import outloud, page_validation, pdf_ua
from pipeline.writers.pdf.tags import print_links

pytestmark = pytest.mark.slow


def _png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


BROKEN = {
    "image-without-alt": f'<h1>Title</h1><p>Text.</p><img src="{_png()}">',
    "skipped-heading-level": "<h1>Title</h1><p>Text.</p><h3>Skipped</h3><p>More.</p>",
    "table-without-headers": "<h1>Title</h1><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
    "list-item-outside-a-list": "<h1>Title</h1><p>Text.</p><div><li>stray item</li></div>",
}
# The rule each checker fails with (None: that checker does not look at this).
EXPECTED = {
    "image-without-alt": {"pdfua": "UA-13-004", "page-validation": "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001", "outloud": "FIG-001"},
    "skipped-heading-level": {"pdfua": None, "page-validation": "PDFUA1-HEADING-NESTING-001", "outloud": "HDG-001"},
    "table-without-headers": {"pdfua": "UA-15-003", "page-validation": None, "outloud": "TBL-001"},
    "list-item-outside-a-list": {"pdfua": None, "page-validation": "PDFUA1-LI-PARENT-001", "outloud": "LST-001"},
}


def broken_pdf(folder: Path, name: str) -> Path:
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Broken</title></head><body>{BROKEN[name]}</body></html>'
    weasyprint_log = logging.getLogger("weasyprint")
    level = weasyprint_log.level
    weasyprint_log.setLevel(logging.CRITICAL)  # it warns of the missing alt: that is the point here
    try:
        path = folder / f"{name}.pdf"
        HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1")
    finally:
        weasyprint_log.setLevel(level)
    return path


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_pdf_broken_on_purpose_fails_every_checker_that_covers_the_rule(tmp_path, name):
    path = broken_pdf(tmp_path, name)
    reports = {"pdfua": pdf_ua(path), "page-validation": page_validation(path), "outloud": outloud(path)}
    for checker, rule in EXPECTED[name].items():
        report = reports[checker]
        if rule is None:
            continue
        assert not report.ok, f"{checker} missed {name}"
        assert any(rule in message for message in report.messages), report
    assert sum(not r.ok for r in reports.values()) >= 2  # two opinions on every fault


def test_links_get_the_print_flag_and_lose_hidden_and_noview(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], F=2 | 32)
    plain = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10])
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link), pdf.make_indirect(plain)]))
    print_links(pdf)
    assert [int(a.F) for a in pdf.pages[0].obj.Annots] == [4, 4]


def test_a_running_head_tagged_as_text_still_fails_outloud_though_repeated_body_text_is_waived(tmp_path):
    """The PAG-001 waiver (validators.outloud) is for body text that repeats word for word; a real
    running head, tagged as text at the top of every page and nowhere else, is still caught."""
    prose = ["Tiredness", "Swollen ankles", "Pale skin", "Cold hands", "Short breath", "Headaches"]
    pages = "".join(
        f'<p style="break-before: page">Northshore Clinic patient leaflet</p><h{1 if n == 0 else 2}>Part {n}</h{1 if n == 0 else 2}>'
        + "".join(f"<p>{sign} can be a sign of it, number {n}.{k}, said in words of its own.</p>" for k, sign in enumerate(prose))
        for n in range(4)
    )
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Heads</title></head><body>{pages}</body></html>'
    path = tmp_path / "running-head.pdf"
    HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1")
    report = outloud(path)
    assert not report.ok and any(m.startswith("PAG-001") for m in report.messages), report
    assert "waived PAG-001 (body text repeated)" not in report.counts
