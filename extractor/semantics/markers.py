"""Footnote markers (layout/markers.py) as notes of the tables whose lines printed them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import ExtractedTable, Marker


def with_marker_notes(table: ExtractedTable, markers: Sequence[Marker]) -> ExtractedTable:
    """The table, noting each footnote marker printed on one of its lines: which word it
    marks and where (the note it points to is among the table's comment lines)."""
    lines = {(line.page, line.number) for line in table.source_lines}
    notes = [f"footnote marker {m.text} after {m.after!r} (line {m.line}"
             + (f", page {m.page})" if m.page is not None else ")")
             for m in markers if (m.page, m.line) in lines]
    return replace(table, notes=[*table.notes, *notes]) if notes else table
