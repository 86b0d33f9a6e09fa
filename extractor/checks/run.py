"""Running the spec's checks: each bound to the cells its `for_each` finds, each a result."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import CheckResult
from ..model.spec import CheckSpec
from .cells import PLACEHOLDER, CellStore, bindings, fill
from .registry import CHECK_KINDS


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
        found = bindings(fill(check.for_each, context), store)
        if not found:
            return [CheckResult(check.rule, check.kind, "skipped", "no cells to check")]
    else:
        found = [{}]
    tables = sorted({v.split(":")[0] for v in [check.for_each, *check.params.values()]
                     if isinstance(v, str) and v.count(":") == 2})
    results = []
    for binding in found:
        values = {**context, **binding}
        params = {key: fill(value, values) for key, value in check.params.items()}
        if any(isinstance(v, str) and PLACEHOLDER.search(v) for v in params.values()):
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
