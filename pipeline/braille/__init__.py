"""Braille layout (pages of cells, the embosser page size) and liblouis, the translator it calls."""
