"""One extraction as an Excel workbook, for readers who live in spreadsheets.

A sheet per table found, laid out as printed (row, label, a column per column
key), then "observations" (the tidy values) and "checks". Numbers are written
as numbers, never text, so sums and charts work at once. The file is written
beside its target and renamed into place, so a reader never opens half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .report import OBSERVATION_COLUMNS, Report

Cell = str | int | float | None

# Excel's limits and reserved characters for sheet names.
MAX_SHEET_NAME = 31
FORBIDDEN = str.maketrans({ch: "_" for ch in "[]:*?/\\"})
# Fixed document dates: two writes of one report hold the same content.
FIXED_TIME = datetime(2000, 1, 1)
FIXED_SHEETS = ("observations", "checks")


def _number(value: Decimal | str) -> int | float:
    """An integral value as int (Excel shows 2284127, not 2284127.0), otherwise a float."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


NUMERIC_COLUMNS: dict[str, Callable[[str], Cell]] = {
    "value": _number, "page": int, "line": int, "confidence": float,
}


def sheet_names(table_ids: Sequence[str]) -> dict[str, str]:
    """{table id: sheet name}: cut to 31 characters, unique without regard to case (as Excel
    compares), never one of the fixed sheets' names."""
    taken = {name.casefold() for name in FIXED_SHEETS}
    names = {}
    for table_id in table_ids:
        base = table_id.translate(FORBIDDEN)[:MAX_SHEET_NAME]
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            suffix = f"~{n}"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.casefold())
        names[table_id] = name
    return names


def _fill(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Bold, frozen header, then the rows; columns roughly as wide as their text."""
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max((len(str(v)) for v in column if v is not None), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)


def _table_rows(report: Report, table_id: str) -> tuple[list[str], list[list[Cell]]]:
    """A table wide, as printed, like tables/<table>.csv but with numeric cells."""
    table = next(t for t in report.extracted if t.id == table_id)
    rows: dict[str, list[Cell]] = {}
    for obs in table.observations:
        line = rows.setdefault(obs.row, [obs.row, obs.label, *([None] * len(table.columns))])
        line[2 + table.columns.index(obs.column)] = _number(obs.value)
    return ["row", "label", *table.columns], list(rows.values())


def _observation_cell(column: str, text: str) -> Cell:
    convert = NUMERIC_COLUMNS.get(column)
    if convert is None:
        return text
    return convert(text) if text else None  # an empty page: an input without pages


def _observation_rows(report: Report) -> list[list[Cell]]:
    """observations.csv's rows with value, page, line and confidence as numbers."""
    return [[_observation_cell(c, r[c]) for c in OBSERVATION_COLUMNS]
            for r in report.observation_rows()]


def build_workbook(report: Report) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)  # the default empty sheet
    found = [t.id for t in report.extracted if t.status != "missing"]
    for table_id, name in sheet_names(found).items():
        header, rows = _table_rows(report, table_id)
        _fill(workbook.create_sheet(name), header, rows)
    _fill(workbook.create_sheet("observations"), OBSERVATION_COLUMNS, _observation_rows(report))
    _fill(workbook.create_sheet("checks"), ("rule", "kind", "status", "detail"),
          [(c.rule, c.kind, c.status, c.detail) for c in report.checks])
    workbook.properties.title = f"NVE AMS status report {report.edition_id}"
    workbook.properties.creator = "ams-extract"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    return workbook


def write_workbook(report: Report, path: Path) -> Path:
    """Write the workbook to `path` atomically; returns the path."""
    path = Path(path).absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = build_workbook(report)
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        # ExcelWriter, not Workbook.save: save() stamps "modified" with the current time.
        with ZipFile(staging, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(workbook, archive).save()
        os.chmod(staging, 0o644)  # mkstemp makes it private; a workbook is meant to be shared
        os.replace(staging, path)
    finally:
        if os.path.exists(staging):
            os.unlink(staging)
    return path
