"""Reading an input into a `Document`: the readers' words and graphics, then layout's lines.

    read_source   readers.read_words (a PDF's pages of positioned words and graphics, or a
                  text edition's lines) → layout.lines.document_lines (each page's words
                  as lines in reading order) → `Document`

The one place the two stages meet. Readers import no layout: the OCR pass's second reads
of doubtful value cells are given layout's `ValueCells` here. Layout imports no readers.
"""

from __future__ import annotations

from pathlib import Path

from .layout.lines import document_lines
from .layout.settings import DEFAULT, LayoutSettings
from .layout.value_cells import ValueCells
from .model import Document
from .readers import ReadOptions, read_words


def read_source(path: str | Path, options: ReadOptions | None = None,
                settings: LayoutSettings = DEFAULT) -> Document:
    """Read any supported input into a `Document`; `InputError` when it cannot be."""
    return document_lines(read_words(path, options, cells=ValueCells(settings)), settings)
