"""How a report states its period, as patterns built from the locale's `periods` words.

"per 1. halvår 2016", "pr. andre kvartal 2017", "per Q2 2017", "per 30. juni 2017",
"per 30.06.2017", "per utgangen av juni 2017", "ved slutten av 2017": each pattern names
its parts (`n`, `day`, `month`, `year`); semantics/edition.py turns a match into dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model.spec import Locale
from .words import alternation, resolve, year


@dataclass(frozen=True)
class PeriodPatterns:
    half_year: re.Pattern[str]  # "per 1. halvår 2016": n, year
    quarter: re.Pattern[str]  # "per 2. kvartal 2017": n, year
    quarter_code: re.Pattern[str]  # "per Q2 2017": n, year
    day_month: re.Pattern[str]  # "per 30. juni 2017": day, month (a name), year
    numeric_date: re.Pattern[str]  # "per 30.06.2017": day, month (a number), year
    month: re.Pattern[str]  # "per juni 2017", "per utgangen av juni 2017": month, year
    year_end: re.Pattern[str]  # "ved utgangen av 2017": year
    end_of: re.Pattern[str]  # the end word of "per utgangen av ...", searched for
    months: dict[str, int]  # month name (lower case) -> 1..12
    ordinals: dict[str, int]  # ordinal word (lower case) -> its number

    def ordinal(self, text: str) -> int:
        """The number of "1.", "2" or "første"."""
        text = text.rstrip(".").lower()
        return int(text) if text.isdigit() else self.ordinals[text]


@cache
def period_patterns(locale: Locale | None = None) -> PeriodPatterns:
    words = resolve(locale).periods
    year_group = rf"(?P<year>{year(locale)})"
    month_name = rf"(?P<month>{alternation(name for name, _ in words.months)})"
    nth = rf"(?P<n>[1-4]\.?|{alternation(word for word, _ in words.ordinals)})"
    end_of = (rf"{alternation(words.end_of_leads)}\s+{alternation(words.end_of_words)}"
              rf"\s+{alternation(words.end_of_links)}")
    as_of = rf"\b(?:{end_of}|{alternation(words.as_of)})"
    half = alternation(words.half_year)
    quarter = alternation(words.quarter)
    return PeriodPatterns(
        half_year=re.compile(rf"{as_of}\s+{nth}\s*{half}\s+{year_group}", re.I),
        quarter=re.compile(rf"{as_of}\s+{nth}\s*{quarter}\s+{year_group}", re.I),
        quarter_code=re.compile(rf"{as_of}\s+Q(?P<n>[1-4])\s+{year_group}", re.I),
        day_month=re.compile(rf"{as_of}\s+(?P<day>\d{{1,2}})\.\s*{month_name}\s+{year_group}",
                             re.I),
        # Case-sensitive, as it always was: "per 30.06.2017", not "Per 30.06.2017".
        numeric_date=re.compile(
            rf"{as_of}\s+(?P<day>\d{{1,2}})\.\s*(?P<month>\d{{1,2}})\.\s*{year_group}"),
        month=re.compile(rf"{as_of}\s+{month_name}\s+{year_group}", re.I),
        year_end=re.compile(rf"\b{end_of}\s+{year_group}\b", re.I),
        end_of=re.compile(alternation(words.end_of_words), re.I),
        months={name.lower(): number for name, number in words.months},
        ordinals={word.lower(): number for word, number in words.ordinals},
    )
