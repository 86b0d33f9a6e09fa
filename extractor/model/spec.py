"""The report spec as plain dataclasses: what the engine looks for, read from TOML by spec/.

`Locale` is the spec's `[locale]`: the report's language. The lexicon (extractor/lexicon/)
turns it into the regular expressions and word sets the stages use.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Edition ids and periods are the tool's own syntax, the same in every language: an id is
# the month of the status date, `YYYY-MM`; a period may be given as "2017-Q2", "2016-H1",
# "2017-06-30" or "2017" (`since`/`until`, `--edition`).
_EDITION_ID = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")
_ID = re.compile(r"^(?P<year>(?:19|20)\d\d)(?:-(?P<part>[hH][12]|[qQ][1-4]|0[1-9]|1[0-2])"
                 r"(?:-(?P<day>\d\d))?)?$")


def is_edition_id(text: str) -> bool:
    """True for an edition id's canonical form, `YYYY-MM` (see semantics/edition.py)."""
    return _EDITION_ID.fullmatch(text) is not None


@dataclass(frozen=True)
class Period:
    """A stated period: its first and last day, and the text it was read from."""

    start: date
    end: date
    printed: str

    @property
    def id(self) -> str:
        """The edition id: the year and month the status refers to (the period's end)."""
        return f"{self.end.year}-{self.end.month:02d}"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_edition_id(text: str) -> Period | None:
    """A period given as an id: "2017-06", "2017-Q2", "2016-H1", "2017-06-30" or "2017"."""
    m = _ID.match(text.strip())
    if m is None:
        return None
    year, part, day = int(m["year"]), (m["part"] or "").upper(), m["day"]
    if not part:
        start, end = date(year, 1, 1), date(year, 12, 31)
    elif part[0] == "H":
        start, end = date(year, 6 * int(part[1]) - 5, 1), month_end(year, 6 * int(part[1]))
    elif part[0] == "Q":
        start, end = date(year, 3 * int(part[1]) - 2, 1), month_end(year, 3 * int(part[1]))
    else:
        start, end = date(year, int(part), 1), month_end(year, int(part))
    if day is not None:
        if part[:1] in ("H", "Q"):
            return None
        try:
            start = end = date(year, int(part), int(day))
        except ValueError:
            return None
    return Period(start, end, text.strip())


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    unit: str | None = None
    headers: tuple[str, ...] = ()


# What a value measures, so that series across editions compare like with like: a flow
# (installed in the period), a running total up to the period's end, a share of a whole
# (percent), or a level at the status date (metering points, companies).
MEASURES = ("flow", "cumulative", "share", "level")


@dataclass(frozen=True)
class RowSpec:
    key: str
    labels: tuple[str, ...]
    unit: str | None = None
    since: str | None = None  # first edition that prints the row; None: every edition
    until: str | None = None  # last edition that prints it
    measure: str | None = None  # MEASURES; None: from the unit (share for a percentage)

    def expected_in(self, edition_id: str) -> bool:
        """Whether an edition's table prints this row: a value it lacks is then a warning."""
        if not is_edition_id(edition_id):
            return True
        return (self.since or edition_id) <= edition_id <= (self.until or edition_id)


@dataclass(frozen=True)
class HeaderColumns:
    """Columns made from the printed header rather than listed in the spec."""

    source: str  # "periods": years and quarters; "reporting_years": "2016-rapportering"
    keys: tuple[str, ...] = ("{period}",)
    units: tuple[str | None, ...] = (None,)


@dataclass(frozen=True)
class TableSpec:
    id: str
    kind: str
    titles: tuple[str, ...]
    rows: tuple[RowSpec, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    header_columns: HeaderColumns | None = None
    stub_headers: tuple[str, ...] = ()
    header_words: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    since: str | None = None  # first edition that prints it ("2019-03"); None: every edition
    until: str | None = None  # last edition that prints it
    optional: bool = False  # its absence is not worth a warning

    def expected_in(self, edition_id: str) -> bool:
        """Whether an edition should print this table: its absence is then a warning."""
        if self.optional:
            return False
        if not is_edition_id(edition_id):  # an unknown edition: expect everything
            return True
        return (self.since or edition_id) <= edition_id <= (self.until or edition_id)

    def row_aliases(self) -> dict[str, tuple[str, ...]]:
        return {row.key: row.labels for row in self.rows}

    def row(self, key: str) -> RowSpec | None:
        return next((row for row in self.rows if row.key == key), None)


@dataclass(frozen=True)
class SectionSpec:
    id: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class FactSpec:
    name: str
    table: str
    patterns: tuple[str, ...]
    unit: str | None = None


@dataclass(frozen=True)
class CheckSpec:
    rule: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    for_each: str | None = None


@dataclass(frozen=True)
class SpecFile:
    """A user's spec file that went into the spec, for report.json: which, which version."""

    name: str
    sha256: str


@dataclass(frozen=True)
class PlotSpec:
    """A chart of the review page and of `extract --plots` (plots/<name>.svg): the values it
    draws. How it draws them is outputs/plots.py's; which values, the spec's."""

    name: str
    series: tuple[tuple[str, str], ...]  # (role, "table:rows:columns"), e.g. ("annual", ...)
    leave_out: tuple[str, ...] = ()  # row keys not drawn (a total among its parts)

    def selector(self, role: str) -> tuple[str, str, str] | None:
        """(table, rows, columns) of one series; None when the plot has no such series."""
        found = next((selector for name, selector in self.series if name == role), None)
        if found is None:
            return None
        table, rows, columns = found.split(":")
        return table, rows, columns


@dataclass(frozen=True)
class NumberWords:
    """How the report prints a number: the words and signs around its digits."""

    thousands_separators: str  # characters between thousands groups ("2 284 127")
    approximate: tuple[str, ...]  # before a number: "ca.", "cirka", "~"
    multipliers: tuple[tuple[str, int], ...]  # after a number: ("mill.", 1000000), ...
    currency: tuple[str, ...]  # "kr", "nok"
    percent: tuple[str, ...]  # "%", "prosent"
    scale: tuple[str, ...]  # a label's multiplier is "in" it: "i tusen", "(i mill.)"
    whole: tuple[str, ...]  # "i hele tusen"
    pieces: tuple[str, ...]  # "(1000 stk.)"


@dataclass(frozen=True)
class PeriodWords:
    """How the report states its period: "per 1. halvår 2016", "per utgangen av juni 2017"."""

    months: tuple[tuple[str, int], ...]  # ("januar", 1), ...
    ordinals: tuple[tuple[str, int], ...]  # ("første", 1), ...
    half_year: tuple[str, ...]
    quarter: tuple[str, ...]  # "2. kvartal 2017"; in a header too: "1.kv"
    as_of: tuple[str, ...]  # "per juni 2017"
    end_of_leads: tuple[str, ...]  # "ved" of "ved utgangen av 2017"
    end_of_words: tuple[str, ...]  # "utgangen"
    end_of_links: tuple[str, ...]  # "av"


@dataclass(frozen=True)
class TableWords:
    """Words a table prints beside its labels and values: in headers, cells, after it."""

    comment_headings: tuple[str, ...]  # a line of only one ends the table ("Kommentar:")
    reporting: tuple[str, ...]  # a reporting year in a header: "2016-rapportering"
    percent_header: tuple[str, ...]  # a share column's header alone: "Andel"
    percent_sign_header: tuple[str, ...]  # ... or before its "%": "Del (%)"
    total_labels: tuple[str, ...] = ()  # a row label that is a total: "Sum", "Totalt"
    # In a table's comment, words that make the columns it names running totals:
    # "2015-tall er sum historisk installert til og med 2015".
    cumulative_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageNumberWords:
    """Page furniture: "Side 3", "side 3 av 17"."""

    page: tuple[str, ...]  # before a page's number
    page_of: tuple[str, ...]  # between it and the number of pages


@dataclass(frozen=True)
class Locale:
    """The report's language, the spec's `[locale]`: every word the engine reads meaning
    from, the letters of its words, and how years and numbers are printed."""

    letters: str  # lower-case letters of the language's words
    accented_letters: str  # lower-case letters of names and loanwords
    vowels: str
    year: str  # a printed year, a regular expression without groups
    title_words: tuple[str, ...]  # a line with one (at a word's start) is the report's title
    numbers: NumberWords
    periods: PeriodWords
    tables: TableWords
    pages: PageNumberWords
    ocr_language: str = "nor"  # Tesseract's languages for the report's pages: "nor+eng"


@dataclass(frozen=True)
class ReportSpec:
    name: str
    version: str
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionSpec, ...]
    facts: tuple[FactSpec, ...]
    checks: tuple[CheckSpec, ...]
    locale: Locale  # the report's language
    # Sections whose first paragraph states the report's period ("per 1. halvår 2016").
    statement_sections: tuple[str, ...] = ()
    files: tuple[SpecFile, ...] = ()  # the user's extension files, in order
    plots: tuple[PlotSpec, ...] = ()

    def plot(self, name: str) -> PlotSpec | None:
        return next((plot for plot in self.plots if plot.name == name), None)

    def table(self, table_id: str) -> TableSpec:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def titles(self) -> dict[str, tuple[str, ...]]:
        """Every title the document may print, keyed by table or section id."""
        titles = {table.id: table.titles for table in self.tables}
        titles.update({section.id: section.titles for section in self.sections})
        return titles
