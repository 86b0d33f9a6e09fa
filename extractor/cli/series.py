"""`ams-extract series`: one value over the editions of a database made by `load`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_OK, UsageError
from ..outputs.files import check_output_file
from ..runtime.file_safety import write_file_atomically
from ..runtime.interrupts import commit
from ..runtime.output_paths import writing
from .common import verbose_option


@click.command("series")
@click.argument("db_path", metavar="DB", type=click.Path(path_type=Path))
@click.option("--table", "table", required=True, help="Table id (annual_installation_plan).")
@click.option("--row", "row", required=True, help="Row key (meters_installed).")
@click.option("--column", "column", help="Column key (2017); default: every column of the row.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Also write the series as CSV.")
@click.option("--plot", "plot_path", type=click.Path(path_type=Path),
              help="Also draw it as an SVG chart: cumulative values hollow, flagged ones "
                   "ringed in red.")
@click.option("--force", is_flag=True, help="Replace the --csv and --plot files if they exist.")
@verbose_option
def series_command(db_path: Path, table: str, row: str, column: str | None,
                   csv_path: Path | None, plot_path: Path | None, force: bool,
                   verbose: bool) -> None:
    """A value over the editions loaded: edition, column, value, unit, what it measures
    (flow, cumulative, share, level), flags, source, and the table's comments that name
    its column.

    \b
    Example:
      ams-extract series out/ams.duckdb --table annual_installation_plan \\
          --row meters_installed --column 2017 --plot out/meters-2017.svg
    """
    from ..outputs.series import series_rows, series_svg, series_text

    for path in (csv_path, plot_path):
        if path is not None:
            check_output_file(path, force=force, inputs=[db_path])
    rows = series_rows(db_path, table, row, column)
    if not rows:
        raise UsageError(f"{db_path}: no value of {table}/{row}"
                         + (f"/{column}" if column else "") + " in any edition loaded")
    svg = (series_svg(rows, f"{table} / {row}" + (f" / {column}" if column else ""))
           if plot_path is not None else None)
    commit()
    click.echo(series_text(rows), nl=False)
    for path, text in ((csv_path, series_text(rows, as_csv=True)), (plot_path, svg)):
        if path is not None and text is not None:
            with writing(path):
                write_file_atomically(path, text)
            click.echo(f"wrote {path}")
    sys.exit(EXIT_OK)
