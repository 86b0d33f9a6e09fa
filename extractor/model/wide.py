"""A table wide, as printed: one line per row key, one column per column key. The one
pivot of the observations, used by tables/<table>.csv, the workbook's table sheets and
`Report.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .results import ExtractedTable, Observation


@dataclass
class WideRow:
    key: str
    label: str  # as printed: the label of the row's first value
    units: list[str] = field(default_factory=list)  # each unit of its values once, in order


@dataclass
class WideTable:
    columns: list[str]
    rows: list[WideRow]
    # (row index, column index) → the value there (the last, should a position repeat),
    # in the order the positions were first filled.
    values: dict[tuple[int, int], Observation]

    def row_values(self, row: int) -> dict[int, Observation]:
        """{column index: value} of one row."""
        return {column: obs for (at, column), obs in self.values.items() if at == row}


def wide_table(table: ExtractedTable) -> WideTable:
    """The table's observations laid out as printed. A value in a column the table does
    not have is a ValueError (the table's columns are every column of its values)."""
    rows: list[WideRow] = []
    index: dict[str, int] = {}
    values: dict[tuple[int, int], Observation] = {}
    for obs in table.observations:
        if obs.row not in index:
            index[obs.row] = len(rows)
            rows.append(WideRow(obs.row, obs.label))
        row = rows[index[obs.row]]
        column = table.columns.index(obs.column)
        if obs.unit not in row.units:
            row.units.append(obs.unit)
        values[(index[obs.row], column)] = obs
    return WideTable(list(table.columns), rows, values)
