"""Printed values: which words read as one number in a column, and every way the value
words at a line's end can fill the columns.

    group_fits        words → whether they read as one number the column may hold
    value_splits      every way the numbers at a line's end fill the columns, bounded
    plausible_shares  shares of a whole lie in 0–100

A row whose numbers can be split into the columns more than one way
(`Valider AS 27 734 000`: 27 | 734 000 or 27 734 | 000) keeps every split as an
alternative; the checks choose later (splits.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..lexicon.numbers import NumberError, is_numeric_token, parse_number
from ..model import Word
from .table_parse import Column

# Words that belong to a number beside them: "1,2 mill.", "ca. 200".
_VALUE_SUFFIXES = {"mill", "mill.", "millioner", "mrd", "mrd.", "milliarder", "kr", "kr.", "%"}
_VALUE_PREFIXES = {"ca", "ca.", "cirka", "vel", "omtrent", "~"}
_MAX_ALTERNATIVES = 64
# A printed number is at most this many words: "ca. 1 234 567 890 kr" is six.
MAX_NUMBER_WORDS = 6
# Groups tried for one line at most: past this, a line of hundreds of numbers stops the
# search, and its row is flagged ambiguous_split rather than taking hours.
MAX_SPLIT_STEPS = 20_000


def is_value_word(text: str) -> bool:
    lower = text.lower()
    return is_numeric_token(text) or lower in _VALUE_SUFFIXES or lower in _VALUE_PREFIXES


def group_fits(words: Sequence[Word], column: Column) -> bool:
    """True when the words read as one number that may stand in the column."""
    first = words[0].text
    if first.lower() in _VALUE_SUFFIXES:
        return False
    if not (is_numeric_token(first) or first.lower() in _VALUE_PREFIXES):
        return False
    try:
        parsed = parse_number(" ".join(w.text for w in words))
    except NumberError:
        return False
    return not (parsed.percent and column.unit != "percent")


class Splits(dict):
    """{k: splits} from `value_splits`; `complete` is False when the search was cut short."""

    complete: bool = True


def value_splits(words: Sequence[Word], columns: Sequence[Column]) -> Splits:
    """{k: splits}: the last k words read as one number per column, each split a list of
    groups, preferred (shortest first group) first.

    Bounded on any line: a number is at most MAX_NUMBER_WORDS words, so only that many
    words per column are tried; groups are checked as they are formed (a group that is no
    number ends its branch); and after MAX_SPLIT_STEPS groups the search stops, with
    `complete` False (the rows it gives are flagged ambiguous_split)."""
    tail = 0
    while tail < len(words) and is_value_word(words[len(words) - 1 - tail].text):
        tail += 1
    tail = min(tail, len(columns) * MAX_NUMBER_WORDS)
    splits = Splits()
    steps = [0]
    for k in range(len(columns), tail + 1):
        fitting = _fitting_splits(list(words[len(words) - k:]), columns, steps)
        if fitting:
            splits[k] = fitting
        if steps[0] >= MAX_SPLIT_STEPS:
            splits.complete = False
            break
    return splits


def _fitting_splits(words: Sequence[Word], columns: Sequence[Column], steps: list[int]
                    ) -> list[list[list[Word]]]:
    """Every way (up to _MAX_ALTERNATIVES) to cut `words` into one number per column, in
    order, depth first; `steps` counts the groups tried, across calls."""
    found: list[list[list[Word]]] = []
    fits: dict[tuple[int, int, int], bool] = {}

    def fits_at(start: int, end: int, col: int) -> bool:
        if (start, end, col) not in fits:
            steps[0] += 1
            fits[(start, end, col)] = group_fits(words[start:end], columns[col])
        return fits[(start, end, col)]

    def walk(start: int, col: int, groups: list[list[Word]]) -> None:
        if len(found) >= _MAX_ALTERNATIVES or steps[0] >= MAX_SPLIT_STEPS:
            return
        left = len(columns) - col - 1  # columns after this one
        if left == 0:
            if len(words) - start <= MAX_NUMBER_WORDS and fits_at(start, len(words), col):
                found.append([*groups, list(words[start:])])
            return
        first = max(start + 1, len(words) - left * MAX_NUMBER_WORDS)
        for end in range(first, min(start + MAX_NUMBER_WORDS, len(words) - left) + 1):
            if fits_at(start, end, col):
                walk(end, col + 1, [*groups, list(words[start:end])])

    walk(0, 0, [])
    return found


def plausible_shares(groups: Sequence[Sequence[Word]]) -> bool:
    """Shares of a whole lie in 0–100: "99 100" is two shares, never 99 100 %."""
    return all(0 <= parse_number(" ".join(w.text for w in g)).value <= 100 for g in groups)
