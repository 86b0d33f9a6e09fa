"""A table as geometry: cells with boxes in rows and columns, and the page graphics they came from.

Every source (text layer, OCR, a text edition's character columns) builds
the same `Grid`; which cell is which row and column key is read from it
later (semantics/by_cells.py). Coordinates are PDF points from the
page's top-left.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .document import Word
from .geometry import Box, PageGraphics, Rule, Shade

__all__ = ["Box", "Cell", "Grid", "GridSource", "PageGraphics", "Rule", "Shade"]

class GridSource(StrEnum):
    """How a grid's columns were found."""

    RULED = "ruled"  # vertical rules between the columns
    ALIGNED = "aligned"  # whitespace corridors between aligned words


@dataclass(frozen=True)
class Cell:
    """One cell: its words (top to bottom, left to right) and place in the grid."""

    row: int
    col: int
    words: tuple[Word, ...]
    box: Box
    page: int | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def empty(self) -> bool:
        return not self.words


@dataclass(frozen=True)
class Grid:
    """A table found on one page (or joined over a page break): every cell, empty ones too."""

    cells: tuple[Cell, ...]
    columns: tuple[tuple[float, float], ...]  # x-extent of each column
    header_rows: int  # rows 0 .. header_rows - 1 are the header
    source: GridSource
    pages: tuple[int | None, ...]

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return len(self.columns)

    @property
    def box(self) -> Box:
        return (min(c.box[0] for c in self.cells), min(c.box[1] for c in self.cells),
                max(c.box[2] for c in self.cells), max(c.box[3] for c in self.cells))

    def row(self, index: int) -> list[Cell]:
        """The cells that start in one row, left to right."""
        return sorted((c for c in self.cells if c.row == index), key=lambda c: c.col)

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col), spanning cells included."""
        for cell in self.cells:
            if (cell.row <= row < cell.row + cell.rowspan
                    and cell.col <= col < cell.col + cell.colspan):
                return cell
        return None
