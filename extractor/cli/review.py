"""`ams-extract review`: one self-contained HTML page to review an extraction by eye."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..outputs.files import check_output_file
from ..runtime.file_safety import write_file_atomically
from ..runtime.interrupts import commit
from ..runtime.output_paths import writing
from .common import (
    InputOptions,
    edition_option,
    exit_code,
    extract_one,
    print_summary,
    read_options,
    strict_option,
    verbose_option,
)


@click.command("review")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "html_path", required=True, type=click.Path(path_type=Path),
              help="The HTML file to write.")
@click.option("--force", is_flag=True, help="Replace the HTML file if it exists.")
@edition_option
@strict_option
@read_options
@verbose_option
def review_command(input_path: Path, html_path: Path, force: bool, edition: str | None,
                   strict: bool, reading: InputOptions, verbose: bool) -> None:
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
    report = extract_one(input_path, edition, reading)
    page = render_review(report, reading.read.password, reading.read.limits)
    commit()
    with writing(html_path):
        write_file_atomically(html_path, page)
    print_summary(report, strict=strict)
    click.echo(f"wrote     {html_path}")
    sys.exit(exit_code([report], strict))
