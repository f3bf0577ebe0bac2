"""A Word document (.docx, also as LibreOffice and Google Docs write it) read into HTML by mammoth.

mammoth (BSD-2-Clause) reads what a document means rather than how it looks: paragraph styles
become headings, Word's numbering becomes lists, runs become bold and italic, pictures keep
their alt text, and running headers, footers and comments are left out. Its HTML then goes
through the same reader as a saved web page (html.py). The package is checked first (package.py).
"""

from __future__ import annotations

import io
from pathlib import Path

from pipeline.importing.package import Properties, Refused, open_package

# Word's built-in styles beyond mammoth's defaults (headings, lists): what the reader needs to know
STYLE_MAP = """
p[style-name='Title'] => h1.doc-title:fresh
p[style-name='Subtitle'] => p.doc-subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name^='TOC'] => p.doc-toc:fresh
p[style-name^='toc'] => p.doc-toc:fresh
p[style-name='Contents Heading'] => p.doc-toc:fresh
r[style-name='Strong'] => strong
r[style-name='Emphasis'] => em
r[style-name='Intense Emphasis'] => strong
"""


def read_docx(path: Path) -> tuple[str, dict[str, tuple[str, bytes]], Properties]:
    """(the document as HTML, its pictures by the name the HTML gives them, its properties)."""
    import mammoth

    data, properties = open_package(path)
    pictures: dict[str, tuple[str, bytes]] = {}

    def picture(image: mammoth.documents.Image) -> dict[str, str]:
        name = f"picture-{len(pictures) + 1}"
        with image.open() as handle:
            pictures[name] = (image.content_type or "", handle.read())
        return {"src": name}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(picture), external_file_access=False
        )
    except (KeyError, ValueError, LookupError, AttributeError, TypeError) as exc:  # mammoth on a part Word would not write
        raise Refused(
            f"could not be read as a Word document ({type(exc).__name__}: {exc})", "open it in Word or LibreOffice and save it again"
        ) from None
    except Exception as exc:  # expat's errors, zipfile's BadZipFile: a damaged part
        raise Refused(f"is damaged ({type(exc).__name__}: {str(exc)[:120]})", "open it in Word or LibreOffice and save it again") from None
    return result.value, pictures, properties
