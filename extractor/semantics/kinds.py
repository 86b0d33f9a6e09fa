"""Each kind of spec table read from its section, looked up by name in `TABLE_KINDS`:

    grid    rows and columns: by its cells when layout found a grid the spec's columns fit
            (by_cells.py), else by its lines (by_lines.py), where the checks choose among
            number splits later (splits.py)
    prose   values stated in sentences, found by the spec's patterns (prose.py)
    chart   a chart: the text holds no values for it

`read_table` gives what became of one spec table: read by its kind, or missing, or not
expected in this edition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..model import ExtractedTable, Line, Observation, ReportWarning, Section, TableStatus
from ..model.grid import Grid
from ..model.spec import TableSpec
from .by_cells import read_grids
from .by_lines import footnotes, read_body, table_body
from .observations import grid_observations, prose_columns, prose_observations
from .prose import find_values
from .table_parse import TableParse

# Layout's grids of some of a section's lines, one per page they are printed on.
GridsOf = Callable[[Sequence[Line]], list[Grid]]


@dataclass
class KindRead:
    """What a table's reader found in its section."""

    columns: list[str] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    parse: TableParse | None = None  # a grid's reading, whose splits the checks may choose
    status: TableStatus = TableStatus.EXTRACTED


class KindReader(Protocol):
    def __call__(self, table_spec: TableSpec, section: Section, grids_of: GridsOf
                 ) -> KindRead: ...


def read_grid_table(table_spec: TableSpec, section: Section, grids_of: GridsOf) -> TableParse:
    """A grid table by its cells when its layout gives a grid the spec's columns fit; else by
    its lines (a text dump whose columns run together), where the checks arbitrate splits."""
    body, after = table_body(section.lines)
    printed_notes = [f"footnote: {note}" for note in footnotes(after)]
    grids = grids_of(body)
    by_cells = read_grids(table_spec, grids, body)
    if by_cells is not None:
        how = ", ".join(dict.fromkeys(grid.source.value for grid in grids))
        by_cells.notes[:0] = [f"read by its cells ({how} columns)", *printed_notes]
        return by_cells
    by_lines = read_body(body, table_spec)
    by_lines.notes[:0] = ["read by its lines (no grid of columns found)", *printed_notes]
    return by_lines


def _read_grid(table_spec: TableSpec, section: Section, grids_of: GridsOf) -> KindRead:
    parse = read_grid_table(table_spec, section, grids_of)
    return KindRead(
        columns=[c.key for c in parse.columns],
        observations=grid_observations(table_spec, parse, [0] * len(parse.rows)),
        notes=list(parse.notes), warnings=list(parse.warnings), parse=parse,
    )


def _read_prose(table_spec: TableSpec, section: Section, grids_of: GridsOf) -> KindRead:
    values = find_values(section.lines, table_spec.patterns)
    observations = prose_observations(table_spec, values)
    found = {obs.row for obs in observations}
    missing = [row.key for row in table_spec.rows if row.key not in found]
    notes = [f"not stated in the text: {', '.join(missing)}"] if missing else []
    return KindRead(prose_columns(table_spec), observations, notes)


def _read_chart(table_spec: TableSpec, section: Section, grids_of: GridsOf) -> KindRead:
    return KindRead(notes=["a chart: the text holds no values for it"],
                    status=TableStatus.CHART_WITHOUT_VALUES)


# The spec names each table's kind; spec/loader.py accepts the names listed here.
TABLE_KINDS: Mapping[str, KindReader] = {
    "grid": _read_grid,
    "prose": _read_prose,
    "chart": _read_chart,
}


def read_table(
    table_spec: TableSpec, section: Section | None, edition_id: str, grids_of: GridsOf,
    warnings: list[ReportWarning],
) -> tuple[ExtractedTable, TableParse | None]:
    """One table from its section (or its absence), by the table's kind; and a grid's
    reading, whose number splits the checks may still choose among."""
    if section is None:
        if not table_spec.expected_in(edition_id):
            return ExtractedTable(table_spec.id, TableStatus.NOT_EXPECTED), None
        warnings.append(ReportWarning("missing_section", f"{table_spec.id}: section not found"))
        return ExtractedTable(table_spec.id, TableStatus.MISSING), None
    read = TABLE_KINDS[table_spec.kind](table_spec, section, grids_of)
    table = ExtractedTable(table_spec.id, read.status, title=section.title,
                           columns=read.columns, observations=read.observations,
                           notes=read.notes, source_lines=[section.title_line, *section.lines])
    warnings += read.warnings
    if table.status == TableStatus.EXTRACTED and not table.observations:
        table.status = TableStatus.EMPTY
        warnings.append(ReportWarning("empty_table", f"{table_spec.id}: no values found",
                                      section.title_line.number, section.title_line.page))
    return table, read.parse
