"""Checks: the numbers of a report tested against each other, as the spec declares.

A check reads cells through selectors ("table:rows:columns", comma lists or
globs) from a `CellStore`, so it never sees how the cells were extracted.
Tolerances default to rounding: half the last printed digit of every value
involved ("1,2 mill." may be 1 150 000 to 1 250 000).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatchcase
from typing import Any

from ..model import CheckResult
from ..model.spec import CheckSpec

CellKey = tuple[str, str, str]
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SELECTOR_SYNTAX = re.compile(r"[:,*?\[\]]")
_BINDING_PATTERNS = {"year": r"(?P<year>\d{4})", "row": r"(?P<row>.+)", "column": r"(?P<column>.+)"}
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Cell:
    key: CellKey
    value: Decimal
    rounding_unit: Decimal = Decimal(1)

    @property
    def error(self) -> Decimal:
        """The most rounding can have moved the printed value."""
        return self.rounding_unit / 2


class CellStore:
    """Cells by table, in printed order."""

    def __init__(self, cells: Iterable[Cell]):
        self.by_table: dict[str, list[Cell]] = {}
        for cell in cells:
            self.by_table.setdefault(cell.key[0], []).append(cell)

    def select(self, selector: str) -> list[Cell]:
        table, rows, columns = _split_selector(selector)
        row_patterns, column_patterns = rows.split(","), columns.split(",")
        cells = self.by_table.get(table, [])
        if "*" not in rows and not any(ch in rows for ch in "?["):
            # An explicit row list keeps the order it is written in.
            order = {name: i for i, name in enumerate(row_patterns)}
            cells = sorted((c for c in cells if c.key[1] in order), key=lambda c: order[c.key[1]])
        return [
            c for c in cells
            if any(fnmatchcase(c.key[1], p) for p in row_patterns)
            and any(fnmatchcase(c.key[2], p) for p in column_patterns)
        ]

    def one(self, selector: str) -> Cell | None:
        cells = self.select(selector)
        return cells[0] if len(cells) == 1 else None


def _split_selector(selector: str) -> tuple[str, str, str]:
    parts = selector.split(":")
    if len(parts) != 3:
        raise ValueError(f"selector {selector!r} is not table:rows:columns")
    return parts[0], parts[1], parts[2]


def _fill(value: Any, binding: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: binding.get(m[1], m[0]), value)
    return value


def bindings(template: str, store: CellStore) -> list[dict[str, str]]:
    """Every distinct way the template's placeholders fit the cells of its table."""
    table, rows, columns = _split_selector(template)

    def part_regex(part: str) -> re.Pattern[str]:
        pieces = re.split(r"(\{[a-z_]+\}|\*)", part)
        body = "".join(
            _BINDING_PATTERNS.get(p[1:-1], re.escape(p)) if p.startswith("{")
            else ".*" if p == "*" else re.escape(p)
            for p in pieces
        )
        return re.compile(f"^{body}$")

    row_regex, column_regex = part_regex(rows), part_regex(columns)
    found: list[dict[str, str]] = []
    for cell in store.by_table.get(table, []):
        row_match, column_match = row_regex.match(cell.key[1]), column_regex.match(cell.key[2])
        if row_match and column_match:
            binding = {**row_match.groupdict(), **column_match.groupdict()}
            # A printed label kept as a row key may hold selector syntax: it cannot be named.
            if any(_SELECTOR_SYNTAX.search(value) for value in binding.values()):
                continue
            if binding not in found:
                found.append(binding)
    return found


def _value_of(target: Any, store: CellStore) -> tuple[Decimal, list[Cell]] | None:
    """A constant or a one-cell selector → (value, cells it came from)."""
    if isinstance(target, int | float):
        return Decimal(str(target)), []
    cell = store.one(str(target))
    return (cell.value, [cell]) if cell else None


def _tolerance(params: dict[str, Any], cells: Sequence[Cell], target: Decimal) -> Decimal:
    tolerance = params.get("tolerance", "rounding")
    if tolerance == "rounding":
        allowed = sum((c.error for c in cells), Decimal(0))
    else:
        allowed = Decimal(str(tolerance))
    return allowed + Decimal(str(params.get("relative", 0))) * abs(target)


def _fmt(value: Decimal) -> str:
    if value == value.to_integral():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:.2f}".rstrip("0").rstrip(".")


Outcome = tuple[str, str, list[Cell]]  # status, detail, cells to flag on failure


def check_sum(params: dict[str, Any], store: CellStore) -> Outcome:
    total = _value_of(params["total"], store)
    parts = store.select(params["parts"])
    if total is not None:
        parts = [cell for cell in parts if cell not in total[1]]
    if not parts or total is None:
        return "skipped", "cells not found", []
    target, total_cells = total
    got = sum((c.value for c in parts), Decimal(0))
    allowed = _tolerance(params, [*parts, *total_cells], target)
    detail = f"sum {_fmt(got)} vs {_fmt(target)} (difference {_fmt(got - target)}, " \
             f"allowed {_fmt(allowed)})"
    ok = abs(got - target) <= allowed
    return ("passed" if ok else "failed"), detail, [*parts, *total_cells]


def check_equal(params: dict[str, Any], store: CellStore) -> Outcome:
    a, b = _value_of(params["a"], store), _value_of(params["b"], store)
    if a is None or b is None:
        return "skipped", "cells not found", []
    cells = [*a[1], *b[1]]
    allowed = _tolerance(params, cells, b[0])
    ok = abs(a[0] - b[0]) <= allowed
    detail = f"{_fmt(a[0])} vs {_fmt(b[0])} (allowed difference {_fmt(allowed)})"
    return ("passed" if ok else "failed"), detail, cells


def check_share(params: dict[str, Any], store: CellStore) -> Outcome:
    counts, shares = store.select(params["counts"]), store.select(params["shares"])
    if not counts or len(counts) != len(shares):
        return "skipped", f"{len(counts)} counts for {len(shares)} shares", []
    total = sum((c.value for c in counts), Decimal(0))
    if total == 0:
        return "skipped", "counts sum to zero", []
    allowed = Decimal(str(params.get("tolerance", 1)))
    off = []
    for count, share in zip(counts, shares, strict=True):
        expected = _HUNDRED * count.value / total
        if abs(share.value - expected) > allowed:
            off.append((count, share, expected))
    if not off:
        return "passed", f"{len(shares)} shares within {_fmt(allowed)} point(s) of the counts", []
    detail = "; ".join(f"{s.key[1]}/{s.key[2]} {_fmt(s.value)} vs {_fmt(e)}" for _, s, e in off)
    return "failed", detail, [cell for c, s, _ in off for cell in (c, s)]


def check_cumulative(params: dict[str, Any], store: CellStore) -> Outcome:
    counts, cumulative = store.select(params["counts"]), store.select(params["cumulative"])
    if not counts or len(counts) != len(cumulative):
        return "skipped", f"{len(counts)} counts for {len(cumulative)} cumulative shares", []
    total = sum((c.value for c in counts), Decimal(0))
    allowed = Decimal(str(params.get("tolerance", 1)))
    problems, bad, running = [], [], Decimal(0)
    for index, (count, share) in enumerate(zip(counts, cumulative, strict=True)):
        running += count.value
        expected = _HUNDRED * running / total if total else Decimal(0)
        if index and share.value < cumulative[index - 1].value:
            problems.append(f"{share.key[2]} falls to {_fmt(share.value)}")
            bad.append(share)
        if abs(share.value - expected) > allowed:
            problems.append(f"{share.key[2]} {_fmt(share.value)} vs {_fmt(expected)} from counts")
            bad += [count, share]
    last = cumulative[-1]
    if abs(last.value - _HUNDRED) > last.error:
        problems.append(f"ends at {_fmt(last.value)}, not 100")
        bad.append(last)
    if problems:
        return "failed", "; ".join(problems), bad
    return "passed", f"{len(cumulative)} cumulative shares rise to 100 and match the counts", []


def check_plans_agree(params: dict[str, Any], store: CellStore) -> Outcome:
    """Annual plan vs quarterly plan: whole-year columns are cumulative, quarters sum to years."""
    annual = {c.key[2]: c for c in store.select(params["annual"])}
    quarterly = store.select(params["quarterly"])
    comparisons: list[tuple[str, list[Cell], list[Cell]]] = []
    by_year: dict[str, list[Cell]] = {}
    for cell in quarterly:
        column = cell.key[2]
        if re.fullmatch(r"\d{4}", column):
            up_to = [a for year, a in annual.items() if year.isdigit() and year <= column]
            comparisons.append((f"up to {column}", [cell], up_to))
        elif re.fullmatch(r"\d{4}-Q[1-4]", column):
            by_year.setdefault(column[:4], []).append(cell)
    for year, quarters in by_year.items():
        if len(quarters) == 4 and year in annual:
            comparisons.append((year, quarters, [annual[year]]))
    comparisons = [c for c in comparisons if c[2]]
    if not comparisons:
        return "skipped", "no year is in both plans", []
    details, bad = [], []
    for name, q_cells, a_cells in comparisons:
        q_sum = sum((c.value for c in q_cells), Decimal(0))
        a_sum = sum((c.value for c in a_cells), Decimal(0))
        allowed = _tolerance(params, [*q_cells, *a_cells], a_sum)
        ok = abs(q_sum - a_sum) <= allowed
        details.append(f"{name}: {_fmt(q_sum)} by quarter vs {_fmt(a_sum)} by year"
                       f"{'' if ok else ' (off)'}")
        if not ok:
            bad += [*q_cells, *a_cells]
    return ("failed" if bad else "passed"), "; ".join(details), bad


def check_at_most(params: dict[str, Any], store: CellStore) -> Outcome:
    cells = store.select(params["cells"])
    limit = _value_of(params["limit"], store)
    if not cells or limit is None:
        return "skipped", "cells not found", []
    over = [c for c in cells if c.value > limit[0]]
    if over:
        names = ", ".join(f"{c.key[1]} {_fmt(c.value)}" for c in over)
        return "failed", f"above {_fmt(limit[0])}: {names}", over
    return "passed", f"{len(cells)} values at most {_fmt(limit[0])}", []


def check_ratio(params: dict[str, Any], store: CellStore) -> Outcome:
    """a / b within [min, max]: a plausibility check where nothing adds up to anything."""
    a, b = _value_of(params["a"], store), _value_of(params["b"], store)
    if a is None or b is None or b[0] == 0:
        return "skipped", "cells not found", []
    ratio = a[0] / b[0]
    low, high = Decimal(str(params["min"])), Decimal(str(params["max"]))
    detail = f"{_fmt(a[0])} / {_fmt(b[0])} = {_fmt(ratio)}, expected {_fmt(low)} to {_fmt(high)}"
    ok = low <= ratio <= high
    return ("passed" if ok else "failed"), detail, [*a[1], *b[1]]


CHECK_KINDS: dict[str, Callable[[dict[str, Any], CellStore], Outcome]] = {
    "sum": check_sum,
    "equal": check_equal,
    "share": check_share,
    "cumulative": check_cumulative,
    "plans_agree": check_plans_agree,
    "at_most": check_at_most,
    "ratio": check_ratio,
}


def touches(check: CheckSpec, table_id: str) -> bool:
    """True when any selector of the check reads the table."""
    values = [check.for_each, *check.params.values()]
    return any(isinstance(v, str) and v.startswith(f"{table_id}:") for v in values)


def run_check(check: CheckSpec, store: CellStore, context: dict[str, str]) -> list[CheckResult]:
    """One result per binding of `for_each` (one result when there is none)."""
    kind = CHECK_KINDS.get(check.kind)
    if kind is None:
        return [CheckResult(check.rule, check.kind, "skipped", f"unknown kind {check.kind!r}")]
    if check.for_each:
        found = bindings(_fill(check.for_each, context), store)
        if not found:
            return [CheckResult(check.rule, check.kind, "skipped", "no cells to check")]
    else:
        found = [{}]
    tables = sorted({v.split(":")[0] for v in [check.for_each, *check.params.values()]
                     if isinstance(v, str) and v.count(":") == 2})
    results = []
    for binding in found:
        values = {**context, **binding}
        params = {key: _fill(value, values) for key, value in check.params.items()}
        if any(isinstance(v, str) and _PLACEHOLDER.search(v) for v in params.values()):
            results.append(CheckResult(check.rule, check.kind, "skipped",
                                       "a placeholder has no value in this edition"))
            continue
        status, detail, cells = kind(params, store)
        label = ", ".join(f"{k}={v}" for k, v in binding.items())
        results.append(CheckResult(
            rule=check.rule,
            kind=check.kind,
            status=status,
            detail=f"[{label}] {detail}" if label else detail,
            cells=[c.key for c in cells] if status == "failed" else [],
            tables=tables,
        ))
    return results


def run_checks(
    checks: Iterable[CheckSpec], store: CellStore, context: dict[str, str]
) -> list[CheckResult]:
    return [result for check in checks for result in run_check(check, store, context)]
