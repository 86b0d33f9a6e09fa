"""One value over editions, from a database of `load`: a tidy table and a chart.

Each row is one edition's value of one cell (table, row, column), with what it measures
(flow, cumulative, share, level), its flags, who decided it (source) and the comment
sentences of its table that name its column ("2017-tall er sum historisk installert til
og med 2017."): 2017's installations in one edition and the running total up to 2017 in
the next are labelled so, never one line of like values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .database import format_rows, query_rows

SERIES_COLUMNS = ("edition", "column", "value", "unit", "measure", "flags", "source", "notes")
_QUERY = (
    'SELECT o.edition, o."column", o.value, o.unit, o.measure, o.flags, o.source,'
    " coalesce((SELECT string_agg(n.text, ' ' ORDER BY n.line) FROM notes n"
    '  WHERE n.edition = o.edition AND n."table" = o."table"'
    '  AND list_contains(n.columns, o."column")), \'\') AS notes'
    ' FROM observations o WHERE o."table" = ? AND o."row" = ? AND o."column" LIKE ?'
    ' ORDER BY o."column", o.edition'
)


def series_rows(db_path: Path, table: str, row: str, column: str | None = None
                ) -> list[tuple[Any, ...]]:
    """The cell's value in every edition loaded (every column of the row, when `column`
    is None), ordered by column then edition."""
    return query_rows(db_path, _QUERY, [table, row, column or "%"], what="series",
                      hint=" (a database made by `load` of this version has its notes)")[1]


def series_text(rows: list[tuple[Any, ...]], *, as_csv: bool = False) -> str:
    return format_rows(SERIES_COLUMNS, rows, as_csv=as_csv)


def series_svg(rows: list[tuple[Any, ...]], title: str) -> str:
    """A line per column over the editions: a cumulative value drawn hollow, a flagged one
    ringed in red, so neither reads as a like value of the line."""
    from .plots import pyplot, svg

    plt = pyplot()
    figure, axis = plt.subplots(figsize=(8, 3.6))
    by_column: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_column.setdefault(row[1], []).append(row)
    for column, points in by_column.items():
        editions, values = [p[0] for p in points], [p[2] for p in points]
        line, = axis.plot(editions, values, label=column, linewidth=1)
        for edition, value, measure, flags in ((p[0], p[2], p[4], p[5]) for p in points):
            hollow = measure == "cumulative"
            axis.plot([edition], [value], marker="s" if hollow else "o", markersize=7,
                      markerfacecolor="white" if hollow else line.get_color(),
                      markeredgecolor=line.get_color())
            if flags and "corrected" not in flags and "confirmed" not in flags:
                axis.plot([edition], [value], marker="o", markersize=14, fillstyle="none",
                          markeredgecolor="#d62728", linestyle="none")
    axis.plot([], [], marker="s", markerfacecolor="white", markeredgecolor="grey",
              linestyle="none", label="cumulative (running total)")
    axis.plot([], [], marker="o", markersize=10, fillstyle="none", markeredgecolor="#d62728",
              linestyle="none", label="flagged, not reviewed")
    axis.set_title(title)
    axis.set_xlabel("edition")
    axis.legend(fontsize="small")
    return svg(figure)
