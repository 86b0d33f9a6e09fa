"""What reading a table gives, by its lines (by_lines.py) or by its cells (by_cells.py).

    Column        one spec column as the printed header places it
    PrintedValue  the words of one printed value and the number they were read as
    PrintedRow    one printed row: its label, and every way its values fill the columns
    TableParse   a table's columns and rows, with the warnings and notes of reading them

Both readers give the same `TableParse`, so the later steps (observations, splits) treat
them alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ..lexicon.numbers import ParsedNumber, find_multiplier
from ..model import Line, ReportWarning, Word
from .labels import LabelMatch


@dataclass(frozen=True)
class Column:
    key: str
    unit: str | None
    approximate: bool = False  # the header says "Ca."
    multiplier: Decimal = Decimal(1)  # the header says "(x 1000)"
    assumed: bool = False  # the header did not name it: placed by the spec's order


@dataclass(frozen=True)
class PrintedValue:
    """One value as printed: its words, and the number they were read as when they were
    found to fit their column (values.py), so it is parsed once. The number is in its
    column's context (a "Ca." header makes it approximate); the multipliers of the header
    and of the row's label apply when it becomes an observation (observations.py)."""

    words: tuple[Word, ...]
    number: ParsedNumber

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def __iter__(self) -> Iterator[Word]:
        """Its words, in printed order."""
        return iter(self.words)


@dataclass
class PrintedRow:
    """One row as printed: its label (maybe wrapped) and the value splits it allows."""

    label: str
    match: LabelMatch
    value_line: Line
    label_lines: list[Line]
    # each: one value per column (None: an empty cell), the preferred split first
    alternatives: list[list[PrintedValue | None]]
    complete: bool = True  # False: the split search was cut short; the row is ambiguous

    @cached_property
    def multiplier(self) -> Decimal:
        """The multiplier its label declares ("Investering (i 1000 kr)"), else 1."""
        return find_multiplier(self.label)


@dataclass
class TableParse:
    columns: list[Column]
    rows: list[PrintedRow]
    header_text: str
    warnings: list[ReportWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
