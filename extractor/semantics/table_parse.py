"""What reading a table gives, by its lines (by_lines.py) or by its cells (by_cells.py).

    Column       one spec column as the printed header places it
    PrintedRow   one printed row: its label, and every way its values fill the columns
    TableParse   a table's columns and rows, with the warnings and notes of reading them

Both readers give the same `TableParse`, so the later steps (observations, splits) treat
them alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Line, ReportWarning, Word
from .labels import LabelMatch


@dataclass(frozen=True)
class Column:
    key: str
    unit: str | None
    approximate: bool = False  # the header says "Ca."
    multiplier: Decimal = Decimal(1)  # the header says "(x 1000)"
    assumed: bool = False  # the header did not name it: placed by the spec's order


@dataclass
class PrintedRow:
    """One row as printed: its label (maybe wrapped) and the value splits it allows."""

    label: str
    match: LabelMatch
    value_line: Line
    label_lines: list[Line]
    alternatives: list[list[list[Word]]]  # each: one word group per column, preferred first
    complete: bool = True  # False: the split search was cut short; the row is ambiguous


@dataclass
class TableParse:
    columns: list[Column]
    rows: list[PrintedRow]
    header_text: str
    warnings: list[ReportWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
