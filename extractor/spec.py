"""The report spec (a TOML data file) loaded into plain dataclasses.

The engine reads only these classes, never the TOML, so a spec error is
caught once, here, with the offending table named.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_SPEC = Path(__file__).parent / "spec" / "ams_status.toml"

TABLE_KINDS = ("grid", "prose", "chart")
HEADER_COLUMN_SOURCES = ("periods", "reporting_years")


class SpecError(ValueError):
    """The spec file is malformed."""


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
class ReportSpec:
    name: str
    version: str
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionSpec, ...]
    facts: tuple[FactSpec, ...]
    checks: tuple[CheckSpec, ...]
    path: str = ""

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


def _tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _table(raw: dict[str, Any]) -> TableSpec:
    table_id = raw.get("id", "?")
    kind = raw.get("kind", "grid")
    if kind not in TABLE_KINDS:
        raise SpecError(f"table {table_id}: unknown kind {kind!r}")
    if not raw.get("titles"):
        raise SpecError(f"table {table_id}: no titles")
    header_columns = None
    if "header_columns" in raw:
        hc = raw["header_columns"]
        if hc.get("from") not in HEADER_COLUMN_SOURCES:
            raise SpecError(f"table {table_id}: header_columns.from must be one of "
                            f"{HEADER_COLUMN_SOURCES}")
        keys = _tuple(hc.get("keys", ["{period}"]))
        units = _tuple(hc.get("units", [None] * len(keys)))
        if len(units) != len(keys):
            raise SpecError(f"table {table_id}: header_columns needs one unit per key")
        header_columns = HeaderColumns(hc["from"], keys, units)
    columns = tuple(
        ColumnSpec(c["key"], c.get("unit"), _tuple(c.get("headers")))
        for c in raw.get("columns", [])
    )
    if kind == "grid" and not columns and header_columns is None:
        raise SpecError(f"table {table_id}: a grid needs columns or header_columns")
    rows = tuple(
        RowSpec(r["key"], _tuple(r.get("labels")), r.get("unit")) for r in raw.get("rows", [])
    )
    return TableSpec(
        id=table_id,
        kind=kind,
        titles=_tuple(raw["titles"]),
        rows=rows,
        columns=columns,
        header_columns=header_columns,
        stub_headers=_tuple(raw.get("stub_headers")),
        header_words=_tuple(raw.get("header_words")),
        patterns=_tuple(raw.get("patterns")),
    )


def _check(raw: dict[str, Any]) -> CheckSpec:
    params = {k: v for k, v in raw.items() if k not in ("rule", "kind", "for_each")}
    if "rule" not in raw or "kind" not in raw:
        raise SpecError(f"check {raw!r}: needs rule and kind")
    return CheckSpec(raw["rule"], raw["kind"], params, raw.get("for_each"))


def load_spec(path: str | Path = DEFAULT_SPEC) -> ReportSpec:
    """Read and validate a spec file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SpecError(f"{path}: {error}") from error
    tables = tuple(_table(t) for t in raw.get("tables", []))
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise SpecError(f"{path}: duplicate table ids")
    return ReportSpec(
        name=raw.get("name", path.stem),
        version=str(raw.get("version", "0")),
        tables=tables,
        sections=tuple(SectionSpec(s["id"], _tuple(s["titles"])) for s in raw.get("sections", [])),
        facts=tuple(
            FactSpec(f["name"], f["table"], _tuple(f["patterns"]), f.get("unit"))
            for f in raw.get("facts", [])
        ),
        checks=tuple(_check(c) for c in raw.get("checks", [])),
        path=str(path),
    )
