"""A table's body lines: which lines are rows with values, and their phrases corrected
by what the other rows show.

    is_body_line    a label, then values; or values alone (not a line of years)
    labels_within_rules, values_in_labels, split_at_aligned_edges, numbers_in_labels
                    phrases corrected by the other rows: what a ruled label cell holds is
                    label; a number a space after its label under other rows' values is a
                    value; a run of numbers is cut where other rows' values start or end;
                    a lone number under other rows' labels is label
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lexicon import words
from ..lexicon.numbers import is_numeric_token
from ..model import Word
from ..model.grid import Rule
from .geometry import overlap, rule_between
from .phrases import Phrase, label_and_values
from .settings import DEFAULT, LayoutSettings

# A year, or a year's first half of a range ("2017-"): a line of them is a header of periods.
YEAR_WORD = words.year_word()  # "2016", "2016-" (of "2016-rapportering")


# "1.", "4.": an ordinal ("1. kvartal" stacked over its year), never a quantity.
ORDINAL = re.compile(r"^\d{1,2}\.$")


def periods_only(line_words: Sequence[Word]) -> bool:
    """A line of years ("2015 2016 2017") or of ordinals (the "1." "2." of stacked
    quarter headers): a header, though it reads as numbers. Most of them will do: OCR may
    misread one ("217")."""
    periods = sum(bool(YEAR_WORD.match(w.text) or ORDINAL.match(w.text)) for w in line_words)
    return 2 * periods > len(line_words)


def _years_only(phrases: Sequence[Phrase]) -> bool:
    return periods_only([w for p in phrases for w in p.words])


def is_body_line(phrases: Sequence[Phrase]) -> bool:
    """A row of the table's body: a label, then at least one value; or values alone (the
    row's label is printed on lines above and below them), unless they are years."""
    label, values = label_and_values(phrases)
    if label is not None:
        return bool(values)
    return bool(values) and len(values) == len(phrases) and not _years_only(phrases)


def values_above_the_rows(phrases: Sequence[list[Phrase]], anchors: Sequence[bool]
                          ) -> list[bool]:
    """`anchors` without the lines above the first row with a label and values that are
    not periods: lines whose values are only years or ordinals (a stacked header's
    "kvartal kvartal 2018", the "2018" a wrapped last header cell's), and lines of values
    none of which stands under a value of that row or a later one (the end of a header
    cell wrapped onto a line of its own: a footnote mark '1' whose bracket OCR lost), and
    every line above a line of periods (the header is one band: OCR's "2161 )" for a
    "2016¹⁾" printed a little higher than the quarters' years). Values alone that stand
    in the columns (some of them: later rows may leave cells empty) are a row whose label
    is printed above and below them, and stay."""
    labelled = [index for index, (p, a) in enumerate(zip(phrases, anchors, strict=True))
                if a and label_and_values(p)[0] is not None
                and not _years_only(label_and_values(p)[1])]
    if not labelled:
        return list(anchors)
    below = [(v.x0, v.x1) for index in labelled for v in label_and_values(phrases[index])[1]]
    out = list(anchors)
    header_until = -1  # the last header line of periods: the header is one band above it
    for index in range(labelled[0]):
        values = label_and_values(phrases[index])[1]
        if values and _years_only(values):
            header_until = index
    for index in range(labelled[0]):
        values = label_and_values(phrases[index])[1] if anchors[index] else []
        if values and (index < header_until or _years_only(values) or not any(
                min(v.x1, x1) > max(v.x0, x0) for v in values for x0, x1 in below)):
            out[index] = False
    return out


def split_at_aligned_edges(phrases: Sequence[list[Phrase]], anchors: Sequence[bool],
                           height: float, settings: LayoutSettings = DEFAULT
                           ) -> list[list[Phrase]]:
    """Runs of numbers cut where the other rows say a column starts (left-aligned values)
    or ends (right-aligned): with column gaps no wider than a thousands space ("561 204
    1 478 310"), only the other rows tell where the columns are. Which edge counts is what
    the table's values agree on; a fixed-pitch font lines up equal-width numbers at both
    edges, so one edge alone decides. Centred values give no cut."""
    tolerance = settings.body.aligned * height
    values = [(index, p) for index, line in enumerate(phrases) if anchors[index]
              for p in label_and_values(line)[1]]
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


def values_in_labels(phrases: Sequence[list[Phrase]], anchors: Sequence[bool],
                     settings: LayoutSettings = DEFAULT) -> list[list[Phrase]]:
    """A row's first value printed a space after its label ("nettselskap 78"), under
    another row's value and clear of that row's label: split off as a value."""
    values = [(index, p) for index, line in enumerate(phrases) if anchors[index]
              for p in label_and_values(line)[1]]
    share = settings.body.under_value
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
        if any(other != index and overlap(x0, x1, p.x0, p.x1) >= share * min(x1 - x0, p.x1 - p.x0)
               and words[first - 1].x1 < p.x0 for other, p in values):
            out.append([Phrase(words[:first]), Phrase(words[first:]), *line[1:]])
        else:
            out.append(line)
    return out


def labels_within_rules(phrases: Sequence[list[Phrase]], anchors: Sequence[bool],
                        vertical: Sequence[Rule], settings: LayoutSettings = DEFAULT
                        ) -> list[list[Phrase]]:
    """In a ruled row, what stands in the label's cell is label ("Næring > 100" | "302 878":
    the number left of the rule is part of the label, whatever the gap before it). Only
    where no other row has a value that far left: a rule may also stand between value
    columns alone."""
    starts = [(index, values[0].x0) for index, line in enumerate(phrases) if anchors[index]
              and (values := label_and_values(line)[1])]
    out = []
    for index, line in enumerate(phrases):
        ruled = [i for i in range(1, len(line))
                 if rule_between(line[i - 1].words[-1], line[i].words[0], vertical, settings)]
        if anchors[index] and ruled and ruled[0] > 1 and not line[0].value_like and all(
                x0 > line[ruled[0] - 1].x1 for other, x0 in starts if other != index):
            cell = tuple(w for p in line[:ruled[0]] for w in p.words)
            out.append([Phrase(cell), *line[ruled[0]:]])
        else:
            out.append(line)
    return out


def numbers_in_labels(phrases: Sequence[list[Phrase]], anchors: Sequence[bool],
                      settings: LayoutSettings = DEFAULT) -> list[list[Phrase]]:
    """A row's only value, where other rows' labels run and no other row's value: part of
    its label ("Næring > 100 000" / "kWh", OCR having measured a wide space before "100")."""
    labels = [label for line, anchor in zip(phrases, anchors, strict=True) if anchor
              and (label := label_and_values(line)[0]) is not None]  # not the header's
    values_of = [(index, p) for index, line in enumerate(phrases) if anchors[index]
                 for p in label_and_values(line)[1]]
    least = settings.min_overlap
    out = []
    for index, line in enumerate(phrases):
        label, values = label_and_values(line)
        if anchors[index] and label is not None and len(values) == 1 and any(
                other is not label and overlap(other.x0, other.x1, values[0].x0,
                                                values[0].x1) > least for other in labels) \
                and not any(other != index and overlap(p.x0, p.x1, values[0].x0,
                                                        values[0].x1) > least
                            for other, p in values_of):
            out.append([Phrase(tuple(w for p in line for w in p.words))])
        else:
            out.append(line)
    return out
