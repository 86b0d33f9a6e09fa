"""Positioned words and page graphics → a table grid: cells in rows and columns.

A chain of named geometric steps, each a module of its own and testable alone:

    lines.group_lines        the region's words → lines
    geometry.median_line_height, phrases.word_space
                             the units: a line's height, a space's width
    phrases.split_phrases    each line's words → phrases (see phrases.py)
    body.is_body_line        which lines are rows with values (anchors)
    body.labels_within_rules, values_in_labels, split_at_aligned_edges, numbers_in_labels
                             phrases corrected by what the other rows show (see body.py)
    columns.find_columns     x-extents of the columns: between vertical rules when the table
                             has them, else the body's value phrases clustered where they overlap
    headers.count_header_lines  how many lines above the body are header
    rows.find_rows           the body's lines → rows (wrapped labels joined to their row)
    headers.header_cells     the header lines → one header cell per column, spans above
    body_cells               each row's words placed in the column their middle falls in
    build_grid               the chain for one table region of one page

Nothing here knows the report: which cell is which key is read from the grid
by semantics/by_cells.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..lexicon.numbers import is_numeric_token
from ..model import PlacedLine, Word, group_lines
from ..model.grid import Cell, Grid, GridSource, Rule, Shade
from .body import (
    YEAR_WORD,
    is_body_line,
    labels_within_rules,
    numbers_in_labels,
    split_at_aligned_edges,
    values_above_the_rows,
    values_in_labels,
)
from .columns import (
    column_of,
    find_columns,
    gaps_within,
    one_grouped_number,
    split_clusters,
    vertical_rules,
)
from .geometry import cell_box, median_line_height, overlap, reading_order
from .headers import count_header_lines, gap_segments, header_cells
from .phrases import Phrase, label_and_values, split_phrases, word_space
from .rows import RowBand, find_rows
from .settings import DEFAULT, LayoutSettings


def _labels_cross_values(body: Sequence[list[Phrase]], columns: Sequence[tuple[float, float]],
                         least: float) -> bool:
    """True when a row's label runs into a value column: the columns run together (a text
    dump's "Hytter og fritidshus 322 913"), so no grid of them can be trusted. (Text
    elsewhere in a value column is a cell OCR could not read: the cell says so.) A label
    overlapping a column by `least` points or less only touches it."""
    return any(line and not line[0].value_like and overlap(line[0].x0, line[0].x1, x0, x1) > least
               for line in body for x0, x1 in columns[1:])


def _run_together(lines: Sequence[PlacedLine], phrases: Sequence[list[Phrase]],
                  anchors: Sequence[bool], head: int) -> bool:
    """True when lines read like rows with their columns run together ("Aidon 42 50", a
    text dump's "Valider AS 27 734 000"): a label ending in numbers, with no column gap
    before them, in the header or more than once in the body. (Once is a wrapped label
    such as "Næring > 100 000" / "kWh".) Numbers that are all years are a header of
    periods ("2017 1.kv 2018 2.kv 2018"), however closely printed."""
    suspects = [index for index, (line, line_phrases) in enumerate(zip(lines, phrases,
                                                                        strict=True))
                if not anchors[index] and line_phrases and not line_phrases[0].value_like
                and is_numeric_token(line.words[-1].text)
                and not all(YEAR_WORD.match(w.text) for w in line.words
                            if is_numeric_token(w.text))]
    return any(index < head for index in suspects) or len(suspects) > 1


def _column_of_word(word: Word, columns: Sequence[tuple[float, float]]) -> int:
    """The column a word's middle falls in; but a word that is no number and ends before
    the first value column starts is the label's, however far its ragged line reaches
    into the gap (the label column's right edge is only its widest label seen so far)."""
    index = column_of((word.x0 + word.x1) / 2, columns)
    if index == 1 and word.x1 <= columns[1][0] and not is_numeric_token(word.text):
        return 0
    return index


def body_cells(rows: Sequence[RowBand], columns: Sequence[tuple[float, float]], page: int | None,
               first_row: int) -> list[Cell]:
    """Each row's words, placed in the column their middle falls in; empty cells kept."""
    cells = []
    for offset, band in enumerate(rows):
        top = min(line.top for line in band.lines)
        bottom = max(line.bottom for line in band.lines)
        placed: dict[int, list[Word]] = {}
        for line in band.lines:
            for word in line.words:
                placed.setdefault(_column_of_word(word, columns), []).append(word)
        for index, (x0, x1) in enumerate(columns):
            words = reading_order(placed.get(index, []))
            cells.append(Cell(first_row + offset, index, words,
                              cell_box(words, (x0, top, x1, bottom)), page))
    return cells


def table_part_grids(parts: Sequence[tuple[int | None, Sequence[Word], Sequence[Rule],
                                           Sequence[Shade]]],
                     settings: LayoutSettings = DEFAULT) -> list[Grid]:
    """A table printed over pages (page, words, rules, shades for each): one grid a page,
    read as parts of one table. A page's words that make no grid, before a page whose
    do, are that grid's header printed at the foot of the page (`set_above`); a page
    that shows fewer columns than another, all within that one's, has a column left
    empty there and takes the other's columns."""
    built: list[tuple[Grid, list[Word], Sequence[Rule], Sequence[Shade], int | None]] = []
    header: Sequence[Word] = ()
    for page, words, rules, shades in parts:
        used = list(words)
        grid = build_grid(used, rules, shades, page, settings)
        if grid is not None and header:
            joined_words = [*set_above(header, words), *words]
            joined = build_grid(joined_words, rules, shades, page, settings)
            if joined is not None and _header_words(joined) > _header_words(grid):
                grid, used = joined, joined_words
        header = words if grid is None else ()
        if grid is not None:
            built.append((grid, used, rules, shades, page))
    if not built:
        return []
    widest = max((grid.columns for grid, *_ in built), key=len)
    grids = []
    for grid, used, rules, shades, page in built:
        if _within(grid.columns, widest):
            grid = build_grid(used, rules, shades, page, settings, widest) or grid
        grids.append(grid)
    return grids


def _header_words(grid: Grid) -> int:
    return sum(len(cell.words) for cell in grid.cells if cell.header)


def set_above(header: Sequence[Word], words: Sequence[Word]) -> list[Word]:
    """`header`'s words (from another page) moved to stand just above `words`, a line's
    height apart: a table's header printed at the foot of one page, its rows at the top
    of the next, read as one region. Their x stays: the columns line up."""
    if not header or not words:
        return list(header)
    gap = median_line_height(group_lines(words))
    shift = min(w.top for w in words) - gap - max(w.bottom for w in header)
    return [replace(w, top=w.top + shift, bottom=w.bottom + shift) for w in header]


def _within(found: Sequence[tuple[float, float]], wider: Sequence[tuple[float, float]]
            ) -> bool:
    """True when `wider` has more value columns than `found` and each of `found`'s lies
    within one of them: the same table, with a column left empty on this page."""
    return len(wider) > len(found) and all(
        sum(overlap(x0, x1, a, b) > 0 for a, b in wider[1:]) == 1 for x0, x1 in found[1:])


def cut_clear_of_values(gap: tuple[float, float, tuple[float, float]],
                        values: Sequence[Phrase]) -> float | None:
    """Where a gap between two header cells cuts their column: its middle when no value
    word lies there, else the middle of the widest stretch of the gap that no value covers
    and that has values on both sides within the column, as two cells have (a share
    "(14%)" wider than its header "(%)" reaches into the gap before the next count's
    header). None when there is no such stretch: the gap is OCR's wide space in one header
    cell ("Tal | på målepunkt", "1 | kv.2019" with its point lost) over one value word
    ("100") or one grouped number ("2 342 611"), and one value is never in two cells."""
    start, end, (x0, x1) = gap
    covers = sorted(span for p in values if overlap(p.x0, p.x1, x0, x1) > 0
                    for span in ([(p.x0, p.x1)] if one_grouped_number(p)
                                 else [(w.x0, w.x1) for w in p.words]))
    middle = (start + end) / 2
    if not any(a < middle < b for a, b in covers):
        return middle
    stretches, left = [], start
    for a, b in covers:
        if left < a and left < end:
            stretches.append((left, min(a, end)))
        left = max(left, b)
    if left < end:
        stretches.append((left, end))
    sided = [(a, b) for a, b in stretches
             if any(c1 <= a for _, c1 in covers) and any(c0 >= b for c0, _ in covers)]
    if not sided:
        return None
    a, b = max(sided, key=lambda s: s[1] - s[0])
    return (a + b) / 2


def build_grid(words: Sequence[Word], rules: Sequence[Rule] = (), shades: Sequence[Shade] = (),
               page: int | None = None, settings: LayoutSettings = DEFAULT,
               columns_elsewhere: Sequence[tuple[float, float]] = ()) -> Grid | None:
    """The grid of one table region (one page's part of a table); None when the words hold
    no table: no line with a label and values. `columns_elsewhere`: the columns the table
    has on another page, taken when this page shows fewer within them."""
    lines = group_lines(words)
    if not lines:
        return None
    height = median_line_height(lines, settings)
    vertical = [r for r in rules if not r.horizontal and r.bottom - r.top >= settings.min_rule]
    space = word_space(lines, height, settings)
    phrases = [split_phrases(line, vertical, height, space, settings) for line in lines]
    dark = [s for s in shades if s.dark]
    # A line on a dark band is header, whatever it holds (years look like values).
    anchors = [is_body_line(p) and not any(s.top <= (line.top + line.bottom) / 2 <= s.bottom
                                           for s in dark)
               for line, p in zip(lines, phrases, strict=True)]
    if not any(anchors):
        return None
    phrases = labels_within_rules(phrases, anchors, vertical, settings)
    phrases = split_at_aligned_edges(values_in_labels(phrases, anchors, settings), anchors,
                                     height, settings)
    phrases = numbers_in_labels(phrases, anchors, settings)
    anchors = values_above_the_rows(phrases, [a and is_body_line(p) for a, p in
                                              zip(anchors, phrases, strict=True)])
    if not any(anchors):
        return None
    first = anchors.index(True)
    body_bottom = max(line.bottom for line in lines)
    crossing = vertical_rules(rules, lines[first].top, body_bottom, settings)
    # Label alone on a line: below the first row with values, or above it and starting where
    # the body's labels start (the first row's wrapped label; header cells stand elsewhere).
    label_x0 = min((label.x0 for p, a in zip(phrases, anchors, strict=True) if a
                    if (label := label_and_values(p)[0]) is not None), default=None)
    reach = settings.columns.wrapped_label_reach * height
    # (No row with a label beside its values: every label wraps around them, so every
    # label line above the first row may be the first row's.)
    wrapped = [p[0] for index, p in enumerate(phrases) if p and not p[0].value_like
               and (index > first or (len(p) == 1 and (label_x0 is None
                                                       or abs(p[0].x0 - label_x0) <= reach)))]
    columns = find_columns([p for p, a in zip(phrases, anchors, strict=True) if a], crossing,
                           wrapped, settings)
    if len(columns) < 2:
        return None
    head = count_header_lines(lines[:first], phrases[:first], columns, shades)
    header_segments = [gap_segments(line, vertical, space, settings) for line in lines[:head]]
    values = [p for line, a in zip(phrases, anchors, strict=True) if a
              for p in label_and_values(line)[1]]
    cuts = [x for gap in gaps_within(columns[1:], header_segments)
            if (x := cut_clear_of_values(gap, values)) is not None]
    columns = [columns[0], *split_clusters(columns[1:], values, cuts, settings)]
    if _within(columns, columns_elsewhere):
        columns = [(min(columns[0][0], columns_elsewhere[0][0]), columns_elsewhere[0][1]),
                   *columns_elsewhere[1:]]
    if _labels_cross_values(phrases[head:], columns, settings.min_overlap) \
            or _run_together(lines, phrases, anchors, head):
        return None
    horizontal = [r for r in rules if r.horizontal and r.x1 - r.x0 >= settings.min_rule]
    bands = find_rows(lines[head:], anchors[head:], horizontal, shades, settings)
    header = (header_cells(lines[:head], columns, vertical, space, page, settings) if head
              else [])
    header_rows = max((c.row + 1 for c in header), default=0)
    cells = header + body_cells(bands, columns, page, header_rows)
    return Grid(tuple(cells), tuple(columns), header_rows,
                GridSource.RULED if crossing else GridSource.ALIGNED, (page,))
