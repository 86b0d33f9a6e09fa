"""The command line: `ams-extract extract` and `ams-extract check`.

Errors are one plain line on stderr with the contract's exit code; `-v`
adds the traceback. Exit codes: 0 done and every check passed, 1 a check
failed or a golden comparison differs, 2 usage error, 3 unreadable input.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from .errors import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    ExtractError,
    UsageError,
)
from .golden import compare, format_diffs
from .limits import Limits
from .ocr import OcrSettings
from .output import (
    folder_in_use,
    render_files,
    write_files,
    write_report,
    write_text_atomically,
)
from .pdf import OCR_MODES, ReadOptions
from .pipeline import extract
from .progress import terminal_progress
from .report import Report
from .version import __version__


def read_options(function: Callable) -> Callable:
    """The options on how to read PDFs, shared by extract and check."""
    options = [
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
                     help="Wall time for reading one input, OCR included."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _read_options(ocr: str, no_cache: bool, workers: int | None, ocr_timeout: float,
                  password: str | None, max_file_mb: float, max_pages: int,
                  max_megapixels: float, max_seconds: float) -> ReadOptions:
    limits = Limits(max_file_mb=max_file_mb, max_pages=max_pages,
                    max_megapixels=max_megapixels, max_seconds=max_seconds)
    return ReadOptions(ocr=ocr, use_cache=not no_cache, workers=workers,
                       progress=sys.stderr.isatty(), settings=OcrSettings(timeout=ocr_timeout),
                       password=password, limits=limits)


def print_summary(report: Report, written: Path | None = None) -> None:
    s = report.summary()
    charts = sum(t.status == "chart_without_values" for t in report.extracted)
    missing = [t.id for t in report.extracted if t.status == "missing"]
    click.echo(f"{report.source.name} ({report.source.kind}, edition {report.edition_id})")
    if report.document.pages:
        methods = [page.method for page in report.document.pages]
        counts = ", ".join(f"{methods.count(m)} {m}" for m in dict.fromkeys(methods))
        cached = sum(page.cached for page in report.document.pages)
        click.echo(f"pages     {len(methods)}: {counts}"
                   + (f" ({cached} from the OCR cache)" if cached else ""))
    click.echo(f"tables    {s['tables_found']} of {s['tables_expected']} found"
               + (f", {charts} a chart without values" if charts else "")
               + (f"; missing: {', '.join(missing)}" if missing else ""))
    click.echo(f"values    {s['values']} ({s['flagged_values']} flagged)")
    click.echo(f"checks    {s['checks_passed']} passed, {s['checks_failed']} failed, "
               f"{s['checks_skipped']} skipped")
    for check in report.failed_checks:
        click.echo(f"  failed  {check.rule}: {check.detail}")
    click.echo(f"warnings  {s['warnings']}")
    for warning in report.warnings:
        where = f" (line {warning.line})" if warning.line else ""
        click.echo(f"  {warning.code}{where}: {warning.message}")
    if written is not None:
        click.echo(f"wrote     {written}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ams-extract")
def cli() -> None:
    """Extract the tables of NVE's smart-meter (AMS) status reports as clean, checked data."""


@cli.command("extract")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
              help="Folder to write observations.csv, report.json, tables/, datapackage.json.")
@click.option("--force", is_flag=True, help="Replace OUTDIR if it exists.")
@click.option("--edition", help="Edition id for the output, instead of the period read "
              "from the text (e.g. 2016-H1).")
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path),
              help="Also write one Excel workbook: a sheet per table, observations, checks.")
@click.option("--review", is_flag=True,
              help="Also write OUTDIR/review.html, every value beside its source.")
@click.option("--plots", is_flag=True,
              help="Also write the charts as OUTDIR/plots/*.svg.")
@read_options
@click.option("-v", "--verbose", is_flag=True, help="Print a traceback on errors.")
def extract_command(input_path: Path, outdir: Path, force: bool, edition: str | None,
                    xlsx_path: Path | None, review: bool, plots: bool, verbose: bool,
                    **reading) -> None:
    """Extract every table of INPUT (a text edition or a PDF, scanned or not)
    into OUTDIR and print a summary.

    \b
    Examples:
      ams-extract extract samples/nve-ams-status-2016h1.txt -o out/
      ams-extract extract samples/pdf/nve-ams-status-2016h1-scanned.pdf -o out/ --force
      ams-extract extract samples/nve-ams-status-2016h1.txt -o out/ --xlsx out.xlsx
    """
    if folder_in_use(outdir) and not force:
        raise click.UsageError(f"{outdir} exists and is not empty; use --force to replace it")
    options = _read_options(**reading)
    report = extract(input_path, edition=edition, options=options)
    files = render_files(report)
    if review:
        from .review import render_review

        files["review.html"] = render_review(report, options.password)
    if plots:
        from .plots import render_plots

        files.update({f"plots/{name}.svg": svg for name, svg in render_plots(report).items()})
    written = write_files(files, outdir, force=force)
    if xlsx_path is not None:
        from .workbook import write_workbook

        write_workbook(report, xlsx_path)
    print_summary(report, written)
    if xlsx_path is not None:
        click.echo(f"wrote     {xlsx_path}")
    sys.exit(EXIT_CHECK_FAILED if report.failed_checks else EXIT_OK)


@cli.command("check")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--golden", "golden_dir", required=True, type=click.Path(path_type=Path),
              help="Golden folder (the reviewed output of `extract`).")
@click.option("--update", is_flag=True, help="Rewrite the golden folder with this extraction "
              "(deliberately: review every changed cell).")
@click.option("--edition", help="Edition id, as for extract.")
@read_options
@click.option("-v", "--verbose", is_flag=True, help="Print a traceback on errors.")
def check_command(input_path: Path, golden_dir: Path, update: bool, edition: str | None,
                  verbose: bool, **reading) -> None:
    """Compare the extraction of INPUT with a golden folder, cell by cell.

    Prints every difference (table, row, column, field, expected, got) and
    exits 1 when there is one. With --update, writes the extraction as the
    new golden folder after printing what changes.

    \b
    Example:
      ams-extract check samples/nve-ams-status-2016h1.txt \\
          --golden fixtures/nve-ams-status-2016h1
    """
    options = _read_options(**reading)
    report = extract(input_path, edition=edition, options=options)
    exists = (golden_dir / "observations.csv").is_file()
    diffs = compare(report, golden_dir) if exists or not update else []
    if diffs:
        click.echo(format_diffs(diffs))
    if update:
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
@click.option("--edition", help="Edition id, as for extract.")
@read_options
@click.option("-v", "--verbose", is_flag=True, help="Print a traceback on errors.")
def review_command(input_path: Path, html_path: Path, edition: str | None, verbose: bool,
                   **reading) -> None:
    """Write one self-contained HTML page to review an extraction by eye.

    Every table beside the page region (or source lines) it was read from,
    flagged values highlighted, the checks, the charts, and a list of all
    that needs a human. Opens from disk in any browser; prints well.

    \b
    Example:
      ams-extract review samples/pdf/nve-ams-status-2016h1-scanned.pdf -o review.html
    """
    from .review import write_review

    options = _read_options(**reading)
    report = extract(input_path, edition=edition, options=options)
    write_review(report, html_path, options.password)
    print_summary(report)
    click.echo(f"wrote     {html_path}")
    sys.exit(EXIT_CHECK_FAILED if report.failed_checks else EXIT_OK)


@cli.command("diff")
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Also write the changes as CSV.")
@click.option("-v", "--verbose", is_flag=True, help="Print a traceback on errors.")
def diff_command(a: Path, b: Path, csv_path: Path | None, verbose: bool) -> None:
    """Compare two editions value by value: new, removed and changed values.

    A and B are inputs (extracted on the fly) or output folders of `extract`;
    values are keyed by the contract's table, row and column.

    \b
    Example:
      ams-extract diff fixtures/nve-ams-status-2016h1 \\
          samples/editions/nve-ams-status-2017-06.txt --csv changes.csv
    """
    from .diff import changes_csv, diff_rows, format_changes, read_observations

    a_edition, a_rows = read_observations(a)
    b_edition, b_rows = read_observations(b)
    changes = diff_rows(a_rows, b_rows)
    click.echo(format_changes(changes, a_edition, b_edition))
    if csv_path is not None:
        write_text_atomically(csv_path, changes_csv(changes))
        click.echo(f"wrote {csv_path}")
    sys.exit(EXIT_OK)


@cli.command("load")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--db", "db_path", required=True, type=click.Path(path_type=Path),
              help="DuckDB database file (created if missing).")
@click.option("--parquet", "parquet_dir", type=click.Path(path_type=Path),
              help="Also write the database's tables as Parquet files into this folder.")
@click.option("--jobs", type=click.IntRange(min=1),
              help="Inputs extracted side by side (default: one per core).")
@read_options
@click.option("-v", "--verbose", is_flag=True, help="Print a traceback on errors.")
def load_command(inputs: tuple[Path, ...], db_path: Path, parquet_dir: Path | None,
                 jobs: int | None, verbose: bool, **reading) -> None:
    """Extract each INPUT and load its values into one DuckDB database.

    Tables: observations (edition, table, row, column, value, ...), editions
    and checks. An edition loaded again replaces the one there; nothing is
    loaded unless every input could be read.

    \b
    Example:
      ams-extract load samples/nve-ams-status-2016h1.txt samples/editions/*.txt \\
          --db ams.duckdb --parquet parquet/
    """
    from .batch import extract_many
    from .database import load_reports

    options = _read_options(**reading)
    progress = terminal_progress("inputs") if sys.stderr.isatty() and len(inputs) > 1 else None
    reports = extract_many(list(inputs), options, jobs, progress)
    editions = [report.edition_id for report in reports]
    repeated = sorted({e for e in editions if editions.count(e) > 1})
    if repeated:
        raise UsageError(f"two inputs are the same edition ({', '.join(repeated)}); "
                         "load them one at a time, or give one an --edition of its own")
    counts = load_reports(reports, db_path, parquet_dir)
    for report in reports:
        failed = len(report.failed_checks)
        click.echo(f"{report.edition_id:<12} {counts[report.edition_id]:>4} values  "
                   f"{failed} check(s) failed  {report.source.name}")
    click.echo(f"loaded {len(reports)} edition(s) into {db_path}"
               + (f"; Parquet in {parquet_dir}" if parquet_dir else ""))
    sys.exit(EXIT_OK)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command line, turning every error into one line."""
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args or "--verbose" in args
    try:
        cli.main(args=args, prog_name="ams-extract", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        _fail(f"usage error: {error.format_message()} (see --help)", EXIT_USAGE, verbose)
    except click.Abort:
        _fail("interrupted; nothing was written", 130, verbose)
    except ExtractError as error:
        _fail(f"error: {error}", error.exit_code, verbose)
    except KeyboardInterrupt:
        _fail("interrupted; nothing was written", 130, verbose)
    except Exception as error:  # one line, never a traceback, for anything unforeseen
        _fail(f"internal error: {type(error).__name__}: {error}", EXIT_UNREADABLE, verbose)
    sys.exit(EXIT_OK)


def _fail(message: str, code: int, verbose: bool) -> None:
    if verbose:
        traceback.print_exc()
    click.echo(f"ams-extract: {message}".replace("\n", " "), err=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
