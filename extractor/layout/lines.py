"""Positioned words of a page → lines in reading order, table cells kept together.

Both PDF readers (text layer and OCR) give words with boxes and the page's rules
(`SourceWords`); this module turns them into the `Line`s a text edition would have,
in small steps:

    group_lines      words → lines, by vertical overlap; words by x (model/document.py)
    text_columns     lines → regions in reading order: prose set in two (or more) columns
                     is read column by column, not straight across the gutter
    horizontal_rule_ys  the y of every rule long enough to split blocks
    split_blocks     lines → blocks at rules and at gaps wider than a line's leading
    row_cuts         a block holding more than one table row (its rules not found): where
                     each row starts
    order_block      a block with columns (a table row) → its cells in reading order:
                     the label cell's lines first, then the value cells on one line
                     (values printed beside the first or last line of a wrapped label
                     come out after the label, as in the text edition); a header row's
                     cells one line each, top to bottom within a cell

    page_lines       the chain for one page
    document_lines   every page's lines: a reader's `SourceWords` as a `Document`

So the table parser sees the same shape from every source.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Sequence

from ..lexicon import words
from ..lexicon.numbers import is_numeric_token
from ..model import Document, Line, PlacedLine, SourceWords, Word, group_lines
from ..model.geometry import PageGraphics
from .settings import DEFAULT, LayoutSettings

# Bounds on the search for columns of prose, whatever a page holds: gutters tried across
# it, and its lines (a report's page has under a hundred).
GUTTER_TRIES = 200
MAX_COLUMN_LINES = 400

_BULLET = re.compile(r"^[\uf0b7•·▪●◦‣-]$")


def _prose(lines: Sequence[Sequence[Word]], settings: LayoutSettings) -> bool:
    """Enough lines, most of them three words or more and mostly not numbers."""
    if len(lines) < settings.lines.column_lines:
        return False
    wordy = [line for line in lines if len(line) >= 3
             and sum(is_numeric_token(w.text) for w in line) * 3 < len(line)]
    return len(wordy) >= settings.lines.prose_share * len(lines)


def _sides(lines: Sequence[PlacedLine], middle: float) -> list[list[PlacedLine]]:
    """The words of `lines` left and right of x = `middle`, each side as lines."""
    return [group_lines([w for line in lines for w in line.words
                         if ((w.x0 + w.x1) / 2 < middle) == (side == 0)]) for side in (0, 1)]


def _beside_both(run: Sequence[PlacedLine], middle: float, reach: float) -> list[bool]:
    """For each line of the run: are there words on both sides of the gutter within
    `reach` of its height? Two columns stand side by side there; a heading above the left
    column alone, or a paragraph under it, has nothing beside it."""
    tops = [sorted(line.top for line in side) for side in _sides(run, middle)]

    def near(side: list[float], top: float) -> bool:  # a line of `side` within reach
        at = bisect.bisect_left(side, top - reach)
        return at < len(side) and side[at] <= top + reach

    return [all(near(side, line.top) for side in tops) for line in run]


def _numbers_beside(line: PlacedLine, x: float) -> bool:
    """True when the line's words on one side of x are all numbers."""
    sides = [[w for w in line.words if ((w.x0 + w.x1) / 2 < x) == left] for left in (True, False)]
    return any(side and all(is_numeric_token(w.text) for w in side) for side in sides)


def _free_at(line: PlacedLine, x: float, left: float, right: float) -> float:
    """The width of white around x on the line: 0 when a word covers x."""
    before = [w.x1 for w in line.words if w.x1 <= x]
    after = [w.x0 for w in line.words if w.x0 >= x]
    if len(before) + len(after) < len(line.words):
        return 0.0
    return min(after, default=right) - max(before, default=left)


def _with_flow(run: Sequence[PlacedLine], first: int, end: int, gap: float
               ) -> tuple[int, int]:
    """The stretch run[first:end] of two columns side by side, grown by the lines above
    and below it that continue a column's text (no wider a gap than `gap`): the longer
    column's last lines, a heading set close above. A heading further off stays out."""
    while first > 0 and run[first].top - run[first - 1].bottom <= gap:
        first -= 1
    while end < len(run) and run[end].top - run[end - 1].bottom <= gap:
        end += 1
    return first, end


def _column_stretches(lines: Sequence[PlacedLine], settings: LayoutSettings, height: float
                      ) -> list[tuple[int, int, float]]:
    """(first line, end, gutter x) of each stretch of lines read as two columns of prose.

    Every x across the text is tried as a gutter: the runs of lines white around it for
    `gutter` heights or more; within a run, the lines with text on both sides near them
    (`_beside_both`); of those, stretches whose both sides are prose. Longer stretches
    win where two overlap."""
    left = min(w.x0 for line in lines for w in line.words)
    right = max(w.x1 for line in lines for w in line.words)
    least = settings.lines.gutter * height
    found: list[tuple[int, int, float]] = []
    x = left + least
    # Half a gutter apart finds every gutter; no more than GUTTER_TRIES across a page.
    step = max(least / 2, (right - left) / GUTTER_TRIES)
    while x < right - least:
        index = 0
        while index < len(lines):
            if _free_at(lines[index], x, left, right) < least:
                index += 1
                continue
            end = index
            while end < len(lines) and _free_at(lines[end], x, left, right) >= least:
                end += 1
            run = lines[index:end]
            # Lines with text on both sides, and no side of numbers alone (a table's values,
            # a contents' page numbers): where columns of prose may stand.
            # A band of white across both sides ends a stretch too: wider than where two
            # columns' paragraph breaks happen to meet, as before a heading.
            both = [near and not _numbers_beside(line, x) for line, near in zip(
                run, _beside_both(run, x, settings.lines.column_hole * height), strict=True)]
            for k in range(1, len(run)):
                if run[k].top - run[k - 1].bottom > settings.lines.column_band * height:
                    both[k - 1] = False  # the line above the band ends its stretch
            offset = index
            for two, group in itertools.groupby(both):
                size = len(list(group))
                if two:
                    first, last = _with_flow(run, offset - index, offset - index + size,
                                             settings.lines.block_gap * height)
                    stretch = run[first:last]
                    if len(stretch) >= settings.lines.column_lines and all(
                            _prose([c.words for c in column], settings)
                            for column in _sides(stretch, x)):
                        found.append((index + first, index + last, x))
                offset += size
            index = end
        x += step
    chosen: list[tuple[int, int, float]] = []
    for first, end, at in sorted(found, key=lambda f: f[0] - f[1]):
        if all(end <= a or first >= b for a, b, _ in chosen):
            chosen.append((first, end, at))
    return sorted(chosen)


def text_columns(lines: Sequence[PlacedLine], settings: LayoutSettings = DEFAULT
                 ) -> list[list[PlacedLine]]:
    """The page's lines (top to bottom) as regions in reading order.

    Where a gutter, a vertical strip of white at least `gutter` text heights wide, runs
    through a stretch of lines that have text on both sides of it, and both sides are
    columns of prose (`column_lines` lines or more, most of them words), the stretch is
    read as its columns, left column first. Every other line keeps its place. A table's
    column gaps are gutters too, but its values are no prose.
    """
    if not settings.lines.column_lines <= len(lines) <= MAX_COLUMN_LINES:
        return [list(lines)]  # a page of more lines is no page of prose: a list, or a bomb
    height = statistics.median(line.height for line in lines) or settings.lines.flat_unit
    regions: list[list[PlacedLine]] = [[]]
    start = 0
    for first, end, x in _column_stretches(lines, settings, height):
        regions[-1] += lines[start:first]
        regions += [*_sides(lines[first:end], x), []]
        start = end
    regions[-1] += lines[start:]
    return [region for region in regions if region]


def horizontal_rule_ys(graphics: PageGraphics, settings: LayoutSettings = DEFAULT
                       ) -> list[float]:
    """y of every horizontal rule long enough to split blocks of lines."""
    return sorted(r.top for r in graphics.rules
                  if r.horizontal and r.x1 - r.x0 >= settings.lines.block_rule)


def split_blocks(lines: Sequence[PlacedLine], rules: Sequence[float],
                 settings: LayoutSettings = DEFAULT) -> list[list[PlacedLine]]:
    """Runs of lines with no rule and no wide gap between them."""
    if not lines:
        return []
    height = statistics.median(line.height for line in lines) or settings.lines.flat_unit
    reach = settings.rule_reach
    blocks = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        gap = line.top - previous.bottom
        ruled = any(previous.bottom - reach <= y <= line.top + reach for y in rules)
        if ruled or gap > settings.lines.block_gap * height:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def column_spans(block: Sequence[PlacedLine], settings: LayoutSettings = DEFAULT
                 ) -> list[tuple[float, float]]:
    """x-extents of the block's columns: word boxes merged across all its lines."""
    height = statistics.median(line.height for line in block) or settings.lines.flat_unit
    spans: list[list[float]] = []
    for word in sorted((w for line in block for w in line.words), key=lambda w: w.x0):
        if spans and word.x0 <= spans[-1][1] + settings.lines.column_gap * height:
            spans[-1][1] = max(spans[-1][1], word.x1)
        else:
            spans.append([word.x0, word.x1])
    return [(a, b) for a, b in spans]


def _is_value(word: Word) -> bool:
    return is_numeric_token(word.text) or word.text.lower() in words.value_words()


def _justified(block: Sequence[PlacedLine], spans: Sequence[tuple[float, float]]) -> bool:
    """True when every line that crosses a column gap is justified prose: three words or
    more, mostly not numbers, spaced alike (justification widens every space of a line
    by as much; a table row's column gap stands out from its label's spaces). Alike is
    measured against the line's median space: a bullet's narrower space says nothing."""
    crossing = [line for line in block
                if len({next(i for i, (a, b) in enumerate(spans) if a <= w.x0 <= b)
                        for w in line.words}) > 1]
    for line in crossing:
        words = sorted(line.words, key=lambda w: w.x0)
        gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
        if len(words) < 3 or sum(is_numeric_token(w.text) for w in words) * 3 >= len(words) \
                or max(gaps) > 1.25 * statistics.median_low(gaps) + 0.5:
            return False
    return bool(crossing)


def order_block(block: Sequence[PlacedLine], settings: LayoutSettings = DEFAULT
                ) -> list[PlacedLine]:
    """A block's lines in the order the text edition prints them."""
    if len(block) < 2:
        return list(block)
    spans = column_spans(block, settings)
    words = sum(len(line.words) for line in block)
    if len(spans) < 2 or 2 * (len(spans) - 1) > words:
        # prose, a single column, or justified prose: its gaps are wide, but almost every
        # gap is one, where a table row has far more words than column gaps
        return list(block)
    if _justified(block, spans):
        return list(block)
    # (line index, column index, word) for every word of the block
    placed = [
        (row, next(i for i, (a, b) in enumerate(spans) if a <= word.x0 <= b), word)
        for row, line in enumerate(block) for word in line.words
    ]
    label_lines = [[(r, w) for r, c, w in placed if c == 0 and r == row]
                   for row in range(len(block))]
    out = [_placed(line) for line in label_lines if line]
    rest = [[(r, w) for r, c, w in placed if c == column] for column in range(1, len(spans))]
    if all(_is_value(w) for cell in rest for _, w in cell):
        cuts = row_cuts(block, placed)
        if cuts:  # rows whose rules were not found (a scan's faint rules): row by row
            return [line for start, end in itertools.pairwise([0, *cuts, len(block)])
                    for line in order_block(block[start:end], settings)]
        # The row's values, left to right on one line, wherever the label wrapped.
        values = sorted((item for cell in rest for item in cell), key=lambda item: item[1].x0)
        out.append(_placed(values, by_line=False))
    else:
        out += [_placed(cell) for cell in rest if cell]  # header cells, one line each
    return out


def row_cuts(block: Sequence[PlacedLine], placed: Sequence[tuple[int, int, Word]]
             ) -> list[int]:
    """Where a block of table lines holds more than one row: the indices of the lines
    that start a row. A row's values stand beside one line of its label (the first, a
    middle or the last, as a wrapped label is set); two lines each with a label and
    values beside it are two rows, whatever rules were found between them, and the
    row boundary between them is the widest gap between their lines (a cell's padding
    is wider than a label's leading). (line index, column index, word) is `placed`."""
    label = {row for row, column, _ in placed if column == 0}
    valued = sorted({row for row, column, _ in placed if column > 0} & label)
    cuts = []
    for first, second in itertools.pairwise(valued):
        gaps = [(block[k].top - block[k - 1].bottom, k) for k in range(first + 1, second + 1)]
        cuts.append(max(gaps)[1])
    return cuts


def _placed(items: Sequence[tuple[int, Word]], by_line: bool = True) -> PlacedLine:
    """Words (with their line index) as one line: by line then x, or by x alone."""
    ordered = sorted(items, key=lambda item: (item[0] if by_line else 0, item[1].x0))
    words = tuple(w for _, w in ordered)
    return PlacedLine(words, min(w.top for w in words), max(w.bottom for w in words))


def _strip_bullet(line: PlacedLine) -> PlacedLine | None:
    words = line.words[1:] if line.words and _BULLET.match(line.words[0].text) else line.words
    if not words:
        return None
    return PlacedLine(tuple(words), line.top, line.bottom)


def page_lines(words: Sequence[Word], rules: Sequence[float], page: int,
               settings: LayoutSettings = DEFAULT) -> list[Line]:
    """The whole chain for one page."""
    placed = group_lines(words)
    placed = [p for p in (_strip_bullet(line) for line in placed) if p is not None]
    regions = text_columns(placed, settings)
    placed = [line for region in regions for line in region]
    # Each word's line number (equal words share a middle, so a line, and its number).
    by_word = {w: number for number, line in enumerate(placed, 1) for w in line.words}
    lines = []
    blocks = [block for region in regions for block in split_blocks(region, rules, settings)]
    for block in blocks:
        for line in order_block(block, settings):
            first = min(by_word[w] for w in line.words)
            lines.append(Line(
                text=" ".join(w.text for w in line.words),
                number=first,
                page=page,
                words=line.words,
                confidence=min(w.confidence for w in line.words),
            ))
    return lines


def document_lines(read: SourceWords, settings: LayoutSettings = DEFAULT) -> Document:
    """A source as a `Document`: a text edition's lines as they are, each PDF page's words
    as lines (`page_lines`, blocks split at its long horizontal rules), page by page."""
    lines = [*read.lines]
    for page in read.pages:
        lines += page_lines(page.words, horizontal_rule_ys(page.graphics, settings),
                            page.info.number, settings)
    return Document(read.source, tuple(lines), tuple(page.info for page in read.pages),
                    read.ocr, tuple(page.graphics for page in read.pages))
