"""Grid tables: a section's lines → header → columns → printed rows → value splits.

Each step is a small function over plain data:

    table_body     lines up to the comment ("Kommentar:")
    split_header   leading lines made only of header words (or years/quarters)
    read_columns   column keys, units, multipliers from the header text
    printed_rows   labels (wrapped over lines or not) joined with their values
    value_splits   every way the numbers at a line's end can fill the columns

A row whose numbers can be split into the columns more than one way
(`Valider AS 27 734 000`: 27 | 734 000 or 27 734 | 000) keeps every split as
an alternative; the pipeline lets the checks choose.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..lexicon.numbers import NumberError, find_multiplier, is_numeric_token, parse_number
from ..model import Line, ReportWarning, Word
from ..model.spec import TableSpec
from .labels import LabelMatch, comparison_key, match_label, plain_key

_COMMENT = re.compile(r"^\s*(kommentar|merknad|merknader|kommentarar)\s*:?\s*$", re.I)
_YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d-?$")
# A quarter's number may be an OCR slip ("f.kv" for "1.kv"): any one character stands.
_QUARTER_TOKEN = re.compile(r"^(?:\S\.?)?kv(?:artal)?\.?$|^\d\.$", re.I)
_QUARTER = re.compile(r"(?<!\S)(\S)\s*\.\s*kv(?:artal)?\.?\s*((?:19|20)\d\d)(?!\d)", re.I)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?!\d)")
_QUARTER_MARK = re.compile(r"(?<!\S)\S\s*\.\s*kv", re.I)
_REPORTING_YEAR = re.compile(r"((?:19|20)\d\d)\s*-\s*rapportering", re.I)
# Words that may stand in any header: multipliers such as "(x 1000)" or "i hele tusen".
_GENERIC_HEADER_WORDS = ("x", "1000", "1 000", "i", "hele", "tusen", "mill", "kr")
# Words that belong to a number beside them: "1,2 mill.", "ca. 200".
_VALUE_SUFFIXES = {"mill", "mill.", "millioner", "mrd", "mrd.", "milliarder", "kr", "kr.", "%"}
_VALUE_PREFIXES = {"ca", "ca.", "cirka", "vel", "omtrent", "~"}
_MAX_ALTERNATIVES = 64
# A printed number is at most this many words: "ca. 1 234 567 890 kr" is six.
MAX_NUMBER_WORDS = 6
# Groups tried for one line at most: past this, a line of hundreds of numbers stops the
# search, and its row is flagged ambiguous_split rather than taking hours.
MAX_SPLIT_STEPS = 20_000
# A header starting with one of these marks its column approximate (as comparison keys).
_APPROXIMATE_WORDS = {comparison_key(word) for word in ("ca", "cirka", "omtrent")}


@dataclass(frozen=True)
class Column:
    key: str
    unit: str | None
    approximate: bool = False  # the header says "Ca."
    multiplier: Decimal = Decimal(1)  # the header says "(x 1000)"
    assumed: bool = False  # the header did not name it: placed by the spec's order


@dataclass
class PrintedRow:
    """One row as printed: its label (maybe wrapped) and the value splits it allows."""

    label: str
    match: LabelMatch
    value_line: Line
    label_lines: list[Line]
    alternatives: list[list[list[Word]]]  # each: one word group per column, preferred first
    complete: bool = True  # False: the split search was cut short; the row is ambiguous


@dataclass
class GridParse:
    columns: list[Column]
    rows: list[PrintedRow]
    header_text: str
    warnings: list[ReportWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def table_body(lines: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """Split a section into the table and its comment."""
    for index, line in enumerate(lines):
        if _COMMENT.match(line.text):
            return list(lines[:index]), list(lines[index + 1 :])
    return list(lines), []


def header_vocabulary(table: TableSpec) -> set[str]:
    """Comparison keys of every word the table's header may print."""
    phrases = [*table.stub_headers, *table.header_words, *_GENERIC_HEADER_WORDS]
    phrases += [header for column in table.columns for header in column.headers]
    return {word for phrase in phrases for word in comparison_key(phrase).split()}


def is_header_line(line: Line, vocabulary: set[str], periods: bool) -> bool:
    """True when every word of the line is a header word (or a year or quarter)."""
    for word in line.text.split():
        if periods and (_YEAR_TOKEN.match(word) or _QUARTER_TOKEN.match(word)):
            continue
        if any(part not in vocabulary for part in comparison_key(word).split()):
            return False
    return True


def split_header(lines: Sequence[Line], table: TableSpec) -> tuple[list[Line], list[Line]]:
    """Leading header lines, then the rest."""
    vocabulary = header_vocabulary(table)
    periods = table.header_columns is not None
    for index, line in enumerate(lines):
        if not line.is_blank and not is_header_line(line, vocabulary, periods):
            return [x for x in lines[:index] if not x.is_blank], list(lines[index:])
    return [x for x in lines if not x.is_blank], []


def period_keys(header_text: str) -> list[str]:
    """Years and quarters in printed order: "2016 1.kv 2017" → ["2016", "2017-Q1"].

    A quarter whose number did not survive OCR ("f.kv 2017") takes the number
    its neighbours imply: quarters are printed in order.
    """
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    quarters = [(m.start(), m[1], int(m[2])) for m in _QUARTER.finditer(header_text)]
    for index, (start, number, year) in enumerate(quarters):
        quarter = int(number) if number in "1234" else _implied_quarter(quarters, index)
        if quarter is None:
            continue
        found.append((start, f"{year}-Q{quarter}"))
        end = header_text.index(str(year), start) + 4
        taken.append(range(start, end))
    for match in _YEAR.finditer(header_text):
        if not any(match.start() in span for span in taken):
            found.append((match.start(), match[1]))
    return [key for _, key in sorted(found)]


def periods_in_order(keys: Sequence[str]) -> bool:
    """True when the periods run forward in time; a whole year counts as its end."""
    order = [(int(key[:4]), int(key[-1]) if "-Q" in key else 5) for key in keys]
    return all(a < b for a, b in itertools.pairwise(order))


def _implied_quarter(quarters: Sequence[tuple[int, str, int]], index: int) -> int | None:
    """The quarter between its printed neighbours, when their numbers are readable."""
    _, _, year = quarters[index]
    if index + 1 < len(quarters) and quarters[index + 1][1] in "234":
        next_number, next_year = int(quarters[index + 1][1]), quarters[index + 1][2]
        if next_year == year:
            return next_number - 1
    if index > 0 and quarters[index - 1][1] in "123":
        previous_number, previous_year = int(quarters[index - 1][1]), quarters[index - 1][2]
        if previous_year == year:
            return previous_number + 1
    return None


def read_columns(table: TableSpec, header_text: str) -> tuple[list[Column], list[str]]:
    """Columns in printed order, with notes on anything assumed."""
    multiplier = find_multiplier(header_text)
    if table.header_columns is not None:
        source = table.header_columns
        notes = []
        if source.source == "periods":
            values = period_keys(header_text)
            if not periods_in_order(values) or (len(_QUARTER_MARK.findall(header_text))
                                                > sum("-Q" in v for v in values)):
                notes.append(f"header periods {values} are out of order or incomplete; their "
                             "values are flagged assumed_column")
        else:
            values = [m[1] for m in _REPORTING_YEAR.finditer(header_text)]
        columns = []
        for value in values:
            for template, unit in zip(source.keys, source.units, strict=True):
                key = template.format(period=value, year=value)
                columns.append(Column(key, unit, multiplier=_column_multiplier(unit, multiplier),
                                      assumed=bool(notes)))
        return columns, notes
    return _fixed_columns(table, header_text, multiplier)


def _column_multiplier(unit: str | None, multiplier: Decimal) -> Decimal:
    # A "(x 1000)" in a header scales counts, never percentages beside them.
    return Decimal(1) if unit == "percent" else multiplier


def _fixed_columns(
    table: TableSpec, header_text: str, multiplier: Decimal
) -> tuple[list[Column], list[str]]:
    """Place each spec column where one of its header aliases is printed."""
    folded = comparison_key(header_text)
    aliases = sorted(
        ((comparison_key(alias), column) for column in table.columns for alias in column.headers),
        key=lambda item: -len(item[0]),
    )
    claimed: dict[str, tuple[int, str]] = {}
    spans: list[range] = []
    for alias, column in aliases:
        if column.key in claimed or not alias:
            continue
        start = folded.find(alias)
        while start >= 0:
            span = range(start, start + len(alias))
            if not any(start in s or (span.stop - 1) in s for s in spans):
                claimed[column.key] = (start, alias)
                spans.append(span)
                break
            start = folded.find(alias, start + 1)
    notes = []
    assumed = len(claimed) < len(table.columns) and len(table.columns) > 1
    if not assumed:
        ordered = sorted(table.columns, key=lambda c: claimed.get(c.key, (0, ""))[0])
    else:
        ordered = list(table.columns)
        missing = [c.key for c in table.columns if c.key not in claimed]
        notes.append(f"header names no column for {', '.join(missing)}; "
                     "columns taken in the spec's order and their values flagged assumed_column")
    columns = [
        Column(
            key=c.key,
            unit=c.unit,
            approximate=c.key in claimed and claimed[c.key][1].split()[0] in _APPROXIMATE_WORDS,
            multiplier=_column_multiplier(c.unit, multiplier),
            assumed=assumed,
        )
        for c in ordered
    ]
    return columns, notes


def _is_value_word(text: str) -> bool:
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
    while tail < len(words) and _is_value_word(words[len(words) - 1 - tail].text):
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


def _plausible_shares(groups: Sequence[Sequence[Word]]) -> bool:
    """Shares of a whole lie in 0–100: "99 100" is two shares, never 99 100 %."""
    return all(0 <= parse_number(" ".join(w.text for w in g)).value <= 100 for g in groups)


def _rank(match: LabelMatch) -> tuple[bool, float]:
    return (match.key is not None, match.score)


def printed_rows(
    lines: Sequence[Line], columns: Sequence[Column], table: TableSpec
) -> tuple[list[PrintedRow], list[ReportWarning]]:
    """Join wrapped labels with the line that carries their values."""
    aliases = table.row_aliases()
    rows: list[PrintedRow] = []
    warnings: list[ReportWarning] = []
    pending: list[Line] = []
    for line in lines:
        if line.is_blank:
            continue
        splits = value_splits(line.words, columns) if columns else {}
        if not splits:
            if line.words and _is_value_word(line.words[-1].text) and not pending:
                warnings.append(ReportWarning("stray_numbers",
                                              f"{table.id}: numbers that fit no row "
                                              f"were left out: {line.text.strip()!r}", line.number,
                                              line.page))
                continue
            pending.append(line)
            continue
        candidates = []
        for k, alternatives in splits.items():
            label_words = [w.text for w in line.words[: len(line.words) - k]]
            label = " ".join([*(p.text.strip() for p in pending), *label_words]).strip()
            if not plain_key(label):
                continue
            match = match_label(label, aliases)
            candidates.append(((*_rank(match), k), label, match, alternatives))
        if not candidates:
            warnings.append(ReportWarning("stray_numbers",
                                          f"{table.id}: numbers without a label were "
                                          f"left out: {line.text.strip()!r}", line.number,
                                          line.page))
            continue
        _, label, match, alternatives = max(candidates, key=lambda c: c[0])
        row_spec = table.row(match.key) if match.key else None
        if row_spec is not None and row_spec.unit == "percent":
            alternatives = [groups for groups in alternatives if _plausible_shares(groups)]
            if not alternatives:
                warnings.append(ReportWarning("implausible_values", f"{table.id}: {label!r} would "
                                        "have shares over 100 %; its values were left out",
                                        line.number, line.page))
                pending = []
                continue
        rows.append(PrintedRow(label, match, line, list(pending), alternatives,
                               complete=splits.complete))
        pending = []
    if pending:
        text = " ".join(p.text.strip() for p in pending)
        warnings.append(ReportWarning("label_without_values",
                                      f"{table.id}: a label with no values: "
                                      f"{text!r}", pending[0].number, pending[0].page))
    return rows, warnings


def parse_grid(lines: Sequence[Line], table: TableSpec) -> GridParse:
    """The whole chain for one section."""
    body, _comment = table_body(lines)
    header, rest = split_header(body, table)
    header_text = " ".join(line.text.strip() for line in header)
    columns, notes = read_columns(table, header_text)
    warnings = []
    if not columns:
        warnings.append(ReportWarning("no_columns", f"{table.id}: no column headers found",
                                header[0].number if header else None))
        return GridParse([], [], header_text, warnings, notes)
    rows, row_warnings = printed_rows(rest, columns, table)
    return GridParse(columns, rows, header_text, warnings + row_warnings, notes)
