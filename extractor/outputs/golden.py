"""Golden comparison: an extraction against a reviewed output folder, cell by cell.

Compared (COMPARED): every value of observations.csv, keyed by table, row and column,
with the provenance a user relies on (COMPARED_FIELDS: its value, unit, flags, raw
text, page and line, a reviewer's decision: source and machine_value, and its measure);
the status of every check in report.json; each table's notes and comments. A field a
golden was written without (by an older version) is not compared. Not compared (IGNORED): what moves
with the machine, not the reading: OCR confidences, word boxes, timings, the tool's
version, the wording of check details and warnings.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .files import render_files

if TYPE_CHECKING:  # types only: the report is passed in
    from ..report import Report

COMPARED_FIELDS = ("value", "unit", "flags", "raw", "page", "line", "source", "machine_value",
                   "measure")
COMPARED = ("each value's " + ", ".join(COMPARED_FIELDS) + "; every check's status; each "
            "table's notes and comments")
IGNORED = ("OCR confidences, word boxes, timings, the tool's version, the wording of check "
           "details and warnings")
Key = tuple[str, str, str]


@dataclass(frozen=True)
class CellDiff:
    table: str
    row: str
    column: str
    field: str
    expected: str
    got: str


def _rows_by_key(text: str) -> dict[Key, dict[str, str]]:
    return {(r["table"], r["row"], r["column"]): r for r in csv.DictReader(text.splitlines())}


def _check_statuses(report_text: str) -> dict[str, str]:
    """{"rule #n": status}: a rule with for_each has several results, in order."""
    statuses: dict[str, str] = {}
    for check in json.loads(report_text).get("checks", []):
        n = sum(key.startswith(f"{check['rule']} #") for key in statuses) + 1
        statuses[f"{check['rule']} #{n}"] = check["status"]
    return statuses


def read_golden(folder: Path) -> dict[str, str]:
    """The golden files compared: observations.csv and report.json."""
    files = {}
    for name in ("observations.csv", "report.json"):
        path = folder / name
        if not path.is_file():
            raise InputError(f"{folder}: golden folder has no {name} (create it with --update)")
        files[name] = path.read_text(encoding="utf-8")
    return files


def _table_notes(report_text: str) -> dict[str, list[str]]:
    """Each table's notes: the reader's, and the comment sentences printed under it."""
    return {table["id"]: [*table.get("notes", []),
                          *(comment["text"] for comment in table.get("comments", []))]
            for table in json.loads(report_text).get("tables", [])}


def compare_files(expected: dict[str, str], got: dict[str, str]) -> list[CellDiff]:
    """Cell-level differences between two renderings of an extraction."""
    diffs = []
    old, new = _rows_by_key(expected["observations.csv"]), _rows_by_key(got["observations.csv"])
    for key in [*old, *(k for k in new if k not in old)]:
        if key not in new:
            diffs.append(CellDiff(*key, "value", old[key]["value"], "(missing)"))
        elif key not in old:
            diffs.append(CellDiff(*key, "value", "(absent)", new[key]["value"]))
        else:
            # A field the golden was written without (an older version's) is not compared.
            diffs += [CellDiff(*key, f, old[key][f], new[key].get(f, ""))
                      for f in COMPARED_FIELDS
                      if f in old[key] and old[key][f] != new[key].get(f, "")]
    old_notes, new_notes = _table_notes(expected["report.json"]), _table_notes(got["report.json"])
    for table in [*old_notes, *(t for t in new_notes if t not in old_notes)]:
        before, after = old_notes.get(table, []), new_notes.get(table, [])
        if before != after:
            diffs.append(CellDiff(table, "(notes)", "", "notes", " | ".join(before),
                                  " | ".join(after)))
    old_checks = _check_statuses(expected["report.json"])
    new_checks = _check_statuses(got["report.json"])
    for rule in [*old_checks, *(r for r in new_checks if r not in old_checks)]:
        before, after = old_checks.get(rule, "(absent)"), new_checks.get(rule, "(absent)")
        if before != after:
            diffs.append(CellDiff("(checks)", rule, "", "status", before, after))
    return diffs


def compare(report: Report, golden_dir: Path) -> list[CellDiff]:
    return compare_files(read_golden(golden_dir), render_files(report))


def format_diffs(diffs: list[CellDiff]) -> str:
    """A plain table: table, row, column, field, expected, got."""
    header = ("table", "row", "column", "field", "expected", "got")
    rows = [header, *((d.table, d.row, d.column, d.field, d.expected, d.got) for d in diffs)]
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)
