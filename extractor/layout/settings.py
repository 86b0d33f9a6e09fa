"""Every geometric tolerance of the layout stage, in one frozen dataclass: `LayoutSettings`.

Like pdfplumber's `TableSettings`: each step takes `settings: LayoutSettings = DEFAULT`,
and a variant is made with `dataclasses.replace`, e.g.
`replace(DEFAULT, phrases=replace(DEFAULT.phrases, phrase_gap=0.6))`. Every value is
checked when it is made (`ValueError` for a tolerance that is not positive, a share
outside 0..1, or gaps in an order that cannot work). The defaults are what the samples,
the generated layouts and the ICDAR 2013 set were tuned on: change one, and
benchmarks/snapshot.py shows what it changes.

Units, named in each field's comment:

    points        PDF points (1/72 inch); a text edition's character is 6 wide, its line 12
    text heights  the median height of the region's lines (`geometry.median_line_height`):
                  gaps measured in it hold at any type size
    word spaces   the width of a space between two words of text on those lines
                  (`phrases.word_space`): a header's cells stand a little more apart
    share         a fraction, 0 to 1
    ratio         one width over another
    tolerances    multiples of the rows' own gap tolerance (rows.py)
    count         a whole number of lines, words or pages

Groups, one per step (the module that uses it), and their fields; each field's comment
says its unit and why it is what it is:

    (top level)   shared by several steps: rule_reach, min_rule, min_overlap,
                  fallback_line_height
    lines         lines.py, a page's words → lines in reading order: block_gap,
                  column_gap, block_rule, flat_unit, gutter, column_lines, prose_share,
                  column_hole, column_band
    phrases       phrases.py, a line's words → phrases: phrase_gap, number_join,
                  value_word_join, number_gap_ratio, number_gap_margin, label_value_gap,
                  space_fallback
    body          body.py, body lines corrected by the other rows: aligned, under_value
    columns       columns.py and grids.py, the columns' x-extents: rule_cover,
                  empty_part_inset, wrapped_label_reach
    rows          rows.py, the body's lines → rows: gap_tolerance, min_gap_tolerance,
                  spaced_rows, padded_rows
    headers       headers.py, the header lines → cells: cell_gap, looser_cell_gaps,
                  segment_overlap, settled_split_gap
    tables        find_tables.py, every table of a page without the spec: snap, edge_merge,
                  stacked_cut_merge, row_reach, min_rows, group_gap, min_filled,
                  group_label_reach, prose_min_words, prose_gap_spread, prose_word_share
    furniture     furniture.py, running headers, footers, page numbers: margin,
                  repeated_share, min_repeats
    value_cells   value_cells.py, the cells OCR reads a second time: row_reach,
                  column_slack, crop_pad, misgrouped_words

Words (value words, the year pattern, page-number words) are language, not geometry:
they stay with the steps that use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _check(settings: object, *, positive: tuple[str, ...] = (), shares: tuple[str, ...] = (),
           counts: tuple[str, ...] = ()) -> None:
    """ValueError unless the named fields are positive numbers, shares in (0, 1], or
    counts of at least one."""
    group = type(settings).__name__
    for name in positive:
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ValueError(f"{group}.{name} must be a positive number, not {value!r}")
    for name in shares:
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise ValueError(f"{group}.{name} must be a share over 0 and at most 1, "
                             f"not {value!r}")
    for name in counts:
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{group}.{name} must be a whole number of at least 1, "
                             f"not {value!r}")


@dataclass(frozen=True)
class LineSettings:
    """lines.py: a page's words → blocks of lines → lines in the text edition's order."""

    # text heights: a gap between two lines wider than this starts a new block (a table row
    # from the prose around it); a wrapped label's lines are closer
    block_gap: float = 0.55
    # text heights: within a block, words closer than this are one column (a label cell's
    # words, a number's thousands groups); the gap to the next column is wider
    column_gap: float = 0.9
    # points: a horizontal rule at least this long splits blocks (a table's row rule);
    # shorter ones are underlines and cell corners
    block_rule: float = 40.0
    # points: the unit of gaps when a block's lines have no height at all (degenerate
    # word boxes): a gap is then measured in points
    flat_unit: float = 1.0
    # text heights: a gutter between two columns of prose is at least this wide, and runs
    # through every line beside it (a table's column gaps do too: its values are no prose)
    gutter: float = 1.2
    # lines: each column of prose beside a gutter has at least this many lines ...
    column_lines: int = 3
    # ... and most of them (this share) read as prose: three words or more, mostly letters
    prose_share: float = 0.6
    # text heights: two columns stand side by side where each has a line within this of
    # the other's; further, one column is alone (a heading over it, the longer one's end,
    # which joins the columns only as its text continues: lines.block_gap)
    column_hole: float = 1.5
    # text heights: a band of white this high across both columns ends them (a heading's
    # space above); paragraph breaks that meet in both columns leave about one height
    column_band: float = 1.5

    def __post_init__(self) -> None:
        _check(self, positive=("block_gap", "column_gap", "block_rule", "flat_unit", "gutter",
                               "column_lines", "column_hole", "column_band"),
               shares=("prose_share",))


@dataclass(frozen=True)
class PhraseSettings:
    """phrases.py: a line's words → phrases, the text of one cell each."""

    # text heights: words closer than this are one phrase (a cell's text); a space is about
    # 0.3 of a line's height, a column gap rarely under 0.8
    phrase_gap: float = 0.55
    # text heights: thousands groups this close are one number even when spaced wide: a
    # fixed-pitch font's space, or OCR's boxes, tight around the ink, which widen every gap
    # by the side bearings
    number_join: float = 1.2
    # text heights: a count and its bracketed share ("16 (14%)"), or a number and its unit
    # word ("1,2 mill."), this close are one phrase
    value_word_join: float = 1.0
    # ratio (at least 1): within a run of numbers, a gap this much wider than the
    # run's narrowest separates two numbers: thousands spaces are all one width, a column
    # gap is not
    number_gap_ratio: float = 1.6
    # points: ... and at least this much wider, so that rounding of tight boxes cuts nothing
    number_gap_margin: float = 1.5
    # word spaces: a number further than this from the label word before it starts a value
    # column, however narrow the gap ("montører  14"); nearer, it is part of the label
    # ("Næring > 100 000 kWh")
    label_value_gap: float = 1.4
    # text heights: the width of a space when the lines show no gap between two words of
    # text to measure it by
    space_fallback: float = 0.28

    def __post_init__(self) -> None:
        _check(self, positive=("phrase_gap", "number_join", "value_word_join",
                               "number_gap_ratio", "number_gap_margin", "label_value_gap",
                               "space_fallback"))
        if self.number_gap_ratio < 1:
            raise ValueError("PhraseSettings.number_gap_ratio must be at least 1: a gap "
                             "narrower than the narrowest cannot separate numbers")
        if self.space_fallback >= self.phrase_gap:
            raise ValueError("PhraseSettings.space_fallback must be under phrase_gap: a space "
                             "as wide as a column gap would cut every phrase")


@dataclass(frozen=True)
class BodySettings:
    """body.py: which lines are rows, and their phrases corrected by the other rows."""

    # text heights: two values line up (a column's left or right edge) when their edges are
    # this close; a fixed-pitch font lines up equal-width numbers at both
    aligned: float = 0.06
    # share of the narrower extent: a number after its label counts as a value when it
    # stands this much under another row's value ("nettselskap 78")
    under_value: float = 0.5

    def __post_init__(self) -> None:
        _check(self, positive=("aligned",), shares=("under_value",))


@dataclass(frozen=True)
class ColumnSettings:
    """columns.py and grids.py: the x-extents of the label column and the value columns."""

    # share of the body's height: a vertical rule is the table's (a column border) when it
    # crosses at least this much of the body; shorter ones belong to a header or a cell
    rule_cover: float = 0.6
    # points: a part of a cut cluster with no value wholly inside it is the part less this
    # on each side, so it touches neither neighbour; a part narrower than twice this is kept
    empty_part_inset: float = 0.5
    # text heights: a line of label alone above the first row is that row's wrapped label
    # when it starts this close to where the body's labels start
    wrapped_label_reach: float = 0.5

    def __post_init__(self) -> None:
        _check(self, positive=("empty_part_inset", "wrapped_label_reach"),
               shares=("rule_cover",))


@dataclass(frozen=True)
class RowSettings:
    """rows.py: the body's lines → rows, wrapped labels joined to their row."""

    # share of the narrowest gap between two rows with values: gaps that differ by less are
    # as wide (rows are padded alike, a cell's lines are set alike)
    gap_tolerance: float = 0.15
    # points: ... and never less than this, for tightly set tables and OCR's jitter
    min_gap_tolerance: float = 0.6
    # tolerances: gaps all alike, and this many tolerances wider than the table's closest
    # lines (a wrapped label's), are all row gaps: every line is a row
    spaced_rows: float = 2.0
    # line heights: rows set this far apart or further are padded (a cell's own lines
    # stand closer, at the text's leading), so a label line as far from its neighbour as
    # the rows stand apart is a row of its own, with empty cells, not a wrapped label
    padded_rows: float = 0.6

    def __post_init__(self) -> None:
        _check(self, positive=("min_gap_tolerance", "spaced_rows", "padded_rows"),
               shares=("gap_tolerance",))


@dataclass(frozen=True)
class HeaderSettings:
    """headers.py: the header lines → one cell per column, group headers spanning."""

    # word spaces: a header line is cut at gaps wider than this: a cell's words stand a space
    # apart, two cells further (however little further)
    cell_gap: float = 1.4
    # word spaces: looser cuts tried, in order, for a line whose cells stand only a little
    # further apart than its words (OCR measures spaces loosely); each part must then stand
    # over its own column's values
    looser_cell_gaps: tuple[float, ...] = (1.15, 0.9)
    # points: header segments of different lines overlapping more than this are one cell
    # (stacked or wrapped lines)
    segment_overlap: float = 0.5
    # word spaces: a segment over two settled cells of another line is cut between them
    # only where its words are further apart than this (two tight centred cells, "Lav
    # Moderat"); a group header over them keeps its words a space apart and stays whole
    settled_split_gap: float = 1.1

    def __post_init__(self) -> None:
        _check(self, positive=("cell_gap", "segment_overlap", "settled_split_gap"))
        if not self.looser_cell_gaps or not all(
                isinstance(g, int | float) and 0 < g < self.cell_gap
                for g in self.looser_cell_gaps):
            raise ValueError("HeaderSettings.looser_cell_gaps must be positive gaps, each "
                             f"under cell_gap ({self.cell_gap}), not {self.looser_cell_gaps!r}")


@dataclass(frozen=True)
class TableSettings:
    """find_tables.py: every table on a page without the spec (`ams-extract tables`)."""

    # points: rule ends this close meet (pdfplumber's own snap and join tolerances)
    snap: float = 3.0
    # points: cell edges closer than this are one row or column boundary
    edge_merge: float = 1.5
    # points: the gaps between a ruled cell's stacked lines closer than this are one cut
    stacked_cut_merge: float = 2.0
    # text heights: lines of one text table are never further apart than this
    row_reach: float = 2.0
    # count: a text table has at least this many lines with two phrases or more
    min_rows: int = 3
    # text heights: runs of rows set apart by group labels ("Class B") and at most this
    # much space, in the same columns, are one table (a blank line and a label between)
    group_gap: float = 6.0
    # share: a text table has at least this share of its cells filled; a chart's axis labels
    # line up in rows and columns too, but leave the plot area empty
    min_filled: float = 0.4
    # text heights: a one-phrase line between a text table's lines is a row of its own (a
    # group label) when it lies within the table's columns widened by this
    group_label_reach: float = 1.0
    # count: a justified prose line has at least this many words ...
    prose_min_words: int = 4
    # text heights: ... its gaps all within this of one another (the line's stretched space)
    prose_gap_spread: float = 0.15
    # share: ... and at least this share of them words with letters
    prose_word_share: float = 0.75

    def __post_init__(self) -> None:
        _check(self, positive=("snap", "edge_merge", "stacked_cut_merge", "row_reach",
                               "group_gap", "group_label_reach", "prose_gap_spread"),
               shares=("min_filled", "prose_word_share"), counts=("min_rows", "prose_min_words"))


@dataclass(frozen=True)
class FurnitureSettings:
    """furniture.py: running headers, footers and page numbers dropped before sections."""

    # share of the page's height: the top and bottom margins where furniture lives
    margin: float = 0.12
    # share of the pages: a text in the margins of at least this many pages is a running one
    repeated_share: float = 0.4
    # count: ... and of at least this many pages
    min_repeats: int = 2

    def __post_init__(self) -> None:
        _check(self, shares=("margin", "repeated_share"), counts=("min_repeats",))
        if self.margin >= 0.5:
            raise ValueError("FurnitureSettings.margin must be under half the page: the top "
                             "and bottom margins would meet")


@dataclass(frozen=True)
class ValueCellSettings:
    """value_cells.py: the table value cells OCR reads a second time."""

    # text heights: rows of one table are never further apart than this
    row_reach: float = 4.0
    # points: a word belongs to a value column when its middle is within the column's extent
    # widened by this on each side
    column_slack: float = 2.0
    # text heights: a cell is read again from a crop this much larger on every side, and is
    # empty only when no word was read that near
    crop_pad: float = 0.4
    # count: digit groups that make no number ("19 9092") are read again as one number,
    # across all the value columns, when the row has at most this many value words
    misgrouped_words: int = 3

    def __post_init__(self) -> None:
        _check(self, positive=("row_reach", "column_slack", "crop_pad"),
               counts=("misgrouped_words",))


@dataclass(frozen=True)
class LayoutSettings:
    """Every geometric tolerance of the layout stage: a few shared ones, then one group per
    step (see the module's docstring)."""

    # points: a rule within this of a gap's ends (or a word's middle within this of a rule's
    # ends) runs through that gap: rules and words are drawn, and measured, apart
    rule_reach: float = 1.0
    # points: a rule shorter than this is an underline, a tick or a cell corner, not a table
    # rule (build_grid, columns.vertical_rules)
    min_rule: float = 8.0
    # points: two extents overlap when they share more than this (a number under a label, a
    # label running into a value column); a touch of a point or less is none
    min_overlap: float = 1.0
    # points: the height of a line when a region has no line of any height to measure
    fallback_line_height: float = 10.0
    lines: LineSettings = field(default_factory=LineSettings)
    phrases: PhraseSettings = field(default_factory=PhraseSettings)
    body: BodySettings = field(default_factory=BodySettings)
    columns: ColumnSettings = field(default_factory=ColumnSettings)
    rows: RowSettings = field(default_factory=RowSettings)
    headers: HeaderSettings = field(default_factory=HeaderSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    furniture: FurnitureSettings = field(default_factory=FurnitureSettings)
    value_cells: ValueCellSettings = field(default_factory=ValueCellSettings)

    def __post_init__(self) -> None:
        _check(self, positive=("rule_reach", "min_rule", "min_overlap", "fallback_line_height"))
        groups = {"lines": LineSettings, "phrases": PhraseSettings, "body": BodySettings,
                  "columns": ColumnSettings, "rows": RowSettings, "headers": HeaderSettings,
                  "tables": TableSettings, "furniture": FurnitureSettings,
                  "value_cells": ValueCellSettings}
        for name, kind in groups.items():
            if not isinstance(getattr(self, name), kind):
                raise ValueError(f"LayoutSettings.{name} must be a {kind.__name__}")


DEFAULT = LayoutSettings()
