"""The report spec as plain dataclasses: what the engine looks for, read from TOML by spec.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_EDITION_ID = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")


def is_edition_id(text: str) -> bool:
    """True for an edition id's canonical form, `YYYY-MM` (see semantics/edition.py)."""
    return _EDITION_ID.fullmatch(text) is not None


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    unit: str | None = None
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowSpec:
    key: str
    labels: tuple[str, ...]
    unit: str | None = None


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
class ReportSpec:
    name: str
    version: str
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionSpec, ...]
    facts: tuple[FactSpec, ...]
    checks: tuple[CheckSpec, ...]
    # Sections whose first paragraph states the report's period ("per 1. halvår 2016").
    statement_sections: tuple[str, ...] = ()
    files: tuple[SpecFile, ...] = ()  # the user's extension files, in order

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
