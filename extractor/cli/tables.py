"""`ams-extract tables`: every table on every page, found without the report's spec."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_OK
from ..outputs.files import check_output_folder, write_files
from ..runtime.interrupts import commit
from ..runtime.limits import input_limits
from ..spec.locale import default_locale
from .common import InputOptions, read_options, verbose_option


@click.command("tables")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
              help="Folder to write tables.json and tables/*.csv.")
@click.option("--force", is_flag=True, help="Replace OUTDIR (only an output folder of "
              "ams-extract).")
@read_options
@verbose_option
def tables_command(input_path: Path, outdir: Path, force: bool, reading: InputOptions,
                   verbose: bool) -> None:
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
    options = reading.read.with_language(default_locale().ocr_language)  # no spec here
    with input_limits(options.limits, str(input_path)):
        document = drop_furniture(read_source(input_path, options))
        grids = document_tables(document)
        files = found_table_files(document, grids)
    commit()
    written = write_files(files, outdir, force=force, inputs=[input_path])
    click.echo(f"{document.source.name}: {len(grids)} table(s) on "
               f"{len({g.pages[0] for g in grids})} page(s)")
    click.echo(f"wrote     {written}")
    sys.exit(EXIT_OK)
