"""datapackage.json: a Frictionless Tabular Data Package describing the CSV files of an
output folder (field types, units, primary keys)."""

from __future__ import annotations

from typing import Any

from ..model.extraction import Extraction
from ..model.units import UNITS

UNIT_DESCRIPTIONS = {name: unit.description for name, unit in UNITS.items()}


def _field(name: str, kind: str, description: str = "") -> dict[str, str]:
    entry = {"name": name, "type": kind}
    if description:
        entry["description"] = description
    return entry


def _csv_resource(name: str, path: str, fields: list[dict[str, str]],
                  primary_key: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": primary_key, "missingValues": [""]},
    }


def column_units(report: Extraction, table_id: str) -> dict[str, dict[str, str]]:
    """{column: {row: unit}} of one table, in printed order."""
    table = report.table(table_id)
    units: dict[str, dict[str, str]] = {column: {} for column in table.columns}
    for obs in table.observations:
        units.setdefault(obs.column, {})[obs.row] = obs.unit
    return units


def _unit_text(unit: str) -> str:
    return UNIT_DESCRIPTIONS.get(unit, unit or "no unit")


def unit_description(by_row: dict[str, str]) -> str:
    """One column's unit; a column whose rows have different units says so, row by row."""
    units = list(dict.fromkeys(by_row.values()))
    if len(units) == 1:
        return _unit_text(units[0])
    if not units:
        return ""
    return "mixed units, by row: " + "; ".join(f"{row}: {_unit_text(unit)}"
                                               for row, unit in by_row.items())


def datapackage(report: Extraction) -> dict[str, Any]:
    """A Frictionless Tabular Data Package describing the CSV files."""
    unit_help = ("the unit of this value: " +
                 "; ".join(f"{k}: {v}" for k, v in UNIT_DESCRIPTIONS.items()))
    observation_fields = [
        _field("edition", "string", "the edition: year and month of the status date "
               "(2016-06 for 'per 1. halvår 2016'); sorts in time"),
        _field("table", "string", "table id of the output contract"),
        _field("row", "string", "row key (or the printed label when unmatched)"),
        _field("column", "string", "column key"),
        _field("value", "number", "value in base units, multipliers applied; its unit is "
               "in the unit field"),
        _field("unit", "string", unit_help),
        _field("raw", "string", "the text the value was read from"),
        _field("page", "integer", "1-based page; empty for inputs without pages"),
        _field("line", "integer", "1-based line"),
        _field("confidence", "number", "0-1; 1 for text"),
        _field("flags", "string", "';'-separated flags, empty when clean"),
        _field("period_start", "date", "first day of the period the edition states"),
        _field("period_end", "date", "last day of that period: the status date"),
        _field("period_text", "string", "the period as printed, e.g. 'per 1. halvår 2016'"),
        _field("source", "string", "'review' when a reviewer corrected or confirmed the "
               "value (a corrections file), else 'machine'"),
        _field("machine_value", "number", "what the machine read, when a reviewer "
               "corrected the value; empty otherwise"),
        _field("reviewer", "string", "who corrected or confirmed the value"),
        _field("reviewed_at", "string", "when, as the corrections file gives it (ISO)"),
        _field("review_reason", "string", "why, as the reviewer wrote it"),
        _field("needs_review", "boolean", "true when a flag calls for a person "
               "(check_failed, low_confidence, unmatched_label, ambiguous_split) and no "
               "reviewer decided on the value"),
        _field("measure", "string", "what the value measures: flow (in its period), "
               "cumulative (a running total up to the period's end: the table's comment "
               "says so, or its row), share (percent of a whole) or level (at the status "
               "date)"),
    ]
    resources = [_csv_resource("observations", "observations.csv", observation_fields,
                               ["edition", "table", "row", "column"])]
    for table in report.extracted:
        if not table.found:
            continue
        units = column_units(report, table.id)
        fields = [
            _field("row", "string", "row key"),
            _field("label", "string", "row label as printed"),
            *(_field(c, "number", unit_description(units.get(c, {}))) for c in table.columns),
        ]
        resources.append(_csv_resource(table.id, f"tables/{table.id}.csv", fields, ["row"]))
    name = f"ams-status-{report.edition_id}".lower()
    return {
        "profile": "tabular-data-package",
        "name": "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name),
        "title": f"NVE AMS status report {report.edition_id}, extracted by ams-extract",
        "resources": resources,
    }
