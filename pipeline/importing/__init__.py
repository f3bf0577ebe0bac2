"""`import`: a clinic's existing leaflet (Word .docx, or a saved web page) becomes `source/<slug>.md`.

Pandoc's shape again, run the other way: each format has a reader that makes the document model
(pipeline/model.py blocks, `docx.py` through mammoth's HTML, `html.py`), `tidy.py` mends what
Word users type by hand (bold lines for headings, typed bullets, tables) and finds the front
matter the document states (`dates.py`, the disclaimer, the title), and `markdown.py` writes
the source. Nothing is guessed: what the document does not say is left as a `FILL IN:` value
that the reader refuses with a hint. `report.py` counts the words, so nothing is dropped unseen.
"""
