"""A spec table read from grids: which column is which key, which row is which label.

The layout stage found cells by geometry (layout/grids.py); here they get
their meaning, one small step at a time:

    map_columns      grid columns → the spec's columns, by the table's column source
                     (columns.py): fixed keys by their header aliases, years and quarters,
                     or reporting years
    grid_rows        body rows → printed rows: the label cell matched to a row key, each
                     value cell read as the number(s) of its column(s); an empty cell
                     stays empty, so no value ever moves to its neighbour
    read_grids       the chain for a table's grids (one per page it is printed on): a
                     continuation without a header, or with its header repeated, reads
                     with the first part's columns

The result is the same `TableParse` (table_parse.py) the line reader (by_lines.py)
gives, so the later steps treat both alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..model import Line, ReportWarning, Word
from ..model.grid import Grid
from ..model.spec import TableSpec
from ..model.units import is_share
from .columns import column_headers, map_columns
from .labels import match_label, plain_key
from .table_parse import Column, PrintedRow, PrintedValue, TableParse
from .values import is_value_word, plausible_shares, value_splits


class PrintedLines:
    """The printed line of each word of a table's lines, by its page and the word itself.

    Layout builds a page's cells from the very words of that page's lines, and a word is
    frozen: equal words on one page are one printed word (its text at one place), which
    reading put on one line."""

    def __init__(self, lines: Sequence[Line]):
        self._lines = {(line.page, word): line for line in lines for word in line.words}
        self._first = lines[0]

    def line_of(self, placed: Iterable[tuple[int | None, Word]]) -> Line:
        """The line of the first of the words (each with its cell's page) a line holds;
        else the table's first line."""
        for page_and_word in placed:
            line = self._lines.get(page_and_word)
            if line is not None:
                return line
        return self._first


def _cell_values(words: Sequence[Word], columns: Sequence[Column]
                 ) -> list[PrintedValue | None] | None:
    """A cell's words as one value per spec column it holds (None: an empty cell); None when
    they do not read so."""
    if not words:
        return [None for _ in columns]
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
              approximate: Mapping[str, bool], printed: PrintedLines
              ) -> tuple[list[tuple[PrintedRow, dict[str, PrintedValue]]], list[ReportWarning]]:
    """Every body row with a label: its label matched, its cells read as numbers (by key).

    `approximate` is the table's columns' "Ca." by key: a part whose header is printed
    again reads its numbers as the table's header says."""
    aliases = table.row_aliases()
    slots = [(cols, [replace(c, approximate=approximate.get(c.key, c.approximate))
                     for c in columns]) for cols, columns in _slots(mapping)]
    rows: list[tuple[PrintedRow, dict[str, PrintedValue]]] = []
    warnings: list[ReportWarning] = []
    # A row of label alone just before (its warning's index): maybe the start of the next
    # row's label, which nothing on the page divided from it.
    pending: tuple[str, int] | None = None
    for index in range(grid.header_rows, grid.n_rows):
        stub = grid.cell(index, 0)
        stub_words = stub.words if stub else ()
        stub_page = stub.page if stub else None
        label = stub.text if stub else ""
        value_cells = {col: grid.cell(index, col) for col in sorted(mapping)}
        placed_in_row = [(cell.page, w) for cell in value_cells.values() if cell
                         for w in cell.words]
        words_in_row = [w for _, w in placed_in_row]
        where = printed.line_of(placed_in_row or [(stub_page, w) for w in stub_words])
        if not plain_key(label):
            if words_in_row:
                text = " ".join(w.text for w in words_in_row)
                warnings.append(ReportWarning("stray_numbers",
                                              f"{table.id}: numbers without a label "
                                              f"were left out: {text!r}", where.number, where.page))
            continue
        values: dict[str, PrintedValue] = {}
        unreadable = []
        for cols, columns in slots:
            words = [w for col in cols if value_cells[col] for w in value_cells[col].words]
            cell_values = _cell_values(words, columns)
            if cell_values is None:
                unreadable.append(" ".join(w.text for w in words))
                continue
            for column, value in zip(columns, cell_values, strict=True):
                if value is not None:
                    values[column.key] = value
        if unreadable:
            warnings.append(ReportWarning("unreadable_value", f"{table.id}: {label!r}: "
                                    f"{', '.join(map(repr, unreadable))} is not a value; left out",
                                    where.number, where.page))
        if not values:
            if rows and _completes(rows[-1][0], label, aliases):
                rows[-1][0].label_lines.append(where)  # the row above's label, wrapped
                pending = None
                continue
            warnings.append(ReportWarning("label_without_values", f"{table.id}: a label with no "
                                    f"values: {label!r}", where.number, where.page))
            pending = (label, len(warnings) - 1)
            continue
        match = match_label(label, aliases)
        if match.key is None and pending is not None:
            joined = match_label(f"{pending[0]} {label}", aliases)
            if joined.key is not None:  # the label began on the line(s) above its row
                label, match = f"{pending[0]} {label}", joined
                del warnings[pending[1]]
        pending = None
        if match.key is None:
            parts = _two_labels(stub_words, words_in_row, aliases)
            if parts is not None:
                empty, stub_words = parts
                label = " ".join(w.text for w in stub_words)
                match = match_label(label, aliases)
                warnings.append(ReportWarning("label_without_values",
                                              f"{table.id}: a label with no "
                                              f"values: {empty!r}", where.number, where.page))
        if match.key is None and rows and not rows[-1][1].keys() & values.keys() \
                and _completes(rows[-1][0], label, aliases):
            # One row cut in two: its values straddle a wrapped label, and a skewed scan
            # set some of them with its second line ("Kompetanse-/ 32 _ 14 2" over
            # "ressursbegrensning _ 63 _ _"): each part fills the columns the other leaves.
            rows[-1][1].update(values)
            rows[-1][0].label_lines.append(where)
            continue
        row_spec = table.row(match.key) if match.key else None
        if row_spec is not None and is_share(row_spec.unit):
            # Each cell is one share: one over 100 % (an OCR misread) goes, not its row.
            implausible = [key for key, value in values.items()
                           if not plausible_shares([value])]
            for key in implausible:
                text = values.pop(key).text
                warnings.append(ReportWarning("implausible_values",
                                              f"{table.id}: {label!r}, {key}: "
                                              f"{text!r} would be a share over 100 %; left out",
                                              where.number, where.page,
                                              (table.id, match.key, key)))
            if not values:
                continue
        label_lines = list(dict.fromkeys(printed.line_of([(stub_page, w)]) for w in stub_words))
        rows.append((PrintedRow(label, match, where, label_lines, []), values))
    return rows, warnings


def _with_stub(grid: Grid, row: int, words: Sequence[Word]) -> Grid:
    cells = tuple(replace(c, words=tuple(words)) if (c.row, c.col) == (row, 0) else c
                  for c in grid.cells)
    return replace(grid, cells=cells)


def carry_broken_row(previous: Grid, grid: Grid, aliases: Mapping[str, Sequence[str]]
                     ) -> tuple[Grid, Grid]:
    """Two parts of a table, with a row a page break cut in two made whole again.

    A word processor lets a row break across pages: the last label on one page ends on
    the next ("%-vis antall målere installert" / "per år"). When the last row's label
    matches no row, and the first label lines of the next part complete it to a row's
    label (the rest, if any, being the next row's), those lines move back up."""
    last_row, first_row = previous.n_rows - 1, grid.header_rows
    last, first = previous.cell(last_row, 0), grid.cell(first_row, 0)
    if (last_row < previous.header_rows or first is None or last is None or last.empty
            or first.empty or match_label(last.text, aliases).key is not None):
        return previous, grid
    has_values = any(not c.empty for c in grid.cells if c.row == first_row and c.col > 0)
    lines = _text_lines(first.words)
    for cut in range(1, len(lines) + (0 if has_values else 1)):
        upper = [w for line in lines[:cut] for w in line]
        lower = [w for line in lines[cut:] for w in line]
        key = match_label(" ".join(w.text for w in (*last.words, *upper)), aliases).key
        if key is None:
            continue
        if lower and match_label(" ".join(w.text for w in lower), aliases).key in (None, key):
            continue
        return (_with_stub(previous, last_row, (*last.words, *upper)),
                _with_stub(grid, first_row, lower))
    return previous, grid


def _carry_past_last_grid(row: PrintedRow, grid: Grid, lines: Sequence[Line],
                          aliases: Mapping[str, Sequence[str]]) -> None:
    """The table's last row, when a page break cut its label and the rest stands alone on
    the next page (a line of label, no grid there): that line completes the label when
    the two together match a row and the label alone does not. A header the page prints
    again before it (lines of the grid's header words) is passed over."""
    pages = [page for page in grid.pages if page is not None]
    if not pages:
        return
    header = {w.text for cell in grid.cells if cell.header for w in cell.words}
    after = [line for line in lines if line.page is not None and line.page > max(pages)
             and line.words and not all(w.text in header for w in line.words)]
    if after and not any(is_value_word(w.text) for w in after[0].words) \
            and _completes(row, after[0].text.strip(), aliases):
        row.label_lines.append(after[0])


def _completes(row: PrintedRow, label: str, aliases: Mapping[str, Sequence[str]]) -> bool:
    """True when `label`, a row of label alone, ends the label of `row` above it: that
    label matches no row, and the two together do (a wrapped label that nothing on the
    page told from a row of its own). `row` takes the joined label."""
    if row.match.key is not None:
        return False
    joined = match_label(f"{row.label} {label}", aliases)
    if joined.key is None:
        return False
    row.label, row.match = f"{row.label} {label}", joined
    return True


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
               ) -> TableParse | None:
    """A table printed as one or more grids (a page break splits it): None when no grid
    has columns the spec can place, so the caller falls back to reading lines.

    The first part whose header places columns decides them; a later part with no
    header, or with the header repeated, is read with those columns."""
    if not grids or not lines:
        return None
    printed = PrintedLines(lines)
    mapping: dict[int, list[Column]] = {}
    notes: list[str] = []
    found: list[tuple[PrintedRow, dict[str, PrintedValue]]] = []
    warnings: list[ReportWarning] = []
    header_text = ""
    grids = list(grids)
    for index in range(1, len(grids)):
        grids[index - 1], grids[index] = carry_broken_row(grids[index - 1], grids[index],
                                                          table.row_aliases())
    placed_by: Grid | None = None  # the part whose header placed the columns
    for grid in grids:
        own, own_notes = map_columns(table, grid) if grid.header_rows else ({}, [])
        if own and not mapping:
            mapping, notes, placed_by = own, own_notes, grid
            header_text = " | ".join(h.text for h in column_headers(grid))
        part = own if own else mapping
        if not own and placed_by is not None and grid.n_cols != placed_by.n_cols:
            part = _placed_by_extent(mapping, placed_by, grid)
        if not part or grid.n_cols - 1 < max(part):
            continue  # a part whose columns cannot be placed
        if _unplaced_values(grid, part):
            return None  # a column of values no key fits: reading by lines is safer
        part_rows, part_warnings = grid_rows(table, grid, part, _approximate(mapping),
                                             printed)
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
                part_rows, part_warnings = grid_rows(table, grid, mapping,
                                                     _approximate(mapping), printed)
                found += part_rows
                warnings += part_warnings
    if not mapping or not found:
        return None
    _carry_past_last_grid(found[-1][0], grids[-1], lines, table.row_aliases())
    columns = _columns(mapping)
    rows = []
    for row, values in found:
        row.alternatives = [[values.get(column.key) for column in columns]]
        rows.append(row)
    if len(grids) > 1:
        notes.append(f"printed in {len(grids)} parts (a page break); read as one table")
    return TableParse(columns, rows, header_text, warnings, notes)


def _placed_by_extent(mapping: Mapping[int, list[Column]], placed_by: Grid, grid: Grid
                      ) -> dict[int, list[Column]]:
    """A part without a header whose columns are not those of the part that placed them (a
    rule on one page cut a column in two): each of its columns takes the keys of the
    placed columns it stands over, when they are one column's keys; else it is left
    unplaced."""
    part: dict[int, list[Column]] = {}
    for col in range(1, grid.n_cols):
        x0, x1 = grid.columns[col]
        under = [mapping[placed] for placed in sorted(mapping)
                 if min(x1, placed_by.columns[placed][1]) > max(x0, placed_by.columns[placed][0])]
        distinct = list(dict.fromkeys(tuple(columns) for columns in under))
        if len(distinct) == 1:
            part[col] = list(distinct[0])
    return part


def _columns(mapping: Mapping[int, list[Column]]) -> list[Column]:
    """The table's columns: each key once, as the leftmost grid column holding it has it."""
    seen: dict[str, Column] = {}
    for column in (column for col in sorted(mapping) for column in mapping[col]):
        seen.setdefault(column.key, column)
    return list(seen.values())


def _approximate(mapping: Mapping[int, list[Column]]) -> dict[str, bool]:
    """Whether each of the table's columns is approximate ("Ca." in its header), by key."""
    return {column.key: column.approximate for column in _columns(mapping)}
