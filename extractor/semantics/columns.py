"""Where a table's columns come from, looked up by name in `COLUMN_SOURCES`:

    fixed_keys       the spec's own columns, placed where their header aliases are printed
    periods          years and quarters printed in the header (periods.py)
    reporting_years  reporting years ("2016-rapportering"): a count and its share each

Each source reads the header either way a table is read, so a table's columns are decided
here, once, for both readers:

    from_line   the header as one printed text (by_lines.py): columns in printed order
    from_cells  each grid column's header (by_cells.py): {grid column: its spec columns}

`read_columns` and `map_columns` look the table's source up and read with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Protocol

from ..lexicon import words
from ..lexicon.numbers import find_multiplier
from ..model import Word
from ..model.grid import Grid
from ..model.spec import ColumnSpec, TableSpec
from ..model.units import is_share
from .labels import comparison_key
from .periods import (
    cell_period,
    infer_periods,
    period_keys,
    periods_complete,
    periods_in_order,
)
from .table_parse import Column

_ONE_SHARE = re.compile(r"^\(?[0-9]+(?:[.,][0-9]+)? ?%\)?$")  # a cell of one share: "9%"
LineColumns = tuple[list[Column], list[str]]  # columns in printed order, and notes
CellColumns = tuple[dict[int, list[Column]], list[str]]  # {grid column: columns}, and notes


@dataclass(frozen=True)
class ColumnHeader:
    """What is printed above one grid column."""

    own: str  # its own header cell(s), stacked lines joined
    group: str  # a header cell spanning it and its neighbours ("" when none)
    group_id: int | None  # the spanning cell's first column, to tell groups apart
    shares_below: bool = False  # every filled body cell under it is one share ("9%")

    @property
    def text(self) -> str:
        return f"{self.own} {self.group}".strip()


def column_headers(grid: Grid) -> list[ColumnHeader]:
    """Each grid column's header, its own text first, then a group's above it."""
    own: dict[int, list[Word]] = {}
    groups: dict[int, tuple[str, int]] = {}
    for cell in grid.cells:
        if not cell.header:
            continue
        if cell.colspan > 1:
            for col in range(cell.col, cell.col + cell.colspan):
                groups[col] = (cell.text, cell.col)
        else:
            own.setdefault(cell.col, []).extend(cell.words)
    body = {col: [c.text for c in grid.cells if c.col == col and not c.header and c.words]
            for col in range(grid.n_cols)}
    return [ColumnHeader(" ".join(w.text for w in own.get(col, [])),
                         groups.get(col, ("", None))[0], groups.get(col, ("", None))[1],
                         bool(body[col]) and all(map(_ONE_SHARE.match, body[col])))
            for col in range(grid.n_cols)]


def column_multiplier(unit: str | None, multiplier: Decimal) -> Decimal:
    """A "(x 1000)" in a header scales counts, never percentages beside them."""
    return Decimal(1) if is_share(unit) else multiplier


class ColumnSource(Protocol):
    """One way a table's columns are named by its header."""

    def from_line(self, table: TableSpec, header_text: str) -> LineColumns: ...

    def from_cells(self, table: TableSpec, headers: Sequence[ColumnHeader]) -> CellColumns: ...


def _aliases(table: TableSpec) -> list[tuple[str, ColumnSpec]]:
    """Every header alias of the spec's columns as a comparison key, longest first."""
    return sorted(((comparison_key(alias), column) for column in table.columns
                   for alias in column.headers), key=lambda item: -len(item[0]))


def _approximate(alias: str) -> bool:
    return alias.split()[0] in {comparison_key(w) for w in words.approximate_header_words()}


def _unnamed_note(keys: Sequence[str]) -> str:
    return (f"header names no column for {', '.join(keys)}; columns taken in the spec's "
            "order and their values flagged assumed_column")


class FixedKeys:
    """The spec's fixed columns, placed where one of their header aliases is printed."""

    def from_line(self, table: TableSpec, header_text: str) -> LineColumns:
        """Each alias (longest first) claims its first place in the text no other took;
        the columns in the order of their places."""
        multiplier = find_multiplier(header_text)
        folded = comparison_key(header_text)
        claimed: dict[str, tuple[int, str]] = {}
        spans: list[range] = []
        for alias, column in _aliases(table):
            if column.key in claimed or not alias:
                continue
            start = folded.find(alias)
            while start >= 0:
                span = range(start, start + len(alias))
                if not any(start in s or (span.stop - 1) in s for s in spans):
                    claimed[column.key] = (start, alias)
                    spans.append(span)
                    break
                start = folded.find(alias, start + 1)
        notes = []
        assumed = len(claimed) < len(table.columns) and len(table.columns) > 1
        if not assumed:
            ordered = sorted(table.columns, key=lambda c: claimed.get(c.key, (0, ""))[0])
        else:
            ordered = list(table.columns)
            notes.append(_unnamed_note([c.key for c in table.columns if c.key not in claimed]))
        columns = [
            Column(
                key=c.key,
                unit=c.unit,
                approximate=c.key in claimed and _approximate(claimed[c.key][1]),
                multiplier=column_multiplier(c.unit, multiplier),
                assumed=assumed,
            )
            for c in ordered
        ]
        return columns, notes

    def from_cells(self, table: TableSpec, headers: Sequence[ColumnHeader]) -> CellColumns:
        """Each grid column (left to right) takes the first unclaimed column whose alias its
        header holds; the rest in the spec's order (flagged assumed_column) when the header
        does not name them."""
        aliases = _aliases(table)
        mapping: dict[int, list[Column]] = {}
        claimed: set[str] = set()
        for col in range(1, len(headers)):
            folded = comparison_key(headers[col].own) or comparison_key(headers[col].text)
            # A header that names two columns ("Tal på nettselskap Ca. tal på målepunkt" over
            # one column: the grid lost the other) cannot say which this one is.
            ambiguous = len(_named_keys(folded, aliases)) > 1
            for alias, spec_column in aliases:
                if alias and spec_column.key not in claimed and alias in folded:
                    multiplier = find_multiplier(headers[col].text)
                    mapping[col] = [Column(spec_column.key, spec_column.unit, _approximate(alias),
                                           column_multiplier(spec_column.unit, multiplier),
                                           assumed=ambiguous)]
                    claimed.add(spec_column.key)
                    break
        # A group header over several grid columns names one key: its other columns are the
        # rest of that key's cells (a number OCR split: "1 733" "000").
        for col in range(1, len(headers)):
            group = headers[col].group_id
            if col not in mapping and group is not None:
                named = [c for c in mapping if headers[c].group_id == group]
                if len(named) == 1 and not headers[named[0]].own:
                    mapping[col] = mapping[named[0]]
        notes: list[str] = []
        unnamed = [col for col in range(1, len(headers)) if col not in mapping]
        remaining = [c for c in table.columns if c.key not in claimed]
        if unnamed and remaining:
            notes.append(_unnamed_note([c.key for c in remaining]))
            for col, spec_column in zip(unnamed, remaining, strict=False):
                mapping[col] = [_assumed(spec_column, headers[col])]
            order = [table.columns.index(next(c for c in table.columns if c.key == column.key))
                     for col in sorted(mapping) for column in mapping[col][:1]]
            if order != sorted(order):
                # Some headers named, the rest taken in order, and the two disagree: a header
                # misread as another column's ("Svært høg risiko" read "høg risiko"). Every
                # column then in the spec's order, every value flagged.
                notes.append("the named and the assumed columns are out of the spec's order; "
                             "all taken in the spec's order")
                mapping = {col: [_assumed(spec_column, headers[col])]
                           for col, spec_column in zip(range(1, len(headers)), table.columns,
                                                       strict=False)}
        return mapping, notes


def _named_keys(folded: str, aliases: Sequence[tuple[str, ColumnSpec]]) -> set[str]:
    """The spec columns a header's text names, each alias (longest first) where no longer
    one already stands: "ca antall malepunkt" names one column, not also "antall"'s."""
    taken: list[range] = []
    keys: set[str] = set()
    for alias, spec_column in aliases:
        start = folded.find(alias) if alias else -1
        while start >= 0:
            span = range(start, start + len(alias))
            if not any(start in t or span[-1] in t for t in taken):
                taken.append(span)
                keys.add(spec_column.key)
                break
            start = folded.find(alias, start + 1)
    return keys


def _assumed(spec_column: ColumnSpec, header: ColumnHeader) -> Column:
    """A spec column placed by the spec's order, not by its header."""
    return Column(spec_column.key, spec_column.unit,
                  multiplier=column_multiplier(spec_column.unit, find_multiplier(header.text)),
                  assumed=True)


class Periods:
    """Years and quarters: one column (or one per key) each, in whichever order printed."""

    def from_line(self, table: TableSpec, header_text: str) -> LineColumns:
        assert table.header_columns is not None
        source = table.header_columns
        multiplier = find_multiplier(header_text)
        notes = []
        values = period_keys(header_text)
        if not periods_in_order(values) or not periods_complete(header_text, values):
            notes.append(f"header periods {values} are out of order or incomplete; their "
                         "values are flagged assumed_column")
        return _per_value(source.keys, source.units, values, multiplier, bool(notes)), notes

    def from_cells(self, table: TableSpec, headers: Sequence[ColumnHeader]) -> CellColumns:
        assert table.header_columns is not None
        template, unit = table.header_columns.keys[0], table.header_columns.units[0]
        printed = [cell_period(h.own, h.group) for h in headers[1:]]
        periods, inferred = infer_periods(printed)
        found = [p for p in periods if p]
        ordered = periods_in_order(found) or periods_in_order(found[::-1])
        notes = []
        if not ordered or len(set(found)) != len(found):
            notes.append(f"header periods {found} are out of order or repeated; their values "
                         "are flagged assumed_column")
        if inferred:
            shown = ", ".join(f"{printed[i] or '?'} -> {periods[i]}" for i in sorted(inferred))
            notes.append(f"header periods read wrong or not at all, taken from their "
                         f"neighbours ({shown}); their values are flagged assumed_column")
        disordered = (bool(notes) and not inferred) or len(notes) > 1
        mapping = {}
        for offset, (period, header) in enumerate(zip(periods, headers[1:], strict=True),
                                                  start=1):
            if period is None:
                continue
            multiplier = find_multiplier(header.text)
            mapping[offset] = [Column(template.format(period=period, year=period), unit,
                                      multiplier=column_multiplier(unit, multiplier),
                                      assumed=disordered or offset - 1 in inferred)]
        return mapping, notes


def _per_value(templates: Sequence[str], units: Sequence[str | None], values: Sequence[str],
               multiplier: Decimal, assumed: bool) -> list[Column]:
    """Each printed period or year's columns: one per key template."""
    columns = []
    for value in values:
        for template, unit in zip(templates, units, strict=True):
            key = template.format(period=value, year=value)
            columns.append(Column(key, unit, multiplier=column_multiplier(unit, multiplier),
                                  assumed=assumed))
    return columns


class ReportingYears:
    """Reporting years ("2016-rapportering"): each year's keys, a count and its share."""

    def from_line(self, table: TableSpec, header_text: str) -> LineColumns:
        assert table.header_columns is not None
        source = table.header_columns
        values = [m[1] for m in words.reporting_year().finditer(header_text)]
        return _per_value(source.keys, source.units, values, find_multiplier(header_text),
                          False), []

    def from_cells(self, table: TableSpec, headers: Sequence[ColumnHeader]) -> CellColumns:
        """A year's keys go to its column ("16 (14%)"), or one each to the columns under its
        group header, or the share to a "(%)" column printed after it. A year OCR misread past
        reading ("Z017-rapportering") is taken from the run its neighbours' years make, and
        its values flagged assumed_column."""
        assert table.header_columns is not None
        source = table.header_columns
        units = _header_units(headers)
        # A share column says so in its header ("(%)"); one whose header OCR could not read
        # ("mo]") and names no year says so by its cells, every one a share.
        said = [len(members) == 1 and bool(words.percent_header().match(text))
                for members, text in units]
        by_cells = [not share and len(members) == 1 and headers[members[0]].shares_below
                    and _reporting_year(text) is None
                    for (members, text), share in zip(units, said, strict=True)]
        shares = [a or b for a, b in zip(said, by_cells, strict=True)]
        printed = [_reporting_year(text) for (_, text), share in zip(units, shares, strict=True)
                   if not share]
        years, inferred = infer_periods(printed)
        # Only a header that says it is a reporting year gets one from its neighbours: an
        # empty header cell is another column's overflow, not a year.
        reporting = [bool(words.reporting_word().search(text))
                     for (_, text), share in zip(units, shares, strict=True) if not share]
        inferred = {i for i in inferred if reporting[i]}
        years = [year if printed[i] is not None or i in inferred else None
                 for i, year in enumerate(years)]
        year_of = iter(enumerate(years))
        notes = []
        if inferred:
            shown = ", ".join(f"{printed[i] or '?'} -> {years[i]}" for i in sorted(inferred))
            notes.append(f"reporting years read wrong or not at all, taken from their "
                         f"neighbours ({shown}); their values are flagged assumed_column")
        mapping: dict[int, list[Column]] = {}
        previous: int | None = None
        for (members, text), share, unread in zip(units, shares, by_cells, strict=True):
            if share:
                if previous is not None:
                    shares_of = [replace(c, assumed=c.assumed or unread)
                                 for c in mapping[previous] if is_share(c.unit)]
                    mapping[previous] = [c for c in mapping[previous] if not is_share(c.unit)]
                    mapping[members[0]] = shares_of
                    notes += [f"a column headed {text!r} holds shares in every cell: read as "
                              f"{', '.join(c.key for c in shares_of)}; its values are flagged "
                              "assumed_column"] if unread else []
                previous = None
                continue
            position, year = next(year_of)
            if year is None:
                previous = None
                continue
            columns = [Column(key.format(year=year, period=year), unit,
                              assumed=position in inferred)
                       for key, unit in zip(source.keys, source.units, strict=True)]
            if len(members) == len(columns):
                for member, column in zip(members, columns, strict=True):
                    mapping[member] = [column]
                previous = None
            else:
                mapping[members[0]] = columns
                previous = members[0]
        return mapping, notes


def _reporting_year(text: str) -> str | None:
    """The year of a reporting year's header ("Antall selskap 2016-rapportering"), or None.
    OCR splits a bold "2017-" as "201 7-": digits a space apart are read together when
    the header shows no year otherwise (a header holds no thousands-grouped number)."""
    if not words.reporting_word().search(text):
        return None
    years = set(words.year_in_cell().findall(text)) \
        or set(words.year_in_cell().findall(_DIGITS_APART.sub("", text)))
    return years.pop() if len(years) == 1 else None


_DIGITS_APART = re.compile(r"(?<=\d) (?=\d)")


def _header_units(headers: Sequence[ColumnHeader]) -> list[tuple[list[int], str]]:
    """Value columns in printed order as units: a group header with the columns under it
    (its text and theirs together), or one column alone."""
    units: list[tuple[list[int], str]] = []
    for col in range(1, len(headers)):
        header = headers[col]
        if header.group_id is not None and units and units[-1][0] \
                and headers[units[-1][0][0]].group_id == header.group_id:
            members, text = units[-1]
            units[-1] = ([*members, col], f"{text} {header.own}".strip())
        else:
            units.append(([col], header.text if header.group_id is None
                          else f"{header.group} {header.own}".strip()))
    return units


# The spec names a table's header source ("from" of its header_columns); a table without one
# has fixed keys. spec/loader.py accepts the names listed here.
FIXED_KEYS = "fixed_keys"
COLUMN_SOURCES: Mapping[str, ColumnSource] = {
    FIXED_KEYS: FixedKeys(),
    "periods": Periods(),
    "reporting_years": ReportingYears(),
}


def column_source(table: TableSpec) -> ColumnSource:
    """The source a table's columns come from."""
    return COLUMN_SOURCES[table.header_columns.source if table.header_columns else FIXED_KEYS]


def read_columns(table: TableSpec, header_text: str) -> LineColumns:
    """Columns in printed order from a header read as one text, with notes on anything
    assumed."""
    return column_source(table).from_line(table, header_text)


def map_columns(table: TableSpec, grid: Grid) -> CellColumns:
    """{grid column: the spec columns its cells hold}, and notes on anything assumed."""
    return column_source(table).from_cells(table, column_headers(grid))
