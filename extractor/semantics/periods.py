"""Years and quarters in a table's header, as the columns they stand for.

A header read as one printed text (a table read by its lines):

    period_keys       "2016 1.kv 2017" → ["2016", "2017-Q1"], in printed order
    periods_complete  whether every quarter printed was read

A header read cell by cell (a table read by its cells):

    cell_period       one grid column's year or quarter: "2016", "2017-Q1"
    infer_periods     the periods OCR misread or lost, filled in from their neighbours

and for both:

    periods_in_order  whether the periods run forward in time

The two readings see different text (a whole line, or one cell, where OCR may glue a year
to its quarter: "1.kv.2017"), so each has its own year and quarter pattern.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..lexicon import words

# --- a header as one printed text ---------------------------------------------------------



def period_keys(header_text: str) -> list[str]:
    """Years and quarters in printed order: "2016 1.kv 2017" → ["2016", "2017-Q1"].

    A quarter whose number did not survive OCR ("f.kv 2017") takes the number
    its neighbours imply: quarters are printed in order.
    """
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    quarters = [(m.start(), m[1], int(m[2]))
                for m in words.quarter_in_header().finditer(header_text)]
    for index, (start, number, year) in enumerate(quarters):
        quarter = int(number) if number in "1234" else _implied_quarter(quarters, index)
        if quarter is None:
            continue
        found.append((start, f"{year}-Q{quarter}"))
        end = header_text.index(str(year), start) + 4
        taken.append(range(start, end))
    for match in words.year_in_header().finditer(header_text):
        if not any(match.start() in span for span in taken):
            found.append((match.start(), match[1]))
    return [key for _, key in sorted(found)]


def periods_complete(header_text: str, keys: Sequence[str]) -> bool:
    """True when every quarter the header prints ("1.kv") is among the keys read from it."""
    return len(words.quarter_mark().findall(header_text)) <= sum("-Q" in key for key in keys)


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


# --- a header read cell by cell -------------------------------------------------------------

# A header cell's year may be glued to its quarter by OCR ("1.kv.2017"); its quarter's
# number may be read as a letter or among specks ("d3.kv", "2kv", "IL.kv"): the last digit
# before the quarter word is the quarter; none at all, and the neighbours tell (see
# infer_periods). The patterns are the lexicon's (words.year_in_cell, words.quarter_in_cell).


def cell_period(own: str, group: str) -> str | None:
    """The year or quarter a column stands for, from its own header text and its group's:
    "2016", "2017-Q1"; None when not one."""
    quarter = None
    for text in (own, group):
        found = words.quarter_in_cell().search(text)
        if found:
            digits = [ch for ch in (found[1] or found[2] or "") if ch.isdigit()]
            quarter = int(digits[-1]) if digits and digits[-1] in "1234" else 0  # 0: misread
            break
    years = words.year_in_cell().findall(own) or words.year_in_cell().findall(group)
    if len(set(years)) != 1:
        return None
    if quarter is None:
        return years[0]
    return f"{years[0]}-Q{quarter}"


def _step(period: str | None) -> tuple[str, int] | None:
    """A period as a kind and a count: ("Q", quarters since year 0), ("Y", year), or
    ("Q?", year) for a quarter whose number OCR lost ("2018-Q0"); None when unread."""
    if period is None:
        return None
    if period.endswith("-Q0"):
        return "Q?", int(period[:4])
    if "-Q" in period:
        return "Q", int(period[:4]) * 4 + int(period[-1]) - 1
    return "Y", int(period)


def _is_year(step: tuple[str, int] | None) -> bool:
    return step is not None and step[0] == "Y"


def _label(kind: str, count: int) -> str:
    return f"{count // 4}-Q{count % 4 + 1}" if kind == "Q" else str(count)


def _fit(steps: Sequence[tuple[str, int] | None], kind: str) -> list[int | None] | None:
    """The run of consecutive periods (forward or backward) the readable ones agree with
    most. A whole reading counts 1; in a run of quarters, a year read without its quarter
    counts half. Accepted with at least one whole reading and two in all agreeing, and
    at least half of what was read. One column whose header reads as nothing may stand
    outside the run (None), a piece of a header cut off as a column of its own, when the
    run agrees with more readings so."""
    whole = [(i, s[1]) for i, s in enumerate(steps) if s is not None and s[0] == kind]
    partial = [(i, s[1]) for i, s in enumerate(steps)
               if kind == "Q" and s is not None and s[0] != "Q"]
    total = len(whole) + 0.5 * len(partial)
    best: tuple[float, list[int | None]] | None = None
    for gap in [None, *(k for k, step in enumerate(steps) if step is None)]:
        places = [j for j in range(len(steps)) if j != gap]  # the run's columns, in order
        for i, count in whole:
            for direction in (1, -1):
                run: list[int | None] = [None] * len(steps)
                for n, j in enumerate(places):
                    run[j] = count + direction * (n - places.index(i))
                score = sum(run[j] == c for j, c in whole)
                score += 0.5 * sum(run[j] is not None and run[j] // 4 == year
                                   for j, year in partial)
                if best is None or score > best[0]:
                    best = (score, run)
    if best is None or best[0] < 2 or 2 * best[0] < total:
        return None
    return best[1]


def infer_periods(periods: Sequence[str | None]) -> tuple[list[str | None], set[int]]:
    """The periods of a header as printed, with those OCR misread or lost filled in from
    the run the others agree on: years one after another, or quarters after (or before,
    printed newest first) one whole-year column. Returns them and the positions filled in.
    """
    steps = [_step(p) for p in periods]
    filled = list(periods)
    quarters = [i for i, s in enumerate(steps) if s and s[0] in ("Q", "Q?")]
    kind = "Q" if len(quarters) >= 2 and any(s and s[0] == "Q" for s in steps) else "Y"
    start, end = 0, len(steps)
    if kind == "Q":  # whole-year columns: before the first quarter, after the last, or both
        if quarters[0] > 0:
            start = 1
        if quarters[-1] < len(steps) - 1 and (start == 0 or _is_year(steps[-1])):
            # A year printed after the quarters is read as printed: "2016 | 1.kv 2017 ...
            # 4.kv 2018 | 2019" once became 2019-Q1, a key that looks right downstream.
            end = len(steps) - 1
    run = _fit(steps[start:end], kind)
    if run is None:
        return filled, set()
    for offset, count in enumerate(run):
        if count is not None:
            filled[start + offset] = _label(kind, count)
    counts = [count for count in run if count is not None]
    if kind == "Q" and start == 1 and counts[0] % 4 == 0:  # "2016 | 1.kv 2017 ...": up to 2016
        filled[0] = str(counts[0] // 4 - 1)
    if kind == "Q" and end < len(steps) and counts[-1] % 4 == 0:  # newest first
        filled[-1] = str(counts[-1] // 4 - 1)
    changed = {i for i, (a, b) in enumerate(zip(periods, filled, strict=True)) if a != b}
    return filled, changed
