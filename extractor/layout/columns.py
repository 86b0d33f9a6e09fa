"""The body's value phrases → the x-extents of the table's columns.

    cluster_extents  intervals merged where they overlap: each one column
    cuts_within      where one line shows two cells inside one cluster
    gaps_within      the same as gaps between the cells, with their cluster
    split_clusters   clusters cut there, each part as wide as the values wholly inside it
    vertical_rules   the vertical rules that cross the body
    find_columns     the label column, then the value columns: the body's value phrases
                     clustered, cut at crossing rules and where a line has two cells in one
    column_of        the column a point belongs to (columns meet halfway across a gap)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..model.grid import Rule
from .geometry import overlap
from .phrases import Phrase, label_and_values
from .settings import DEFAULT, LayoutSettings


def cluster_extents(extents: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Intervals merged where they overlap: each result is one column."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(extents):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def vertical_rules(rules: Sequence[Rule], top: float, bottom: float,
                   settings: LayoutSettings = DEFAULT) -> list[Rule]:
    """Vertical rules that cross the body (most of its height)."""
    span = bottom - top
    return [r for r in rules if not r.horizontal and r.bottom - r.top >= settings.min_rule
            and min(r.bottom, bottom) - max(r.top, top) >= settings.columns.rule_cover * span]


def split_clusters(clusters: Sequence[tuple[float, float]], values: Sequence[Phrase],
                   cuts: Sequence[float], settings: LayoutSettings = DEFAULT
                   ) -> list[tuple[float, float]]:
    """Clusters cut at the given x positions; each part's extent is that of the values
    wholly inside it (a number run across the cut still counts for neither)."""
    inset = settings.columns.empty_part_inset
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
                out.append((a + inset, b - inset) if b - a > 2 * inset else (a, b))
    return out


def one_grouped_number(phrase: Phrase) -> bool:
    """Digits in thousands groups: "2 342 611", not "561 204 1 478"."""
    texts = [w.text for w in phrase.words]
    return (len(texts) > 1 and all(t.isdigit() for t in texts) and 1 <= len(texts[0]) <= 3
            and all(len(t) == 3 for t in texts[1:]))


def gaps_within(clusters: Sequence[tuple[float, float]], lines: Sequence[Sequence[Phrase]]
                ) -> list[tuple[float, float, tuple[float, float]]]:
    """Where a cluster holds two cells of one line: the gaps between them (start, end, the
    cluster), from the line that shows most of them in that cluster."""
    gaps: list[tuple[float, float, tuple[float, float]]] = []
    for x0, x1 in clusters:
        best: list[tuple[float, float, tuple[float, float]]] = []
        for phrases in lines:
            inside = sorted((p for p in phrases if overlap(p.x0, p.x1, x0, x1) > 0),
                            key=lambda p: p.x0)
            found = [(a.x1, b.x0, (x0, x1)) for a, b in itertools.pairwise(inside)]
            if len(found) > len(best):
                best = found
        gaps += best
    return gaps


def cuts_within(clusters: Sequence[tuple[float, float]],
                lines: Sequence[Sequence[Phrase]]) -> list[float]:
    """Where a cluster holds two cells of one line: the middles of the gaps between them,
    from the line that shows most of them in that cluster."""
    return [(start + end) / 2 for start, end, _ in gaps_within(clusters, lines)]


def find_columns(body: Sequence[list[Phrase]], crossing: Sequence[Rule],
                 wrapped: Sequence[Phrase] = (), settings: LayoutSettings = DEFAULT
                 ) -> list[tuple[float, float]]:
    """x-extents of the columns, the label column first.

    The value phrases of the body lines are clustered where they overlap (right-, left-
    or centre-aligned numbers of one column always overlap; two columns never do), and
    cut where a vertical rule runs between them or where one line has two cells in
    one cluster. Rules alone do not make columns: a grid may miss one, or frame the
    table only. The label column reaches from the
    leftmost label to as far right as any label does, `wrapped` lines of label alone too.
    """
    labels = [p for p in (*(label_and_values(line)[0] for line in body), *wrapped)
              if p is not None]
    values = [p for line in body for p in label_and_values(line)[1]]
    if not values:
        return []
    clusters = cluster_extents([(p.x0, p.x1) for p in values])
    # A vertical rule through a cluster, or a line with two cells in it, cuts it: values
    # either side are two columns though their extents overlap (a tight table, or a
    # number run across a narrow column gap in another row).
    cuts = [r.x0 for r in crossing] + cuts_within(
        clusters, [label_and_values(line)[1] for line in body])
    clusters = split_clusters(clusters, values, cuts, settings)
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
