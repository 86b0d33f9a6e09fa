"""Positioned words and page graphics → a table grid: cells in rows and columns.

A chain of small pure functions, each one step, each testable alone:

    split_phrases   a line's words → phrases: words closer than a column gap, never across a
                    vertical rule; a run of numbers is cut where a gap is wider than its
                    thousands spaces ("27 | 734 000")
    labels_within_rules, values_in_labels, split_at_aligned_edges, numbers_in_labels
                    phrases corrected by the other rows: what a ruled label cell holds is
                    label; a number a space after its label under other rows' values is a
                    value; a run of numbers is cut where other rows' values start or end;
                    a lone number under other rows' labels is label
    find_columns    x-extents of the value columns: between vertical rules when the table
                    has them, else the body's value phrases clustered where they overlap
    find_rows       the body's lines → rows: a line with values anchors a row; a line of
                    label alone joins a neighbour (a wrapped label), decided by rules, shading,
                    gaps and where the other wrapped labels put their values
    header_cells    the lines above the body → one header cell per column (stacked and wrapped
                    header lines joined top to bottom); a phrase over several columns spans them
    build_grid      the chain for one table region of one page

Nothing here knows the report: which cell is which key is read from the grid
by semantics/by_cells.py.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ..lexicon.numbers import is_numeric_token
from ..model import Word
from ..model.grid import Box, Cell, Grid, GridSource, Rule, Shade
from .lines import PlacedLine, group_lines

# Words closer than this share of the text height are one phrase (a cell's text);
# a space is about 0.3 of it, a column gap rarely under 0.8.
PHRASE_GAP = 0.55
# Thousands groups this close are one number even when spaced wide: a fixed-pitch font's
# space, or OCR's boxes, tight around the ink, which widen every gap by the side bearings.
NUMBER_JOIN = 1.2
# Two values line up when their edges are this close (in line heights).
ALIGNED = 0.06
# Within a run of numbers, a gap this much wider than the run's narrowest one separates two
# numbers: thousands spaces are all the same width, a column gap is not.
NUMBER_GAP_RATIO = 1.6
# Words that belong to a value beside them ("ca. 200", "1,2 mill.", "10 mrd. kr").
VALUE_WORDS = frozenset({"ca", "ca.", "vel", "omtrent", "mill", "mill.", "mrd", "mrd.", "kr",
                         "kr.", "%", "(", ")", "~"})
_YEAR_WORD = re.compile(r"^(?:19|20)\d\d-?$")
# A rule is part of the table when it is at least this long (points).
MIN_RULE = 8.0


@dataclass(frozen=True)
class Phrase:
    """Words of one line that read as one cell's text."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def value_like(self) -> bool:
        """A printed value: numbers, with at most "ca.", "mill.", "%" and the like beside them."""
        return (any(is_numeric_token(w.text) for w in self.words)
                and all(is_numeric_token(w.text) or w.text.lower() in VALUE_WORDS
                        for w in self.words))


def text_height(lines: Sequence[PlacedLine]) -> float:
    """The typical height of a line of text: the unit of every gap below. Lines, not
    words: OCR boxes are tight around the ink, so a word of small letters is lower than
    the type it is set in, and gaps would be measured against too small a unit."""
    heights = [line.height for line in lines if line.height > 0]
    return statistics.median(heights) if heights else 10.0


def _rule_between(left: Word, right: Word, vertical: Sequence[Rule]) -> bool:
    middle = (left.top + left.bottom) / 2
    return any(left.x1 - 1 <= rule.x0 <= right.x0 + 1 and rule.top - 1 <= middle <= rule.bottom + 1
               for rule in vertical)


def _number_cuts(words: Sequence[Word]) -> list[int]:
    """Where a run of numeric words holds two cells: indexes that start a new one.

    Within a cell the gaps are spaces, all alike ("2 284 127", "16 (14%)"); a column
    gap is wider. "27 734 000" printed with a column gap after "27" is two cells; with
    equal gaps it stays one (the semantic stage and the checks decide then)."""
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
    if len(gaps) < 2:
        return []
    narrowest = min(gaps)
    return [index for index, gap in enumerate(gaps, start=1)
            if gap > max(NUMBER_GAP_RATIO * narrowest, narrowest + 1.5)]


def _grouped(left: Sequence[Word], right: Sequence[Word]) -> bool:
    """True when `right` continues the number `left` ends: thousands groups of three digits
    after a first group of one to three ("2" "284 127"; OCR's "2" "33l" "902" too)."""
    first = left[0].text
    return (all(is_numeric_token(w.text) and w.text.isalnum() for w in (*left, *right))
            and len(first) <= 3 and all(len(w.text) == 3 for w in (*left[1:], *right)))


def _unit_after_number(left: Sequence[Word], right: Sequence[Word]) -> bool:
    """True for a number and the unit word printed after it: "1,2 mill.", "14 %"."""
    return is_numeric_token(left[-1].text) and all(w.text.lower() in VALUE_WORDS for w in right)


def _share_after_count(left: Sequence[Word], right: Sequence[Word]) -> bool:
    """True for a count and its share in brackets, one cell: "16 (14%)"."""
    return (len(right) == 1 and right[0].text.startswith("(") and right[0].text.endswith("%)")
            and is_numeric_token(left[-1].text))


def word_space(lines: Sequence[PlacedLine], height: float) -> float:
    """The width of a space: the lower quartile of the gaps between two words of text
    (letters both). Spaces are the narrowest gaps; a tight table's column gaps are not
    much wider, and a header has many of them, so the median would be too wide."""
    gaps = sorted(b.x0 - a.x1 for line in lines for a, b in itertools.pairwise(line.words)
                  if 0 < b.x0 - a.x1 <= PHRASE_GAP * height
                  and any(ch.isalpha() for ch in a.text) and any(ch.isalpha() for ch in b.text))
    return gaps[len(gaps) // 4] if gaps else 0.28 * height


def _label_meets_value(left: Word, right: Word, space: float) -> bool:
    """A label word, then a number further than a space from it: a column gap, however
    narrow ("montører  14"); a number a space after a word belongs to the label
    ("Næring > 100 000 kWh")."""
    return (right.x0 - left.x1 > 1.4 * space and is_numeric_token(right.text)
            and not is_numeric_token(left.text) and left.text.lower() not in VALUE_WORDS)


def _label_continues(words: Sequence[Word], start: int, close: float) -> bool:
    """True when the numbers from `start` on are followed closely by text: they belong to
    a label ("Næring > 100 000 kWh"), not to a value column."""
    index = start
    while index + 1 < len(words) and is_numeric_token(words[index + 1].text) \
            and words[index + 1].x0 - words[index].x1 <= close:
        index += 1
    following = words[index + 1] if index + 1 < len(words) else None
    return (following is not None and following.x0 - words[index].x1 <= close
            and not is_numeric_token(following.text)
            and following.text.lower() not in VALUE_WORDS)


def split_phrases(line: PlacedLine, vertical: Sequence[Rule], height: float,
                  space: float | None = None) -> list[Phrase]:
    """A line's words as phrases: cut at gaps wider than a column gap, at vertical rules,
    and between a label and a number a little further than a space from it (unless text
    follows the number closely: "Næring > 100 000 kWh" is one label). The thousands
    groups of a number, and a count and its bracketed share, are joined even when printed
    with wide spaces (a fixed-pitch font's space, or OCR's boxes tight around the ink);
    and a run of numbers is cut where they cannot be one number (see `_number_cuts`)."""
    words = line.words
    close = PHRASE_GAP * height
    cuts = {i for i, (a, b) in enumerate(itertools.pairwise(words), start=1)
            if b.x0 - a.x1 > close or _rule_between(a, b, vertical)}
    if space:
        for i, (a, b) in enumerate(itertools.pairwise(words), start=1):
            if i not in cuts and _label_meets_value(a, b, space) \
                    and not _label_continues(words, i, close):
                cuts.add(i)
    bounds = [0, *sorted(cuts), len(words)]
    groups = [list(words[a:b]) for a, b in itertools.pairwise(bounds)]
    joined: list[list[Word]] = []
    for group in groups:
        if joined:
            previous = joined[-1]
            gap = group[0].x0 - previous[-1].x1
            joins = ((gap <= NUMBER_JOIN * height and _grouped(previous, group))
                     or (gap <= height and _share_after_count(previous, group))
                     or (gap <= height and _unit_after_number(previous, group)))
            if joins and not _rule_between(previous[-1], group[0], vertical):
                previous.extend(group)
                continue
        joined.append(group)
    phrases = []
    for group in joined:
        start = 0
        # Only a run made of numbers alone is cut: a label such as "Næring > 100 000 kWh"
        # holds numbers that belong together with its words.
        if len(group) > 1 and all(is_numeric_token(w.text) for w in group):
            for cut in _number_cuts(group):
                phrases.append(Phrase(tuple(group[start:cut])))
                start = cut
        phrases.append(Phrase(tuple(group[start:])))
    return phrases


def _label_and_values(phrases: Sequence[Phrase]) -> tuple[Phrase | None, list[Phrase]]:
    """A body line's label (its text up to the first value, however it was cut: "Antall
    målere" "(x" "1000) installert") and its value phrases."""
    lead = list(itertools.takewhile(lambda p: not p.value_like, phrases))
    label = Phrase(tuple(w for p in lead for w in p.words)) if lead else None
    return label, [p for p in phrases[len(lead):] if p.value_like]


def _years_only(phrases: Sequence[Phrase]) -> bool:
    """A line of years ("2015 2016 2017"): a header, though it reads as numbers. Most of
    them will do: OCR may misread one ("217")."""
    words = [w for p in phrases for w in p.words]
    return 2 * sum(bool(_YEAR_WORD.match(w.text)) for w in words) > len(words)


def split_at_aligned_edges(phrases: Sequence[list[Phrase]], anchors: Sequence[bool],
                           height: float) -> list[list[Phrase]]:
    """Runs of numbers cut where the other rows say a column starts (left-aligned values)
    or ends (right-aligned): with column gaps no wider than a thousands space ("561 204
    1 478 310"), only the other rows tell where the columns are. Which edge counts is what
    the table's values agree on; a fixed-pitch font lines up equal-width numbers at both
    edges, so one edge alone decides. Centred values give no cut."""
    tolerance = ALIGNED * height
    values = [(index, p) for index, line in enumerate(phrases) if anchors[index]
              for p in _label_and_values(line)[1]]
    singles = [(index, p.words[0].x0, p.words[-1].x1) for index, p in values
               if len(p.words) == 1]

    def votes(edge: int) -> int:
        return sum(any(other != index and abs(bounds[edge] - (p.x0, p.x1)[edge]) <= tolerance
                       for index, p in values)
                   for other, *bounds in singles)

    left, right = votes(0), votes(1)
    if left == right:
        return list(phrases)
    edge = 0 if left > right else 1
    marks = [(other, bounds[edge]) for other, *bounds in singles]

    def marked(index: int, x: float) -> bool:
        return any(other != index and abs(x - mark) <= tolerance for other, mark in marks)

    out = []
    for index, line in enumerate(phrases):
        if not anchors[index]:
            out.append(line)
            continue
        split: list[Phrase] = []
        for phrase in line:
            words, start = phrase.words, 0
            if phrase.value_like and all(is_numeric_token(w.text) for w in words):
                for i in range(1, len(words)):
                    if marked(index, words[i].x0 if edge == 0 else words[i - 1].x1):
                        split.append(Phrase(words[start:i]))
                        start = i
            split.append(Phrase(words[start:]))
        out.append(split)
    return out


def values_in_labels(phrases: Sequence[list[Phrase]], anchors: Sequence[bool]
                     ) -> list[list[Phrase]]:
    """A row's first value printed a space after its label ("nettselskap 78"), under
    another row's value and clear of that row's label: split off as a value."""
    values = [(index, p) for index, line in enumerate(phrases) if anchors[index]
              for p in _label_and_values(line)[1]]
    out = []
    for index, line in enumerate(phrases):
        label = line[0] if anchors[index] and line and not line[0].value_like else None
        words = label.words if label is not None else ()
        first = len(words)
        while first > 0 and is_numeric_token(words[first - 1].text):
            first -= 1
        if label is None or not 0 < first < len(words):
            out.append(line)
            continue
        x0, x1 = words[first].x0, words[-1].x1
        if any(other != index and _overlap(x0, x1, p.x0, p.x1) >= 0.5 * min(x1 - x0, p.x1 - p.x0)
               and words[first - 1].x1 < p.x0 for other, p in values):
            out.append([Phrase(words[:first]), Phrase(words[first:]), *line[1:]])
        else:
            out.append(line)
    return out


def labels_within_rules(phrases: Sequence[list[Phrase]], anchors: Sequence[bool],
                        vertical: Sequence[Rule]) -> list[list[Phrase]]:
    """In a ruled row, what stands in the label's cell is label ("Næring > 100" | "302 878":
    the number left of the rule is part of the label, whatever the gap before it). Only
    where no other row has a value that far left: a rule may also stand between value
    columns alone."""
    starts = [(index, values[0].x0) for index, line in enumerate(phrases) if anchors[index]
              and (values := _label_and_values(line)[1])]
    out = []
    for index, line in enumerate(phrases):
        ruled = [i for i in range(1, len(line))
                 if _rule_between(line[i - 1].words[-1], line[i].words[0], vertical)]
        if anchors[index] and ruled and ruled[0] > 1 and not line[0].value_like and all(
                x0 > line[ruled[0] - 1].x1 for other, x0 in starts if other != index):
            cell = tuple(w for p in line[:ruled[0]] for w in p.words)
            out.append([Phrase(cell), *line[ruled[0]:]])
        else:
            out.append(line)
    return out


def numbers_in_labels(phrases: Sequence[list[Phrase]], anchors: Sequence[bool]
                      ) -> list[list[Phrase]]:
    """A row's only value, where other rows' labels run and no other row's value: part of
    its label ("Næring > 100 000" / "kWh", OCR having measured a wide space before "100")."""
    labels = [label for line, anchor in zip(phrases, anchors, strict=True) if anchor
              and (label := _label_and_values(line)[0]) is not None]  # not the header's
    values_of = [(index, p) for index, line in enumerate(phrases) if anchors[index]
                 for p in _label_and_values(line)[1]]
    out = []
    for index, line in enumerate(phrases):
        label, values = _label_and_values(line)
        if anchors[index] and label is not None and len(values) == 1 and any(
                other is not label and _overlap(other.x0, other.x1, values[0].x0,
                                                values[0].x1) > 1 for other in labels) \
                and not any(other != index and _overlap(p.x0, p.x1, values[0].x0,
                                                        values[0].x1) > 1
                            for other, p in values_of):
            out.append([Phrase(tuple(w for p in line for w in p.words))])
        else:
            out.append(line)
    return out


def is_body_line(phrases: Sequence[Phrase]) -> bool:
    """A row of the table's body: a label, then at least one value; or values alone (the
    row's label is printed on lines above and below them), unless they are years."""
    label, values = _label_and_values(phrases)
    if label is not None:
        return bool(values)
    return bool(values) and len(values) == len(phrases) and not _years_only(phrases)


def cluster_extents(extents: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Intervals merged where they overlap: each result is one column."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(extents):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _labels_cross_values(body: Sequence[list[Phrase]],
                         columns: Sequence[tuple[float, float]]) -> bool:
    """True when a row's label runs into a value column: the columns run together (a text
    dump's "Hytter og fritidshus 322 913"), so no grid of them can be trusted. (Text
    elsewhere in a value column is a cell OCR could not read: the cell says so.)"""
    return any(line and not line[0].value_like and _overlap(line[0].x0, line[0].x1, x0, x1) > 1
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
                and not all(_YEAR_WORD.match(w.text) for w in line.words
                            if is_numeric_token(w.text))]
    return any(index < head for index in suspects) or len(suspects) > 1


def vertical_rules(rules: Sequence[Rule], top: float, bottom: float) -> list[Rule]:
    """Vertical rules that cross the body (most of its height)."""
    span = bottom - top
    return [r for r in rules if not r.horizontal and r.bottom - r.top >= MIN_RULE
            and min(r.bottom, bottom) - max(r.top, top) >= 0.6 * span]


def split_clusters(clusters: Sequence[tuple[float, float]], values: Sequence[Phrase],
                   cuts: Sequence[float]) -> list[tuple[float, float]]:
    """Clusters cut at the given x positions; each part's extent is that of the values
    wholly inside it (a number run across the cut still counts for neither)."""
    out = []
    for x0, x1 in clusters:
        xs = sorted(x for x in cuts if x0 < x < x1)
        if not xs:
            out.append((x0, x1))
            continue
        bounds = [x0, *xs, x1]
        for a, b in itertools.pairwise(bounds):
            inside = [p for p in values if a <= p.x0 and p.x1 <= b]
            if inside:
                out.append((min(p.x0 for p in inside), max(p.x1 for p in inside)))
            else:
                out.append((a + 0.5, b - 0.5) if b - a > 1 else (a, b))
    return out


def _one_grouped_number(phrase: Phrase) -> bool:
    """Digits in thousands groups: "2 342 611", not "561 204 1 478"."""
    texts = [w.text for w in phrase.words]
    return (len(texts) > 1 and all(t.isdigit() for t in texts) and 1 <= len(texts[0]) <= 3
            and all(len(t) == 3 for t in texts[1:]))


def _cuts_within(clusters: Sequence[tuple[float, float]],
                 lines: Sequence[Sequence[Phrase]]) -> list[float]:
    """Where a cluster holds two cells of one line: the middles of the gaps between them,
    from the line that shows most of them in that cluster."""
    cuts: list[float] = []
    for x0, x1 in clusters:
        best: list[float] = []
        for phrases in lines:
            inside = sorted((p for p in phrases if _overlap(p.x0, p.x1, x0, x1) > 0),
                            key=lambda p: p.x0)
            middles = [(a.x1 + b.x0) / 2 for a, b in itertools.pairwise(inside)]
            if len(middles) > len(best):
                best = middles
        cuts += best
    return cuts


def find_columns(body: Sequence[list[Phrase]], crossing: Sequence[Rule],
                 wrapped: Sequence[Phrase] = ()) -> list[tuple[float, float]]:
    """x-extents of the columns, the label column first.

    The value phrases of the body lines are clustered where they overlap (right-, left-
    or centre-aligned numbers of one column always overlap; two columns never do), and
    cut where a vertical rule runs between them or where one line has two cells in
    one cluster. Rules alone do not make columns: a grid may miss one, or frame the
    table only. The label column reaches from the
    leftmost label to as far right as any label does, `wrapped` lines of label alone too.
    """
    labels = [p for p in (*(_label_and_values(line)[0] for line in body), *wrapped)
              if p is not None]
    values = [p for line in body for p in _label_and_values(line)[1]]
    if not values:
        return []
    clusters = cluster_extents([(p.x0, p.x1) for p in values])
    # A vertical rule through a cluster, or a line with two cells in it, cuts it: values
    # either side are two columns though their extents overlap (a tight table, or a
    # number run across a narrow column gap in another row).
    cuts = [r.x0 for r in crossing] + _cuts_within(
        clusters, [_label_and_values(line)[1] for line in body])
    clusters = split_clusters(clusters, values, cuts)
    stub = [p for p in labels if p.x1 < clusters[0][0]]
    label_x0 = min((p.x0 for p in stub), default=clusters[0][0])
    label_x1 = max((p.x1 for p in stub), default=clusters[0][0])
    return [(label_x0, min(label_x1, clusters[0][0])), *clusters]


def column_of(x: float, columns: Sequence[tuple[float, float]]) -> int:
    """The column a point belongs to: columns meet halfway across the gaps between them."""
    for index in range(len(columns) - 1):
        if x < (columns[index][1] + columns[index + 1][0]) / 2:
            return index
    return len(columns) - 1


@dataclass
class RowBand:
    """The lines of one row: an anchor line with values, and lines of label around it."""

    lines: list[PlacedLine]


def _separated(upper: PlacedLine, lower: PlacedLine, horizontal: Sequence[Rule],
               shades: Sequence[Shade]) -> bool:
    """A rule or the edge of a shade between two lines: they are in different rows."""
    if any(upper.bottom - 1 <= r.top <= lower.top + 1 for r in horizontal):
        return True

    def shade_of(line: PlacedLine) -> Shade | None:
        middle = (line.top + line.bottom) / 2
        return next((s for s in shades if s.top <= middle <= s.bottom), None)

    return shade_of(upper) != shade_of(lower)


def _cuts(run: Sequence[int], gaps: Sequence[float], tolerance: float) -> list[int]:
    """Where the label lines between two rows with values divide: lines before the first
    cut belong to the row above, after the last to the row below, and lines between two
    cuts are a row of their own whose cells are empty. Rows are padded, a cell's lines are
    not: the cuts are the gaps clearly wider than the narrowest, the widest or as wide.
    Gaps all as wide, and clearly wider than the table's closest lines (a wrapped label's),
    are all row gaps: every line is a row. Otherwise no cut when the gaps tell nothing."""
    first = run[0]
    positions = range(len(run) + 1)  # the gap before line run[c] (or after the last)
    widths = [gaps[first - 1 + c] for c in positions]
    widest, narrowest = max(widths), min(widths)
    if widest - narrowest <= tolerance:
        return list(positions) if narrowest - min(gaps) > 2 * tolerance else []
    wide = [c for c in positions if widths[c] >= widest - tolerance]
    if len(wide) == 1:
        ranked = sorted(widths, reverse=True)
        return wide if ranked[0] - ranked[1] > tolerance else []
    return wide


def find_rows(lines: Sequence[PlacedLine], anchors: Sequence[bool], horizontal: Sequence[Rule],
              shades: Sequence[Shade]) -> list[RowBand]:
    """Group the body's lines into rows, each with one anchor (a line with values), or none.

    Rules and shade edges cut the lines into stretches no row crosses; a stretch without
    an anchor is a row of its own whose value cells are empty. Within a stretch, lines of
    label alone between two anchors divide between them where the gaps say (see `_cuts`),
    some maybe forming a row of their own. Where nothing tells, they divide where the
    other wrapped labels of this table put their values: beside their first line (the
    lines go up), their last (down) or their middle. Lines before a stretch's first
    anchor go down, after its last up.
    """
    if not any(anchors):
        return []
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines)]
    between_rows = [g for g, a, b in zip(gaps, anchors, anchors[1:], strict=False) if a and b]
    tolerance = max(0.15 * min(between_rows), 0.6) if between_rows else 0.6
    bounds = [0, *(i + 1 for i, (a, b) in enumerate(itertools.pairwise(lines))
                   if _separated(a, b, horizontal, shades)), len(lines)]
    stretches = [range(a, b) for a, b in itertools.pairwise(bounds)]
    runs = []  # label lines between two anchors of one stretch
    for stretch in stretches:
        indexes = [i for i in stretch if anchors[i]]
        runs += [list(range(a + 1, b)) for a, b in itertools.pairwise(indexes) if b > a + 1]
    cuts = {run[0]: _cuts(run, gaps, tolerance) for run in runs}
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
        owner.update({i: indexes[-1] for i in range(indexes[-1], stretch[-1] + 1)})
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
    rows = dict.fromkeys(owner[i] for i in range(len(lines)))
    return [RowBand([line for i, line in enumerate(lines) if owner[i] == row]) for row in rows]


def _cell_box(words: Sequence[Word], fallback: Box) -> Box:
    if not words:
        return fallback
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))


def _reading_order(words: Sequence[Word]) -> tuple[Word, ...]:
    """A cell's words top to bottom, left to right (its lines, in order)."""
    return tuple(w for line in group_lines(words) for w in line.words)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def columns_under(left: float, right: float, columns: Sequence[tuple[float, float]]
                  ) -> list[int]:
    """The columns a header cell from `left` to `right` stands over: those whose values it
    overlaps; if none, the nearest.

    Header text is usually wider than the numbers below it and may reach past the middle
    of the gap to its neighbour, so a cell goes whole to the column(s) it covers."""
    covered = [i for i, (x0, x1) in enumerate(columns) if _overlap(left, right, x0, x1) > 0]
    if covered:
        return covered
    middle = (left + right) / 2
    return [min(range(len(columns)),
                key=lambda i: min(abs(middle - columns[i][0]), abs(middle - columns[i][1])))]


def gap_segments(line: PlacedLine, vertical: Sequence[Rule], space: float,
                 wider: float = 1.4) -> list[Phrase]:
    """A header line cut at every gap `wider` times a space, and at rules: a header
    cell's words stand a space apart, two cells further (however little further)."""
    words = sorted(line.words, key=lambda w: w.x0)
    cuts = [i for i, (a, b) in enumerate(itertools.pairwise(words), start=1)
            if b.x0 - a.x1 > wider * space or _rule_between(a, b, vertical)]
    bounds = [0, *cuts, len(words)]
    return [Phrase(tuple(words[a:b])) for a, b in itertools.pairwise(bounds)]


def _in_order(segments: Sequence[Phrase], columns: Sequence[tuple[float, float]],
              over_own: bool = False) -> list[int] | None:
    """Columns for a header line with one segment per column (or per value column): in
    order, when each segment lies between its neighbours' values and over no other
    column's values (and, with `over_own`, over some of its own column's). None otherwise."""
    if len(segments) == len(columns):
        candidate = list(range(len(columns)))
    elif len(segments) == len(columns) - 1 and segments[0].x0 > columns[0][1]:
        candidate = list(range(1, len(columns)))
    else:
        return None
    for segment, col in zip(segments, candidate, strict=True):
        if col + 1 < len(columns) and segment.x0 >= columns[col + 1][0]:
            return None
        if col > 0 and segment.x1 <= columns[col - 1][1]:
            return None
        if any(_overlap(segment.x0, segment.x1, *columns[other]) > 0
               for other in range(1, len(columns)) if other != col):
            return None  # it stands over another column's values
        if over_own and col > 0 and _overlap(segment.x0, segment.x1, *columns[col]) <= 0:
            return None
    return candidate


def assign_header(lines: Sequence[PlacedLine], columns: Sequence[tuple[float, float]],
                  vertical: Sequence[Rule], space: float) -> list[tuple[list[Word], int, int]]:
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
        cut = gap_segments(line, vertical, space)
        order = _in_order(cut, columns)
        for wider in (1.15, 0.9):
            if order is None:
                # Cut that loosely, a cell's own words may fall apart ("Antall" |
                # "nettselskap"): each part must stand over its column's values.
                looser = gap_segments(line, vertical, space, wider)
                order = _in_order(looser, columns, over_own=True)
                cut = looser if order is not None else cut
        segments += list(zip(cut, order or [None] * len(cut), strict=True))
    segments = _split_across_settled(segments, space)
    cells: list[list[int]] = []  # indexes into segments, one list per cell
    for index, (segment, _) in enumerate(segments):
        touching = [cell for cell in cells
                    if any(_overlap(segment.x0, segment.x1, segments[i][0].x0,
                                    segments[i][0].x1) > 0.5 for i in cell)]
        merged = [index, *(i for cell in touching for i in cell)]
        cells = [cell for cell in cells if cell not in touching] + [merged]
    assigned = []
    for cell in cells:
        words = [w for i in sorted(cell) for w in segments[i][0].words]
        settled = sorted({segments[i][1] for i in cell if segments[i][1] is not None})
        cols = settled or columns_under(min(w.x0 for w in words), max(w.x1 for w in words),
                                        columns)
        assigned.append((words, cols[0], cols[-1]))
    return assigned


def _split_across_settled(segments: Sequence[tuple[Phrase, int | None]], space: float
                          ) -> list[tuple[Phrase, int | None]]:
    """An unsettled segment whose words stand over two settled cells of another header
    line, each word over one, cut between them where its words are more than a space
    apart: two tight centred cells ("Lav Moderat" over "risiko | risiko"). A group header
    over those cells keeps its words a space apart, and stays whole."""
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
                words[i].x0 - words[i - 1].x1 <= 1.1 * space for i in cuts):
            out.append((segment, col))
            continue
        out += [(Phrase(words[a:b]), None)
                for a, b in itertools.pairwise([0, *cuts, len(words)])]
    return out


def header_cells(lines: Sequence[PlacedLine], columns: Sequence[tuple[float, float]],
                 vertical: Sequence[Rule], space: float, page: int | None) -> list[Cell]:
    """The header lines as cells: one per column, its stacked and wrapped lines joined top to
    bottom; a phrase over several columns (a group header) spans them, in a row above."""
    spanning: dict[tuple[int, int], list[Word]] = {}
    per_column: dict[int, list[Word]] = {}
    for words, first, last in assign_header(lines, columns, vertical, space):
        if last > first:
            spanning.setdefault((first, last), []).extend(words)
        else:
            per_column.setdefault(first, []).extend(words)
    top = min((line.top for line in lines), default=0.0)
    bottom = max((line.bottom for line in lines), default=0.0)
    cells = []
    for (start, end), words in sorted(spanning.items()):
        ordered = _reading_order(words)
        cells.append(Cell(0, start, ordered, _cell_box(ordered, (0, 0, 0, 0)), page,
                          colspan=end - start + 1, header=True))
    row = 1 if spanning else 0
    for index, (x0, x1) in enumerate(columns):
        words = _reading_order(per_column.get(index, []))
        cells.append(Cell(row, index, words, _cell_box(words, (x0, top, x1, bottom)), page,
                          header=True))
    return cells


def split_header(lines: Sequence[PlacedLine], phrases: Sequence[list[Phrase]],
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
                placed.setdefault(column_of((word.x0 + word.x1) / 2, columns), []).append(word)
        for index, (x0, x1) in enumerate(columns):
            words = _reading_order(placed.get(index, []))
            cells.append(Cell(first_row + offset, index, words,
                              _cell_box(words, (x0, top, x1, bottom)), page))
    return cells


def build_grid(words: Sequence[Word], rules: Sequence[Rule] = (), shades: Sequence[Shade] = (),
               page: int | None = None) -> Grid | None:
    """The grid of one table region (one page's part of a table); None when the words hold
    no table: no line with a label and values."""
    lines = group_lines(words)
    if not lines:
        return None
    height = text_height(lines)
    vertical = [r for r in rules if not r.horizontal and r.bottom - r.top >= MIN_RULE]
    space = word_space(lines, height)
    phrases = [split_phrases(line, vertical, height, space) for line in lines]
    dark = [s for s in shades if s.dark]
    # A line on a dark band is header, whatever it holds (years look like values).
    anchors = [is_body_line(p) and not any(s.top <= (line.top + line.bottom) / 2 <= s.bottom
                                           for s in dark)
               for line, p in zip(lines, phrases, strict=True)]
    if not any(anchors):
        return None
    phrases = labels_within_rules(phrases, anchors, vertical)
    phrases = split_at_aligned_edges(values_in_labels(phrases, anchors), anchors, height)
    phrases = numbers_in_labels(phrases, anchors)
    anchors = [a and is_body_line(p) for a, p in zip(anchors, phrases, strict=True)]
    if not any(anchors):
        return None
    first = anchors.index(True)
    body_bottom = max(line.bottom for line in lines)
    crossing = vertical_rules(rules, lines[first].top, body_bottom)
    # Label alone on a line: below the first row with values, or above it and starting where
    # the body's labels start (the first row's wrapped label; header cells stand elsewhere).
    label_x0 = min((label.x0 for p, a in zip(phrases, anchors, strict=True) if a
                    if (label := _label_and_values(p)[0]) is not None), default=None)
    wrapped = [p[0] for index, p in enumerate(phrases) if p and not p[0].value_like
               and (index > first or (len(p) == 1 and label_x0 is not None
                                      and abs(p[0].x0 - label_x0) <= height / 2))]
    columns = find_columns([p for p, a in zip(phrases, anchors, strict=True) if a], crossing,
                           wrapped)
    if len(columns) < 2:
        return None
    head = split_header(lines[:first], phrases[:first], columns, shades)
    header_segments = [gap_segments(line, vertical, space) for line in lines[:head]]
    values = [p for line, a in zip(phrases, anchors, strict=True) if a
              for p in _label_and_values(line)[1]]
    # A header cut through a value that reads as one grouped number ("2 342 611") is OCR's
    # wide space in a header cell ("Tal | på målepunkt"), not two columns.
    cuts = [x for x in _cuts_within(columns[1:], header_segments)
            if not any(p.x0 < x < p.x1 and _one_grouped_number(p) for p in values)]
    columns = [columns[0], *split_clusters(columns[1:], values, cuts)]
    if _labels_cross_values(phrases[head:], columns) or _run_together(lines, phrases, anchors,
                                                                       head):
        return None
    horizontal = [r for r in rules if r.horizontal and r.x1 - r.x0 >= MIN_RULE]
    bands = find_rows(lines[head:], anchors[head:], horizontal, shades)
    header = header_cells(lines[:head], columns, vertical, space, page) if head else []
    header_rows = max((c.row + 1 for c in header), default=0)
    cells = header + body_cells(bands, columns, page, header_rows)
    return Grid(tuple(cells), tuple(columns), header_rows,
                GridSource.RULED if crossing else GridSource.ALIGNED, (page,))
