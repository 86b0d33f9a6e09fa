"""Positioned words of a page → lines in reading order, table cells kept together.

Both PDF readers (text layer and OCR) give words with boxes and the page's rules
(`SourceWords`); this module turns them into the `Line`s a text edition would have,
in small steps:

    group_lines      words → lines, by vertical overlap; words by x (model/document.py)
    horizontal_rule_ys  the y of every rule long enough to split blocks
    split_blocks     lines → blocks at rules and at gaps wider than a line's leading
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

import itertools
import re
import statistics
from collections.abc import Sequence

from ..lexicon import words
from ..lexicon.numbers import is_numeric_token
from ..model import Document, Line, PlacedLine, SourceWords, Word, group_lines
from ..model.geometry import PageGraphics
from .settings import DEFAULT, LayoutSettings

_BULLET = re.compile(r"^[\uf0b7•·▪●◦‣-]$")


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
        # The row's values, left to right on one line, wherever the label wrapped.
        values = sorted((item for cell in rest for item in cell), key=lambda item: item[1].x0)
        out.append(_placed(values, by_line=False))
    else:
        out += [_placed(cell) for cell in rest if cell]  # header cells, one line each
    return out


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
    # Each word's line number (equal words share a middle, so a line, and its number).
    by_word = {w: number for number, line in enumerate(placed, 1) for w in line.words}
    lines = []
    for block in split_blocks(placed, rules, settings):
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
