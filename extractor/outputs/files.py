"""Write one extraction as a folder: observations.csv, tables/, report.json, datapackage.json.

Everything is written to a temporary folder beside the target and renamed
into place only when whole, so a reader never sees half an extraction; an
existing folder is swapped with it in one step (renameat2's exchange, where
the system has it), so the folder never goes missing. Writers into one folder
take turns under a lock on the folder that holds it, and each checks the
rules below again under the lock. The bytes are deterministic: stable order,
UTF-8, "\\n" line ends, no timestamps.

A user's files are never replaced unless they are provably ours: `--force`
replaces an empty folder or one this tool wrote (its report.json says so and
it holds nothing else), never the current, home or root folder or one that
holds the input. Folders and files are made with the user's umask.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model.extraction import Extraction
from ..model.results import OBSERVATION_COLUMNS, format_value
from ..model.wide import wide_table
from ..runtime.file_safety import exchange, folder_lock, make_folder, remove_made, umask
from ..runtime.output_paths import (
    check_file_target,
    check_replaceable,
    check_writable_folder,
    writing,
)
from ..version import __version__
from .datapackage import datapackage

# What an output folder of ours holds; anything else in a folder means it is not (only) ours.
OUR_ENTRIES = frozenset({"observations.csv", "report.json", "datapackage.json", "tables",
                         "review.html", "plots", "tables.json"})
TOOL_NAME = "ams-extract"

def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def observations_csv(report: Extraction) -> str:
    rows = report.observation_rows()
    return csv_text(list(OBSERVATION_COLUMNS), [[r[c] for c in OBSERVATION_COLUMNS] for r in rows])


def table_csv(report: Extraction, table_id: str) -> str:
    """tables/<table>.csv: the table wide, as printed (row, label, then one column per
    column key)."""
    wide = wide_table(report.table(table_id))
    rows = [[row.key, row.label] + [""] * len(wide.columns) for row in wide.rows]
    for (row, column), obs in wide.values.items():
        rows[row][2 + column] = format_value(obs.value)
    return csv_text(["row", "label", *wide.columns], rows)


def report_json(report: Extraction) -> dict[str, Any]:
    source = asdict(report.source)
    source.pop("path")  # where it lay on one machine is not part of the result
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "spec": {"name": report.spec_name, "version": report.spec_version,
                 "extensions": [asdict(f) for f in report.spec_files]},
        "source": source,
        "pages": [
            {k: v for k, v in asdict(page).items() if k not in ("seconds", "cached")}
            for page in report.document.pages
        ],
        "ocr": report.document.ocr,
        "furniture": [{"page": line.page, "line": line.number, "text": line.text}
                      for line in report.document.furniture],
        "markers": [asdict(marker) for marker in report.document.markers],
        "edition": asdict(report.edition),
        "summary": report.summary(),
        "tables": [
            {
                "id": table.id,
                "title": table.title,
                "status": table.status,
                "columns": table.columns,
                "rows": table.rows,
                "notes": table.notes,
                "comments": [asdict(comment) for comment in table.comments],
                "values": [
                    {
                        "row": o.row, "column": o.column, "value": _json_number(o.value),
                        "unit": o.unit, "raw": o.raw, "label": o.label, "page": o.page,
                        "line": o.line, "confidence": o.confidence, "flags": o.flags,
                        "box": [round(v, 1) for v in o.box] if o.box else None,
                        "source": o.source,
                        "machine_value": (None if o.machine_value is None
                                          else _json_number(o.machine_value)),
                        "review": asdict(o.review) if o.review else None,
                        "needs_review": o.severity == "severe",
                        "measure": o.measure,
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
        "warnings": [{**asdict(w), "cell": "/".join(w.cell) if w.cell else None}
                     for w in report.warnings],
        "unmatched_labels": [asdict(u) for u in report.unmatched],
        "corrections": corrections_json(report),
    }


def corrections_json(report: Extraction) -> dict[str, Any]:
    """The corrections files read and what became of each decision of this edition."""
    def number(value: Decimal | None) -> int | float | None:
        return None if value is None else _json_number(value)

    return {
        "files": [asdict(f) for f in report.correction_files],
        "decisions": [
            {"table": c.table, "row": c.row, "column": c.column, "value": number(c.value),
             "action": "confirm" if c.value is None else "correct", "status": o.status,
             "read_value": number(o.read_value), "machine_value": number(c.machine_value),
             "reviewer": c.reviewer, "reviewed_at": c.reviewed_at, "reason": c.reason,
             "file": c.file, "line": c.line}
            for o in report.corrections for c in [o.correction]
        ],
    }


def _dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_files(report: Extraction) -> dict[str, str]:
    """Every file of the output folder, by relative path."""
    files = {
        "observations.csv": observations_csv(report),
        "report.json": _dump_json(report_json(report)),
        "datapackage.json": _dump_json(datapackage(report)),
    }
    for table in report.extracted:
        if table.found:
            files[f"tables/{table.id}.csv"] = table_csv(report, table.id)
    return files


def folder_in_use(path: Path) -> bool:
    """True when writing to `path` would replace something."""
    return path.exists() and (not path.is_dir() or any(path.iterdir()))


def _is_ours(folder: Path) -> bool:
    """A folder this tool wrote: its report.json names the tool, it holds nothing else."""
    try:
        entries = {entry.name for entry in folder.iterdir()}
        data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(data, dict) and isinstance(data.get("tool"), dict)
            and data["tool"].get("name") == TOOL_NAME and entries <= OUR_ENTRIES)


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):  # no $HOME and no password entry
        return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(outdir: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """UsageError, before any work, when writing `outdir` could destroy a user's files."""
    target = outdir.resolve()
    for name, folder in (("root", Path(target.anchor)), ("home", _home())):
        if target == folder:
            raise UsageError(f"{outdir}: refusing to write over the {name} folder; give a new "
                             "folder, e.g. -o out")
    if _inside(Path.cwd().resolve(), target):
        raise UsageError(f"{outdir}: refusing to replace the current folder (or one holding "
                         "it); give a new folder, e.g. -o out")
    for source in inputs:
        if _inside(source.resolve(), target):
            raise UsageError(f"{outdir}: refusing to replace a folder that holds the input "
                             f"{source}; give a new folder")
    check_writable_folder(target.parent, outdir)
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError(f"{outdir} exists and is not a folder; nothing was written")
    if not folder_in_use(target):
        return
    if not force:
        raise UsageError(f"{outdir} exists and is not empty; use --force to replace it")
    if not _is_ours(target):
        foreign = sorted(e.name for e in target.iterdir() if e.name not in OUR_ENTRIES)
        what = f" (e.g. {foreign[0]!r})" if foreign else ""
        raise UsageError(f"{outdir} holds files this tool did not write{what}; --force "
                         "replaces only an output folder of ams-extract; nothing was touched")
    check_replaceable(target, outdir)


def check_output_file(path: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """UsageError, before any work, when writing the file `path` could destroy a user's file."""
    for source in inputs:
        if path.exists() and source.exists() and path.resolve() == source.resolve():
            raise UsageError(f"{path} is the input; refusing to write over it")
    check_file_target(path)
    if path.exists() and not force:
        raise UsageError(f"{path} exists; use --force to replace it")


def write_files(files: dict[str, str], outdir: Path, *, force: bool = False,
                inputs: Sequence[Path] = ()) -> Path:
    """Write `files` into `outdir` atomically; an existing folder is replaced only with
    force, and only when it is ours (see `check_output_folder`)."""
    check_output_folder(outdir, force=force, inputs=inputs)
    shown, outdir = outdir, outdir.resolve()
    with writing(shown):
        made = make_folder(outdir.parent)
        staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
        try:
            os.chmod(staging, 0o777 & ~umask())  # mkdtemp makes it private
            for relative, text in files.items():
                target = inside(staging, relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
            with folder_lock(outdir.parent):
                # Another run may have written OUTDIR since the check: the rules again.
                check_output_folder(shown, force=force, inputs=inputs)
                _swap(staging, outdir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            remove_made(outdir.parent, made)
            raise
    return outdir


def inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, proven to lie inside `folder` (no "..", no absolute path, no
    link out): a name that does not is refused, never written."""
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()) or target == folder.resolve():
        raise UsageError(f"refusing to write {relative!r}: not a file inside the output folder")
    return target


def _swap(staging: Path, outdir: Path) -> None:
    """Put the written folder in place of `outdir` (missing, empty or ours) and remove the
    old one; a failure puts the old one back."""
    if not outdir.exists():
        os.replace(staging, outdir)
        return
    if exchange(staging, outdir):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.old.", dir=outdir.parent))
    try:
        os.replace(outdir, retired / "previous")
        try:
            os.replace(staging, outdir)
        except BaseException:
            os.replace(retired / "previous", outdir)
            raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def write_report(report: Extraction, outdir: Path, *, force: bool = False) -> Path:
    return write_files(render_files(report), outdir, force=force,
                       inputs=[Path(report.source.path)])
