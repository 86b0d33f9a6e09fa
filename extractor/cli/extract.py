"""`ams-extract extract`: every table of one input into an output folder (or
observations.csv to stdout), with a workbook, review page and charts if asked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..outputs.files import (
    check_output_file,
    check_output_folder,
    observations_csv,
    render_files,
    write_files,
)
from ..runtime.interrupts import commit
from ..runtime.output_paths import writing
from .common import (
    InputOptions,
    check_corrections,
    corrections_option,
    edition_option,
    exit_code,
    extract_one,
    fail_on_option,
    gate_failures,
    print_summary,
    read_options,
    staged,
    strict_option,
    verbose_option,
)


@click.command("extract")
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
@fail_on_option
@corrections_option
@read_options
@verbose_option
def extract_command(input_path: Path, outdir: Path, force: bool, edition: str | None,
                    xlsx_path: Path | None, review: bool, plots: bool, strict: bool,
                    fail_on: tuple[str, ...], corrections: list[Path] | None,
                    reading: InputOptions, verbose: bool) -> None:
    """Extract every table of INPUT (a text edition or a PDF, scanned or not)
    into OUTDIR and print a summary.

    \b
    Examples:
      ams-extract extract samples/nve-ams-status-2016h1.txt -o out/2016h1
      ams-extract extract samples/pdf/nve-ams-status-2016h1-scanned.pdf -o out/scan
      ams-extract extract samples/nve-ams-status-2016h1.txt -o out/2016h1 --force \\
          --xlsx out/2016h1.xlsx
      ams-extract extract samples/nve-ams-status-2016h1.txt -o - > out/observations.csv
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
    check_corrections([input_path], corrections)
    report = extract_one(input_path, edition, reading, corrections)
    files = {} if to_stdout else render_files(report)
    if review:
        from ..outputs.review import render_review

        files["review.html"] = render_review(report, reading.read.password, reading.read.limits)
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
    with staged(xlsx_path, workbook):
        if to_stdout:
            sys.stdout.write(observations_csv(report))
            sys.stdout.flush()
        else:
            written = write_files(files, outdir, force=force, inputs=[input_path])
    print_summary(report, written, strict=strict, err=to_stdout)
    if xlsx_path is not None:
        click.echo(f"wrote     {xlsx_path}", err=to_stdout)
    for line in gate_failures([report], fail_on):
        click.echo(line, err=to_stdout)
    sys.exit(exit_code([report], strict, fail_on))
