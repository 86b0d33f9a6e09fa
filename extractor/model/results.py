"""What the stages make of a document: sections, observations, tables, checks, warnings.

Extraction results are `Observation`s grouped into `ExtractedTable`s, plus
`CheckResult`s, gathered in a `Report`. Every value keeps the line it was
read from, so any number in the output can be traced back to the printed
text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .document import Line
from .review import Review


class TableStatus(StrEnum):
    """What became of a spec table in one document."""

    EXTRACTED = "extracted"
    CHART_WITHOUT_VALUES = "chart_without_values"  # a chart: the text holds no values for it
    EMPTY = "empty"  # its section is there, no value was found
    MISSING = "missing"  # expected in this edition, not found: a warning
    NOT_EXPECTED = "not_expected"  # absent, and optional or not printed in this edition


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class Section:
    """A run of lines under one title, matched (or not) to a spec table."""

    title: str  # the title as printed, without its section number
    title_line: Line
    lines: list[Line]  # the lines after the title, up to the next section
    table_id: str | None  # None: a section the spec knows but holds no table, or an unknown one
    score: float  # title match score, 0–100
    known: bool = True  # False: printed like a section title but matches nothing in the spec
    spec_id: str | None = None  # the spec's table or section id it matched


# Flags that call for a person before the value is used (red on the review page and in Excel);
# the others (approximate, fuzzy_label, ocr_repaired, assumed_column) are worth a glance.
SEVERE_FLAGS = ("check_failed", "low_confidence", "unmatched_label", "ambiguous_split")
# Flags of a person's decision (a corrections file): the value is what they said it is.
REVIEW_FLAGS = ("corrected", "confirmed")
# What `--fail-on` may name: the flags the reader gives (check_failed stands for every
# check_failed:<rule>), and `missing` for a value a table read lacks (missing_value).
GATE_FLAGS = ("approximate", "ocr_repaired", "fuzzy_label", "unmatched_label",
              "unmatched_total", "low_confidence", "check_failed", "ambiguous_split",
              "assumed_column", "missing")


@dataclass
class Observation:
    """One value of the contract, with where it was read and what we doubt about it."""

    table: str
    row: str
    column: str
    value: Decimal
    unit: str
    raw: str
    line: int
    page: int | None = None
    confidence: float = 1.0
    flags: list[str] = field(default_factory=list)
    label: str = ""  # the row label as printed (cleaned), for the wide table files
    rounding_unit: Decimal = Decimal(1)  # place value of the last printed digit, for checks
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom of its words
    review: Review | None = None  # a reviewer's decision on it, applied
    machine_value: Decimal | None = None  # what the machine read, when a reviewer corrected it
    measure: str = ""  # spec.MEASURES: flow, cumulative, share or level (semantics/comments)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.column)

    @property
    def source(self) -> str:
        """"review" when a reviewer corrected or confirmed the value, else "machine"."""
        return "machine" if self.review is None else "review"

    def add_flag(self, flag: str) -> None:
        if flag not in self.flags:
            self.flags.append(flag)

    def carries(self, flag: str) -> bool:
        """True when the value has `flag` (`check_failed` matches every check's)."""
        return any(f == flag or f.startswith(f"{flag}:") for f in self.flags)

    @property
    def severity(self) -> str:
        """'reviewed', 'severe', 'flagged' or 'clean': how urgently a person should look at
        the value (one a reviewer decided on needs no one else)."""
        if self.review is not None:
            return "reviewed"
        if any(flag.startswith(SEVERE_FLAGS) for flag in self.flags):
            return "severe"
        return "flagged" if self.flags else "clean"


@dataclass(frozen=True)
class TableComment:
    """A sentence printed under a table ("Kommentar: ..."), and the columns it names."""

    text: str
    columns: tuple[str, ...] = ()  # column keys the sentence names ("2015-tall ...")
    cumulative: tuple[str, ...] = ()  # of those, the ones it calls running totals
    cells: tuple[str, ...] = ()  # "row/column" of the values its footnote marker marks
    line: int = 0
    page: int | None = None


@dataclass
class ExtractedTable:
    """One contract table as found in the document."""

    id: str
    status: TableStatus
    title: str = ""
    columns: list[str] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # decisions worth showing a reviewer
    comments: list[TableComment] = field(default_factory=list)  # printed after the table
    source_lines: list[Line] = field(default_factory=list)  # title and body, for review

    @property
    def rows(self) -> list[str]:
        return list(dict.fromkeys(obs.row for obs in self.observations))

    @property
    def found(self) -> bool:
        return self.status not in (TableStatus.MISSING, TableStatus.NOT_EXPECTED)


@dataclass
class Fact:
    """A number stated in prose outside the contract tables, used by checks."""

    name: str
    value: Decimal
    raw: str
    line: int
    page: int | None = None
    approximate: bool = False
    rounding_unit: Decimal = Decimal(1)


@dataclass
class CheckResult:
    rule: str
    kind: str
    status: CheckStatus
    detail: str
    cells: list[tuple[str, str, str]] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # the tables its selectors read


@dataclass(frozen=True)
class Edition:
    """Which status date a report describes (see semantics/edition.py)."""

    id: str  # "2016-06": year and month of the status date, so ids sort in time
    period_start: str | None  # first and last day of the stated period, ISO dates
    period_end: str | None
    period_text: str | None  # as printed: "per 1. halvår 2016"
    title: str | None
    year: int | None  # the reporting year, for checks on the edition's own year
    guessed: bool = False  # True: not read from the report's statement of its period
    source: str = ""  # where the period was read, or how it was guessed


@dataclass
class ReportWarning:
    code: str  # "unmatched_label", "unknown_section", "missing_section", ...
    message: str
    line: int | None = None
    page: int | None = None
    cell: tuple[str, str, str] | None = None  # the value it is about: a value left out


CONTRACT_COLUMNS = (
    "edition", "table", "row", "column", "value", "unit", "raw", "page", "line", "confidence",
    "flags",
)
OBSERVATION_COLUMNS = (
    *CONTRACT_COLUMNS,
    # after the contract's columns: the edition's period, so a pipeline need not join
    "period_start", "period_end", "period_text",
    # and a reviewer's decision on the value (empty but `source` when there is none)
    "source", "machine_value", "reviewer", "reviewed_at", "review_reason",
    # "true" when a flag calls for a person (SEVERE_FLAGS) and no reviewer decided yet
    "needs_review",
    # flow, cumulative, share or level: what the value measures (semantics/comments.py)
    "measure",
)


def format_value(value: Decimal) -> str:
    """Plain decimal text: "2284127", "0.5"; never exponent notation."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")
