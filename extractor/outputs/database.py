"""Many editions in one DuckDB database, and the same tables as Parquet files.

Each load adds editions to the database, replacing an edition already there,
so reloading an edition after a fix never duplicates its values. A load is one
transaction: a failure part-way leaves the database as it was.

    load_reports([extract("2016.pdf"), extract("2017.pdf")], Path("ams.duckdb"))
    query(Path("ams.duckdb"), METERING_POINTS_QUERY)   # or metering_points_query(spec)
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from ..errors import ExtractError, InputError, OutputError, UsageError
from ..runtime.file_safety import make_folder, remove_made
from ..runtime.limits import LOCK_TIMEOUT
from ..version import __version__

if TYPE_CHECKING:  # types only: the report and the spec are passed in
    from ..model.spec import ReportSpec
    from ..report import Report

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
    """CREATE TABLE IF NOT EXISTS warnings (
        edition VARCHAR, code VARCHAR, message VARCHAR, line INTEGER, page INTEGER)""",
    # A reviewer's decisions on each edition's values (corrections files) and what became
    # of them: status corrected, confirmed, stale or unmatched (docs/contract.md).
    """CREATE TABLE IF NOT EXISTS corrections (
        edition VARCHAR, "table" VARCHAR, "row" VARCHAR, "column" VARCHAR, status VARCHAR,
        value DOUBLE, read_value DOUBLE, machine_value DOUBLE, reviewer VARCHAR,
        reviewed_at VARCHAR, reason VARCHAR, file VARCHAR, line INTEGER)""",
    # Each table's comment sentences, with the columns they name (a running total's note).
    """CREATE TABLE IF NOT EXISTS notes (
        edition VARCHAR, "table" VARCHAR, text VARCHAR, columns VARCHAR[],
        cumulative VARCHAR[], cells VARCHAR[], line INTEGER, page INTEGER)""",
)
# Columns added after the first release: a database made by an earlier version gains them.
ADDED_COLUMNS = (
    ("observations", "period_start", "DATE"),
    ("observations", "period_end", "DATE"),
    ("observations", "period_text", "VARCHAR"),
    ("editions", "period_start", "DATE"),
    ("editions", "period_end", "DATE"),
    ("editions", "guessed", "BOOLEAN"),
    ("editions", "edition_source", "VARCHAR"),
    ("editions", "warnings", "INTEGER"),
    ("observations", "source", "VARCHAR"),
    ("observations", "machine_value", "DOUBLE"),
    ("observations", "reviewer", "VARCHAR"),
    ("observations", "reviewed_at", "VARCHAR"),
    ("observations", "review_reason", "VARCHAR"),
    ("observations", "needs_review", "BOOLEAN"),
    ("observations", "flag_list", "VARCHAR[]"),  # flags as a list: list_contains(flag_list, ...)
    ("observations", "measure", "VARCHAR"),
)
TABLES = ("observations", "editions", "checks", "warnings", "corrections", "notes")

INSERT_OBSERVATION = (
    'INSERT INTO observations (edition, "table", "row", "column", value, unit, raw, page, line,'
    " confidence, flags, period_start, period_end, period_text, source, machine_value,"
    " reviewer, reviewed_at, review_reason, needs_review, flag_list, measure)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_EDITION = (
    "INSERT INTO editions (edition, period, period_text, title, source_name, source_sha256,"
    ' source_kind, pages, tool_version, spec_version, "values", checks_failed, period_start,'
    " period_end, guessed, edition_source, warnings)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_CHECK = "INSERT INTO checks (edition, rule, kind, status, detail) VALUES (?, ?, ?, ?, ?)"
INSERT_WARNING = ("INSERT INTO warnings (edition, code, message, line, page)"
                  " VALUES (?, ?, ?, ?, ?)")
INSERT_NOTE = ('INSERT INTO notes (edition, "table", text, columns, cumulative, cells, line,'
               " page) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_CORRECTION = (
    'INSERT INTO corrections (edition, "table", "row", "column", status, value, read_value,'
    " machine_value, reviewer, reviewed_at, reason, file, line)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def metering_points_query(spec: ReportSpec | None = None) -> str:
    """Metering points per customer category and edition: long, one row per pair, ready to
    pivot. The table and column are those of the spec's plot of them (None: the built-in
    spec's); METERING_POINTS_QUERY is the built-in spec's query."""
    if spec is None:
        from ..spec import load_spec

        spec = load_spec()
    plot = spec.plot("metering_points_by_category")
    selector = plot.selector("categories") if plot is not None else None
    if selector is None:
        raise UsageError("the spec has no plot of metering points by category")
    table, _, column = selector
    return ('SELECT edition, "row" AS category, value AS metering_points\n'
            "FROM observations\n"
            f'WHERE "table" = {_sql_string(table)} AND "column" = {_sql_string(column)}\n'
            "ORDER BY edition, category")


def __getattr__(name: str) -> str:
    if name == "METERING_POINTS_QUERY":  # built when first asked for: it reads the spec
        return metering_points_query()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _observation_params(report: Report) -> list[tuple[Any, ...]]:
    """observations.csv's rows, typed: the database holds exactly what the CSV holds."""
    return [
        (report.edition_id, r["table"], r["row"], r["column"], float(r["value"]), r["unit"],
         r["raw"], int(r["page"]) if r["page"] else None, int(r["line"]),
         float(r["confidence"]), r["flags"], r["period_start"] or None,
         r["period_end"] or None, r["period_text"] or None, r["source"],
         float(r["machine_value"]) if r["machine_value"] else None, r["reviewer"] or None,
         r["reviewed_at"] or None, r["review_reason"] or None, r["needs_review"] == "true",
         r["flags"].split(";") if r["flags"] else [], r["measure"] or None)
        for r in report.observation_rows()
    ]


def _correction_params(report: Report) -> list[tuple[Any, ...]]:
    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    return [(report.edition_id, c.table, c.row, c.column, o.status, number(c.value),
             number(o.read_value), number(c.machine_value), c.reviewer, c.reviewed_at or None,
             c.reason, c.file, c.line)
            for o in report.corrections for c in [o.correction]]


def _edition_params(report: Report, values: int) -> tuple[Any, ...]:
    source, edition = report.source, report.edition
    return (edition.id, edition.id, edition.period_text, edition.title, source.name,
            source.sha256, source.kind, source.pages, __version__, report.spec_version, values,
            len(report.failed_checks), edition.period_start, edition.period_end,
            edition.guessed, edition.source, len(report.warnings))


def _load_one(con: duckdb.DuckDBPyConnection, report: Report) -> list[str]:
    """Replace one edition's rows; the caller's transaction makes it all or nothing.

    The same file loaded before under another id (an earlier version's, or a
    mistaken --edition) is replaced too. Returns the ids replaced that way.
    """
    earlier = [row[0] for row in con.execute(
        "SELECT edition FROM editions WHERE source_sha256 = ? AND edition <> ?",
        [report.source.sha256, report.edition_id]).fetchall()]
    for edition in [report.edition_id, *earlier]:
        for table in TABLES:
            con.execute(f"DELETE FROM {table} WHERE edition = ?", [edition])
    observations = _observation_params(report)
    if observations:  # executemany refuses an empty list
        con.executemany(INSERT_OBSERVATION, observations)
    con.execute(INSERT_EDITION, _edition_params(report, len(observations)))
    checks = [(report.edition_id, c.rule, c.kind, c.status, c.detail) for c in report.checks]
    if checks:
        con.executemany(INSERT_CHECK, checks)
    warnings = [(report.edition_id, w.code, w.message, w.line, w.page) for w in report.warnings]
    if warnings:
        con.executemany(INSERT_WARNING, warnings)
    corrections = _correction_params(report)
    if corrections:
        con.executemany(INSERT_CORRECTION, corrections)
    notes = [(report.edition_id, table.id, c.text, list(c.columns), list(c.cumulative),
              list(c.cells), c.line, c.page)
             for table in report.extracted for c in table.comments]
    if notes:
        con.executemany(INSERT_NOTE, notes)
    return earlier


def _sql_string(text: str) -> str:
    """A quoted SQL string literal: COPY takes its file name as a literal, not a parameter."""
    return "'" + text.replace("'", "''") + "'"


def _write_parquet(con: duckdb.DuckDBPyConnection, parquet_dir: Path) -> None:
    """Every table as a Parquet file; all written beside their place first, then renamed
    in, so a failure leaves the folder's files as they were."""
    made = [folder for folder in [parquet_dir, *parquet_dir.parents] if not folder.exists()]
    parquet_dir.mkdir(parents=True, exist_ok=True)
    staged = {parquet_dir / f".{table}.parquet.tmp": parquet_dir / f"{table}.parquet"
              for table in TABLES}
    for target in staged.values():  # what would fail a rename half-way through
        if target.exists() and not target.is_file():
            raise IsADirectoryError(errno.EISDIR, f"{target.name} is not a file")
    written = False
    try:
        for (staging, _), table in zip(staged.items(), TABLES, strict=True):
            # ORDER BY ALL: the same database always gives the same file.
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) "
                        f"TO {_sql_string(str(staging))} (FORMAT PARQUET)")
        for staging, target in staged.items():
            os.replace(staging, target)
        written = True
    finally:
        for staging in staged:
            if staging.exists():
                staging.unlink()
        if not written:  # the folders this call made, left empty: ours to remove
            for folder in made:  # deepest first
                with contextlib.suppress(OSError):
                    folder.rmdir()


def connect(db_path: Path, lock_timeout: float = LOCK_TIMEOUT) -> duckdb.DuckDBPyConnection:
    """A read-write connection, waiting while another process holds the database (DuckDB
    allows one writer); OutputError when it still does after `lock_timeout` seconds."""
    deadline = time.monotonic() + lock_timeout
    while True:
        try:
            return duckdb.connect(str(db_path))
        except duckdb.IOException as exc:
            if "not a valid DuckDB database" in str(exc):  # the user named another file
                raise UsageError(f"{db_path}: not a DuckDB database; --db takes a database "
                                 "made by `load`, or a new file's name") from None
            if "lock" not in str(exc).lower():
                raise ExtractError(f"{db_path}: cannot open the database "
                                   f"({_one_line(exc)})") from exc
            if time.monotonic() >= deadline:
                raise OutputError(f"{db_path}: the database is in use by another process "
                                  f"(still after {lock_timeout:g} s, --lock-timeout); "
                                  "nothing was loaded") from None
            time.sleep(0.2)
        except duckdb.Error as exc:
            raise ExtractError(f"{db_path}: cannot open the database "
                               f"({_one_line(exc)})") from exc


def wait_for_database(db_path: Path, lock_timeout: float = LOCK_TIMEOUT) -> None:
    """Before any work: an existing database that opens (after waiting for a lock, if
    held). A missing one is not made here: a run that fails later leaves none behind."""
    if db_path.exists():
        connect(db_path, lock_timeout).close()


def _remove_database(db_path: Path) -> None:
    """A database this call created, and its write-ahead log, after a failed load."""
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        if path.exists():
            path.unlink()


def _one_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


@dataclass(frozen=True)
class Loaded:
    """What one load did to one edition."""

    values: int
    replaced: tuple[str, ...] = ()  # ids of the same file loaded earlier under another id


def load_reports(reports: Sequence[Report], db_path: Path, parquet_dir: Path | None = None,
                 lock_timeout: float = LOCK_TIMEOUT) -> dict[str, Loaded]:
    """Add each report's edition to the DuckDB file (created if missing), replacing any
    edition already there, in one transaction. Returns what was loaded, by edition.

    A failure before the commit leaves the database as it was (and none, if it was not
    there); one after it, in the Parquet files, says the database was loaded."""
    loaded: dict[str, Loaded] = {}
    created = not db_path.exists()
    made = make_folder(db_path.parent) if created else None  # as -o makes its folder
    try:
        con = connect(db_path, lock_timeout)
    except BaseException:
        remove_made(db_path.parent, made)
        raise
    try:
        con.begin()
        try:
            for statement in SCHEMA:
                con.execute(statement)
            for table, column, kind in ADDED_COLUMNS:
                con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
            for report in reports:
                replaced = _load_one(con, report)
                loaded[report.edition_id] = Loaded(
                    len(report.observations), tuple(replaced))
            con.commit()
        except BaseException:  # Ctrl-C too: nothing of this call may stay
            # A commit that failed (no space left) has already ended the transaction: the
            # rollback's own error ("no transaction is active") must not hide the cause.
            with contextlib.suppress(duckdb.Error):
                con.rollback()
            raise
    except BaseException as exc:
        con.close()
        if created:
            _remove_database(db_path)
            remove_made(db_path.parent, made)
        if isinstance(exc, duckdb.Error | OSError):
            raise OutputError(f"{db_path}: loading failed ({_one_line(exc)}); nothing was "
                              "loaded") from exc
        raise
    try:
        if parquet_dir is not None:
            _write_parquet(con, Path(parquet_dir))
    except (duckdb.Error, OSError) as exc:
        raise OutputError(f"{parquet_dir}: writing Parquet failed ({_one_line(exc)}); the "
                          f"database {db_path} was loaded ({len(loaded)} edition(s)), its "
                          "Parquet files were not updated") from exc
    finally:
        con.close()
    return loaded


def query(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Run one statement on a read-only connection and return every row (UsageError for
    none or several)."""
    return query_rows(db_path, sql)[1]


def query_rows(db_path: Path, sql: str, params: Sequence[Any] = (), *, what: str = "query",
               hint: str = "") -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows) of one statement with its `params`, on a read-only connection;
    a DuckDB error is a UsageError "<what>: <error>", `hint` after it."""
    if not Path(db_path).is_file():
        raise InputError(f"{db_path}: no such database")
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            statements = len(con.extract_statements(sql))
            if statements != 1:  # DuckDB would run them all and show the last
                raise UsageError(f"{what}: give one SQL statement, not {statements}")
            result = con.execute(sql, list(params))
            columns = [d[0] for d in result.description or []]
            return columns, result.fetchall()
    except duckdb.Error as exc:
        raise UsageError(f"{what}: {_one_line(exc)}{hint}") from None


def format_rows(columns: Sequence[str], rows: Sequence[tuple[Any, ...]], *,
                as_csv: bool = False) -> str:
    """Rows as CSV, or as a text table with numbers right-aligned."""
    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    cells = [[text(v) for v in row] for row in rows]
    if as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells)
        return buffer.getvalue()
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(row[i], int | float) or row[i] is None
                                  for row in rows) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w)
                         for v, w, n in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(columns), *(line(row) for row in cells),
                      f"({len(rows)} row{'s' if len(rows) != 1 else ''})"]) + "\n"
