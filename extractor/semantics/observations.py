"""Observations from what a table's reading found: each value with its row and column key,
unit, rounding, where it was printed and what we doubt about it.

    grid_observations   a TableParse's values, taking one number split per printed row
    prose_observations  values stated in sentences (prose.py), by the spec's patterns
    rounding_unit       how coarse a printed value is, for the checks' tolerances
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..lexicon import words as words_lexicon
from ..lexicon.numbers import ParsedNumber
from ..model import Observation, words_box
from ..model.spec import TableSpec
from ..model.units import is_count
from .labels import clean_label
from .prose import ProseValue
from .table_parse import Column, PrintedRow, PrintedValue, TableParse
from .values import scaled


def rounding_unit(number: ParsedNumber, unit: str, multiplier: Decimal = Decimal(1)) -> Decimal:
    """How coarse the printed value is: 0 for an exact count, else the printed precision."""
    exact_count = (is_count(unit) and not number.approximate and multiplier == 1
                   and number.value == number.value.to_integral_value())
    return Decimal(0) if exact_count else number.rounding_unit


def unit_of(table_spec: TableSpec, row_key: str | None, column_unit: str | None) -> str:
    """A value's unit: its row's, when the spec gives the row one, else its column's."""
    row = table_spec.row(row_key) if row_key else None
    return (row.unit if row and row.unit else None) or column_unit or ""


def row_keys(parse: TableParse) -> list[tuple[str, bool]]:
    """(key, matched) per printed row; a key is used once, later rows keep their label."""
    used: set[str] = set()
    keys = []
    for row in parse.rows:
        key, matched = row.match.key, row.match.key is not None
        if key is None or key in used:
            key, matched = clean_label(row.label), False
            base, n = key, 2
            while key in used:
                key, n = f"{base} ({n})", n + 1
        used.add(key)
        keys.append((key, matched))
    return keys


def grid_observations(
    table_spec: TableSpec, parse: TableParse, choice: Sequence[int]
) -> list[Observation]:
    """Observations of a table read by lines or cells, taking split `choice[i]` for printed
    row i."""
    observations = []
    for row, (key, matched), alternative in zip(parse.rows, row_keys(parse), choice,
                                                strict=True):
        for column, value in zip(parse.columns, row.alternatives[alternative], strict=True):
            if value is not None:  # an empty cell: no value, and none taken from a neighbour
                observations.append(_grid_value(table_spec, row, key, matched, column, value))
    return observations


def _grid_value(table_spec: TableSpec, row: PrintedRow, key: str, matched: bool, column: Column,
                value: PrintedValue) -> Observation:
    words = value.words
    multiplier = row.multiplier * column.multiplier
    # Read in its column's context ("Ca." makes it approximate, rounding included); the
    # header's and the label's multipliers apply here.
    number = scaled(value.number, multiplier)
    unit = unit_of(table_spec, key if matched else None, column.unit)
    obs = Observation(
        table=table_spec.id, row=key, column=column.key, value=number.value, unit=unit,
        raw=value.text, line=row.value_line.number, page=row.value_line.page,
        confidence=min(w.confidence for w in words),
        label=clean_label(row.label), rounding_unit=rounding_unit(number, unit, multiplier),
        box=words_box(words),
    )
    if number.approximate:
        obs.add_flag("approximate")
    if column.assumed:
        obs.add_flag("assumed_column")
    if number.repaired or row.match.how == "ocr" or any(w.reread for w in words):
        obs.add_flag("ocr_repaired")
    if not matched:
        obs.add_flag("unmatched_label")
        if words_lexicon.total_label().match(obs.label):
            obs.add_flag("unmatched_total")  # left out of the checks (semantics/splits.py)
    elif row.match.how == "fuzzy":
        obs.add_flag("fuzzy_label")
    return obs


def prose_columns(table_spec: TableSpec) -> list[str]:
    """A prose table's columns: the spec's, or one named "value"."""
    return [c.key for c in table_spec.columns] or [_default_column(table_spec)]


def _default_column(table_spec: TableSpec) -> str:
    return table_spec.columns[0].key if table_spec.columns else "value"


def prose_observations(table_spec: TableSpec, values: Mapping[str, ProseValue]
                       ) -> list[Observation]:
    """The values the spec's patterns found, by row and column, in the spec's order.

    A pattern names its value "row.column", or "row" alone in a table of one column."""
    columns = prose_columns(table_spec)
    default_column = _default_column(table_spec)
    column_units = {c.key: c.unit for c in table_spec.columns}
    observations = []
    for row in table_spec.rows:
        for column in columns:
            name = row.key if column == default_column and len(columns) == 1 \
                else f"{row.key}.{column}"
            found = values.get(name)
            if found is None:
                continue
            unit = unit_of(table_spec, row.key, column_units.get(column))
            obs = Observation(
                table=table_spec.id, row=row.key, column=column, value=found.number.value,
                unit=unit, raw=found.number.raw, line=found.line.number, page=found.line.page,
                confidence=found.confidence, label=row.labels[0] if row.labels else row.key,
                rounding_unit=rounding_unit(found.number, unit), box=words_box(found.words),
            )
            if found.number.approximate:
                obs.add_flag("approximate")
            if found.number.repaired or found.repaired_text:
                obs.add_flag("ocr_repaired")
            observations.append(obs)
    return observations
