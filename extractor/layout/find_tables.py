"""Every table on a page, found without the spec: `ams-extract tables`, and what the ICDAR
2013 benchmark measures.

    ruled_tables   cells where the page's rules cross (pdfplumber's table finder, fed the
                   rules we found: the text layer's or the scan's), words placed by centre
    text_tables    runs of lines with several phrases each, their columns where the
                   phrases line up (as in build_grid), one row per line
    page_tables    both; text tables only where no ruled table stands
    document_tables  page_tables on every page of a document

The report's own tables are read with the spec's help (semantics/by_cells.py);
this reader knows nothing of it and keeps every cell, text or number.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from ..lexicon.numbers import is_numeric_token
from ..model import Document, PlacedLine, Word, group_lines
from ..model.grid import Box, Cell, Grid, GridSource, Rule
from .columns import cluster_extents, column_of, cuts_within, split_clusters
from .geometry import median_line_height, reading_order
from .phrases import Phrase, split_phrases, word_space
from .settings import DEFAULT, LayoutSettings, TableSettings


def _edge(rule: Rule) -> dict[str, object]:
    """A rule as pdfplumber describes an edge."""
    horizontal = rule.horizontal
    return {"x0": rule.x0, "x1": rule.x1, "top": rule.top, "bottom": rule.bottom,
            "width": rule.x1 - rule.x0, "height": rule.bottom - rule.top,
            "orientation": "h" if horizontal else "v", "object_type": "line"}


def _bounds(values: Sequence[float], tolerance: float) -> list[float]:
    """Distinct positions, those closer than `tolerance` taken as one."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _without_slivers(bounds: list[float], centres: Sequence[float],
                     narrowest: float) -> list[float]:
    """Cell edges with the slivers between a double rule, or a border and a cell's shading,
    taken out: two edges closer than `narrowest` with no text between them are one."""
    out: list[float] = []
    for value in bounds:
        if out and value - out[-1] < narrowest \
                and not any(out[-1] < c < value for c in centres):
            out[-1] = (out[-1] + value) / 2
        else:
            out.append(value)
    return out


def _index(bounds: Sequence[float], value: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


def _centre_in(word: Word, box: Box) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _numeric(line: PlacedLine) -> bool:
    return all(is_numeric_token(w.text) for w in line.words)


def stacked_row_cuts(boxes: Sequence[Box], words: Sequence[Word],
                     settings: LayoutSettings = DEFAULT) -> list[float]:
    """Where a ruled row holds several rows of data, each cell a stack of lines (a table
    ruled only around groups of rows): the gaps between lines that two cells or more share,
    one of them numbers on both sides. A wrapped label, or one wrapped header, is no cut:
    only its own cell has text on both sides."""
    held = [[w for w in words if _centre_in(w, box)] for box in boxes]
    stacks = [group_lines(inside) for inside in held]
    candidates = sorted((a.bottom + b.top) / 2 for lines in stacks
                        for a, b in itertools.pairwise(lines))
    cuts: list[float] = []
    for y in _bounds(candidates, settings.tables.stacked_cut_merge):
        split = [lines for lines in stacks if any(line.bottom <= y for line in lines)
                 and any(line.top >= y for line in lines)]
        crossed = any(w.top < y < w.bottom for inside in held for w in inside)
        numeric = any(_numeric(max((ln for ln in lines if ln.bottom <= y), key=lambda ln: ln.top))
                      and _numeric(min((ln for ln in lines if ln.top >= y), key=lambda ln: ln.top))
                      for lines in split)
        if len(split) >= 2 and numeric and not crossed:
            cuts.append(y)
    return cuts


def _cut_boxes(boxes: Sequence[Box], cuts: Sequence[float]) -> list[Box]:
    out = []
    for x0, top, x1, bottom in boxes:
        edges = [top, *(y for y in cuts if top < y < bottom), bottom]
        out.extend((x0, a, x1, b) for a, b in itertools.pairwise(edges))
    return out


def grid_from_boxes(boxes: Sequence[Box], words: Sequence[Word], page: int | None,
                    settings: LayoutSettings = DEFAULT) -> Grid | None:
    """Cells given as boxes (a ruled table) as a grid: rows and columns at the distinct
    box edges, a box over several of them spanning those."""
    boxes = _cut_boxes(boxes, stacked_row_cuts(boxes, words, settings))
    inside = [w for w in words if any(_centre_in(w, box) for box in boxes)]
    # (no words inside: no sliver has text in it, and none is taken out)
    narrowest = statistics.median(w.bottom - w.top for w in inside) if inside else 0.0
    merge = settings.tables.edge_merge
    xs = _without_slivers(_bounds([b[0] for b in boxes] + [b[2] for b in boxes], merge),
                          [(w.x0 + w.x1) / 2 for w in inside], narrowest)
    ys = _without_slivers(_bounds([b[1] for b in boxes] + [b[3] for b in boxes], merge),
                          [(w.top + w.bottom) / 2 for w in inside], narrowest)
    if len(xs) < 3 or len(ys) < 3:
        return None
    cells = []
    for box in boxes:
        col, end_col = _index(xs, box[0]), _index(xs, box[2])
        row, end_row = _index(ys, box[1]), _index(ys, box[3])
        if end_col <= col or end_row <= row:
            continue
        inside = reading_order([w for w in words if _centre_in(w, box)])
        cells.append(Cell(row, col, inside, box, page, end_row - row, end_col - col,
                          header=row == 0))
    if not any(not c.empty for c in cells):
        return None
    columns = tuple(itertools.pairwise(xs))
    return Grid(tuple(cells), columns, 1, GridSource.RULED, (page,))


def ruled_tables(words: Sequence[Word], rules: Sequence[Rule], page: int | None,
                 settings: LayoutSettings = DEFAULT) -> list[Grid]:
    """Tables whose cells the page's rules draw."""
    if not rules:
        return []
    snap = settings.tables.snap
    edges = merge_edges([_edge(r) for r in rules], snap, snap, snap, snap)
    cells = intersections_to_cells(edges_to_intersections(edges, snap, snap))
    grids = []
    for boxes in cells_to_tables(cells):
        grid = grid_from_boxes(boxes, words, page, settings)
        if grid is not None and grid.n_cols >= 2 and grid.n_rows >= 2:
            grids.append(grid)
    return grids


def _regions(lines: Sequence[PlacedLine], phrases: Sequence[list[Phrase]],
             height: float, settings: TableSettings) -> list[list[int]]:
    """Runs of lines that each hold two phrases or more, close together."""
    regions: list[list[int]] = []
    for index, line in enumerate(lines):
        if len(phrases[index]) < 2:
            continue
        if regions and line.top - lines[regions[-1][-1]].bottom <= settings.row_reach * height \
                and all(len(phrases[i]) < 2 or i in regions[-1]
                        for i in range(regions[-1][-1] + 1, index)):
            regions[-1].append(index)
        else:
            regions.append([index])
    regions = _join_groups(regions, lines, phrases, height, settings)
    return [r for r in regions if len(r) >= settings.min_rows]


def _join_groups(regions: list[list[int]], lines: Sequence[PlacedLine],
                 phrases: Sequence[list[Phrase]], height: float,
                 settings: TableSettings) -> list[list[int]]:
    """Consecutive runs, each a table of its own, that are one table set out in groups
    ("Class A" rows, space, "Class B" rows): between them only lines of a label alone in
    the labels' column, at least one, within `group_gap` text heights; the later run's
    labels start where the earlier's do and each of its values stands over or under one
    of the earlier's."""
    joined: list[list[int]] = []
    for region in regions:
        if joined and _same_table_in_groups(joined[-1], region, lines, phrases, height,
                                            settings):
            joined[-1] = joined[-1] + region
        else:
            joined.append(list(region))
    return joined


def _same_table_in_groups(above: list[int], below: list[int], lines: Sequence[PlacedLine],
                          phrases: Sequence[list[Phrase]], height: float,
                          settings: TableSettings) -> bool:
    between = range(above[-1] + 1, below[0])
    last_row = phrases[above[-1]]
    if min(len(above), len(below)) < settings.min_rows:  # each a table of its own
        return False
    if not between or lines[below[0]].top - lines[above[-1]].bottom > settings.group_gap * height:
        return False
    if not all(len(phrases[i]) == 1 and _label_line(lines[i], last_row) for i in between):
        return False
    label_x0 = min(phrases[i][0].x0 for i in above)
    if any(abs(phrases[i][0].x0 - label_x0) > height for i in below):
        return False
    values = [v for i in above for v in phrases[i][1:]]
    return all(any(min(v.x1, w.x1) > max(v.x0, w.x0) for w in values)
               for i in below for v in phrases[i][1:])


def _label_line(line: PlacedLine, row: list[Phrase]) -> bool:
    """A line that stays in a row's label column: it ends before the row's first value."""
    return line.words[-1].x1 <= row[1].x0


def text_tables(words: Sequence[Word], page: int | None,
                settings: LayoutSettings = DEFAULT) -> list[Grid]:
    """Tables without rules: their columns where the phrases of their lines line up."""
    lines = group_lines(words)
    if not lines:
        return []
    height = median_line_height(lines, settings)
    space = word_space(lines, height, settings)
    # A justified prose line is one phrase: it never starts or extends a table.
    phrases = [[Phrase(line.words)] if prose_line(line, height, settings)
               else split_phrases(line, (), height, space, settings) for line in lines]
    reach = settings.tables.group_label_reach * height
    grids = []
    for region in _regions(lines, phrases, height, settings.tables):
        region_phrases = [phrases[i] for i in region]
        flat = [p for line in region_phrases for p in line]
        clusters = cluster_extents([(p.x0, p.x1) for p in flat])
        columns = split_clusters(clusters, flat, cuts_within(clusters, region_phrases),
                                 settings)
        if len(columns) < 2:
            continue
        # A one-phrase line between the table's lines, within its columns, is a row of its
        # own (a group label such as "Staff" over the rows it names).
        left, right = columns[0][0] - reach, columns[-1][1] + reach
        rows = [i for i in range(region[0], region[-1] + 1)
                if i in region or (lines[i].words[0].x0 >= left and lines[i].words[-1].x1 <= right
                                   and not prose_line(lines[i], height, settings))]
        cells = []
        for row, index in enumerate(rows):
            line = lines[index]
            placed: dict[int, list[Word]] = {}
            for word in line.words:
                placed.setdefault(column_of((word.x0 + word.x1) / 2, columns), []).append(word)
            for col, (x0, x1) in enumerate(columns):
                inside = tuple(placed.get(col, []))
                box = ((min(w.x0 for w in inside), line.top, max(w.x1 for w in inside),
                        line.bottom) if inside else (x0, line.top, x1, line.bottom))
                cells.append(Cell(row, col, inside, box, page, header=row == 0))
        grid = Grid(tuple(cells), tuple(columns), 1, GridSource.ALIGNED, (page,))
        if filled_share(grid) >= settings.tables.min_filled:
            grids.append(grid)
    return grids


def prose_line(line: PlacedLine, height: float, settings: LayoutSettings = DEFAULT) -> bool:
    """A justified line of prose: four words or more, all spaced alike (the line's stretched
    space), mostly words rather than numbers. Its words fall apart into phrases, but a
    table's columns are not evenly spaced."""
    words, prose = line.words, settings.tables
    if len(words) < prose.prose_min_words:
        return False
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
    wordy = sum(any(ch.isalpha() for ch in w.text) for w in words)
    return (max(gaps) - min(gaps) <= prose.prose_gap_spread * height
            and wordy >= prose.prose_word_share * len(words))


def filled_share(grid: Grid) -> float:
    """The share of a grid's cells that hold text."""
    return sum(not c.empty for c in grid.cells) / len(grid.cells) if grid.cells else 0.0


def page_tables(words: Sequence[Word], rules: Sequence[Rule], page: int | None,
                settings: LayoutSettings = DEFAULT) -> list[Grid]:
    """Every table of one page, ruled ones first, then text tables outside them."""
    ruled = ruled_tables(words, rules, page, settings)
    boxes = [grid.box for grid in ruled]
    free = [w for w in words if not any(_centre_in(w, box) for box in boxes)]
    return ruled + text_tables(free, page, settings)


def document_tables(document: Document, settings: LayoutSettings = DEFAULT) -> list[Grid]:
    """Every table on every page of a read document, page by page."""
    drawn = {g.page: g for g in document.graphics}
    grids = []
    for page in dict.fromkeys(line.page for line in document.lines):
        words = [w for line in document.lines if line.page == page for w in line.words]
        grids += page_tables(words, drawn[page].rules if page in drawn else (), page, settings)
    return grids
