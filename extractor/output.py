"""Write one extraction as a folder: observations.csv, tables/, report.json, datapackage.json.

Everything is written to a temporary folder beside the target and renamed
into place only when whole, so a reader never sees half an extraction. The
bytes are deterministic: stable order, UTF-8, "\\n" line ends, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import UsageError
from .report import OBSERVATION_COLUMNS, Report, format_value
from .version import __version__

UNIT_DESCRIPTIONS = {
    "metering_points": "count of metering points",
    "meters": "count of meters",
    "companies": "count of grid companies",
    "NOK": "Norwegian kroner",
    "percent": "percentage points (18 means 18 %)",
}


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def observations_csv(report: Report) -> str:
    rows = report.observation_rows()
    return csv_text(list(OBSERVATION_COLUMNS), [[r[c] for c in OBSERVATION_COLUMNS] for r in rows])


def table_csv(report: Report, table_id: str) -> str:
    """A table wide, as printed: row, label, then one column per column key."""
    table = next(t for t in report.extracted if t.id == table_id)
    rows: dict[str, list[str]] = {}
    for obs in table.observations:
        line = rows.setdefault(obs.row, [obs.row, obs.label] + [""] * len(table.columns))
        line[2 + table.columns.index(obs.column)] = format_value(obs.value)
    return csv_text(["row", "label", *table.columns], list(rows.values()))


def report_json(report: Report) -> dict[str, Any]:
    source = asdict(report.source)
    source.pop("path")  # where it lay on one machine is not part of the result
    return {
        "tool": {"name": "ams-extract", "version": __version__},
        "spec": {"name": report.spec_name, "version": report.spec_version},
        "source": source,
        "pages": [
            {k: v for k, v in asdict(page).items() if k not in ("seconds", "cached")}
            for page in report.document.pages
        ],
        "ocr": report.document.ocr,
        "edition": {"id": report.edition_id, **asdict(report.edition)},
        "summary": report.summary(),
        "tables": [
            {
                "id": table.id,
                "title": table.title,
                "status": table.status,
                "columns": table.columns,
                "rows": table.rows,
                "notes": table.notes,
                "values": [
                    {
                        "row": o.row, "column": o.column, "value": _json_number(o.value),
                        "unit": o.unit, "raw": o.raw, "label": o.label, "page": o.page,
                        "line": o.line, "confidence": o.confidence, "flags": o.flags,
                        "box": [round(v, 1) for v in o.box] if o.box else None,
                    }
                    for o in table.observations
                ],
            }
            for table in report.extracted
        ],
        "facts": [
            {**asdict(f), "value": _json_number(f.value),
             "rounding_unit": _json_number(f.rounding_unit)}
            for f in report.facts
        ],
        "checks": [
            {"rule": c.rule, "kind": c.kind, "status": c.status, "detail": c.detail,
             "tables": c.tables, "cells": [":".join(key) for key in c.cells]}
            for c in report.checks
        ],
        "warnings": [asdict(w) for w in report.warnings],
        "unmatched_labels": [asdict(u) for u in report.unmatched],
    }


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


def datapackage(report: Report) -> dict[str, Any]:
    """A Frictionless Tabular Data Package describing the CSV files."""
    unit_help = "; ".join(f"{k}: {v}" for k, v in UNIT_DESCRIPTIONS.items())
    observation_fields = [
        _field("edition", "string", "reporting period of the edition, e.g. 2016-H1"),
        _field("table", "string", "table id of the output contract"),
        _field("row", "string", "row key (or the printed label when unmatched)"),
        _field("column", "string", "column key"),
        _field("value", "number", "value in base units, multipliers applied"),
        _field("unit", "string", unit_help),
        _field("raw", "string", "the text the value was read from"),
        _field("page", "integer", "1-based page; empty for inputs without pages"),
        _field("line", "integer", "1-based line"),
        _field("confidence", "number", "0-1; 1 for text"),
        _field("flags", "string", "';'-separated flags, empty when clean"),
    ]
    resources = [_csv_resource("observations", "observations.csv", observation_fields,
                               ["edition", "table", "row", "column"])]
    for table in report.extracted:
        if table.status == "missing":
            continue
        units = {obs.column: obs.unit for obs in table.observations}
        fields = [
            _field("row", "string", "row key"),
            _field("label", "string", "row label as printed"),
            *(_field(c, "number", UNIT_DESCRIPTIONS.get(units.get(c, ""), ""))
              for c in table.columns),
        ]
        resources.append(_csv_resource(table.id, f"tables/{table.id}.csv", fields, ["row"]))
    name = f"ams-status-{report.edition_id}".lower()
    return {
        "profile": "tabular-data-package",
        "name": "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name),
        "title": f"NVE AMS status report {report.edition_id}, extracted by ams-extract",
        "resources": resources,
    }


def _dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_files(report: Report) -> dict[str, str]:
    """Every file of the output folder, by relative path."""
    files = {
        "observations.csv": observations_csv(report),
        "report.json": _dump_json(report_json(report)),
        "datapackage.json": _dump_json(datapackage(report)),
    }
    for table in report.extracted:
        if table.status != "missing":
            files[f"tables/{table.id}.csv"] = table_csv(report, table.id)
    return files


def write_text_atomically(path: Path, text: str) -> Path:
    """One file, written beside its place and renamed in: never half-written.

    The temporary name carries the process id, so workers writing the same
    cache entry at once do not trip over each other.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(temporary, path)
    return path


def folder_in_use(path: Path) -> bool:
    """True when writing to `path` would replace something."""
    return path.exists() and (not path.is_dir() or any(path.iterdir()))


def write_files(files: dict[str, str], outdir: Path, *, force: bool = False) -> Path:
    """Write `files` into `outdir` atomically; an existing folder is replaced only with force."""
    if folder_in_use(outdir) and not force:
        raise UsageError(f"{outdir} exists and is not empty; use --force to replace it")
    outdir = outdir.absolute()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    try:
        for relative, text in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        if outdir.exists() or outdir.is_symlink():
            retired = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.old.", dir=outdir.parent))
            os.replace(outdir, retired / "previous")
            os.replace(staging, outdir)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, outdir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return outdir


def write_report(report: Report, outdir: Path, *, force: bool = False) -> Path:
    return write_files(render_files(report), outdir, force=force)
