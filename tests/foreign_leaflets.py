"""Leaflets as clinics hold them, with the quirks `import` must read.

`asthma_docx` (made with python-docx) is a two-page Word leaflet with a Title, real and
hand-typed headings, Word lists and typed bullets ("•", "-", "1."), Shift+Enter lines, bold and
italic, a link, a picture with alt text, two tables, running headers and footers, the dates and a
disclaimer in the text. `gout_html` is a page saved from a hospital's website: navigation, a
cookie banner, a footer, scripts and hidden text around its <main>, a table, pictures beside it
and inside it, links of every kind.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from PIL import Image, ImageDraw

HEADER = "Asthma in adults - Respiratory Medicine"
FOOTER = "Leaflet PIL-0413 | Page"


def picture_png() -> bytes:
    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 360, 160), outline="black", width=6)
    draw.line((60, 100, 340, 100), fill="black", width=8)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def add_link(paragraph, text: str, url: str) -> None:  # python-docx has no API for hyperlinks
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    run.append(props)
    words = OxmlElement("w:t")
    words.text = text
    run.append(words)
    link.append(run)
    paragraph._p.append(link)


def asthma_docx(path: Path, *, alt: str | None = "A peak flow meter: a tube with a scale you blow into") -> Path:
    doc = Document()
    doc.core_properties.title = "Asthma in adults"
    doc.core_properties.language = "en-GB"
    section = doc.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER

    doc.add_paragraph("Asthma in adults", style="Title")
    doc.add_paragraph(
        "This leaflet is for adults who have been told they have asthma. It explains what asthma is, how it is treated "
        "and what to do if your symptoms get worse."
    )
    doc.add_heading("What is asthma?", level=1)
    p = doc.add_paragraph("Asthma is a ")
    p.add_run("common").bold = True
    p.add_run(" condition that affects the airways, the small tubes that carry air in and out of the lungs. ")
    p.add_run("It cannot be cured").italic = True
    p.add_run(", but it can usually be controlled well with the right treatment. About 5.4 million people in the UK have it.")

    bold = doc.add_paragraph()  # a heading typed as a bold line, as most Word users do
    bold.add_run("Common symptoms").bold = True
    for line in ("wheezing, a whistling sound when you breathe", "breathlessness", "a tight chest", "coughing, often at night"):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph("Symptoms are often worse:")
    doc.add_paragraph("•\tat night or early in the morning")
    doc.add_paragraph("•\tafter exercise or in cold air")
    doc.add_paragraph("• when you have a cold or the flu")

    doc.add_heading("Your inhalers", level=1)
    doc.add_paragraph("Most people with asthma use two kinds of inhaler:")
    typed = doc.add_paragraph("- a reliever inhaler, usually blue, which you use when you have symptoms")
    typed.add_run().add_break(WD_BREAK.LINE)
    typed.add_run("- a preventer inhaler, often brown, which you use every day even when you feel well")
    doc.add_heading("How to use your inhaler", level=2)
    for n, step in enumerate(
        ("Shake the inhaler.", "Breathe out gently.", "Press the canister as you breathe in slowly.", "Hold your breath for 10 seconds."), 1
    ):
        doc.add_paragraph(f"{n}. {step}")
    doc.add_paragraph(
        "Take 2 puffs of your preventer inhaler twice a day, or as your nurse tells you. Do not stop taking it without talking "
        "to your doctor or nurse."
    )

    doc.add_heading("Checking your peak flow", level=1)
    doc.add_paragraph("A peak flow meter measures how fast you can breathe out.")
    doc.add_picture(io.BytesIO(picture_png()), width=Inches(3))
    if alt is not None:
        doc.inline_shapes[0]._inline.docPr.set("descr", alt)
    zones = (
        ("Green zone", "Your asthma is under control. Keep taking your preventer."),
        ("Yellow zone", "Your asthma is getting worse. Use your reliever and follow your action plan."),
        ("Red zone", "Call 999 or go to A&E straight away."),
    )
    table = doc.add_table(rows=3, cols=2)
    for row, (zone, what) in zip(table.rows, zones, strict=True):
        row.cells[0].text, row.cells[1].text = zone, what
    doc.add_paragraph("Your inhalers at a glance:")
    inhalers = (
        ("Inhaler", "Colour", "When to use it"),
        ("Reliever", "Blue", "When you have symptoms"),
        ("Preventer", "Brown", "Every morning and evening"),
    )
    doses = doc.add_table(rows=3, cols=3)
    for row, cells in zip(doses.rows, inhalers, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for cell in doses.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True

    doc.add_heading("More help", level=1)
    more = doc.add_paragraph("Asthma + Lung UK has a helpline and more information: ")
    add_link(more, "asthmaandlung.org.uk", "https://www.asthmaandlung.org.uk/")
    more.add_run(".")
    doc.add_paragraph("Call the respiratory nurses on 020 7946 0000, Monday to Friday, 9am to 5pm.")

    doc.add_paragraph(
        "This leaflet is for general information only. It does not replace the advice of your doctor, nurse or pharmacist, "
        "who know your own health."
    )
    doc.add_paragraph("Date of publication: 14 March 2025 | Review date: March 2028 | Leaflet number PIL-0413")
    doc.save(path)
    return path


GOUT_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Gout | Patient leaflets | Riverside Hospitals NHS Trust</title>
<meta name="description"
 content="Gout is a kind of arthritis that causes sudden, severe pain in a joint, often the big toe.
 It can be treated and flare-ups can be prevented.">
<meta property="og:site_name" content="Riverside Hospitals NHS Trust">
<script>window.dataLayer = [{page: "gout"}];</script>
<style>.cookie { position: fixed }</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div class="cookie-banner">We use cookies to improve our website. <button>Accept all cookies</button></div>
<header role="banner"><a href="/">Riverside Hospitals</a><nav><ul><li><a href="/services">Services</a></li>
<li><a href="/leaflets">Patient leaflets</a></li></ul></nav>
<form role="search"><input name="q"><button>Search the site</button></form></header>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> &gt; <a href="/leaflets">Leaflets</a> &gt; Gout</nav>
<main id="main">
<h1>Gout</h1>
<p>Gout is a type of arthritis in which small crystals form inside and around the joints.</p>
<h2>Symptoms of gout</h2>
<p>The main symptom is <strong>sudden, severe pain</strong> in a joint, most often the big toe. The joint may also be:</p>
<ul><li>hot and very tender</li><li>swollen</li><li>red or purple</li></ul>
<p><img src="gout_files/toe.png" alt="A swollen, red big toe joint"></p>
<h2>Treatments for gout</h2>
<p>Anti-inflammatory painkillers such as <em>naproxen</em> ease the pain of an attack, usually within 12 to 24 hours.
Colchicine is used if you cannot take them.</p>
<table>
<thead><tr><th>Medicine</th><th>What it does</th><th>How long you take it</th></tr></thead>
<tbody><tr><td>Naproxen</td><td>Eases pain and swelling</td><td>During an attack</td></tr>
<tr><td>Allopurinol</td><td>Lowers uric acid</td><td>Every day, usually for life</td></tr></tbody>
</table>
<p>Do not stop taking allopurinol during an attack.<span class="visually-hidden"> (this text is for screen readers)</span></p>
<h3>Things you can do yourself</h3>
<p>Rest and raise the limb. Keep it cool with an ice pack wrapped in a towel for up to 20 minutes.
<img alt="An ice pack wrapped in a towel"
 src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAfbLI3wAAAABJRU5ErkJggg=="></p>
<p>Find out more from the <a href="http://www.ukgoutsociety.org/">UK Gout Society</a>, or read our leaflet about
<a href="/leaflets/arthritis">arthritis</a>. <img src="https://cdn.example.org/tracker.gif" alt=""></p>
<div hidden>An old version of this paragraph that nobody should read.</div>
<p>Last reviewed: 2 February 2026. Next review due: February 2029.</p>
<p>This information is not a substitute for professional medical advice. Always ask your doctor about your own care.</p>
</main>
<aside><h2>Related leaflets</h2><ul><li><a href="/leaflets/arthritis">Arthritis</a></li></ul></aside>
<footer role="contentinfo"><p>Riverside Hospitals NHS Trust, River Road, London. Copyright 2026.</p></footer>
<script src="analytics.js"></script>
</body>
</html>
"""


def gout_html(folder: Path) -> Path:
    """The page and its pictures folder, as a browser's "Save page as" leaves them."""
    (folder / "gout_files").mkdir(parents=True, exist_ok=True)
    (folder / "gout_files" / "toe.png").write_bytes(picture_png())
    page = folder / "gout.html"
    page.write_text(GOUT_PAGE, encoding="utf-8")
    return page


def word_quirks_docx(path: Path) -> Path:
    """A short leaflet with what Word's own tools leave: a table of contents (TOC styles) and bullets
    typed in the Symbol and Wingdings fonts, which Word stores as private-use characters."""
    from docx.enum.style import WD_STYLE_TYPE

    doc = Document()
    doc.add_paragraph("Shingles", style="Title")
    for name in ("TOC Heading", "TOC 1"):
        if name not in doc.styles:
            doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("Contents", style="TOC Heading")
    doc.add_paragraph("What is shingles?\t1", style="TOC 1")
    doc.add_paragraph("Treatment\t2", style="TOC 1")
    doc.add_heading("What is shingles?", level=1)
    doc.add_paragraph("Shingles is a painful rash caused by the chickenpox virus waking up again.")
    doc.add_paragraph("Common signs are:")
    doc.add_paragraph("\uf0b7\ta tingling or burning feeling in the skin")
    doc.add_paragraph("\uf0a7\ta rash of blisters on one side of the body")
    doc.add_heading("Treatment", level=1)
    doc.add_paragraph("Antiviral medicine works best if you start it within 3 days of the rash \uf0fc appearing.")
    doc.save(path)
    return path
