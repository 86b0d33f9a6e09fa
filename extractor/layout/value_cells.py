"""The value cells of a page's tables that OCR reads a second time: where they are.

Tesseract reading a whole page sometimes drops a short number that stands alone in a
wide cell, reads one as letters, or groups digits wrongly. Which cells to read again is
geometry, decided here from the words of the first read; reading them is the OCR
reader's (readers/reread.py), which is given a `ValueCells` (a `ValueCellFinder`,
model/grid.py) by whoever calls it, so that readers import no layout.

    value_blocks    the page's runs of table rows (a label, then values), and their columns
    doubtful_cells  (row line, column, words) where a value is expected and none stands
    empty_cells     the value cells of lines between a block's rows that hold nothing
    ValueCells      what the OCR pass asks: `doubtful(words)`, the cells to read again with
                    their crops; `numbers(words)`, every number in a value cell, for a
                    second opinion, with the text height
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..lexicon.numbers import is_numeric_token
from ..model import PlacedLine, Word, group_lines
from ..model.grid import DoubtfulCell
from .body import is_body_line, periods_only
from .columns import find_columns
from .geometry import median_line_height
from .phrases import split_phrases
from .settings import DEFAULT, LayoutSettings


def value_blocks(lines: Sequence[PlacedLine], height: float, settings: LayoutSettings = DEFAULT
                 ) -> list[tuple[list[PlacedLine], list[tuple[float, float]]]]:
    """Runs of at least two table rows (lines with a label and values, or values alone: a
    row whose label wraps above and below them) close together, each with its value
    columns."""
    anchors = [line for line in lines
               if is_body_line(split_phrases(line, (), height, settings=settings))
               or _values_alone(line)]
    reach = settings.value_cells.row_reach * height
    blocks: list[list[PlacedLine]] = []
    for previous, line in itertools.pairwise([None, *anchors]):
        if previous is not None and line.top - previous.bottom <= reach:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    found = []
    for block in blocks:
        if len(block) < 2:
            continue
        columns = find_columns([split_phrases(line, (), height, settings=settings)
                                for line in block], (), settings=settings)
        if len(columns) > 2 or (len(columns) == 2 and len(block) >= 3):
            found.append((block, columns))
    return found


def _values_alone(line: PlacedLine) -> bool:
    """A line of numbers, OCR's misreads among them ("6 v 62 3 0,5"): two numbers at least,
    and more numbers than other words; not a header's line of years or ordinals."""
    numbers = sum(is_numeric_token(w.text) for w in line.words)
    return numbers >= 2 and 2 * numbers > len(line.words) and not periods_only(line.words)


def doubtful_cells(block: Sequence[PlacedLine], columns: Sequence[tuple[float, float]],
                   settings: LayoutSettings = DEFAULT
                   ) -> list[tuple[PlacedLine, tuple[float, float], list[Word]]]:
    """(row, column extent, the words in it) of every value cell of the block that is
    empty, holds no number, or digit groups that make no number ("19 9092")."""
    slack = settings.value_cells.column_slack
    cells = []
    rows_in = [{id(line) for line in block for w in line.words
                if _column(w, columns, slack) == i} for i in range(len(columns))]
    for line in block:
        values = [w for w in line.words if (w.x0 + w.x1) / 2 > columns[0][1]]
        # One number misgrouped ("19 9092") may have made two columns of a one-column
        # table: then all of it is read again. (Many groups are many columns' numbers, and
        # so are groups one in each column where other rows have values too.)
        own = [_column(w, columns, slack) for w in values]
        columns_of_the_table = (None not in own and len(set(own)) == len(own)
                                and all(rows_in[i] - {id(line)} for i in own))
        if len(values) <= settings.value_cells.misgrouped_words and _misgrouped(values) \
                and not columns_of_the_table:
            cells.append((line, (columns[1][0], columns[-1][1]), values))
            continue
        for x0, x1 in columns[1:]:
            words = [w for w in line.words if x0 - slack <= (w.x0 + w.x1) / 2 <= x1 + slack]
            if not any(is_numeric_token(w.text) for w in words) or _misgrouped(words):
                cells.append((line, (x0, x1), words))
    return cells


def _column(word: Word, columns: Sequence[tuple[float, float]], slack: float) -> int | None:
    """The value column a word's middle falls in (`slack` points wider), if any."""
    middle = (word.x0 + word.x1) / 2
    return next((i for i, (x0, x1) in enumerate(columns)
                 if i and x0 - slack <= middle <= x1 + slack), None)


def empty_cells(lines: Sequence[PlacedLine], columns: Sequence[tuple[float, float]],
                words: Sequence[Word], pad: float
                ) -> list[tuple[PlacedLine, tuple[float, float], list[Word]]]:
    """(row, column extent, no words) of every value cell of these lines where no word
    was read, not even one of a neighbouring row (the crop, `pad` around, is clear)."""
    return [(line, (x0, x1), []) for line in lines for x0, x1 in columns[1:]
            if not any(w.x1 > x0 - pad and w.x0 < x1 + pad and w.bottom > line.top - pad
                       and w.top < line.bottom + pad for w in words)]


def _misgrouped(words: Sequence[Word]) -> bool:
    """Digits alone in several groups, a later one not of three or the first of more: a
    space or digit misread ("19 9092", "1539 247")."""
    texts = [w.text for w in words]
    return (len(texts) > 1 and all(t.isdigit() for t in texts)
            and (any(len(t) != 3 for t in texts[1:]) or len(texts[0]) > 3))


@dataclass(frozen=True)
class ValueCells:
    """The layout stage's answers to the OCR pass (readers/reread.py), from the words of a
    page's first read. Picklable: it travels to the OCR worker processes."""

    settings: LayoutSettings = DEFAULT

    def doubtful(self, words: Sequence[Word]) -> list[DoubtfulCell]:
        """Every empty or unreadable value cell of the page's tables, with the crop to read
        it again from, block by block: the cells of the block's rows, then those of lines
        between its rows (a row whose value OCR missed altogether reads as a label alone;
        an empty cell has no ink to read)."""
        lines = group_lines(words)
        if not lines:
            return []
        height = median_line_height(lines, self.settings)
        pad = self.settings.value_cells.crop_pad * height
        cells = []
        for block, columns in value_blocks(lines, height, self.settings):
            between = [line for line in lines if block[0].top < line.top < block[-1].top
                       and line not in block]
            for line, (x0, x1), old in (doubtful_cells(block, columns, self.settings)
                                        + empty_cells(between, columns, words, pad)):
                cells.append(DoubtfulCell((x0 - pad, line.top - pad, x1 + pad, line.bottom + pad),
                                          tuple(old), _misgrouped(old)))
        return cells

    def numbers(self, words: Sequence[Word]) -> tuple[list[Word], float]:
        """Every number in a value cell of the page's tables, and the text height (points)
        the crops around them are measured in."""
        lines = group_lines(words)
        if not lines:
            return [], self.settings.fallback_line_height
        height = median_line_height(lines, self.settings)
        slack = self.settings.value_cells.column_slack
        return [w for block, columns in value_blocks(lines, height, self.settings)
                for line in block for w in line.words if is_numeric_token(w.text)
                and any(x0 - slack <= (w.x0 + w.x1) / 2 <= x1 + slack
                        for x0, x1 in columns[1:])], height
