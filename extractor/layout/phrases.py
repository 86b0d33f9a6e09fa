"""A line's words → phrases: the text of one cell each.

    word_space      the width of a space between two words of text on these lines
    split_phrases   a line's words → phrases: words closer than a column gap, never across a
                    vertical rule; a run of numbers is cut where a gap is wider than its
                    thousands spaces ("27 | 734 000")
    label_and_values  a body line's label (its text up to the first value) and its values
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..lexicon import words
from ..lexicon.numbers import is_numeric_token
from ..model import PlacedLine, Word
from ..model.grid import Rule
from .geometry import rule_between
from .settings import DEFAULT, LayoutSettings, PhraseSettings

# Words that belong to a value beside them ("ca. 200", "1,2 mill.", "10 mrd. kr"): the
# lexicon's, and a share's brackets printed apart ("( 14 % )").
VALUE_WORDS = words.value_words() | {"(", ")"}


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


def _number_cuts(words: Sequence[Word], settings: PhraseSettings) -> list[int]:
    """Where a run of numeric words holds two cells: indexes that start a new one.

    Within a cell the gaps are spaces, all alike ("2 284 127", "16 (14%)"); a column
    gap is wider. "27 734 000" printed with a column gap after "27" is two cells; with
    equal gaps it stays one (the semantic stage and the checks decide then)."""
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
    if len(gaps) < 2:
        return []
    narrowest = min(gaps)
    return [index for index, gap in enumerate(gaps, start=1)
            if gap > max(settings.number_gap_ratio * narrowest,
                         narrowest + settings.number_gap_margin)]


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


def word_space(lines: Sequence[PlacedLine], height: float,
               settings: LayoutSettings = DEFAULT) -> float:
    """The width of a space: the lower quartile of the gaps between two words of text
    (letters both). Spaces are the narrowest gaps; a tight table's column gaps are not
    much wider, and a header has many of them, so the median would be too wide."""
    gaps = sorted(b.x0 - a.x1 for line in lines for a, b in itertools.pairwise(line.words)
                  if 0 < b.x0 - a.x1 <= settings.phrases.phrase_gap * height
                  and any(ch.isalpha() for ch in a.text) and any(ch.isalpha() for ch in b.text))
    return gaps[len(gaps) // 4] if gaps else settings.phrases.space_fallback * height


def _label_meets_value(left: Word, right: Word, space: float, settings: PhraseSettings) -> bool:
    """A label word, then a number further than a space from it: a column gap, however
    narrow ("montører  14"); a number a space after a word belongs to the label
    ("Næring > 100 000 kWh")."""
    return (right.x0 - left.x1 > settings.label_value_gap * space and is_numeric_token(right.text)
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
                  space: float | None = None, settings: LayoutSettings = DEFAULT
                  ) -> list[Phrase]:
    """A line's words as phrases: cut at gaps wider than a column gap, at vertical rules,
    and between a label and a number a little further than a space from it (unless text
    follows the number closely: "Næring > 100 000 kWh" is one label). The thousands
    groups of a number, and a count and its bracketed share, are joined even when printed
    with wide spaces (a fixed-pitch font's space, or OCR's boxes tight around the ink);
    and a run of numbers is cut where they cannot be one number (see `_number_cuts`)."""
    words, tolerances = line.words, settings.phrases
    close = tolerances.phrase_gap * height
    cuts = {i for i, (a, b) in enumerate(itertools.pairwise(words), start=1)
            if b.x0 - a.x1 > close or rule_between(a, b, vertical, settings)}
    if space:
        for i, (a, b) in enumerate(itertools.pairwise(words), start=1):
            if i not in cuts and _label_meets_value(a, b, space, tolerances) \
                    and not _label_continues(words, i, close):
                cuts.add(i)
    bounds = [0, *sorted(cuts), len(words)]
    groups = [list(words[a:b]) for a, b in itertools.pairwise(bounds)]
    joined: list[list[Word]] = []
    for group in groups:
        if joined:
            previous = joined[-1]
            gap = group[0].x0 - previous[-1].x1
            beside = gap <= tolerances.value_word_join * height
            joins = ((gap <= tolerances.number_join * height and _grouped(previous, group))
                     or (beside and _share_after_count(previous, group))
                     or (beside and _unit_after_number(previous, group)))
            if joins and not rule_between(previous[-1], group[0], vertical, settings):
                previous.extend(group)
                continue
        joined.append(group)
    phrases = []
    for group in joined:
        start = 0
        # Only a run made of numbers alone is cut: a label such as "Næring > 100 000 kWh"
        # holds numbers that belong together with its words.
        if len(group) > 1 and all(is_numeric_token(w.text) for w in group):
            for cut in _number_cuts(group, tolerances):
                phrases.append(Phrase(tuple(group[start:cut])))
                start = cut
        phrases.append(Phrase(tuple(group[start:])))
    return phrases


def label_and_values(phrases: Sequence[Phrase]) -> tuple[Phrase | None, list[Phrase]]:
    """A body line's label (its text up to the first value, however it was cut: "Antall
    målere" "(x" "1000) installert") and its value phrases."""
    lead = list(itertools.takewhile(lambda p: not p.value_like, phrases))
    label = Phrase(tuple(w for p in lead for w in p.words)) if lead else None
    return label, [p for p in phrases[len(lead):] if p.value_like]
