"""The lines above a table's body → its header: how many lines it has, and its cells.

    count_header_lines  how many of the lines above the first row with values are header
    gap_segments        a header line cut at every gap wider than a space, and at rules
    assign_header       each header cell's words with the first and last column it stands over
    header_cells        one header cell per column (stacked and wrapped header lines joined
                        top to bottom); a phrase over several columns spans them, in a row above
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence

from ..model import PlacedLine, Word
from ..model.grid import Cell, Rule, Shade
from .geometry import cell_box, overlap, reading_order, rule_between
from .phrases import Phrase
from .settings import DEFAULT, LayoutSettings


def count_header_lines(lines: Sequence[PlacedLine], phrases: Sequence[list[Phrase]],
                       columns: Sequence[tuple[float, float]], shades: Sequence[Shade]) -> int:
    """How many of the lines above the first row with values are the header.

    A line with words right of every label (over the value columns, however far left
    of the numbers a header starts) is header, and so is anything beside it (a stub
    header such as "Kategori" centred between two header lines) or on a dark band.
    Lines of label alone below all that are the first row's wrapped label."""
    labels_end = columns[0][1]
    header_bottom = None
    for line, line_phrases in zip(lines, phrases, strict=False):
        middle = (line.top + line.bottom) / 2
        on_band = any(s.dark and s.top <= middle <= s.bottom for s in shades)
        if on_band or any(p.x0 > labels_end for p in line_phrases):
            header_bottom = line.bottom
    if header_bottom is None:
        return 0
    return sum(1 for line in lines if line.top < header_bottom)


def columns_over(left: float, right: float, columns: Sequence[tuple[float, float]]
                 ) -> list[int]:
    """The columns whose values a header cell from `left` to `right` overlaps.

    Header text is usually wider than the numbers below it and may reach past the middle
    of the gap to its neighbour, so a cell goes whole to the column(s) it covers."""
    return [i for i, (x0, x1) in enumerate(columns) if overlap(left, right, x0, x1) > 0]


def columns_under(left: float, right: float, columns: Sequence[tuple[float, float]],
                  taken: Collection[int] = ()) -> list[int]:
    """The columns a header cell stands over (`columns_over`); if none, the nearest of the
    two it stands between, the one no other cell has (`taken`) when only one is free."""
    covered = columns_over(left, right, columns)
    if covered:
        return covered
    middle = (left + right) / 2

    def distance(i: int) -> float:
        return min(abs(middle - columns[i][0]), abs(middle - columns[i][1]))

    before = [i for i, (x0, _) in enumerate(columns) if x0 < middle]
    flanking = [i for i in (before[-1] if before else None, len(before))
                if i is not None and i < len(columns)]
    free = [i for i in flanking if i not in taken]
    return [min(free or range(len(columns)), key=distance)]


def gap_segments(line: PlacedLine, vertical: Sequence[Rule], space: float,
                 settings: LayoutSettings = DEFAULT, wider: float | None = None
                 ) -> list[Phrase]:
    """A header line cut at every gap `wider` times a space (the settings' cell gap unless
    given), and at rules: a header cell's words stand a space apart, two cells further
    (however little further)."""
    wider = settings.headers.cell_gap if wider is None else wider
    words = sorted(line.words, key=lambda w: w.x0)
    cuts = [i for i, (a, b) in enumerate(itertools.pairwise(words), start=1)
            if b.x0 - a.x1 > wider * space or rule_between(a, b, vertical, settings)]
    bounds = [0, *cuts, len(words)]
    return [Phrase(tuple(words[a:b])) for a, b in itertools.pairwise(bounds)]


def _in_order(segments: Sequence[Phrase], columns: Sequence[tuple[float, float]],
              over_own: bool = False) -> list[int] | None:
    """Columns for a header line with one segment per column (or per value column): in
    order, when each segment lies between its neighbours' values and over no other
    column's values (and, with `over_own`, over some of its own column's). None otherwise."""
    if len(segments) == len(columns):
        candidate = list(range(len(columns)))
    elif (len(segments) == len(columns) - 1 and segments[0].x0 > columns[0][1]
          # nearer the first value column than the labels: not the stub's own header
          and columns[1][0] - segments[0].x1 < segments[0].x0 - columns[0][1]):
        candidate = list(range(1, len(columns)))
    else:
        return None
    for segment, col in zip(segments, candidate, strict=True):
        if col + 1 < len(columns) and segment.x0 >= columns[col + 1][0]:
            return None
        if col > 0 and segment.x1 <= columns[col - 1][1]:
            return None
        if any(overlap(segment.x0, segment.x1, *columns[other]) > 0
               for other in range(1, len(columns)) if other != col):
            return None  # it stands over another column's values
        if over_own and col > 0 and overlap(segment.x0, segment.x1, *columns[col]) <= 0:
            return None
    return candidate


def assign_header(lines: Sequence[PlacedLine], columns: Sequence[tuple[float, float]],
                  vertical: Sequence[Rule], space: float, settings: LayoutSettings = DEFAULT
                  ) -> list[tuple[list[Word], int, int]]:
    """Each header cell's words with the first and last column it stands over.

    Segments of different lines that overlap are one cell (stacked or wrapped lines).
    A header line with one segment per column settles those columns whatever the
    alignment (a left-aligned header may sit nearer the neighbour's right-aligned
    numbers than its own); a cell holding settled segments takes their columns, any
    other the columns of the values it stands over (or nearest to)."""
    segments: list[tuple[Phrase, int | None]] = []  # (segment, settled column)
    for line in lines:
        # A line with one cell per column may show its cells only a little further apart
        # than its words (OCR measures spaces loosely): looser cuts are tried for that.
        cut = gap_segments(line, vertical, space, settings)
        order = _in_order(cut, columns)
        for wider in settings.headers.looser_cell_gaps:
            if order is None:
                # Cut that loosely, a cell's own words may fall apart ("Antall" |
                # "nettselskap"): each part must stand over its column's values.
                looser = gap_segments(line, vertical, space, settings, wider)
                order = _in_order(looser, columns, over_own=True)
                cut = looser if order is not None else cut
        segments += list(zip(cut, order or [None] * len(cut), strict=True))
    segments = _split_across_settled(segments, space, settings.headers.settled_split_gap)
    stacked = settings.headers.segment_overlap
    cells: list[list[int]] = []  # indexes into segments, one list per cell
    for index, (segment, _) in enumerate(segments):
        touching = [cell for cell in cells
                    if any(overlap(segment.x0, segment.x1, segments[i][0].x0,
                                   segments[i][0].x1) > stacked for i in cell)]
        merged = [index, *(i for cell in touching for i in cell)]
        cells = [cell for cell in cells if cell not in touching] + [merged]
    placed: list[tuple[list[Word], list[int]]] = []
    for cell in cells:
        words = [w for i in sorted(cell) for w in segments[i][0].words]
        settled = sorted({segments[i][1] for i in cell if segments[i][1] is not None})
        left, right = min(w.x0 for w in words), max(w.x1 for w in words)
        placed.append((words, settled or columns_over(left, right, columns)))
    # A cell over no column's values (a header aligned away from its values, in the gap
    # between two columns) goes to the nearest column no other cell stands over.
    taken = {col for _, cols in placed for col in cols}
    assigned = []
    for words, cols in placed:
        if not cols:
            cols = columns_under(min(w.x0 for w in words), max(w.x1 for w in words),
                                 columns, taken)
            taken.update(cols)
        assigned.append((words, cols[0], cols[-1]))
    return assigned


def _split_across_settled(segments: Sequence[tuple[Phrase, int | None]], space: float,
                          apart: float) -> list[tuple[Phrase, int | None]]:
    """An unsettled segment whose words stand over two settled cells of another header
    line, each word over one, cut between them where its words are more than a space
    apart (`apart` spaces): two tight centred cells ("Lav Moderat" over "risiko | risiko").
    A group header over those cells keeps its words a space apart, and stays whole."""
    settled = [segment for segment, col in segments if col is not None]
    if not settled:
        return list(segments)

    def over(word: Word) -> Phrase | None:
        middle = (word.x0 + word.x1) / 2
        under = [s for s in settled if s.x0 <= middle <= s.x1 and word not in s.words]
        return under[0] if len(under) == 1 else None

    out: list[tuple[Phrase, int | None]] = []
    for segment, col in segments:
        words = segment.words
        owners = [over(w) for w in words]
        cuts = [i for i in range(1, len(words)) if owners[i] is not owners[i - 1]]
        if col is not None or None in owners or not cuts or any(
                words[i].x0 - words[i - 1].x1 <= apart * space for i in cuts):
            out.append((segment, col))
            continue
        out += [(Phrase(words[a:b]), None)
                for a, b in itertools.pairwise([0, *cuts, len(words)])]
    return out


def header_cells(lines: Sequence[PlacedLine], columns: Sequence[tuple[float, float]],
                 vertical: Sequence[Rule], space: float, page: int | None,
                 settings: LayoutSettings = DEFAULT) -> list[Cell]:
    """The header lines as cells: one per column, its stacked and wrapped lines joined top to
    bottom; a phrase over several columns (a group header) spans them, in a row above."""
    spanning: dict[tuple[int, int], list[Word]] = {}
    per_column: dict[int, list[Word]] = {}
    for words, first, last in assign_header(lines, columns, vertical, space, settings):
        if last > first:
            spanning.setdefault((first, last), []).extend(words)
        else:
            per_column.setdefault(first, []).extend(words)
    top = min((line.top for line in lines), default=0.0)
    bottom = max((line.bottom for line in lines), default=0.0)
    cells = []
    for (start, end), words in sorted(spanning.items()):
        ordered = reading_order(words)
        cells.append(Cell(0, start, ordered, cell_box(ordered, (0, 0, 0, 0)), page,
                          colspan=end - start + 1, header=True))
    row = 1 if spanning else 0
    for index, (x0, x1) in enumerate(columns):
        words = reading_order(per_column.get(index, []))
        cells.append(Cell(row, index, words, cell_box(words, (x0, top, x1, bottom)), page,
                          header=True))
    return cells
