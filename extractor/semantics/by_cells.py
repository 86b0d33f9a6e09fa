"""A spec table read from grids: which column is which key, which row is which label.

The layout stage found cells by geometry (layout/grids.py); here they get
their meaning, one small step at a time:

    column_headers   each grid column's header text: its own stacked cells, and the
                     group header above it (which may cover several columns)
    map_columns      grid columns → the spec's columns: fixed keys by their header
                     aliases, years and quarters, or reporting years ("16 (14%)" in one
                     column, or the share in a "(%)" column of its own)
    grid_rows        body rows → printed rows: the label cell matched to a row key, each
                     value cell read as the number(s) of its column(s); an empty cell
                     stays empty, so no value ever moves to its neighbour
    read_grids       the chain for a table's grids (one per page it is printed on): a
                     continuation without a header, or with its header repeated, reads
                     with the first part's columns

The result is the same `GridParse` the line parser (by_lines.py) gives, so the
pipeline treats both alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..lexicon.numbers import find_multiplier
from ..model import Line, ReportWarning, Word
from ..model.grid import Grid
from ..model.spec import TableSpec
from .by_lines import (
    _APPROXIMATE_WORDS,
    Column,
    GridParse,
    PrintedRow,
    _column_multiplier,
    _plausible_shares,
    periods_in_order,
    value_splits,
)
from .labels import comparison_key, match_label, plain_key

# A year in a header cell; OCR may glue it to its quarter ("1.kv.2017").
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# A quarter as printed in a header cell: "1.kv", "1. kv.", "1. kvartal", "Q1". OCR may read the
# dot or not, and its digit as a letter, or add specks ("d3.kv", "2kv", "IL.kv"): the last
# digit before "kv" is the quarter; none at all, and the neighbours tell (see _repair_quarters).
_QUARTER = re.compile(r"(\S*?)\s*\.?\s*kv(?:artal)?\.?(?![a-zæøå])|(?<![A-Za-z])Q([1-4])\b", re.I)
_REPORTING = re.compile(r"rapportering", re.I)
_PERCENT_ONLY = re.compile(r"^\W*(?:andel|del|prosent)?\W*%\W*$|^\W*(?:andel|prosent)\W*$", re.I)


@dataclass(frozen=True)
class ColumnHeader:
    """What is printed above one grid column."""

    own: str  # its own header cell(s), stacked lines joined
    group: str  # a header cell spanning it and its neighbours ("" when none)
    group_id: int | None  # the spanning cell's first column, to tell groups apart

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
    return [ColumnHeader(" ".join(w.text for w in own.get(col, [])),
                         groups.get(col, ("", None))[0], groups.get(col, ("", None))[1])
            for col in range(grid.n_cols)]


def _period(header: ColumnHeader) -> str | None:
    """The year or quarter a column stands for: "2016", "2017-Q1"; None when not one."""
    quarter = None
    for text in (header.own, header.group):
        found = _QUARTER.search(text)
        if found:
            digits = [ch for ch in (found[1] or found[2] or "") if ch.isdigit()]
            quarter = int(digits[-1]) if digits and digits[-1] in "1234" else 0  # 0: misread
            break
    years = _YEAR.findall(header.own) or _YEAR.findall(header.group)
    if len(set(years)) != 1:
        return None
    if quarter is None:
        return years[0]
    return f"{years[0]}-Q{quarter}"


def _step(period: str | None) -> tuple[str, int] | None:
    """A period as a kind and a count: ("Q", quarters since year 0), ("Y", year), or
    ("Q?", year) for a quarter whose number OCR lost ("2018-Q0"); None when unread."""
    if period is None:
        return None
    if period.endswith("-Q0"):
        return "Q?", int(period[:4])
    if "-Q" in period:
        return "Q", int(period[:4]) * 4 + int(period[-1]) - 1
    return "Y", int(period)


def _label(kind: str, count: int) -> str:
    return f"{count // 4}-Q{count % 4 + 1}" if kind == "Q" else str(count)


def _fit(steps: Sequence[tuple[str, int] | None], kind: str) -> list[int] | None:
    """The run of consecutive periods (forward or backward) the readable ones agree with
    most. A whole reading counts 1; in a run of quarters, a year read without its quarter
    counts half. Accepted with at least one whole reading and two in all agreeing, and
    at least half of what was read."""
    whole = [(i, s[1]) for i, s in enumerate(steps) if s is not None and s[0] == kind]
    partial = [(i, s[1]) for i, s in enumerate(steps)
               if kind == "Q" and s is not None and s[0] != "Q"]
    total = len(whole) + 0.5 * len(partial)
    best: tuple[float, list[int]] | None = None
    for i, count in whole:
        for direction in (1, -1):
            run = [count + direction * (j - i) for j in range(len(steps))]
            score = sum(run[j] == c for j, c in whole)
            score += 0.5 * sum(run[j] // 4 == year for j, year in partial)
            if best is None or score > best[0]:
                best = (score, run)
    if best is None or best[0] < 2 or 2 * best[0] < total:
        return None
    return best[1]


def infer_periods(periods: Sequence[str | None]) -> tuple[list[str | None], set[int]]:
    """The periods of a header as printed, with those OCR misread or lost filled in from
    the run the others agree on: years one after another, or quarters after (or before,
    printed newest first) one whole-year column. Returns them and the positions filled in.
    """
    steps = [_step(p) for p in periods]
    filled = list(periods)
    quarters = [i for i, s in enumerate(steps) if s and s[0] in ("Q", "Q?")]
    kind = "Q" if len(quarters) >= 2 and any(s and s[0] == "Q" for s in steps) else "Y"
    start, end = 0, len(steps)
    if kind == "Q":  # one whole-year column: before the first quarter, or after the last
        if quarters[0] > 0:
            start = 1
        elif quarters[-1] < len(steps) - 1:
            end = len(steps) - 1
    run = _fit(steps[start:end], kind)
    if run is None:
        return filled, set()
    for offset, count in enumerate(run):
        filled[start + offset] = _label(kind, count)
    if kind == "Q" and start == 1 and run[0] % 4 == 0:  # "2016 | 1.kv 2017 ...": up to 2016
        filled[0] = str(run[0] // 4 - 1)
    if kind == "Q" and end < len(steps) and run[-1] % 4 == 0:  # newest first
        filled[-1] = str(run[-1] // 4 - 1)
    changed = {i for i, (a, b) in enumerate(zip(periods, filled, strict=True)) if a != b}
    return filled, changed


def _period_columns(table: TableSpec, headers: Sequence[ColumnHeader]
                    ) -> tuple[dict[int, list[Column]], list[str]]:
    """Years and quarters: one column each, in whichever order they are printed."""
    assert table.header_columns is not None
    template, unit = table.header_columns.keys[0], table.header_columns.units[0]
    printed = [_period(h) for h in headers[1:]]
    periods, inferred = infer_periods(printed)
    found = [p for p in periods if p]
    ordered = periods_in_order(found) or periods_in_order(found[::-1])
    notes = []
    if not ordered or len(set(found)) != len(found):
        notes.append(f"header periods {found} are out of order or repeated; their values are "
                     "flagged assumed_column")
    if inferred:
        shown = ", ".join(f"{printed[i] or '?'} -> {periods[i]}" for i in sorted(inferred))
        notes.append(f"header periods read wrong or not at all, taken from their neighbours "
                     f"({shown}); their values are flagged assumed_column")
    disordered = (bool(notes) and not inferred) or len(notes) > 1
    mapping = {}
    for offset, (period, header) in enumerate(zip(periods, headers[1:], strict=True), start=1):
        if period is None:
            continue
        multiplier = find_multiplier(header.text)
        mapping[offset] = [Column(template.format(period=period, year=period), unit,
                                  multiplier=_column_multiplier(unit, multiplier),
                                  assumed=disordered or offset - 1 in inferred)]
    return mapping, notes


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


def _reporting_columns(table: TableSpec, headers: Sequence[ColumnHeader]
                       ) -> tuple[dict[int, list[Column]], list[str]]:
    """Reporting years ("2016-rapportering"): a year's keys (companies and share) go to its
    column ("16 (14%)"), or one each to the columns under its group header, or the share to
    a "(%)" column printed after it."""
    assert table.header_columns is not None
    source = table.header_columns
    mapping: dict[int, list[Column]] = {}
    previous: int | None = None
    for members, text in _header_units(headers):
        years = set(_YEAR.findall(text)) if _REPORTING.search(text) else set()
        if len(years) == 1:
            year = years.pop()
            columns = [Column(key.format(year=year, period=year), unit)
                       for key, unit in zip(source.keys, source.units, strict=True)]
            if len(members) == len(columns):
                for member, column in zip(members, columns, strict=True):
                    mapping[member] = [column]
                previous = None
            else:
                mapping[members[0]] = columns
                previous = members[0]
        elif previous is not None and len(members) == 1 and _PERCENT_ONLY.match(text):
            shares = [c for c in mapping[previous] if c.unit == "percent"]
            mapping[previous] = [c for c in mapping[previous] if c.unit != "percent"]
            mapping[members[0]] = shares
            previous = None
    return mapping, []


def _fixed_columns(table: TableSpec, headers: Sequence[ColumnHeader]
                   ) -> tuple[dict[int, list[Column]], list[str]]:
    """The spec's fixed columns placed by their header aliases; the rest in the spec's order
    (flagged assumed_column) when the header does not name them."""
    aliases = sorted(((comparison_key(alias), spec_column) for spec_column in table.columns
                      for alias in spec_column.headers), key=lambda item: -len(item[0]))
    mapping: dict[int, list[Column]] = {}
    claimed: set[str] = set()
    for col in range(1, len(headers)):
        folded = comparison_key(headers[col].own) or comparison_key(headers[col].text)
        for alias, spec_column in aliases:
            if alias and spec_column.key not in claimed and alias in folded:
                approximate = alias.split()[0] in _APPROXIMATE_WORDS
                multiplier = find_multiplier(headers[col].text)
                mapping[col] = [Column(spec_column.key, spec_column.unit, approximate,
                                       _column_multiplier(spec_column.unit, multiplier))]
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
        notes.append(f"header names no column for {', '.join(c.key for c in remaining)}; "
                     "columns taken in the spec's order and their values flagged "
                     "assumed_column")
        for col, spec_column in zip(unnamed, remaining, strict=False):
            mapping[col] = [Column(spec_column.key, spec_column.unit,
                                   multiplier=_column_multiplier(
                                       spec_column.unit, find_multiplier(headers[col].text)),
                                   assumed=True)]
        order = [table.columns.index(next(c for c in table.columns if c.key == column.key))
                 for col in sorted(mapping) for column in mapping[col][:1]]
        if order != sorted(order):
            # Some headers named, the rest taken in order, and the two disagree: a header
            # misread as another column's ("Svært høg risiko" read "høg risiko"). Every
            # column then in the spec's order, every value flagged.
            notes.append("the named and the assumed columns are out of the spec's order; "
                         "all taken in the spec's order")
            mapping = {col: [Column(spec_column.key, spec_column.unit,
                                    multiplier=_column_multiplier(
                                        spec_column.unit, find_multiplier(headers[col].text)),
                                    assumed=True)]
                       for col, spec_column in zip(range(1, len(headers)), table.columns,
                                                   strict=False)}
    return mapping, notes


def map_columns(table: TableSpec, grid: Grid) -> tuple[dict[int, list[Column]], list[str]]:
    """{grid column: the spec columns its cells hold}, and notes on anything assumed."""
    headers = column_headers(grid)
    if table.header_columns is None:
        return _fixed_columns(table, headers)
    if table.header_columns.source == "periods":
        return _period_columns(table, headers)
    return _reporting_columns(table, headers)


def _line_of(words: Sequence[Word], lines_by_word: Mapping[int, Line], fallback: Line) -> Line:
    for word in words:
        line = lines_by_word.get(id(word))
        if line is not None:
            return line
    return fallback


def _cell_groups(words: Sequence[Word], columns: Sequence[Column]) -> list[list[Word]] | None:
    """A cell's words as one group per spec column it holds; None when they do not read so."""
    if not words:
        return [[] for _ in columns]
    words = _count_and_share_apart(words)
    splits = value_splits(words, columns)
    exact = splits.get(len(words))
    return exact[0] if exact else None


_COUNT_SHARE = re.compile(r"^([0-9]+)(\([0-9]+(?:,[0-9]+)?%\))$")


def _count_and_share_apart(words: Sequence[Word]) -> list[Word]:
    """A count and its bracketed share read as one word ("7(9%)": OCR lost the space) as
    two words, each with its share of the box."""
    out = []
    for word in words:
        match = _COUNT_SHARE.match(word.text)
        if match is None:
            out.append(word)
            continue
        cut = word.x0 + (word.x1 - word.x0) * len(match[1]) / len(word.text)
        out += [replace(word, text=match[1], x1=cut), replace(word, text=match[2], x0=cut)]
    return out


def _slots(mapping: Mapping[int, list[Column]]) -> list[tuple[list[int], list[Column]]]:
    """Grid columns read together: neighbours that hold the same one key are one cell."""
    slots: list[tuple[list[int], list[Column]]] = []
    for col in sorted(mapping):
        if slots and slots[-1][0][-1] == col - 1 and len(mapping[col]) == 1 \
                and slots[-1][1] == mapping[col]:
            slots[-1][0].append(col)
        else:
            slots.append(([col], mapping[col]))
    return slots


def grid_rows(table: TableSpec, grid: Grid, mapping: Mapping[int, list[Column]],
              lines_by_word: Mapping[int, Line], fallback: Line
              ) -> tuple[list[tuple[PrintedRow, dict[str, list[Word]]]], list[ReportWarning]]:
    """Every body row with a label: its label matched, its cells read as numbers (by key)."""
    aliases = table.row_aliases()
    rows: list[tuple[PrintedRow, dict[str, list[Word]]]] = []
    warnings: list[ReportWarning] = []
    for index in range(grid.header_rows, grid.n_rows):
        stub = grid.cell(index, 0)
        stub_words = stub.words if stub else ()
        label = stub.text if stub else ""
        value_cells = {col: grid.cell(index, col) for col in sorted(mapping)}
        words_in_row = [w for cell in value_cells.values() if cell for w in cell.words]
        where = _line_of(words_in_row or stub_words, lines_by_word, fallback)
        if not plain_key(label):
            if words_in_row:
                text = " ".join(w.text for w in words_in_row)
                warnings.append(ReportWarning("stray_numbers",
                                              f"{table.id}: numbers without a label "
                                              f"were left out: {text!r}", where.number, where.page))
            continue
        values: dict[str, list[Word]] = {}
        unreadable = []
        for cols, columns in _slots(mapping):
            words = [w for col in cols if value_cells[col] for w in value_cells[col].words]
            groups = _cell_groups(words, columns)
            if groups is None:
                unreadable.append(" ".join(w.text for w in words))
                continue
            for column, group in zip(columns, groups, strict=True):
                if group:
                    values[column.key] = group
        if unreadable:
            warnings.append(ReportWarning("unreadable_value", f"{table.id}: {label!r}: "
                                    f"{', '.join(map(repr, unreadable))} is not a value; left out",
                                    where.number, where.page))
        if not values:
            warnings.append(ReportWarning("label_without_values", f"{table.id}: a label with no "
                                    f"values: {label!r}", where.number, where.page))
            continue
        match = match_label(label, aliases)
        if match.key is None:
            parts = _two_labels(stub_words, words_in_row, aliases)
            if parts is not None:
                empty, stub_words = parts
                label = " ".join(w.text for w in stub_words)
                match = match_label(label, aliases)
                warnings.append(ReportWarning("label_without_values",
                                              f"{table.id}: a label with no "
                                              f"values: {empty!r}", where.number, where.page))
        row_spec = table.row(match.key) if match.key else None
        if row_spec is not None and row_spec.unit == "percent":
            # Each cell is one share: one over 100 % (an OCR misread) goes, not its row.
            implausible = [key for key, words in values.items()
                           if not _plausible_shares([words])]
            for key in implausible:
                text = " ".join(w.text for w in values.pop(key))
                warnings.append(ReportWarning("implausible_values",
                                              f"{table.id}: {label!r}, {key}: "
                                              f"{text!r} would be a share over 100 %; left out",
                                              where.number, where.page))
            if not values:
                continue
        label_lines = list(dict.fromkeys(_line_of([w], lines_by_word, fallback)
                                         for w in stub_words))
        rows.append((PrintedRow(label, match, where, label_lines, []), values))
    return rows, warnings


def _text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words in lines: a word whose middle falls within the line above joins it."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        if lines and (word.top + word.bottom) / 2 <= max(w.bottom for w in lines[-1]):
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _two_labels(stub: Sequence[Word], values: Sequence[Word],
                aliases: Mapping[str, Sequence[str]]) -> tuple[str, list[Word]] | None:
    """A label cell that holds two rows' labels: the row above or below it printed no value
    (an empty cell) and nothing on the page divided them, so its label joined this one.
    When the lines split into two labels of different rows, the part beside the values is
    this row's; the other part's text is returned with it."""
    lines = _text_lines(stub)
    if len(lines) < 2 or not values:
        return None
    middle = sum((w.top + w.bottom) / 2 for w in values) / len(values)
    for cut in range(1, len(lines)):
        upper = [w for line in lines[:cut] for w in line]
        lower = [w for line in lines[cut:] for w in line]
        upper_key = match_label(" ".join(w.text for w in upper), aliases).key
        lower_key = match_label(" ".join(w.text for w in lower), aliases).key
        if upper_key and lower_key and upper_key != lower_key:
            below = middle > max(w.bottom for w in upper)
            own, other = (lower, upper) if below else (upper, lower)
            return " ".join(w.text for w in other), own
    return None


def _unplaced_values(grid: Grid, mapping: Mapping[int, list[Column]]) -> bool:
    """True when a value column that no key was given holds text in the body: dropping it
    could drop a value, or half of one ("19" of "19 645")."""
    return any(not cell.header and not cell.empty and cell.col > 0 and cell.col not in mapping
               for cell in grid.cells)


def read_grids(table: TableSpec, grids: Sequence[Grid], lines: Sequence[Line]
               ) -> GridParse | None:
    """A table printed as one or more grids (a page break splits it): None when no grid
    has columns the spec can place, so the caller falls back to reading lines.

    The first part whose header places columns decides them; a later part with no
    header, or with the header repeated, is read with those columns."""
    if not grids or not lines:
        return None
    lines_by_word = {id(word): line for line in lines for word in line.words}
    mapping: dict[int, list[Column]] = {}
    notes: list[str] = []
    found: list[tuple[PrintedRow, dict[str, list[Word]]]] = []
    warnings: list[ReportWarning] = []
    header_text = ""
    for grid in grids:
        own, own_notes = map_columns(table, grid) if grid.header_rows else ({}, [])
        if own and not mapping:
            mapping, notes = own, own_notes
            header_text = " | ".join(h.text for h in column_headers(grid))
        part = own if own else mapping
        if not part or grid.n_cols - 1 < max(part):
            continue  # a part whose columns cannot be placed
        if _unplaced_values(grid, part):
            return None  # a column of values no key fits: reading by lines is safer
        part_rows, part_warnings = grid_rows(table, grid, part, lines_by_word, lines[0])
        found += part_rows
        warnings += part_warnings
    if not mapping and table.columns and grids[0].n_cols - 1 == len(table.columns):
        # No part printed a header (it stood on a page OCR could not read, or was left
        # off): the spec's columns in their order, flagged as assumed.
        mapping = {col: [Column(c.key, c.unit, assumed=True)]
                   for col, c in enumerate(table.columns, start=1)}
        notes.append("no header over the columns; taken in the spec's order and their "
                     "values flagged assumed_column")
        for grid in grids:
            if grid.n_cols - 1 == len(table.columns):
                part_rows, part_warnings = grid_rows(table, grid, mapping, lines_by_word,
                                                     lines[0])
                found += part_rows
                warnings += part_warnings
    if not mapping or not found:
        return None
    columns = _unique([column for col in sorted(mapping) for column in mapping[col]])
    rows = []
    for row, values in found:
        row.alternatives = [[values.get(column.key, []) for column in columns]]
        rows.append(row)
    if len(grids) > 1:
        notes.append(f"printed in {len(grids)} parts (a page break); read as one table")
    return GridParse(columns, rows, header_text, warnings, notes)


def _unique(columns: Sequence[Column]) -> list[Column]:
    seen: dict[str, Column] = {}
    for column in columns:
        seen.setdefault(column.key, column)
    return list(seen.values())
