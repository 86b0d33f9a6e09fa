"""Printed values: which words read as one number in a column, and every way the value
words at a line's end can fill the columns.

    value_splits      every way the numbers at a line's end fill the columns, bounded; each
                      span of words is parsed once, and its number goes on with its words
                      as a PrintedValue
    plausible_shares  shares of a whole lie in 0–100
    scaled            a number times its header's or row label's multiplier

A row whose numbers can be split into the columns more than one way
(`Valider AS 27 734 000`: 27 | 734 000 or 27 734 | 000) keeps every split as an
alternative; the checks choose later (splits.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, localcontext

from ..lexicon import words
from ..lexicon.numbers import NumberError, ParsedNumber, is_numeric_token, parse_number
from ..model import Word
from ..model.units import is_share
from .table_parse import Column, PrintedValue

_MAX_ALTERNATIVES = 64
# A printed number is at most this many words: "ca. 1 234 567 890 kr" is six.
MAX_NUMBER_WORDS = 6
# Groups tried for one line at most: past this, a line of hundreds of numbers stops the
# search, and its row is flagged ambiguous_split rather than taking hours.
MAX_SPLIT_STEPS = 20_000


def _unbracketed(text: str) -> str:
    """A word without the brackets of a share: "(14" and "%)" of "16 (14 %)", as a space
    before the percent sign prints it."""
    return text.lstrip("(").rstrip(")") or text


def is_value_word(text: str) -> bool:
    lower = text.lower()
    return (is_numeric_token(text) or lower in words.value_words()
            or is_numeric_token(_unbracketed(text))
            or _unbracketed(lower) in words.value_words())


class _Reader:
    """Reads spans of one line's words as numbers: each span is parsed once, whichever
    split or column tries it ("Ca." in a header makes its column's numbers approximate)."""

    def __init__(self, words: Sequence[Word]):
        self.words = words
        self.numbers: dict[tuple[int, int, bool], ParsedNumber | None] = {}

    def value(self, start: int, end: int, column: Column) -> PrintedValue | None:
        """words[start:end] as one number that may stand in the column; None when not."""
        first = self.words[start].text
        if _unbracketed(first.lower()) in words.value_suffixes():
            return None
        if not (is_numeric_token(first) or is_numeric_token(_unbracketed(first))
                or first.lower() in words.value_prefixes()):
            return None
        span = (start, end, column.approximate)
        if span not in self.numbers:
            text = " ".join(w.text for w in self.words[start:end])
            try:
                self.numbers[span] = parse_number(text, approximate=column.approximate)
            except NumberError:
                self.numbers[span] = None
        number = self.numbers[span]
        if number is None or (number.percent and not is_share(column.unit)):
            return None
        return PrintedValue(tuple(self.words[start:end]), number)


class Splits(dict):
    """{k: splits} from `value_splits`; `complete` is False when the search was cut short."""

    complete: bool = True


def value_splits(words: Sequence[Word], columns: Sequence[Column]) -> Splits:
    """{k: splits}: the last k words read as one number per column, each split a list of
    printed values, preferred (shortest first value) first.

    Bounded on any line: a number is at most MAX_NUMBER_WORDS words, so only that many
    words per column are tried; values are read as they are formed (words that are no
    number end their branch); and after MAX_SPLIT_STEPS tries the search stops, with
    `complete` False (the rows it gives are flagged ambiguous_split)."""
    tail = 0
    while tail < len(words) and is_value_word(words[len(words) - 1 - tail].text):
        tail += 1
    tail = min(tail, len(columns) * MAX_NUMBER_WORDS)
    splits = Splits()
    steps = [0]
    reader = _Reader(words)
    for k in range(len(columns), tail + 1):
        fitting = _fitting_splits(reader, len(words) - k, columns, steps)
        if fitting:
            splits[k] = fitting
        if steps[0] >= MAX_SPLIT_STEPS:
            splits.complete = False
            break
    return splits


def _fitting_splits(reader: _Reader, offset: int, columns: Sequence[Column], steps: list[int]
                    ) -> list[list[PrintedValue]]:
    """Every way (up to _MAX_ALTERNATIVES) to cut the line's words from `offset` on into
    one number per column, in order, depth first; `steps` counts the tries (a span in a
    column), across calls."""
    found: list[list[PrintedValue]] = []
    fits: dict[tuple[int, int, int], PrintedValue | None] = {}
    end_of_line = len(reader.words)

    def fits_at(start: int, end: int, col: int) -> PrintedValue | None:
        if (start, end, col) not in fits:
            steps[0] += 1
            fits[(start, end, col)] = reader.value(offset + start, offset + end, columns[col])
        return fits[(start, end, col)]

    def walk(start: int, col: int, values: list[PrintedValue]) -> None:
        if len(found) >= _MAX_ALTERNATIVES or steps[0] >= MAX_SPLIT_STEPS:
            return
        n_words = end_of_line - offset
        left = len(columns) - col - 1  # columns after this one
        if left == 0:
            if n_words - start <= MAX_NUMBER_WORDS:
                value = fits_at(start, n_words, col)
                if value is not None:
                    found.append([*values, value])
            return
        first = max(start + 1, n_words - left * MAX_NUMBER_WORDS)
        for end in range(first, min(start + MAX_NUMBER_WORDS, n_words - left) + 1):
            value = fits_at(start, end, col)
            if value is not None:
                walk(end, col + 1, [*values, value])

    walk(0, 0, [])
    return found


def plausible_shares(values: Sequence[PrintedValue]) -> bool:
    """Shares of a whole lie in 0–100: "99 100" is two shares, never 99 100 %."""
    return all(0 <= value.number.value <= 100 for value in values)


# As lexicon/numbers.py computes: exact for every digit a printed number may have.
_PRECISION = 1000


def scaled(number: ParsedNumber, multiplier: Decimal) -> ParsedNumber:
    """The number times a multiplier of its header or row label ("(x 1000)", "i tusen"):
    value and rounding unit as `parse_number` gives them with that multiplier (exact
    products of a power of ten, integral values with exponent 0, others normalised)."""
    if multiplier == 1:
        return number
    with localcontext(prec=_PRECISION):
        return replace(number, value=_tidy(number.value * multiplier),
                       rounding_unit=_tidy(number.rounding_unit * multiplier))


def _tidy(d: Decimal) -> Decimal:
    if d == 0:
        return Decimal(0)
    with localcontext(prec=_PRECISION):
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d.normalize()
