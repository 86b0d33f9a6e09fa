"""`ams-extract diff`: two editions compared value by value."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..errors import EXIT_OK
from ..model.spec import ReportSpec
from ..outputs.files import check_output_file
from ..runtime.file_safety import write_file_atomically
from ..runtime.interrupts import commit
from ..runtime.output_paths import writing
from ..spec import SPEC_ENV
from .common import check_corrections, corrections_option, load_user_spec, verbose_option


@click.command("diff")
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Also write the changes as CSV.")
@click.option("--force", is_flag=True, help="Replace the --csv file if it exists.")
@click.option("--spec", "spec_paths", multiple=True,
              type=click.Path(path_type=Path, dir_okay=False), envvar=SPEC_ENV,
              help="A spec file that extends the built-in one, for inputs extracted on the "
                   f"fly; may be repeated. Default: ${SPEC_ENV}.")
@corrections_option
@verbose_option
def diff_command(a: Path, b: Path, csv_path: Path | None, force: bool,
                 spec_paths: tuple[Path, ...], corrections: list[Path] | None,
                 verbose: bool) -> None:
    """Compare two editions value by value: new, removed and changed values.

    A and B are inputs (extracted on the fly, with their corrections) or output
    folders of `extract`; values are keyed by the contract's table, row and column.

    \b
    Example:
      ams-extract diff fixtures/nve-ams-status-2016h1 \\
          samples/editions/nve-ams-status-2017-06.txt --csv out/changes.csv
    """
    from ..outputs.diff import changes_csv, diff_rows, format_changes

    if csv_path is not None:
        check_output_file(csv_path, force=force, inputs=[a, b])
    spec = load_user_spec(spec_paths)
    check_corrections([p for p in (a, b) if not p.is_dir()], corrections)
    a_edition, a_rows = observations_of(a, spec, corrections)
    b_edition, b_rows = observations_of(b, spec, corrections)
    changes = diff_rows(a_rows, b_rows, a_edition, b_edition)
    commit()
    click.echo(format_changes(changes, a_edition, b_edition))
    if csv_path is not None:
        with writing(csv_path):
            write_file_atomically(csv_path, changes_csv(changes))
        click.echo(f"wrote {csv_path}")
    sys.exit(EXIT_OK)


def observations_of(source: Path, spec: ReportSpec | None = None,
                    corrections: Sequence[Path] | None = None
                    ) -> tuple[str, list[dict[str, str]]]:
    """(edition id, observations rows) of an output folder, or of an input file extracted
    now (with `spec`, else the built-in one, and `corrections`, else its own)."""
    from ..outputs.diff import read_observations

    def extracted(path: Path) -> tuple[str, list[dict[str, str]]]:
        from ..pipeline import extract  # pandas and pdfplumber only when a file is read

        report = extract(path, spec=spec, corrections=corrections)
        return report.edition_id, report.observation_rows()

    return read_observations(source, extracted)
