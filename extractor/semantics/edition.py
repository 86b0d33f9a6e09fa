"""The edition: which status date a report describes, and how sure we are of it.

A status report describes the rollout *as of* the end of a period: "per 1.
halvår 2016", "pr. juni 2017", "per utgangen av juni 2017", "per andre
kvartal 2017" and "per 30.06.2017" all mean the state at the end of June. The
edition id is that month, `YYYY-MM`, so one status date has one id however it
is worded, and ids sort in time as plain strings. The period as printed and
its first and last day are kept beside the id.

The period is read only from the report's own statement of it: the lines
before the first section (title, cover) and the first paragraph of the
sections the spec names (the summary's "Denne rapporten viser status ... per
..."). Anything weaker (the file name, a date anywhere in the text) still
gives an id, but the edition is marked guessed and a warning says where the
id came from.

The words of a statement (month names, ordinals, "per", "utgangen") are the spec's
`[locale]`, as patterns from lexicon/periods.py; edition ids and file names are the
tool's own syntax (`YYYY-MM`, `2016h1`), the same in every language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from ..lexicon.periods import PeriodPatterns, period_patterns
from ..lexicon.words import title as title_pattern
from ..model import Edition, Line
from ..model.spec import Locale, Period, month_end, parse_edition_id

__all__ = ["Period", "detect_edition", "find_period", "given_edition", "parse_edition_id",
           "period_in_lines"]

# An edition id in a file name: "…-2017-06", "…2018h1", "…-2019-q1".
_FILE_PERIOD = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_. ]?"
                          r"(?P<part>[hH][12]|[qQ][1-4]|0[1-9]|1[0-2])(?!\d)")
# The first paragraph of a statement section: up to its first blank line, at most this many
# lines (PDF pages have no blank lines between paragraphs).
_PARAGRAPH_LINES = 5


def _half(m: re.Match[str], words: PeriodPatterns) -> tuple[date, date] | None:
    n = words.ordinal(m["n"])
    if n > 2:
        return None
    year = int(m["year"])
    return date(year, 6 * n - 5, 1), month_end(year, 6 * n)


def _quarter(m: re.Match[str], words: PeriodPatterns) -> tuple[date, date]:
    n, year = words.ordinal(m["n"]), int(m["year"])
    return date(year, 3 * n - 2, 1), month_end(year, 3 * n)


def _day(m: re.Match[str], words: PeriodPatterns) -> tuple[date, date] | None:
    month = m["month"]
    number = int(month) if month.isdigit() else words.months[month.lower()]
    try:
        day = date(int(m["year"]), number, int(m["day"]))
    except ValueError:  # 31.06.2017: not a date
        return None
    return day, day


def _month(m: re.Match[str], words: PeriodPatterns) -> tuple[date, date]:
    year, month = int(m["year"]), words.months[m["month"].lower()]
    if words.end_of.search(m.group()):  # "per utgangen av juni"
        return month_end(year, month), month_end(year, month)
    return date(year, month, 1), month_end(year, month)


def _year_end(m: re.Match[str], words: PeriodPatterns) -> tuple[date, date]:
    end = date(int(m["year"]), 12, 31)
    return end, end


_Dates = Callable[[re.Match[str], PeriodPatterns], tuple[date, date] | None]
# Each kind of statement (its pattern's name in PeriodPatterns) and its dates, in order.
_STATEMENTS: tuple[tuple[str, _Dates], ...] = (
    ("half_year", _half), ("quarter", _quarter), ("quarter_code", _quarter),
    ("day_month", _day), ("numeric_date", _day), ("month", _month), ("year_end", _year_end),
)


def find_period(text: str, locale: Locale | None = None) -> tuple[Period, int] | None:
    """The first period the text states and where it starts: "per 1. halvår 2016" →
    (2016-01-01..2016-06-30, offset). A period may wrap over a line break. `locale`: the
    spec's (None: the built-in spec's)."""
    words = period_patterns(locale)
    found = []
    for name, dates in _STATEMENTS:
        pattern: re.Pattern[str] = getattr(words, name)
        for match in pattern.finditer(text):
            span = dates(match, words)
            if span is not None:
                found.append((match.start(), -len(match.group()), span, match.group()))
                break
    if not found:
        return None
    offset, _, (start, end), printed = min(found)
    return Period(start, end, " ".join(printed.split())), offset


def _paragraph(lines: Sequence[Line]) -> list[Line]:
    """The first paragraph: lines up to the first blank one after some text."""
    paragraph: list[Line] = []
    for line in lines:
        if line.is_blank:
            if paragraph:
                break
            continue
        paragraph.append(line)
        if len(paragraph) == _PARAGRAPH_LINES:
            break
    return paragraph


def period_in_lines(lines: Sequence[Line], locale: Locale | None = None
                    ) -> tuple[Period, str] | None:
    """The first period stated in some lines, and where: ("line 37" or "page 3, line 12")."""
    text = "\n".join(line.text for line in lines)
    found = find_period(text, locale)
    if found is None:
        return None
    period, offset = found
    line = lines[text.count("\n", 0, offset)]
    where = f"page {line.page}, line {line.number}" if line.page else f"line {line.number}"
    return period, where


def detect_edition(
    front: Sequence[Line],
    statements: Sequence[tuple[str, Sequence[Line]]],
    all_lines: Sequence[Line],
    path: str | Path,
    locale: Locale | None = None,
) -> tuple[Edition, str | None]:
    """The edition and, when it is guessed, a warning that says where the id came from.

    `front` is the lines before the first section (title, cover); `statements`
    the (name, lines) of each section whose first paragraph states the period;
    `locale` the spec's (None: the built-in spec's).
    """
    is_title = title_pattern(locale)
    title = next((line.text.strip() for line in front if is_title.search(line.text)), None)
    zones = [("the title page", list(front))]
    zones += [(f"the first paragraph of {name}", _paragraph(lines)) for name, lines in statements]
    for name, zone in zones:
        found = period_in_lines(zone, locale)
        if found is not None:
            period, where = found
            return _edition(period, title, f"{name}, {where}", period.printed), None
    unstated = "the report does not state its period in its title or first paragraph"
    file_match = _FILE_PERIOD.search(Path(path).stem)
    file_period = (parse_edition_id(f"{file_match['year']}-{file_match['part']}")
                   if file_match else None)
    if file_period is not None:
        edition = _edition(file_period, title, "the file name", None, guessed=True)
        return edition, (f"{unstated}; edition {edition.id} is guessed from the file name "
                         f"{Path(path).name!r}")
    found = period_in_lines(all_lines, locale)
    if found is not None:
        period, where = found
        edition = _edition(period, title, where, period.printed, guessed=True)
        return edition, (f"{unstated}; edition {edition.id} is guessed from "
                         f"{period.printed!r} on {where}")
    stem = Path(path).stem
    edition = Edition(id=stem, period_start=None, period_end=None, period_text=None,
                      title=title, year=None, guessed=True, source="the file name")
    return edition, (f"no period found in the report or its file name; the edition id is the "
                     f"file name {stem!r}")


def given_edition(text: str, found: Edition) -> Edition:
    """The edition a user gave (`--edition`, `INPUT=2017-06`); ValueError when not a period.

    The printed period is kept only when the report states this same period.
    """
    period = parse_edition_id(text)
    if period is None:
        raise ValueError(f"edition {text!r} is not a period: give it as 2017-06, 2017-Q2, "
                         "2017-H1 or 2017-06-30")
    printed = found.period_text if not found.guessed and found.id == period.id else None
    return _edition(period, found.title, "given by the user", printed)


def _edition(period: Period, title: str | None, source: str, printed: str | None, *,
             guessed: bool = False) -> Edition:
    return Edition(id=period.id, period_start=period.start.isoformat(),
                   period_end=period.end.isoformat(), period_text=printed, title=title,
                   year=period.end.year, guessed=guessed, source=source)
