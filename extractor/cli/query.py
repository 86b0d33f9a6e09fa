"""`ams-extract query`: one SQL statement on a database made by `load`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_OK
from .common import verbose_option


@click.command("query")
@click.argument("db_path", metavar="DB", type=click.Path(path_type=Path))
@click.argument("sql")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of an aligned table.")
@verbose_option
def query_command(db_path: Path, sql: str, as_csv: bool, verbose: bool) -> None:
    """Run one SQL statement on a database made by `load` (read-only) and print the rows.

    \b
    Example:
      ams-extract query out/ams.duckdb "SELECT edition, count(*) FROM observations GROUP BY 1"
    """
    from ..outputs.database import format_rows, query_rows

    columns, rows = query_rows(db_path, sql)
    click.echo(format_rows(columns, rows, as_csv=as_csv), nl=False)
    sys.exit(EXIT_OK)
