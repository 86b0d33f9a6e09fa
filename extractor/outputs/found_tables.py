"""The tables found on every page (`ams-extract tables`), as files: tables.json, one CSV each.

tables.json is a list of tables, each `{"page": 1-based (null for a text edition), "bbox":
[x0, top, x1, bottom] in PDF points from the page's top-left, "cells": [{"row", "col",
"rowspan", "colspan", "text", "header"}]}`, rows and columns from 0. Each table is also
`tables/page-<p>-table-<n>.csv`: the grid, a spanning cell's text in its first position.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from ..model import Document
from ..model.grid import FoundTable, Grid
from ..version import __version__
from .files import TOOL_NAME


def table_record(table: FoundTable) -> dict[str, Any]:
    """One table of tables.json: the grid kept, placed where our finder found the region."""
    grid = table.grid
    return {
        "page": grid.pages[0],
        "bbox": [round(v, 1) for v in table.box],
        "source": grid.source.value,
        "structure": table.structure,
        "cells": [{"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan,
                   "text": c.text, "header": c.header}
                  for c in sorted(grid.cells, key=lambda c: (c.row, c.col)) if not c.empty],
    }


def grid_csv(grid: Grid) -> str:
    """tables/page-P-table-N.csv: the grid, a spanning cell's text in its first position."""
    rows = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    for cell in grid.cells:
        if not cell.empty or not rows[cell.row][cell.col]:
            rows[cell.row][cell.col] = cell.text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def found_table_files(document: Document, tables: Sequence[FoundTable], model: str
                      ) -> dict[str, str]:
    """Every file of the output folder, by relative path; `model` says which structure
    model was asked, or why none was."""
    files = {"tables.json": json.dumps([table_record(t) for t in tables], ensure_ascii=False,
                                       indent=1) + "\n"}
    counts: dict[object, int] = {}
    for grid in (table.grid for table in tables):
        page = grid.pages[0]
        counts[page] = counts.get(page, 0) + 1
        files[f"tables/page-{page or 1}-table-{counts[page]}.csv"] = grid_csv(grid)
    report = {"tool": {"name": TOOL_NAME, "version": __version__},
              "source": {"name": document.source.name, "sha256": document.source.sha256,
                         "kind": document.source.kind, "pages": document.source.pages},
              "tables": len(tables), "structure_model": model,
              "model_structures": sum(t.by_model for t in tables)}
    files["report.json"] = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    return files
