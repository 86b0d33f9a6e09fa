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

Edition ids and periods given as ids (`2017-06`, `2017-Q2`) are the tool's own syntax,
parsed in model/spec.py, the same in every language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from ..model import Edition, Line
from ..model.spec import Period, month_end, parse_edition_id

__all__ = ["Period", "detect_edition", "find_period", "given_edition", "parse_edition_id",
           "period_in_lines"]

_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
# Ordinals as words, Bokmål and Nynorsk ("første"/"fyrste"); "siste halvår" is the second.
_ORDINALS = {"første": 1, "fyrste": 1, "forste": 1, "andre": 2, "tredje": 3, "fjerde": 4,
             "siste": 2}
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH_NAME = r"(?P<month>" + "|".join(_MONTHS) + r")"
_NTH = r"(?P<n>[1-4]\.?|" + "|".join(_ORDINALS) + r")"
# How a report says "as of": "per", "pr.", "per/ved utgangen av", "ved slutten av".
_AS_OF = r"\b(?:(?:per|pr\.?|ved|fram til|frem til)\s+(?:utgangen|utgongen|slutten)\s+av|per|pr\.?)"
_END_OF = r"\b(?:per|pr\.?|ved|fram til|frem til)\s+(?:utgangen|utgongen|slutten)\s+av"
_HALF_YEAR = re.compile(_AS_OF + r"\s+" + _NTH + r"\s*halv[åa]r(?:et)?\s+" + _YEAR, re.I)
_QUARTER = re.compile(_AS_OF + r"\s+" + _NTH + r"\s*(?:kvartal(?:et)?|kv\.?)\s+" + _YEAR, re.I)
_Q_CODE = re.compile(_AS_OF + r"\s+Q(?P<n>[1-4])\s+" + _YEAR, re.I)
_DAY_MONTH = re.compile(_AS_OF + r"\s+(?P<day>\d{1,2})\.\s*" + _MONTH_NAME + r"\s+" + _YEAR, re.I)
_NUMERIC_DATE = re.compile(_AS_OF + r"\s+(?P<day>\d{1,2})\.\s*(?P<month>\d{1,2})\.\s*" + _YEAR)
_MONTH = re.compile(_AS_OF + r"\s+" + _MONTH_NAME + r"\s+" + _YEAR, re.I)
_YEAR_END = re.compile(_END_OF + r"\s+" + _YEAR + r"\b", re.I)
_TITLE = re.compile(r"\b(?:AMS|smarte? m[åa]l)", re.I)
# An edition id in a file name: "…-2017-06", "…2018h1", "…-2019-q1".
_FILE_PERIOD = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_. ]?"
                          r"(?P<part>[hH][12]|[qQ][1-4]|0[1-9]|1[0-2])(?!\d)")
# The first paragraph of a statement section: up to its first blank line, at most this many
# lines (PDF pages have no blank lines between paragraphs).
_PARAGRAPH_LINES = 5


def _ordinal(text: str) -> int:
    text = text.rstrip(".").lower()
    return int(text) if text.isdigit() else _ORDINALS[text]


def _half(m: re.Match[str]) -> tuple[date, date] | None:
    n = _ordinal(m["n"])
    if n > 2:
        return None
    year = int(m["year"])
    return date(year, 6 * n - 5, 1), month_end(year, 6 * n)


def _quarter(m: re.Match[str]) -> tuple[date, date]:
    n, year = _ordinal(m["n"]), int(m["year"])
    return date(year, 3 * n - 2, 1), month_end(year, 3 * n)


def _day(m: re.Match[str]) -> tuple[date, date] | None:
    month = m["month"]
    number = int(month) if month.isdigit() else _MONTHS.index(month.lower()) + 1
    try:
        day = date(int(m["year"]), number, int(m["day"]))
    except ValueError:  # 31.06.2017: not a date
        return None
    return day, day


def _month(m: re.Match[str]) -> tuple[date, date]:
    year, month = int(m["year"]), _MONTHS.index(m["month"].lower()) + 1
    if re.search(r"utgangen|utgongen|slutten", m.group(), re.I):  # "per utgangen av juni"
        return month_end(year, month), month_end(year, month)
    return date(year, month, 1), month_end(year, month)


def _year_end(m: re.Match[str]) -> tuple[date, date]:
    end = date(int(m["year"]), 12, 31)
    return end, end


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[date, date] | None]],
                 ...] = (
    (_HALF_YEAR, _half), (_QUARTER, _quarter), (_Q_CODE, _quarter), (_DAY_MONTH, _day),
    (_NUMERIC_DATE, _day), (_MONTH, _month), (_YEAR_END, _year_end),
)


def find_period(text: str) -> tuple[Period, int] | None:
    """The first period the text states and where it starts: "per 1. halvår 2016" →
    (2016-01-01..2016-06-30, offset). A period may wrap over a line break."""
    found = []
    for pattern, dates in _PATTERNS:
        for match in pattern.finditer(text):
            span = dates(match)
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


def period_in_lines(lines: Sequence[Line]) -> tuple[Period, str] | None:
    """The first period stated in some lines, and where: ("line 37" or "page 3, line 12")."""
    text = "\n".join(line.text for line in lines)
    found = find_period(text)
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
) -> tuple[Edition, str | None]:
    """The edition and, when it is guessed, a warning that says where the id came from.

    `front` is the lines before the first section (title, cover); `statements`
    the (name, lines) of each section whose first paragraph states the period.
    """
    title = next((line.text.strip() for line in front if _TITLE.search(line.text)), None)
    zones = [("the title page", list(front))]
    zones += [(f"the first paragraph of {name}", _paragraph(lines)) for name, lines in statements]
    for name, zone in zones:
        found = period_in_lines(zone)
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
    found = period_in_lines(all_lines)
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
