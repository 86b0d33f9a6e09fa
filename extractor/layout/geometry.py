"""Shared geometry of the layout steps: overlaps, rules between words, boxes, the unit.

    overlap             how much two x-extents share
    rule_between        whether a vertical rule runs between two words of a line
    cell_box            the box around a cell's words (or the cell's own place when empty)
    reading_order       a cell's words top to bottom, left to right
    median_line_height  the typical height of a line of text: the unit of every gap
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from ..model import PlacedLine, Word, group_lines
from ..model.grid import Box, Rule
from .settings import DEFAULT, LayoutSettings


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """How much the extents a0..a1 and b0..b1 share (0 when they are apart)."""
    return max(0.0, min(a1, b1) - max(a0, b0))


def rule_between(left: Word, right: Word, vertical: Sequence[Rule],
                 settings: LayoutSettings = DEFAULT) -> bool:
    """Whether one of the vertical rules runs between two words of a line, beside them."""
    middle = (left.top + left.bottom) / 2
    reach = settings.rule_reach
    return any(left.x1 - reach <= rule.x0 <= right.x0 + reach
               and rule.top - reach <= middle <= rule.bottom + reach for rule in vertical)


def cell_box(words: Sequence[Word], fallback: Box) -> Box:
    """The box around a cell's words; `fallback` (the cell's place) when it has none."""
    if not words:
        return fallback
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))


def reading_order(words: Sequence[Word]) -> tuple[Word, ...]:
    """A cell's words top to bottom, left to right (its lines, in order)."""
    return tuple(w for line in group_lines(words) for w in line.words)


def median_line_height(lines: Sequence[PlacedLine], settings: LayoutSettings = DEFAULT) -> float:
    """The typical height of a line of text (points): the unit of the gaps the layout steps
    measure ("text heights"). Lines, not words: OCR boxes are tight around the ink, so a word
    of small letters is lower than the type it is set in, and gaps would be measured against
    too small a unit."""
    heights = [line.height for line in lines if line.height > 0]
    return statistics.median(heights) if heights else settings.fallback_line_height
