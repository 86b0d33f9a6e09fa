"""One extraction as an Excel workbook, for readers who live in spreadsheets.

A sheet per table found, laid out as printed (row, label, the row's unit, a
column per column key), then "observations" (the tidy values), "checks" and
"warnings". Numbers are written as numbers, never text, so sums and charts
work at once; each cell's number format shows its unit ("18 %"). Flagged
values are filled as on the review page (amber: worth a glance, red: needs a
person) and carry their flags in a comment. The file is written beside its
target and renamed into place, so a reader never opens half a file. Control
characters, which Excel refuses, are removed from every text written (the
readers remove them already; a file name or a spec may still carry one).
"""

from __future__ import annotations

import gc
import io
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..model import Observation
from ..model.extraction import Extraction
from ..model.results import OBSERVATION_COLUMNS
from ..model.units import UNITS
from ..model.wide import wide_table
from ..runtime.control_characters import remove_controls
from ..runtime.file_safety import write_file_atomically
from ..version import __version__
from .files import TOOL_NAME

SheetValue = str | int | float | bool | date | None  # what a worksheet cell holds

# Excel's limits and reserved characters for sheet names.
MAX_SHEET_NAME = 31
FORBIDDEN = str.maketrans({ch: "_" for ch in "[]:*?/\\"})
# Fixed document dates: two writes of one report hold the same content.
FIXED_TIME = datetime(2000, 1, 1)
FIXED_SHEETS = ("observations", "checks", "warnings", "corrections", "notes", "about")
# The review page's colours: amber worth a glance, red needs a person, blue a person decided.
FILLS = {"flagged": PatternFill("solid", fgColor="FFE3B3"),
         "severe": PatternFill("solid", fgColor="FFB3B3"),
         "reviewed": PatternFill("solid", fgColor="CFE2FF"),
         "left_out": PatternFill("solid", fgColor="D9D9D9")}
# A unit shown in the cell, the value staying a plain number.
NUMBER_FORMATS = {name: unit.excel_format for name, unit in UNITS.items()}


def _number(value: Decimal | str) -> int | float:
    """An integral value as int (Excel shows 2284127, not 2284127.0), otherwise a float."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


# observations.csv's text as typed cells: numbers, real dates (Excel sorts and filters
# them as dates), and needs_review as TRUE/FALSE.
NUMERIC_COLUMNS: dict[str, Callable[[str], SheetValue]] = {
    "value": _number, "page": int, "line": int, "confidence": float, "machine_value": _number,
    "period_start": date.fromisoformat, "period_end": date.fromisoformat,
    "needs_review": lambda text: text == "true",
}
DATE_FORMAT = "yyyy-mm-dd"
CORRECTION_HEADER = ("table", "row", "column", "status", "value", "read_value",
                     "machine_value", "reviewer", "reviewed_at", "reason", "file", "line")


def sheet_names(table_ids: Sequence[str]) -> dict[str, str]:
    """{table id: sheet name}: cut to 31 characters, unique without regard to case (as Excel
    compares), never one of the fixed sheets' names."""
    taken = {name.casefold() for name in FIXED_SHEETS}
    names = {}
    for table_id in table_ids:
        base = remove_controls(table_id).translate(FORBIDDEN)[:MAX_SHEET_NAME] or "table"
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            suffix = f"~{n}"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.casefold())
        names[table_id] = name
    return names


def _text(value: SheetValue) -> SheetValue:
    """A cell as Excel takes it: text without control characters (openpyxl raises on them)."""
    return remove_controls(value) if isinstance(value, str) else value


def _fill(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[SheetValue]]) -> None:
    """Bold, frozen header, then the rows; columns roughly as wide as their text."""
    sheet.append([_text(v) for v in header])
    for row in rows:
        sheet.append([_text(v) for v in row])
    for row_cells in sheet.iter_rows():
        for cell in row_cells:  # text from a document is text: "=HYPERLINK(...)" no formula
            if cell.data_type == "f":
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max((len(str(v)) for v in column if v is not None), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)


def _table_rows(report: Extraction, table_id: str) -> tuple[
        list[str], list[list[SheetValue]], dict[tuple[int, int], Observation]]:
    """A table wide, as printed, like tables/<table>.csv with numeric cells and the row's
    unit(s) after its label; also each value's observation by (sheet row, sheet column)."""
    wide = wide_table(report.table(table_id))
    rows: list[list[SheetValue]] = [
        [row.key, row.label, " / ".join(u for u in row.units if u) or None,
         *([None] * len(wide.columns))]
        for row in wide.rows]
    placed: dict[tuple[int, int], Observation] = {}
    for (row, column), obs in wide.values.items():
        rows[row][3 + column] = _number(obs.value)
        placed[(2 + row, 4 + column)] = obs
    return ["row", "label", "unit", *wide.columns], rows, placed


def _mark(sheet: Worksheet, row: int, column: int, obs: Observation) -> None:
    """The unit as a number format; a flagged value filled and its flags in a comment."""
    cell = sheet.cell(row=row, column=column)
    if obs.unit in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[obs.unit]
    if obs.flags:
        cell.fill = FILLS[obs.severity]
        note = f"{'; '.join(obs.flags)}\nprinted: {obs.raw}"
        if obs.review is not None:
            note += f"\n{obs.review.action} by {obs.review.reviewer}"
            if obs.machine_value is not None:
                note += f" (read {_number(obs.machine_value)})"
            note += f": {obs.review.reason}" if obs.review.reason else ""
        cell.comment = Comment(_text(note), "ams-extract")


def _mark_left_out(sheet: Worksheet, header: Sequence[str],
                   rows: Sequence[Sequence[SheetValue]], report: Extraction,
                   table_id: str) -> None:
    """A blank cell of a value left out or not read (a warning names it) is grey, with
    the warning as its comment: not a value the report lacks."""
    for warning in report.warnings:
        if warning.cell is None or warning.cell[0] != table_id:
            continue
        _, row_key, column_key = warning.cell
        if column_key not in header:
            continue
        for index, row in enumerate(rows):
            if row[0] == row_key:
                cell = sheet.cell(row=2 + index, column=1 + header.index(column_key))
                cell.fill = FILLS["left_out"]
                cell.comment = Comment(_text(f"{warning.code}: {warning.message}"),
                                       "ams-extract")


def _observation_cell(column: str, text: str) -> SheetValue:
    convert = NUMERIC_COLUMNS.get(column)
    if convert is None:
        return text
    return convert(text) if text else None  # an empty page: an input without pages


def _observation_rows(report: Extraction) -> list[list[SheetValue]]:
    """observations.csv's rows with value, page, line and confidence as numbers."""
    return [[_observation_cell(c, r[c]) for c in OBSERVATION_COLUMNS]
            for r in report.observation_rows()]


def _correction_rows(report: Extraction) -> list[list[SheetValue]]:
    """Each decision of the corrections files on this edition, and what became of it."""
    def number(value: Decimal | None) -> SheetValue:
        return None if value is None else _number(value)

    return [[c.table, c.row, c.column, o.status,
             "confirmed" if c.value is None else number(c.value), number(o.read_value),
             number(c.machine_value), c.reviewer, c.reviewed_at, c.reason, c.file, c.line]
            for o in report.corrections for c in [o.correction]]


def _about_rows(report: Extraction) -> list[tuple[str, SheetValue]]:
    """Where the workbook's values come from: the source, the tool, the spec and the
    corrections files, each file by its sha256."""
    source, edition = report.source, report.edition
    rows: list[tuple[str, SheetValue]] = [
        ("source", source.name), ("source sha256", source.sha256), ("source kind", source.kind),
        ("pages", source.pages), ("edition", report.edition_id),
        ("period", edition.period_text or ""), ("edition guessed", edition.guessed),
        ("tool", f"{TOOL_NAME} {__version__}"),
        ("spec", f"{report.spec_name}, version {report.spec_version}"),
    ]
    rows += [("spec file", f"{f.name} (sha256 {f.sha256})") for f in report.spec_files]
    rows += [("corrections file", f"{f.name} (sha256 {f.sha256}, {f.corrections} rows)")
             for f in report.correction_files]
    return rows


def build_workbook(report: Extraction) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)  # the default empty sheet
    found = [t.id for t in report.extracted if t.found]
    for table_id, name in sheet_names(found).items():
        header, rows, placed = _table_rows(report, table_id)
        sheet = workbook.create_sheet(name)
        _fill(sheet, header, rows)
        for (row, column), obs in placed.items():
            _mark(sheet, row, column, obs)
        _mark_left_out(sheet, header, rows, report, table_id)
    observations = workbook.create_sheet("observations")
    _fill(observations, OBSERVATION_COLUMNS, _observation_rows(report))
    value_column = 1 + OBSERVATION_COLUMNS.index("value")
    for row, obs in enumerate(report.observations, start=2):
        _mark(observations, row, value_column, obs)
    for name in ("period_start", "period_end"):
        column = 1 + OBSERVATION_COLUMNS.index(name)
        for row in range(2, observations.max_row + 1):
            observations.cell(row=row, column=column).number_format = DATE_FORMAT
    observations.auto_filter.ref = observations.dimensions  # filter buttons on the header
    _fill(workbook.create_sheet("checks"), ("rule", "kind", "status", "detail"),
          [(c.rule, c.kind, c.status, c.detail) for c in report.checks])
    _fill(workbook.create_sheet("warnings"), ("code", "message", "line", "page"),
          [(w.code, w.message, w.line, w.page) for w in report.warnings])
    _fill(workbook.create_sheet("corrections"), CORRECTION_HEADER, _correction_rows(report))
    _fill(workbook.create_sheet("notes"),
          ("table", "text", "columns", "cumulative", "cells", "line", "page"),
          [(table.id, c.text, ", ".join(c.columns), ", ".join(c.cumulative),
            ", ".join(c.cells), c.line, c.page)
           for table in report.extracted for c in table.comments])
    _fill(workbook.create_sheet("about"), ("what", "value"), _about_rows(report))
    workbook.properties.title = _text(f"NVE AMS status report {report.edition_id}")
    workbook.properties.creator = "ams-extract"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    return workbook


def workbook_bytes(report: Extraction) -> bytes:
    """The .xlsx file as bytes, built in memory so that writing it is one rename.

    openpyxl stages each sheet in a temporary file: when that fails (a full disk)
    the OSError is raised bare, and the half-written sheet streams it leaves are
    collected at once with their complaints silenced, so the failure stays one line.
    """
    buffer = io.BytesIO()
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        try:
            # ExcelWriter, not Workbook.save: save() stamps "modified" with the current time.
            with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
                ExcelWriter(build_workbook(report), archive).save()
        except OSError as error:
            failure = OSError(error.errno, error.strerror)
        else:
            return buffer.getvalue()
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise failure


def write_workbook(report: Extraction, path: Path) -> Path:
    """Write the workbook to `path` atomically; returns the path."""
    return write_file_atomically(Path(path).absolute(), workbook_bytes(report))
