"""`ams-extract check`: one extraction against a golden folder, cell by cell."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_CHECK_FAILED, EXIT_OK
from ..outputs.files import check_output_folder, write_report
from ..runtime.interrupts import commit
from .common import (
    InputOptions,
    check_corrections,
    corrections_option,
    edition_option,
    extract_one,
    fail_on_option,
    gate_failures,
    read_options,
    verbose_option,
)


@click.command("check")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--golden", "golden_dir", required=True, type=click.Path(path_type=Path),
              help="Golden folder (the reviewed output of `extract`).")
@click.option("--update", is_flag=True, help="Rewrite the golden folder with this extraction "
              "(deliberately: review every changed cell).")
@edition_option
@fail_on_option
@corrections_option
@read_options
@verbose_option
def check_command(input_path: Path, golden_dir: Path, update: bool, edition: str | None,
                  fail_on: tuple[str, ...], corrections: list[Path] | None,
                  reading: InputOptions, verbose: bool) -> None:
    """Compare the extraction of INPUT with a golden folder, cell by cell.

    Prints every difference (table, row, column, field, expected, got) and
    exits 1 when there is one. With --update, writes the extraction as the
    new golden folder after printing what changes.

    Compared: each value's value, unit, flags, raw, page, line, source,
    machine_value and measure; every check's status; each table's notes and
    comments. Not compared: OCR confidences, word boxes, timings, the tool's
    version, the wording of check details and warnings.

    \b
    Example:
      ams-extract check samples/nve-ams-status-2016h1.txt \\
          --golden fixtures/nve-ams-status-2016h1
    """
    from ..outputs.golden import compare, format_diffs

    if update:
        check_output_folder(golden_dir, force=True, inputs=[input_path])
    check_corrections([input_path], corrections)
    report = extract_one(input_path, edition, reading, corrections)
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
    gate = gate_failures([report], fail_on)
    if diffs:
        click.echo(f"{len(diffs)} difference(s) from {golden_dir}")
    else:
        click.echo(f"same as {golden_dir}: {len(report.observations)} values, "
                   f"{len(report.checks)} check results")
    for line in gate:
        click.echo(line)
    sys.exit(EXIT_CHECK_FAILED if diffs or gate else EXIT_OK)
