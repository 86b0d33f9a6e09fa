"""The report spec (a TOML data file) loaded into plain dataclasses.

The engine reads only these classes, never the TOML, so a spec error is
caught once, here, with the offending table named.

A user's spec file extends the built-in one rather than copying it: a
`[[tables]]` block with a known id adds titles, aliases, rows and columns to
that table (and may set `since`, `until`, `optional`); one with a new id adds
a table; a `[[checks]]`, `[[facts]]` or `[[plots]]` block adds one, or replaces
the one of the same name; a `[locale]` adds words (see locale.py). `extends =
"none"` makes a file a whole spec of its own (its language is still the
built-in one where its `[locale]` says nothing).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from ..model.spec import (
    MEASURES,
    CheckSpec,
    ColumnSpec,
    FactSpec,
    HeaderColumns,
    PlotSpec,
    ReportSpec,
    RowSpec,
    SectionSpec,
    SpecFile,
    TableSpec,
    parse_edition_id,
)
from .errors import SpecError
from .locale import BUILTIN_SPEC, build_locale, builtin_locale_raw, merge_locale

DEFAULT_SPEC = BUILTIN_SPEC
# Spec files that extend the built-in one when --spec is not given (several: os.pathsep).
SPEC_ENV = "AMS_EXTRACT_SPEC"

TABLE_KINDS = ("grid", "prose", "chart")
HEADER_COLUMN_SOURCES = ("periods", "reporting_years")


def _tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


# The keys each block may have: a misspelt key ("lables") is an error, never ignored.
_TABLE_KEYS = {"id", "kind", "titles", "rows", "columns", "header_columns", "stub_headers",
               "header_words", "patterns", "since", "until", "optional"}
_ROW_KEYS = {"key", "labels", "unit", "since", "until", "measure"}
_COLUMN_KEYS = {"key", "headers", "unit"}
_PLOT_KEYS = {"name", "series", "leave_out"}
_TOP_KEYS = {"name", "version", "extends", "edition", "sections", "tables", "facts", "checks",
             "locale", "plots"}


def _unknown_keys(raw: Any, allowed: set[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: expected a table of keys, got {raw!r}")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise SpecError(f"{where}: unknown key {unknown[0]!r} "
                        f"(known: {', '.join(sorted(allowed))})")


# Ids become file names (tables/<id>.csv) and the contract's keys: names, never paths.
NAME = re.compile(r"[a-z0-9_]+")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _name(value: Any, what: str) -> str:
    """`value` when it is a name (lower-case letters, digits, `_`); else a SpecError."""
    if not isinstance(value, str) or not NAME.fullmatch(value):
        raise SpecError(f"{what} {value!r} is not a name: use only a-z, 0-9 and _")
    return value


def _period_bound(raw: dict[str, Any], key: str, table_id: str) -> str | None:
    """`since`/`until` as an edition id; "2019-Q1" and "2019-03" are the same bound."""
    if raw.get(key) is None:
        return None
    period = parse_edition_id(str(raw[key]))
    if period is None:
        raise SpecError(f"table {table_id}: {key} = {raw[key]!r} is not a period "
                        "(write it as 2019-03, 2019-Q1 or 2019-H1)")
    return period.id


def _measure(row: dict[str, Any], table_id: str) -> str | None:
    measure = row.get("measure")
    if measure is not None and measure not in MEASURES:
        raise SpecError(f"table {table_id}: row {row.get('key')!r}: measure {measure!r} is "
                        f"not one of {', '.join(MEASURES)}")
    return measure


def _table(raw: dict[str, Any]) -> TableSpec:
    table_id = _name(raw.get("id", "?"), "table id")
    _unknown_keys(raw, _TABLE_KEYS, f"table {table_id}")
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
        for key in keys:  # a template: its placeholders are filled from the header
            if not isinstance(key, str) or not NAME.fullmatch(_PLACEHOLDER.sub("x", key)):
                raise SpecError(f"table {table_id}: header_columns key {key!r} is not a name "
                                "(a-z, 0-9, _ and {placeholders})")
        units = _tuple(hc.get("units", [None] * len(keys)))
        if len(units) != len(keys):
            raise SpecError(f"table {table_id}: header_columns needs one unit per key")
        header_columns = HeaderColumns(hc["from"], keys, units)
    for column in raw.get("columns", []):
        _unknown_keys(column, _COLUMN_KEYS, f"table {table_id}, column")
    for row in raw.get("rows", []):
        _unknown_keys(row, _ROW_KEYS, f"table {table_id}, row")
    try:
        columns = tuple(ColumnSpec(_name(c["key"], f"table {table_id}: column key"),
                                   c.get("unit"), _tuple(c.get("headers")))
                        for c in raw.get("columns", []))
        rows = tuple(RowSpec(_name(r["key"], f"table {table_id}: row key"),
                             _tuple(r.get("labels")), r.get("unit"),
                             _period_bound(r, "since", table_id),
                             _period_bound(r, "until", table_id), _measure(r, table_id))
                     for r in raw.get("rows", []))
    except KeyError as error:
        raise SpecError(f"table {table_id}: a row or column without {error}") from None
    if kind == "grid" and not columns and header_columns is None:
        raise SpecError(f"table {table_id}: a grid needs columns or header_columns")
    if kind == "grid" and not rows:
        raise SpecError(f"table {table_id}: a grid needs rows")
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
        since=_period_bound(raw, "since", table_id),
        until=_period_bound(raw, "until", table_id),
        optional=bool(raw.get("optional", False)),
    )


def _plot(raw: Any, table_ids: set[str]) -> PlotSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise SpecError(f"a [[plots]] block without a name: {raw!r}")
    name = _name(raw["name"], "plot name")
    _unknown_keys(raw, _PLOT_KEYS, f"plot {name}")
    series = raw.get("series")
    if not isinstance(series, dict) or not series:
        raise SpecError(f"plot {name}: series must be a table of "
                        'role = "table:rows:columns"')
    for role, selector in series.items():
        if not isinstance(selector, str) or selector.count(":") != 2:
            raise SpecError(f"plot {name}: series {role} = {selector!r} is not "
                            '"table:rows:columns"')
        if selector.split(":")[0] not in table_ids:
            raise SpecError(f"plot {name}: series {role} names {selector.split(':')[0]!r}, "
                            "which is no table")
    return PlotSpec(name, tuple(series.items()), _tuple(raw.get("leave_out")))


def _check(raw: dict[str, Any]) -> CheckSpec:
    from ..checks import CHECK_KINDS

    params = {k: v for k, v in raw.items() if k not in ("rule", "kind", "for_each")}
    if "rule" not in raw or "kind" not in raw:
        raise SpecError(f"check {raw!r}: needs rule and kind")
    if raw["kind"] not in CHECK_KINDS:
        raise SpecError(f"check {raw['rule']}: unknown kind {raw['kind']!r} "
                        f"(known: {', '.join(CHECK_KINDS)})")
    return CheckSpec(_name(raw["rule"], "check rule"), raw["kind"], params, raw.get("for_each"))


def _merge_keyed(base: list[dict[str, Any]], extra: list[dict[str, Any]], key: str,
                 lists: tuple[str, ...]) -> list[dict[str, Any]]:
    """Blocks of `extra` added to `base` by `key`: a known key adds to its lists (aliases,
    headers) and sets its other values; a new key is appended."""
    merged = [dict(block) for block in base]
    for block in extra:
        if not isinstance(block, dict) or key not in block:
            raise SpecError(f"a block without {key!r}: {block!r}")
        known = next((b for b in merged if b.get(key) == block[key]), None)
        if known is None:
            merged.append(dict(block))
            continue
        for name, value in block.items():
            if name in lists:
                known[name] = [*_tuple(known.get(name)),
                               *(v for v in _tuple(value) if v not in _tuple(known.get(name)))]
            else:
                known[name] = value
    return merged


def _merge_table(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A user's block for a built-in table: more titles, aliases, rows and columns."""
    table_id = base["id"]
    _unknown_keys(extra, _TABLE_KEYS, f"table {table_id}")
    if "kind" in extra and extra["kind"] != base.get("kind", "grid"):
        raise SpecError(f"table {table_id}: an extension cannot change its kind")
    merged = dict(base)
    for name, value in extra.items():
        if name in ("titles", "stub_headers", "header_words", "patterns"):
            merged[name] = [*_tuple(base.get(name)),
                            *(v for v in _tuple(value) if v not in _tuple(base.get(name)))]
        elif name == "rows":
            merged["rows"] = _merge_keyed(base.get("rows", []), value, "key", ("labels",))
        elif name == "columns":
            merged["columns"] = _merge_keyed(base.get("columns", []), value, "key",
                                             ("headers",))
        else:
            merged[name] = value
    return merged


def merge_specs(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """The raw spec `base` extended by the raw spec `extra` (see the module's docstring)."""
    merged = dict(base)
    tables = [dict(t) for t in base.get("tables", [])]
    for table in extra.get("tables", []):
        if not isinstance(table, dict) or "id" not in table:
            raise SpecError(f"a [[tables]] block without an id: {table!r}")
        index = next((i for i, t in enumerate(tables) if t.get("id") == table["id"]), None)
        if index is None:
            tables.append(dict(table))
        else:
            tables[index] = _merge_table(tables[index], table)
    merged["tables"] = tables
    merged["sections"] = _merge_keyed(base.get("sections", []), extra.get("sections", []),
                                      "id", ("titles",))
    for name, key in (("facts", "name"), ("checks", "rule"), ("plots", "name")):
        replaced = {block.get(key) for block in extra.get(name, [])}
        merged[name] = [b for b in base.get(name, []) if b.get(key) not in replaced]
        merged[name] += list(extra.get(name, []))
    edition = dict(base.get("edition", {}))
    for name, value in extra.get("edition", {}).items():
        edition[name] = [*_tuple(edition.get(name)), *_tuple(value)] \
            if name == "statement_sections" else value
    merged["edition"] = edition
    if "locale" in extra:
        merged["locale"] = merge_locale(base.get("locale", {}), extra["locale"])
    return merged


def _whole(raw: dict[str, Any]) -> dict[str, Any]:
    """A spec of its own: its [locale] keys replace the built-in ones, the rest kept."""
    return {**raw, "locale": merge_locale(builtin_locale_raw(), raw.get("locale", {}),
                                          replace=True)}


def _read_toml(path: Path) -> tuple[dict[str, Any], SpecFile]:
    try:
        data = path.read_bytes()
        raw = tomllib.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise SpecError(f"{path}: cannot read the spec ({reason})") from None
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise SpecError(f"{path}: unknown key {unknown[0]!r} "
                        f"(known: {', '.join(sorted(_TOP_KEYS))})")
    return raw, SpecFile(path.name, hashlib.sha256(data).hexdigest())


def load_spec(*extensions: str | Path, base: str | Path | None = DEFAULT_SPEC) -> ReportSpec:
    """The built-in spec (or `base`), extended by each file of `extensions` in order.

    A file that says `extends = "none"` replaces everything before it. The
    spec records each extension file (name and sha256), for report.json.
    """
    raw: dict[str, Any] = {}
    if base is not None:
        raw, _ = _read_toml(Path(base))
        raw.pop("extends", None)
        raw = _whole(raw)
    files: list[SpecFile] = []
    for path in extensions:
        extra, spec_file = _read_toml(Path(path))
        extends = extra.pop("extends", "builtin")
        if extends not in ("builtin", "none"):
            raise SpecError(f"{path}: extends must be \"builtin\" or \"none\", "
                            f"not {extends!r}")
        raw = merge_specs(raw, extra) if raw and extends == "builtin" else _whole(extra)
        files.append(spec_file)
    return _build(raw, tuple(files))


def _build(raw: dict[str, Any], files: tuple[SpecFile, ...]) -> ReportSpec:
    where = files[-1].name if files else "spec"
    try:
        tables = tuple(_table(t) for t in raw.get("tables", []))
        sections = tuple(SectionSpec(_name(s["id"], "section id"), _tuple(s["titles"]))
                         for s in raw.get("sections", []))
        facts = tuple(FactSpec(_name(f["name"], "fact name"), f["table"], _tuple(f["patterns"]),
                               f.get("unit"))
                      for f in raw.get("facts", []))
    except (KeyError, TypeError, AttributeError) as error:
        raise SpecError(f"{where}: a block is missing {error}") from None
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise SpecError(f"{where}: duplicate table ids")
    checks = tuple(_check(c) for c in raw.get("checks", []))
    statement = _tuple(raw.get("edition", {}).get("statement_sections"))
    known = {*ids, *(s.id for s in sections)}
    unknown = [name for name in statement if name not in known]
    if unknown:
        raise SpecError(f"{where}: edition.statement_sections names {unknown[0]!r}, "
                        "which is no table or section")
    plots = tuple(_plot(plot, set(ids)) for plot in raw.get("plots", []))
    locale = build_locale(raw["locale"] if "locale" in raw else builtin_locale_raw())
    name = raw.get("name", "spec")
    version = str(raw.get("version", "0"))
    return ReportSpec(name=name, version=version, tables=tables, sections=sections, facts=facts,
                      checks=checks, locale=locale, statement_sections=statement, files=files,
                      plots=plots)
