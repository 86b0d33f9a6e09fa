"""The command line: extract, check, review, diff, load and query.

Errors are one plain line on stderr with the contract's exit code; `-v`
adds the traceback. Exit codes: 0 done and every check passed, 1 a check
failed, a golden comparison differs, or (with --strict) there was a
warning, 2 usage error, 3 unreadable input, 4 an output could not be written,
130 interrupted.

Every output path is checked before any work (output.check_output_folder,
check_output_file: its kind, and that its folder can be written), and
results are written only at the end, all at once: an interrupt before then
leaves nothing written, and from then on it is ignored, so the run finishes.
An I/O failure while writing is one line and exit 4 (outputs.targets.writing).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import click

from ..errors import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    ExtractError,
    UsageError,
)
from ..model.spec import ReportSpec
from ..outputs.files import (
    check_output_file,
    check_output_folder,
    observations_csv,
    render_files,
    write_files,
    write_report,
)
from ..readers.ocr import OcrSettings
from ..readers.pdf import OCR_MODES, ReadOptions
from ..report import Report
from ..runtime.file_safety import staged_file, write_file_atomically
from ..runtime.interrupts import (
    Interrupted,
    Terminated,
    commit,
    install_handlers,
    interrupted,
    terminated,
)
from ..runtime.limits import LOCK_TIMEOUT, Limits, time_limit
from ..runtime.output_paths import check_database_paths, writing
from ..spec import SPEC_ENV, SpecError, load_spec
from ..version import __version__

EXIT_BROKEN_PIPE = 141  # as a shell reports a program ended by SIGPIPE


def read_options(function: Callable) -> Callable:
    """The options on how to read inputs, shared by every command that extracts."""
    options = [
        click.option("--spec", "spec_paths", multiple=True,
                     type=click.Path(path_type=Path, dir_okay=False), envvar=SPEC_ENV,
                     help="A spec file that extends the built-in one (more aliases, tables, "
                          f"checks); may be repeated. Default: ${SPEC_ENV}."),
        click.option("--ocr", type=click.Choice(OCR_MODES), default="auto", show_default=True,
                     help="auto: OCR only pages without a usable text layer; always; never."),
        click.option("--no-cache", is_flag=True,
                     help="Do not read or write the OCR cache (~/.cache/ams-extract)."),
        click.option("--workers", type=click.IntRange(min=1),
                     help="Processes for OCR (default: one per core)."),
        click.option("--ocr-timeout", type=click.FloatRange(min=0, min_open=True),
                     default=OcrSettings.timeout, show_default=True,
                     help="Seconds of OCR per page; a page that takes longer stops the run."),
        click.option("--password", help="Password of an encrypted PDF."),
        click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True),
                     default=Limits.max_file_mb, show_default=True, help="Largest input."),
        click.option("--max-pages", type=click.IntRange(min=1), default=Limits.max_pages,
                     show_default=True, help="Most pages a PDF may have."),
        click.option("--max-megapixels", type=click.FloatRange(min=1),
                     default=Limits.max_megapixels, show_default=True,
                     help="Largest rendered page; bigger pages are OCR'd at a lower dpi, "
                          "or refused below 100 dpi."),
        click.option("--max-seconds", type=click.FloatRange(min=0, min_open=True),
                     default=Limits.max_seconds, show_default=True,
                     help="Wall time for one input: reading, OCR and parsing."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def strict_option(function: Callable) -> Callable:
    return click.option(
        "--strict", is_flag=True,
        help="Exit 1 on any warning: unknown or missing sections, unmatched labels, skipped "
             "checks, a guessed edition, ...")(function)


def verbose_option(function: Callable) -> Callable:
    return click.option("-v", "--verbose", is_flag=True,
                        help="Print a traceback on errors.")(function)


def _edition(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    from ..semantics.edition import parse_edition_id

    if value is not None and parse_edition_id(value) is None:
        raise click.BadParameter(f"{value!r} is not a period: give it as 2017-06, 2017-Q2, "
                                 "2017-H1 or 2017-06-30")
    return value


def edition_option(function: Callable) -> Callable:
    return click.option(
        "--edition", callback=_edition,
        help="The edition, instead of the period the report states: 2017-06 (the month of "
             "its status date), or 2017-Q2, 2017-H1, 2017-06-30.")(function)


def _spec(paths: Sequence[Path]) -> ReportSpec:
    try:
        return load_spec(*paths)
    except SpecError as error:
        raise UsageError(f"spec: {error}") from None


def _read_options(ocr: str, no_cache: bool, workers: int | None, ocr_timeout: float,
                  password: str | None, max_file_mb: float, max_pages: int,
                  max_megapixels: float, max_seconds: float) -> ReadOptions:
    limits = Limits(max_file_mb=max_file_mb, max_pages=max_pages,
                    max_megapixels=max_megapixels, max_seconds=max_seconds)
    return ReadOptions(ocr=ocr, use_cache=not no_cache, workers=workers,
                       progress=sys.stderr.isatty(), settings=OcrSettings(timeout=ocr_timeout),
                       password=password, limits=limits)


def _extract_one(input_path: Path, edition: str | None, spec_paths: Sequence[Path],
                 reading: dict) -> tuple[Report, ReadOptions]:
    from ..pipeline import extract

    spec = _spec(spec_paths)
    options = _read_options(**reading)
    return extract(input_path, spec=spec, edition=edition, options=options), options


@contextlib.contextmanager
def _staged(path: Path | None, data: bytes | None) -> Iterator[None]:
    """`data` written beside `path` and renamed in when the block ends well (see
    file_safety.staged_file); nothing to do when there is no such file."""
    if path is None or data is None:
        yield
        return
    with writing(path), staged_file(path, data):
        yield


def _exit_code(reports: Sequence[Report], strict: bool) -> int:
    if any(report.failed_checks for report in reports):
        return EXIT_CHECK_FAILED
    if strict and any(report.warnings for report in reports):
        return EXIT_CHECK_FAILED
    return EXIT_OK


def print_warnings(report: Report, *, indent: str = "  ", err: bool = False) -> None:
    for warning in report.warnings:
        where = f" (line {warning.line})" if warning.line else ""
        click.echo(f"{indent}{warning.code}{where}: {warning.message}", err=err)


def print_summary(report: Report, written: Path | None = None, *, strict: bool = False,
                  err: bool = False) -> None:
    """The summary after an extraction; on stderr when stdout carries the data."""
    def echo(text: str) -> None:
        click.echo(text, err=err)

    s = report.summary()
    charts = sum(t.status == "chart_without_values" for t in report.extracted)
    missing = [t.id for t in report.extracted if t.status == "missing"]
    edition = report.edition
    echo(f"{report.source.name} ({report.source.kind}, edition {report.edition_id}"
         + (", guessed" if edition.guessed else "") + ")")
    if report.document.pages:
        methods = [page.method for page in report.document.pages]
        counts = ", ".join(f"{methods.count(m)} {m}" for m in dict.fromkeys(methods))
        cached = sum(page.cached for page in report.document.pages)
        junk = sum(page.text_layer is not None and (
            page.text_layer.verdict == "junk" or (page.text_layer.strip is not None
                                                  and page.text_layer.strip.said == "junk"))
            for page in report.document.pages)
        echo(f"pages     {len(methods)}: {counts}"
             + (f" ({cached} from the OCR cache)" if cached else "")
             + (f"; {junk} with a junk text layer (report.json: text_layer)" if junk else ""))
    echo(f"tables    {s['tables_found']} of {s['tables_expected']} found"
         + (f", {charts} a chart without values" if charts else "")
         + (f"; missing: {', '.join(missing)}" if missing else ""))
    echo(f"values    {s['values']} ({s['flagged_values']} flagged)")
    echo(f"checks    {s['checks_passed']} passed, {s['checks_failed']} failed, "
         f"{s['checks_skipped']} skipped")
    for check in report.failed_checks:
        echo(f"  failed  {check.rule}: {check.detail}")
    echo(f"warnings  {s['warnings']}" + (" (--strict: exit 1)" if strict and s["warnings"]
                                         else ""))
    print_warnings(report, err=err)
    if written is not None:
        echo(f"wrote     {written}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ams-extract")
def cli() -> None:
    """Extract the tables of NVE's smart-meter (AMS) status reports as clean, checked data."""


@cli.command("extract")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
              help="Folder to write observations.csv, report.json, tables/, datapackage.json; "
                   "'-' writes observations.csv to stdout (the summary goes to stderr).")
@click.option("--force", is_flag=True, help="Replace OUTDIR (only an output folder of "
              "ams-extract) and the --xlsx file if they exist.")
@edition_option
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path),
              help="Also write one Excel workbook: a sheet per table, observations, checks, "
                   "warnings.")
@click.option("--review", is_flag=True,
              help="Also write OUTDIR/review.html, every value beside its source.")
@click.option("--plots", is_flag=True,
              help="Also write the charts as OUTDIR/plots/*.svg.")
@strict_option
@read_options
@verbose_option
def extract_command(input_path: Path, outdir: Path, force: bool, edition: str | None,
                    xlsx_path: Path | None, review: bool, plots: bool, strict: bool,
                    spec_paths: tuple[Path, ...], verbose: bool, **reading) -> None:
    """Extract every table of INPUT (a text edition or a PDF, scanned or not)
    into OUTDIR and print a summary.

    \b
    Examples:
      ams-extract extract samples/nve-ams-status-2016h1.txt -o out/2016h1
      ams-extract extract samples/pdf/nve-ams-status-2016h1-scanned.pdf -o out/scan
      ams-extract extract samples/nve-ams-status-2016h1.txt -o out/2016h1 --force \\
          --xlsx out/2016h1.xlsx
      ams-extract extract samples/nve-ams-status-2016h1.txt -o - > observations.csv
    """
    to_stdout = str(outdir) == "-"
    if to_stdout and (review or plots):
        raise UsageError("--review and --plots need an output folder, not -o -")
    if not to_stdout:
        check_output_folder(outdir, force=force, inputs=[input_path])
    if xlsx_path is not None:
        check_output_file(xlsx_path, force=force, inputs=[input_path])
        book, folder = xlsx_path.resolve(), outdir.resolve()
        if not to_stdout and (folder == book or folder in book.parents
                              or book in folder.parents):
            raise UsageError(f"{xlsx_path}: the workbook cannot go inside OUTDIR (or be it, "
                             "or hold it)")
    report, options = _extract_one(input_path, edition, spec_paths, reading)
    files = {} if to_stdout else render_files(report)
    if review:
        from ..outputs.review import render_review

        files["review.html"] = render_review(report, options.password)
    if plots:
        from ..outputs.plots import render_plots

        files.update({f"plots/{name}.svg": svg for name, svg in render_plots(report).items()})
    workbook = None
    if xlsx_path is not None:
        from ..outputs.workbook import workbook_bytes

        with writing(xlsx_path):  # openpyxl writes temporary files as it builds
            workbook = workbook_bytes(report)
    commit()
    written = None
    # The workbook is staged first and renamed in after OUTDIR: if OUTDIR fails, neither is.
    with _staged(xlsx_path, workbook):
        if to_stdout:
            sys.stdout.write(observations_csv(report))
            sys.stdout.flush()
        else:
            written = write_files(files, outdir, force=force, inputs=[input_path])
    print_summary(report, written, strict=strict, err=to_stdout)
    if xlsx_path is not None:
        click.echo(f"wrote     {xlsx_path}", err=to_stdout)
    sys.exit(_exit_code([report], strict))


@cli.command("check")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--golden", "golden_dir", required=True, type=click.Path(path_type=Path),
              help="Golden folder (the reviewed output of `extract`).")
@click.option("--update", is_flag=True, help="Rewrite the golden folder with this extraction "
              "(deliberately: review every changed cell).")
@edition_option
@read_options
@verbose_option
def check_command(input_path: Path, golden_dir: Path, update: bool, edition: str | None,
                  spec_paths: tuple[Path, ...], verbose: bool, **reading) -> None:
    """Compare the extraction of INPUT with a golden folder, cell by cell.

    Prints every difference (table, row, column, field, expected, got) and
    exits 1 when there is one. With --update, writes the extraction as the
    new golden folder after printing what changes.

    \b
    Example:
      ams-extract check samples/nve-ams-status-2016h1.txt \\
          --golden fixtures/nve-ams-status-2016h1
    """
    from ..outputs.golden import compare, format_diffs

    if update:
        check_output_folder(golden_dir, force=True, inputs=[input_path])
    report, _ = _extract_one(input_path, edition, spec_paths, reading)
    exists = (golden_dir / "observations.csv").is_file()
    diffs = compare(report, golden_dir) if exists or not update else []
    if diffs:
        click.echo(format_diffs(diffs))
    if update:
        commit()
        write_report(report, golden_dir, force=True)
        what = f"{len(diffs)} difference(s)" if exists else "a new golden folder"
        click.echo(f"updated {golden_dir}: {what}")
        sys.exit(EXIT_OK)
    if diffs:
        click.echo(f"{len(diffs)} difference(s) from {golden_dir}")
        sys.exit(EXIT_CHECK_FAILED)
    click.echo(f"same as {golden_dir}: {len(report.observations)} values, "
               f"{len(report.checks)} check results")
    sys.exit(EXIT_OK)


@cli.command("review")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "html_path", required=True, type=click.Path(path_type=Path),
              help="The HTML file to write.")
@click.option("--force", is_flag=True, help="Replace the HTML file if it exists.")
@edition_option
@strict_option
@read_options
@verbose_option
def review_command(input_path: Path, html_path: Path, force: bool, edition: str | None,
                   strict: bool, spec_paths: tuple[Path, ...], verbose: bool,
                   **reading) -> None:
    """Write one self-contained HTML page to review an extraction by eye.

    Every table beside the page region (or source lines) it was read from,
    flagged values highlighted, the checks, the charts, and a list of all
    that needs a human. Opens from disk in any browser; prints well.

    \b
    Example:
      ams-extract review samples/pdf/nve-ams-status-2016h1-scanned.pdf -o review.html
    """
    from ..outputs.review import render_review

    check_output_file(html_path, force=force, inputs=[input_path])
    report, options = _extract_one(input_path, edition, spec_paths, reading)
    page = render_review(report, options.password)
    commit()
    with writing(html_path):
        write_file_atomically(html_path, page)
    print_summary(report, strict=strict)
    click.echo(f"wrote     {html_path}")
    sys.exit(_exit_code([report], strict))


@cli.command("diff")
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Also write the changes as CSV.")
@click.option("--force", is_flag=True, help="Replace the --csv file if it exists.")
@click.option("--spec", "spec_paths", multiple=True,
              type=click.Path(path_type=Path, dir_okay=False), envvar=SPEC_ENV,
              help="A spec file that extends the built-in one, for inputs extracted on the "
                   f"fly; may be repeated. Default: ${SPEC_ENV}.")
@verbose_option
def diff_command(a: Path, b: Path, csv_path: Path | None, force: bool,
                 spec_paths: tuple[Path, ...], verbose: bool) -> None:
    """Compare two editions value by value: new, removed and changed values.

    A and B are inputs (extracted on the fly) or output folders of `extract`;
    values are keyed by the contract's table, row and column.

    \b
    Example:
      ams-extract diff fixtures/nve-ams-status-2016h1 \\
          samples/editions/nve-ams-status-2017-06.txt --csv changes.csv
    """
    from ..outputs.diff import changes_csv, diff_rows, format_changes, read_observations

    if csv_path is not None:
        check_output_file(csv_path, force=force, inputs=[a, b])
    spec = _spec(spec_paths)
    a_edition, a_rows = read_observations(a, spec)
    b_edition, b_rows = read_observations(b, spec)
    changes = diff_rows(a_rows, b_rows)
    commit()
    click.echo(format_changes(changes, a_edition, b_edition))
    if csv_path is not None:
        with writing(csv_path):
            write_file_atomically(csv_path, changes_csv(changes))
        click.echo(f"wrote {csv_path}")
    sys.exit(EXIT_OK)


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


@cli.command("load")
@click.argument("inputs", metavar="INPUT[=EDITION]...", nargs=-1, required=True)
@click.option("--db", "db_path", required=True, type=click.Path(path_type=Path),
              help="DuckDB database file (created if missing).")
@click.option("--parquet", "parquet_dir", type=click.Path(path_type=Path),
              help="Also write the database's tables as Parquet files into this folder.")
@click.option("--jobs", type=click.IntRange(min=1),
              help="Inputs extracted side by side (default: one per core).")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=LOCK_TIMEOUT,
              show_default=True, help="Seconds to wait while another process holds the "
              "database.")
@strict_option
@read_options
@verbose_option
def load_command(inputs: tuple[str, ...], db_path: Path, parquet_dir: Path | None,
                 jobs: int | None, lock_timeout: float, strict: bool,
                 spec_paths: tuple[Path, ...], verbose: bool,
                 **reading) -> None:
    """Extract each INPUT and load its values into one DuckDB database.

    Tables: observations (edition, table, row, column, value, ...), editions,
    checks and warnings. An edition loaded again replaces the one there;
    nothing is loaded unless every input could be read and every edition is
    known. An edition the report does not state is refused: give it as
    INPUT=EDITION (e.g. report.pdf=2017-06).

    \b
    Example:
      ams-extract load samples/nve-ams-status-2016h1.txt samples/editions/*.txt \\
          --db ams.duckdb --parquet parquet/
    """
    from ..batch import extract_many
    from ..outputs.database import load_reports, wait_for_database
    from ..runtime.progress import terminal_progress

    check_database_paths(db_path, parquet_dir)
    jobs_list = [parse_load_input(text) for text in inputs]
    if db_path.is_dir():
        raise UsageError(f"{db_path} is a folder; --db needs a database file")
    refuse_repeated_files(jobs_list)
    spec = _spec(spec_paths)
    options = _read_options(**reading)
    wait_for_database(db_path, lock_timeout)
    progress = terminal_progress("inputs") if sys.stderr.isatty() and len(inputs) > 1 else None
    reports = extract_many(jobs_list, options, jobs, progress, spec,
                           accept=one_report_per_edition())
    guessed = [r for r in reports if r.edition.guessed]
    if guessed:
        first = guessed[0]
        more = f" (and {len(guessed) - 1} more)" if len(guessed) > 1 else ""
        raise UsageError(f"{first.source.name}: the report does not state its edition "
                         f"({first.edition_id} was guessed from {first.edition.source}){more}; "
                         f"give it as {first.source.name}=YYYY-MM; nothing was loaded")
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


@cli.command("tables")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
              help="Folder to write tables.json and tables/*.csv.")
@click.option("--force", is_flag=True, help="Replace OUTDIR (only an output folder of "
              "ams-extract).")
@read_options
@verbose_option
def tables_command(input_path: Path, outdir: Path, force: bool, spec_paths: tuple[Path, ...],
                   verbose: bool, **reading) -> None:
    """Find every table on every page of INPUT, without the report's spec, and write
    each as cells: OUTDIR/tables.json and OUTDIR/tables/page-P-table-N.csv.

    The first thing to look at when a new edition misbehaves: what the reader saw.

    \b
    Example:
      ams-extract tables samples/pdf/nve-ams-status-2016h1-text.pdf -o out/tables
    """
    from ..document_reading import read_source
    from ..layout.find_tables import document_tables
    from ..layout.furniture import drop_furniture
    from ..outputs.found_tables import found_table_files

    check_output_folder(outdir, force=force, inputs=[input_path])
    options = _read_options(**reading)
    with time_limit(options.limits.max_seconds, str(input_path)):
        document = drop_furniture(read_source(input_path, options))
        grids = document_tables(document)
        files = found_table_files(document, grids)
    commit()
    written = write_files(files, outdir, force=force, inputs=[input_path])
    click.echo(f"{document.source.name}: {len(grids)} table(s) on "
               f"{len({g.pages[0] for g in grids})} page(s)")
    click.echo(f"wrote     {written}")
    sys.exit(EXIT_OK)


@cli.command("query")
@click.argument("db_path", metavar="DB", type=click.Path(path_type=Path))
@click.argument("sql")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of an aligned table.")
@verbose_option
def query_command(db_path: Path, sql: str, as_csv: bool, verbose: bool) -> None:
    """Run one SQL statement on a database made by `load` (read-only) and print the rows.

    \b
    Example:
      ams-extract query ams.duckdb "SELECT edition, count(*) FROM observations GROUP BY 1"
    """
    from ..outputs.database import format_rows, query_rows

    columns, rows = query_rows(db_path, sql)
    click.echo(format_rows(columns, rows, as_csv=as_csv), nl=False)
    sys.exit(EXIT_OK)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command line, turning every error into one line."""
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args or "--verbose" in args
    install_handlers()
    _print_warnings_of_readers()
    try:
        cli.main(args=args, prog_name="ams-extract", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        _fail(f"usage error: {error.format_message()} (see --help)", EXIT_USAGE, verbose)
    except (click.Abort, KeyboardInterrupt, Interrupted):
        interrupted()
    except Terminated:
        terminated()
    except BrokenPipeError:  # `extract -o - | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)
    except ExtractError as error:
        _fail(f"error: {error}", error.exit_code, verbose)
    except Exception as error:  # one line, never a traceback, for anything unforeseen
        _fail(f"internal error: {type(error).__name__}: {error}", EXIT_UNREADABLE, verbose)
    sys.exit(EXIT_OK)


def _print_warnings_of_readers() -> None:
    """What the readers warn of on their own (an OCR cache that cannot be used): one line
    each on stderr, in the shape of every other message."""
    logger = logging.getLogger("ams_extract")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("ams-extract: warning: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


def _fail(message: str, code: int, verbose: bool) -> None:
    if verbose:
        traceback.print_exc()
    click.echo(f"ams-extract: {message}".replace("\n", " "), err=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
