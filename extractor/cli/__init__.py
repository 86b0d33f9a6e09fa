"""The command line: one module per command, sharing the options, printing, exit codes and
error handling of `common.py`.

    extract.py  every table of one input into a folder (or stdout)
    check.py    an extraction against a golden folder
    review.py   the HTML review page
    diff.py     two editions, value by value
    load.py     many inputs into one DuckDB database
    tables.py   every table on every page, without the spec
    query.py    SQL on a loaded database
    series.py   one value over the editions of a loaded database
"""

from __future__ import annotations

import click

from ..version import __version__
from .check import check_command
from .common import run
from .diff import diff_command
from .extract import extract_command
from .load import load_command
from .query import query_command
from .review import review_command
from .series import series_command
from .tables import tables_command

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ams-extract")
def cli() -> None:
    """Extract the tables of NVE's smart-meter (AMS) status reports as clean, checked data."""


for _command in (extract_command, check_command, review_command, diff_command, load_command,
                 tables_command, query_command, series_command):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command line, turning every error into one line."""
    run(cli, argv)
