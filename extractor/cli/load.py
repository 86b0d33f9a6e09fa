"""`ams-extract load`: many inputs into one DuckDB database, side by side.

Inputs extracted side by side each OCR their pages in one process (`batch.side_by_side`):
the inputs share the cores, so `--workers` applies only to an input read alone (one
input, or `--jobs 1`). Asking for more then is said once on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from ..errors import EXIT_CHECK_FAILED, EXIT_OK, UsageError
from ..report import Report
from ..runtime.interrupts import commit
from ..runtime.limits import LOCK_TIMEOUT
from ..runtime.output_paths import check_database_paths
from ..runtime.workers import worker_count
from .common import (
    InputOptions,
    check_corrections,
    corrections_option,
    fail_on_option,
    gate_failures,
    print_warnings,
    read_options,
    strict_option,
    verbose_option,
)


def parse_load_input(text: str) -> tuple[Path, str | None]:
    """`INPUT` or `INPUT=EDITION` (e.g. `report.pdf=2017-06`)."""
    from ..semantics.edition import parse_edition_id

    path, equals, edition = text.rpartition("=")
    if not equals or Path(text).exists():
        return Path(text), None
    if parse_edition_id(edition) is None:
        raise UsageError(f"{text}: {edition!r} is not a period: write INPUT=2017-06 "
                         "(or 2017-Q2, 2017-H1, 2017-06-30)")
    return Path(path), edition


def refuse_repeated_files(jobs: Sequence[tuple[Path, str | None]]) -> None:
    """Before any reading: the same file twice (by content) with no edition given, or the
    same edition given twice, can only be refused later, after all the OCR."""
    import hashlib

    seen: dict[tuple[str, str | None], Path] = {}
    given: dict[str, Path] = {}
    for path, edition in jobs:
        if edition is not None and edition in given:
            raise UsageError(f"{given[edition]} and {path} are both given as {edition}; "
                             "nothing was loaded")
        if edition is not None:
            given[edition] = path
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # reading it will say what is wrong, in the usual words
        if (digest, edition) in seen:
            first = seen[digest, edition]
            what = f"{path} is given twice" if first == path else \
                f"{first} and {path} are the same file"
            raise UsageError(f"{what}: it would load the same edition twice; nothing was "
                             "loaded")
        seen[digest, edition] = path


def one_report_per_edition() -> Callable[[Report], None]:
    """A check of each report as it is done: a second report of an edition stops the run
    at once, before the remaining inputs are read."""
    seen: dict[str, str] = {}

    def accept(report: Report) -> None:
        if report.edition_id in seen:
            raise UsageError(f"{seen[report.edition_id]} and {report.source.name} are the "
                             f"same edition ({report.edition_id}); load them one at a time, "
                             "or give one its own edition as INPUT=YYYY-MM; nothing was "
                             "loaded")
        seen[report.edition_id] = report.source.name

    return accept


def note_workers_not_used(asked: int | None, side_by_side: int) -> None:
    """One line on stderr when --workers asked for more OCR processes than an input
    extracted beside others gets (one)."""
    if side_by_side > 1 and asked is not None and asked > 1:
        click.echo(f"ams-extract: note: {side_by_side} inputs are extracted side by side, "
                   f"each OCR'd in one process: --workers {asked} applies only with "
                   "--jobs 1", err=True)


@click.command("load")
@click.argument("inputs", metavar="INPUT[=EDITION]...", nargs=-1, required=True)
@click.option("--db", "db_path", required=True, type=click.Path(path_type=Path),
              help="DuckDB database file (created if missing).")
@click.option("--parquet", "parquet_dir", type=click.Path(path_type=Path),
              help="Also write the database's tables as Parquet files into this folder.")
@click.option("--jobs", type=click.IntRange(min=1),
              help="Inputs extracted side by side (default: one per core); each of them "
                   "then OCRs in one process, so --workers applies only with --jobs 1 "
                   "or one input.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=LOCK_TIMEOUT,
              show_default=True, help="Seconds to wait while another process holds the "
              "database.")
@strict_option
@fail_on_option
@corrections_option
@read_options
@verbose_option
def load_command(inputs: tuple[str, ...], db_path: Path, parquet_dir: Path | None,
                 jobs: int | None, lock_timeout: float, strict: bool,
                 fail_on: tuple[str, ...], corrections: list[Path] | None,
                 reading: InputOptions, verbose: bool) -> None:
    """Extract each INPUT and load its values into one DuckDB database.

    Tables: observations (edition, table, row, column, value, ...), editions,
    checks, warnings and corrections (a reviewer's decisions, --corrections).
    An edition loaded again replaces the one there; nothing is loaded unless
    every input could be read and every edition is known. An edition the
    report does not state is refused: give it as INPUT=EDITION (e.g.
    report.pdf=2017-06).

    \b
    Example:
      ams-extract load samples/nve-ams-status-2016h1.txt samples/editions/*.txt \\
          --db out/ams.duckdb --parquet out/parquet/
    """
    from ..batch import extract_many
    from ..outputs.database import load_reports, wait_for_database
    from ..runtime.progress import terminal_progress

    check_database_paths(db_path, parquet_dir)
    jobs_list = [parse_load_input(text) for text in inputs]
    if db_path.is_dir():
        raise UsageError(f"{db_path} is a folder; --db needs a database file")
    refuse_repeated_files(jobs_list)
    check_corrections([path for path, _ in jobs_list], corrections)
    spec = reading.spec()
    side_by_side = worker_count(jobs, len(jobs_list))
    wait_for_database(db_path, lock_timeout)
    note_workers_not_used(reading.read.workers, side_by_side)
    # Pages across the inputs, as each is read (batch.PageProgress), and the time left.
    progress = (terminal_progress("pages", eta=True) if sys.stderr.isatty() and len(inputs) > 1
                else None)
    reports = extract_many(jobs_list, reading.read, side_by_side, progress, spec,
                           accept=one_report_per_edition(), corrections=corrections)
    guessed = [r for r in reports if r.edition.guessed]
    if guessed:
        first = guessed[0]
        more = f" (and {len(guessed) - 1} more)" if len(guessed) > 1 else ""
        raise UsageError(f"{first.source.name}: the report does not state its edition "
                         f"({first.edition_id} was guessed from {first.edition.source}){more}; "
                         f"give it as {first.source.name}=YYYY-MM; nothing was loaded")
    gate = gate_failures(reports, fail_on)
    if gate:  # an edition with values not reviewed is not loaded, nor are the others
        for line in gate:
            click.echo(line)
        click.echo(f"nothing was loaded into {db_path} (--fail-on): review the values, "
                   "or correct or confirm them in a corrections file")
        sys.exit(EXIT_CHECK_FAILED)
    commit()
    loaded = load_reports(reports, db_path, parquet_dir, lock_timeout)
    for report in reports:
        done = loaded[report.edition_id]
        click.echo(f"{report.edition_id:<10} {done.values:>4} values  "
                   f"{len(report.failed_checks)} check(s) failed  "
                   f"{len(report.warnings)} warning(s)  {report.source.name}"
                   + (f"  (replaces {', '.join(done.replaced)}: the same file)"
                      if done.replaced else ""))
        print_warnings(report, indent="    ")
    click.echo(f"loaded {len(reports)} edition(s) into {db_path}"
               + (f"; Parquet in {parquet_dir}" if parquet_dir else ""))
    if strict and any(report.warnings for report in reports):
        click.echo("--strict: there were warnings (exit 1)")
        sys.exit(EXIT_CHECK_FAILED)
    sys.exit(EXIT_OK)
