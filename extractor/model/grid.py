"""A table as geometry: cells with boxes in rows and columns, and the page graphics they came from.

Every source (text layer, OCR, a text edition's character columns) builds
the same `Grid`; which cell is which row and column key is read from it
later (semantics/by_cells.py). Coordinates are PDF points from the
page's top-left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from .document import Word
from .geometry import Box, PageGraphics, Rule, Shade

__all__ = ["Box", "Cell", "DoubtfulCell", "FoundTable", "Grid", "GridSource", "PageGraphics",
           "Rule", "Shade", "ValueCellFinder"]


class GridSource(StrEnum):
    """How a grid's columns were found."""

    RULED = "ruled"  # vertical rules between the columns
    ALIGNED = "aligned"  # whitespace corridors between aligned words
    MODEL = "model"  # a learned table-structure model's cells (layout/model_tables.py)


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


@dataclass(frozen=True)
class DoubtfulCell:
    """A table value cell whose words make no value where one is expected (none, letters, or
    digit groups that make no number), as the layout stage finds it for OCR's second read
    (layout/value_cells.py → readers/reread.py)."""

    box: Box  # the crop to read again, padded around the cell
    words: tuple[Word, ...]  # what the first read found there
    misgrouped: bool  # digits in groups that make no number ("19 9092")


class ValueCellFinder(Protocol):
    """Where a page's table value cells are, from the words of its first OCR read: what the
    OCR reader (readers/reread.py) asks of the layout stage (layout/value_cells.py's
    `ValueCells`), given to the reader by whoever calls it, so that neither imports the
    other."""

    def doubtful(self, words: Sequence[Word]) -> list[DoubtfulCell]:
        """Every empty or unreadable value cell, in order, with the crop to read it from."""
        ...

    def numbers(self, words: Sequence[Word]) -> tuple[list[Word], float]:
        """Every number in a value cell, and the text height (points) of the page."""
        ...


@dataclass(frozen=True)
class FoundTable:
    """A table `ams-extract tables` found: the grid kept, the region our geometry found it
    in, and what was decided about its structure (tables.json's `structure`)."""

    grid: Grid
    box: Box
    structure: dict[str, object]

    @property
    def by_model(self) -> bool:
        return self.grid.source == GridSource.MODEL
