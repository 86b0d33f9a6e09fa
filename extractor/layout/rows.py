"""The body's lines → rows: a line with values anchors a row; a line of label alone joins
a neighbour (a wrapped label), decided by rules, shading, gaps and where the other wrapped
labels put their values.

    RowBand     the lines of one row
    find_rows   the body's lines grouped into rows
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import PlacedLine
from ..model.grid import Rule, Shade
from .settings import DEFAULT, LayoutSettings, RowSettings


@dataclass
class RowBand:
    """The lines of one row: an anchor line with values, and lines of label around it."""

    lines: list[PlacedLine]


def _separated(upper: PlacedLine, lower: PlacedLine, horizontal: Sequence[Rule],
               shades: Sequence[Shade], reach: float) -> bool:
    """A rule (within `reach` of the gap) or the edge of a shade between two lines: they are
    in different rows."""
    if any(upper.bottom - reach <= r.top <= lower.top + reach for r in horizontal):
        return True

    def shade_of(line: PlacedLine) -> Shade | None:
        middle = (line.top + line.bottom) / 2
        return next((s for s in shades if s.top <= middle <= s.bottom), None)

    return shade_of(upper) != shade_of(lower)


def _group_label(line: PlacedLine) -> bool:
    """A label line ending in a colon ("Herav:", "Av disse:") heads the rows below it: a
    row of its own, never part of another row's label."""
    return bool(line.words) and line.words[-1].text.endswith(":")


def _cuts(run: Sequence[int], gaps: Sequence[float], tolerance: float,
          settings: RowSettings, padded: bool = False) -> list[int]:
    """Where the label lines between two rows with values divide: lines before the first
    cut belong to the row above, after the last to the row below, and lines between two
    cuts are a row of their own whose cells are empty. Rows are padded, a cell's lines are
    not: the cuts are the gaps clearly wider than the narrowest, the widest or as wide.
    Gaps all as wide, and clearly wider than the table's closest lines (a wrapped label's),
    are all row gaps: every line is a row; so are gaps all as wide as a `padded` table's
    rows stand apart. Otherwise no cut when the gaps tell nothing."""
    first = run[0]
    positions = range(len(run) + 1)  # the gap before line run[c] (or after the last)
    widths = [gaps[first - 1 + c] for c in positions]
    widest, narrowest = max(widths), min(widths)
    if widest - narrowest <= tolerance:
        spaced = narrowest - min(gaps) > settings.spaced_rows * tolerance
        return list(positions) if spaced or padded else []
    wide = [c for c in positions if widths[c] >= widest - tolerance]
    if len(wide) == 1:
        ranked = sorted(widths, reverse=True)
        return wide if ranked[0] - ranked[1] > tolerance else []
    return wide


def find_rows(lines: Sequence[PlacedLine], anchors: Sequence[bool], horizontal: Sequence[Rule],
              shades: Sequence[Shade], settings: LayoutSettings = DEFAULT) -> list[RowBand]:
    """Group the body's lines into rows, each with one anchor (a line with values), or none.

    Rules and shade edges cut the lines into stretches no row crosses; a stretch without
    an anchor is a row of its own whose value cells are empty. Within a stretch, lines of
    label alone between two anchors divide between them where the gaps say (see `_cuts`),
    some maybe forming a row of their own. Where nothing tells, they divide where the
    other wrapped labels of this table put their values: beside their first line (the
    lines go up), their last (down) or their middle. Lines before a stretch's first
    anchor go down, after its last up, unless the table's rows are padded (`padded_rows`)
    and a line stands as far from the one above as the rows do: then it starts a row.
    A group label ("Herav:") is always a row of its own.
    """
    if not any(anchors):
        return []
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines)]
    between_rows = [g for g, a, b in zip(gaps, anchors, anchors[1:], strict=False) if a and b]
    least = settings.rows.min_gap_tolerance
    tolerance = (max(settings.rows.gap_tolerance * min(between_rows), least) if between_rows
                 else least)
    bounds = [0, *(i + 1 for i, (a, b) in enumerate(itertools.pairwise(lines))
                   if _separated(a, b, horizontal, shades, settings.rule_reach)), len(lines)]
    stretches = [range(a, b) for a, b in itertools.pairwise(bounds)]
    runs = []  # label lines between two anchors of one stretch
    for stretch in stretches:
        indexes = [i for i in stretch if anchors[i]]
        runs += [list(range(a + 1, b)) for a, b in itertools.pairwise(indexes) if b > a + 1]
    row_gap = min(between_rows) if between_rows else 0.0
    height = sorted(line.height for line in lines)[len(lines) // 2]
    # Where rules or shading divide the rows, they decide; gaps only where nothing does.
    padded = len(stretches) == 1 and row_gap > settings.rows.padded_rows * height

    def row_apart(index: int) -> bool:  # line `index` stands as far from the line above as
        return padded and gaps[index - 1] >= row_gap - tolerance  # padded rows do

    cuts = {run[0]: _cuts(run, gaps, tolerance, settings.rows,
                          padded and all(row_apart(i) for i in (*run, run[-1] + 1)))
            for run in runs}
    decided = [(cuts[run[0]][0], len(run)) for run in runs if len(cuts[run[0]]) == 1]
    up = sum(cut == size for cut, size in decided)
    down = sum(cut == 0 for cut, size in decided)
    owner: dict[int, int] = {}  # line -> the first line of its row (its anchor if any)
    for stretch in stretches:
        indexes = [i for i in stretch if anchors[i]]
        if not indexes:
            owner.update({i: stretch[0] for i in stretch})
            continue
        owner.update({i: indexes[0] for i in range(stretch[0], indexes[0] + 1)})
        start = indexes[-1]
        for i in range(indexes[-1] + 1, stretch[-1] + 1):
            start = i if row_apart(i) or _group_label(lines[i]) else start
            owner[i] = start
        owner.update({i: i for i in indexes})
    for run in runs:
        places = cuts[run[0]] or [len(run) if up > down else 0 if down > up else len(run) // 2]
        for offset, index in enumerate(run):
            if offset < places[0]:
                owner[index] = run[0] - 1
            elif offset >= places[-1]:
                owner[index] = run[-1] + 1
            else:  # between two cuts: a row of its own, from its first line
                start = max(c for c in places if c <= offset)
                owner[index] = run[start]
    for i, line in enumerate(lines):  # a group label alone; the lines after it keep theirs
        if not anchors[i] and _group_label(line):
            owner[i] = i
    rows = dict.fromkeys(owner[i] for i in range(len(lines)))
    return [RowBand([line for i, line in enumerate(lines) if owner[i] == row]) for row in rows]
