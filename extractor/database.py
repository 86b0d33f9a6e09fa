"""Many editions in one DuckDB database, and the same tables as Parquet files.

Each load adds editions to the database, replacing an edition already there,
so reloading an edition after a fix never duplicates its values. A load is one
transaction: a failure part-way leaves the database as it was.

    load_reports([extract("2016.pdf"), extract("2017.pdf")], Path("ams.duckdb"))
    query(Path("ams.duckdb"), METERING_POINTS_QUERY)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from .errors import ExtractError, InputError
from .report import Report
from .version import __version__

# "table", "row", "column" and "values" are SQL keywords: always quoted.
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS observations (
        edition VARCHAR, "table" VARCHAR, "row" VARCHAR, "column" VARCHAR, value DOUBLE,
        unit VARCHAR, raw VARCHAR, page INTEGER, line INTEGER, confidence DOUBLE,
        flags VARCHAR, PRIMARY KEY (edition, "table", "row", "column"))""",
    """CREATE TABLE IF NOT EXISTS editions (
        edition VARCHAR PRIMARY KEY, period VARCHAR, period_text VARCHAR, title VARCHAR,
        source_name VARCHAR, source_sha256 VARCHAR, source_kind VARCHAR, pages INTEGER,
        tool_version VARCHAR, spec_version VARCHAR, "values" INTEGER, checks_failed INTEGER)""",
    """CREATE TABLE IF NOT EXISTS checks (
        edition VARCHAR, rule VARCHAR, kind VARCHAR, status VARCHAR, detail VARCHAR)""",
)
TABLES = ("observations", "editions", "checks")

INSERT_OBSERVATION = (
    'INSERT INTO observations (edition, "table", "row", "column", value, unit, raw, page, line,'
    " confidence, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_EDITION = (
    "INSERT INTO editions (edition, period, period_text, title, source_name, source_sha256,"
    ' source_kind, pages, tool_version, spec_version, "values", checks_failed)'
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_CHECK = "INSERT INTO checks (edition, rule, kind, status, detail) VALUES (?, ?, ?, ?, ?)"

# Metering points per customer category and edition: long, one row per pair, ready to pivot.
METERING_POINTS_QUERY = """\
SELECT edition, "row" AS category, value AS metering_points
FROM observations
WHERE "table" = 'metering_points_by_category' AND "column" = 'metering_points'
ORDER BY edition, category"""


def _observation_params(report: Report) -> list[tuple[Any, ...]]:
    """observations.csv's rows, typed: the database holds exactly what the CSV holds."""
    return [
        (report.edition_id, r["table"], r["row"], r["column"], float(r["value"]), r["unit"],
         r["raw"], int(r["page"]) if r["page"] else None, int(r["line"]),
         float(r["confidence"]), r["flags"])
        for r in report.observation_rows()
    ]


def _edition_params(report: Report, values: int) -> tuple[Any, ...]:
    source, edition = report.source, report.edition
    return (report.edition_id, edition.period, edition.period_text, edition.title, source.name,
            source.sha256, source.kind, source.pages, __version__, report.spec_version, values,
            len(report.failed_checks))


def _load_one(con: duckdb.DuckDBPyConnection, report: Report) -> int:
    """Replace one edition's rows; the caller's transaction makes it all or nothing."""
    for table in TABLES:
        con.execute(f"DELETE FROM {table} WHERE edition = ?", [report.edition_id])
    observations = _observation_params(report)
    if observations:  # executemany refuses an empty list
        con.executemany(INSERT_OBSERVATION, observations)
    con.execute(INSERT_EDITION, _edition_params(report, len(observations)))
    checks = [(report.edition_id, c.rule, c.kind, c.status, c.detail) for c in report.checks]
    if checks:
        con.executemany(INSERT_CHECK, checks)
    return len(observations)


def _sql_string(text: str) -> str:
    """A quoted SQL string literal: COPY takes its file name as a literal, not a parameter."""
    return "'" + text.replace("'", "''") + "'"


def _write_parquet(con: duckdb.DuckDBPyConnection, parquet_dir: Path) -> None:
    parquet_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        target = parquet_dir / f"{table}.parquet"
        staging = parquet_dir / f".{table}.parquet.tmp"  # renamed into place only when whole
        # ORDER BY ALL: the same database always gives the same file.
        con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) "
                    f"TO {_sql_string(str(staging))} (FORMAT PARQUET)")
        os.replace(staging, target)


def _one_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


def load_reports(reports: Sequence[Report], db_path: Path,
                 parquet_dir: Path | None = None) -> dict[str, int]:
    """Add each report's edition to the DuckDB file (created if missing), replacing any
    edition already there, in one transaction. Returns {edition: values loaded}."""
    loaded: dict[str, int] = {}
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.Error as exc:
        raise ExtractError(f"{db_path}: cannot open the database ({_one_line(exc)})") from exc
    try:
        con.begin()
        try:
            for statement in SCHEMA:
                con.execute(statement)
            for report in reports:
                loaded[report.edition_id] = _load_one(con, report)
            con.commit()
        except BaseException:  # Ctrl-C too: nothing of this call may stay
            con.rollback()
            raise
    except duckdb.Error as exc:
        con.close()
        raise ExtractError(f"{db_path}: loading failed ({_one_line(exc)})") from exc
    try:
        if parquet_dir is not None:
            _write_parquet(con, Path(parquet_dir))
    except (duckdb.Error, OSError) as exc:
        raise ExtractError(f"{parquet_dir}: writing Parquet failed ({_one_line(exc)})") from exc
    finally:
        con.close()
    return loaded


def query(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Run one statement on a read-only connection and return every row."""
    if not Path(db_path).is_file():
        raise InputError(f"{db_path}: no such database")
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()
