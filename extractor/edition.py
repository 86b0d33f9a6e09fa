"""Edition metadata read from the text: the reporting period and the title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Edition, Line

_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
_HALF_YEAR = re.compile(r"\bper\s+(?P<n>[12])\.\s*halv[åa]r\s+(?P<year>(?:19|20)\d\d)", re.I)
_QUARTER = re.compile(r"\bper\s+(?P<n>[1-4])\.\s*kvartal\s+(?P<year>(?:19|20)\d\d)", re.I)
_MONTH = re.compile(r"\bper\s+(?:\d{1,2}\.\s*)?(?P<month>" + "|".join(_MONTHS)
                    + r")\s+(?P<year>(?:19|20)\d\d)",
                    re.I)
_DATE = re.compile(r"\bper\s+(?P<day>\d{1,2})\.\s*(?P<month>\d{1,2})\.\s*(?P<year>(?:19|20)\d\d)")
_TITLE = re.compile(r"\b(?:AMS|smarte? m[åa]l)", re.I)


def detect_period(text: str) -> tuple[str | None, str | None]:
    """The first period the text states: ("2016-H1", "per 1. halvår 2016") or (None, None)."""
    found = []
    for pattern, render in (
        (_HALF_YEAR, lambda m: f"{m['year']}-H{m['n']}"),
        (_QUARTER, lambda m: f"{m['year']}-Q{m['n']}"),
        (_MONTH, lambda m: f"{m['year']}-{_MONTHS.index(m['month'].lower()) + 1:02d}"),
        (_DATE, lambda m: f"{m['year']}-{int(m['month']):02d}"),
    ):
        match = pattern.search(text)
        if match:
            found.append((match.start(), render(match), " ".join(match.group().split())))
    if not found:
        return None, None
    _, period, printed = min(found)
    return period, printed


def detect_edition(lines: Sequence[Line], first_section_index: int | None) -> Edition:
    """Period from the whole text; title from the lines before the first section, if any."""
    text = "\n".join(line.text for line in lines)
    period, printed = detect_period(text)
    front = lines[: first_section_index or 0]
    title = next((line.text.strip() for line in front if _TITLE.search(line.text)), None)
    year = int(period[:4]) if period else None
    return Edition(period=period, period_text=printed, title=title, year=year)
