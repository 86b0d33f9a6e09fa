"""A table's structure read a second time, by a learned model, and the better of the two
readings kept: what `ams-extract tables` does beside its own geometry (find_tables.py).

Our geometry cuts columns at whitespace and rows at lines; where a table's cells are
misaligned, wrap, or its columns are sparse, it can make rows and columns that hold little
(a value set apart from its column, a wrapped line made a row). The model
(readers/slanet.py) sees the table as an image and places cells as a person would, but
it loses on ruled cells holding several lines. So both read each region our finder
found, and the model's grid is taken only where it holds about as many cells in clearly
fewer places (`prefer_model`). The model gives boxes; the words in them are ours (text
layer or OCR), never the model's.

    slices          a tall region cut at gaps between text lines (the decoder stops near
                    500 tokens, about 250 pt of table)
    assign_words    each word to the model cell that covers most of it (or the nearest)
    model_grid      one region: the model run slice by slice, its cells filled with words
    prefer_model    the chooser
    with_model      every region of a document: the chosen grids, and what was decided
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from ..model import Word, group_lines
from ..model.grid import Box, Cell, FoundTable, Grid, GridSource

# A region and its words, rendered and read by the model: (cell boxes in points, their
# places (first row, last row, first column, last column), whether the decoder ran out).
ReadRegion = Callable[[Box], tuple[list[Box], list[tuple[int, int, int, int]], bool]]

MARGIN = 4.0  # points of white around a region: the model was trained on such crops
SLICE_HEIGHT = 250.0  # points: a taller region is read in slices
MIN_SPLIT_HEIGHT = 60.0  # points: a slice the decoder ran out on is cut again while taller
MAX_SPLIT_DEPTH = 4
COVER_TIE = 0.1  # shares of a word two boxes cover within this of each other are a tie
# The chooser, set on the development parts of the real-document benchmarks (BENCHMARKS.md):
# the model's grid is taken when its density (`density`) is this much higher than ours ...
TIGHTER_BY = 0.15
# ... while it keeps at least this share of our filled cells (it dropped no text) ...
KEEPS_CELLS = 0.9
# ... and the model runs only on regions whose grid is this sparse: a grid filled more
# fully leaves nothing for a tighter one to gain, and each run costs about 0.15 s.
SPARSE_BELOW = 0.85


def line_bands(words: Sequence[Word]) -> list[tuple[float, float]]:
    """The vertical extents of the text lines: words' extents merged where they overlap."""
    bands: list[list[float]] = []
    for top, bottom in sorted((w.top, w.bottom) for w in words):
        if bands and top < bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    return [(a, b) for a, b in bands]


def cut_points(top: float, bottom: float, words: Sequence[Word], pieces: int) -> list[float]:
    """Where to cut [top, bottom] into `pieces` slices: at the gap between lines nearest
    each even cut (the widest within a quarter slice of it)."""
    gaps = [((a[1] + b[0]) / 2, b[0] - a[1]) for a, b in itertools.pairwise(line_bands(words))
            if b[0] > a[1] and top < (a[1] + b[0]) / 2 < bottom]
    if not gaps:
        return []
    step = (bottom - top) / pieces
    cuts: list[float] = []
    for k in range(1, pieces):
        target = top + k * step
        near = [g for g in gaps if abs(g[0] - target) <= step / 4]
        chosen = (max(near, key=lambda g: (g[1], -abs(g[0] - target))) if near
                  else min(gaps, key=lambda g: abs(g[0] - target)))
        if not cuts or chosen[0] > cuts[-1]:
            cuts.append(chosen[0])
    return cuts


def assign_words(words: Sequence[Word], boxes: Sequence[Box]) -> list[list[Word]]:
    """For each box, the words it gets: each word goes to the box covering the largest
    share of it (of boxes covering it about as much, the one whose centre is nearest: the
    model's boxes overlap, a header cell's often reaching over its neighbour), or, covered
    by none, to the nearest box."""
    members: list[list[Word]] = [[] for _ in boxes]
    for word in words:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        area = max((word.x1 - word.x0) * (word.bottom - word.top), 1e-6)
        shares = [max(min(word.x1, b[2]) - max(word.x0, b[0]), 0.0)
                  * max(min(word.bottom, b[3]) - max(word.top, b[1]), 0.0) / area for b in boxes]
        if not boxes:
            break
        if max(shares) > 0:
            near = [i for i, share in enumerate(shares) if share >= max(shares) - COVER_TIE]
            best = min(near, key=lambda i: math.hypot(x - (boxes[i][0] + boxes[i][2]) / 2,
                                                     y - (boxes[i][1] + boxes[i][3]) / 2))
        else:
            best = min(range(len(boxes)), key=lambda i: math.hypot(
                max(boxes[i][0] - x, x - boxes[i][2], 0.0),
                max(boxes[i][1] - y, y - boxes[i][3], 0.0)))
        members[best].append(word)
    return members


def _reading_order(words: Sequence[Word]) -> tuple[Word, ...]:
    return tuple(w for line in group_lines(words) for w in line.words)


def model_grid(grid: Grid, words: Sequence[Word], read: ReadRegion) -> Grid | None:
    """The region of `grid` read by the model, slice by slice, its cells holding `words`
    (those whose centre is in the region); None when the model finds no cell."""
    x0, top, x1, bottom = grid.box
    inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1
              and top <= (w.top + w.bottom) / 2 <= bottom]
    pieces = max(1, math.ceil((bottom - top) / SLICE_HEIGHT))
    edges = [top, *(cut_points(top, bottom, inside, pieces) if pieces > 1 else []), bottom]
    queue = [(a, b, 0) for a, b in itertools.pairwise(edges)]
    read_slices = []
    while queue:
        a, b, depth = queue.pop(0)
        box = (x0 - MARGIN, a - (MARGIN if a == top else 0.0), x1 + MARGIN,
               b + (MARGIN if b == bottom else 0.0))
        boxes, places, truncated = read(box)
        if truncated and depth < MAX_SPLIT_DEPTH and b - a > MIN_SPLIT_HEIGHT:
            middle = cut_points(a, b, [w for w in inside if a <= (w.top + w.bottom) / 2 < b], 2)
            if middle:
                queue[:0] = [(a, middle[0], depth + 1), (middle[0], b, depth + 1)]
                continue
        read_slices.append((a, b, boxes, places))
    cells: list[Cell] = []
    first_row = 0
    for a, b, boxes, places in read_slices:
        last = b == bottom
        members = [w for w in inside if a <= (w.top + w.bottom) / 2 < b
                   or (last and (w.top + w.bottom) / 2 == b)]
        taken: set[tuple[int, int]] = set()
        for box, (r0, r1, c0, c1), held in zip(boxes, places, assign_words(members, boxes),
                                               strict=True):
            if (r0 + first_row, c0) in taken:
                continue  # a place decoded twice: the first cell keeps it
            taken.add((r0 + first_row, c0))
            cells.append(Cell(r0 + first_row, c0, _reading_order(held), box, grid.pages[0],
                              rowspan=r1 - r0 + 1, colspan=c1 - c0 + 1))
        first_row += max((p[1] + 1 for p in places), default=0)
    if not any(not c.empty for c in cells):
        return None
    n_cols = max(c.col + c.colspan for c in cells)
    columns = tuple(_column_extent([c for c in cells if c.col == col and c.colspan == 1],
                                   grid.columns, col) for col in range(n_cols))
    return Grid(tuple(cells), columns, 0, GridSource.MODEL, grid.pages)


def _column_extent(cells: Sequence[Cell], fallback: Sequence[tuple[float, float]],
                   col: int) -> tuple[float, float]:
    if cells:
        return min(c.box[0] for c in cells), max(c.box[2] for c in cells)
    return fallback[min(col, len(fallback) - 1)] if fallback else (0.0, 0.0)


def _filled(grid: Grid) -> int:
    return sum(not c.empty for c in grid.cells)


def density(grid: Grid) -> float:
    """Filled cells per place of the grid (rows x columns, as far as filled cells reach):
    how tight a grid is. A row or column made of a stray word leaves places empty across
    the table; a spanning cell counts once."""
    filled = [c for c in grid.cells if not c.empty]
    rows = max((c.row + c.rowspan for c in filled), default=0)
    cols = max((c.col + c.colspan for c in filled), default=0)
    return len(filled) / (rows * cols) if filled else 0.0


def prefer_model(ours: Grid, theirs: Grid) -> bool:
    """Whether the model's grid replaces ours: clearly tighter and holding about as many
    filled cells (so no text was merged away), with at least two rows and two columns."""
    return (density(theirs) - density(ours) >= TIGHTER_BY
            and _filled(theirs) >= KEEPS_CELLS * _filled(ours)
            and theirs.n_rows >= 2 and theirs.n_cols >= 2)


def structure_record(ours: Grid, theirs: Grid | None, kept: Grid) -> dict[str, object]:
    """tables.json's `structure` of a table: which reading was kept, and both readings'
    shape (the model's only where it was asked); `agree` when they have the same shape."""
    def shape(grid: Grid) -> dict[str, object]:
        return {"rows": grid.n_rows, "cols": grid.n_cols, "density": round(density(grid), 3)}

    out: dict[str, object] = {"chosen": "model" if kept is not ours else "geometry",
                              "geometry": shape(ours)}
    if theirs is not None:
        out["model"] = shape(theirs)
        out["agree"] = (theirs.n_rows, theirs.n_cols) == (ours.n_rows, ours.n_cols)
    return out


def geometry_only(grid: Grid) -> FoundTable:
    """A table whose structure the model was not asked about."""
    return FoundTable(grid, grid.box, structure_record(grid, None, grid))


def with_model(grids: Sequence[Grid], words_of: Callable[[int | None], Sequence[Word]],
               read_of: Callable[[int | None], ReadRegion | None], always: bool = False
               ) -> list[FoundTable]:
    """Each grid, or the model's reading of its region where `prefer_model` says so (with
    `always`, wherever the model finds cells). The model runs on sparse grids only
    (SPARSE_BELOW), unless `always`; `read_of(page)` is None on a page it cannot read."""
    choices = []
    for grid in grids:
        read = read_of(grid.pages[0])
        if read is None or (not always and density(grid) >= SPARSE_BELOW):
            choices.append(geometry_only(grid))
            continue
        theirs = model_grid(grid, words_of(grid.pages[0]), read)
        better = theirs is not None and (always or prefer_model(grid, theirs))
        kept = theirs if better and theirs is not None else grid
        choices.append(FoundTable(kept, grid.box, structure_record(grid, theirs, kept)))
    return choices
