"""Checks of one value against another: `equal`, `at_most` and `ratio`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .cells import CellStore, Outcome, value_of
from .tolerance import fmt, tolerance


def check_equal(params: dict[str, Any], store: CellStore) -> Outcome:
    a, b = value_of(params["a"], store), value_of(params["b"], store)
    if a is None or b is None:
        return "skipped", "cells not found", []
    cells = [*a[1], *b[1]]
    allowed = tolerance(params, cells, b[0])
    ok = abs(a[0] - b[0]) <= allowed
    detail = f"{fmt(a[0])} vs {fmt(b[0])} (allowed difference {fmt(allowed)})"
    return ("passed" if ok else "failed"), detail, cells


def check_at_most(params: dict[str, Any], store: CellStore) -> Outcome:
    cells = store.select(params["cells"])
    limit = value_of(params["limit"], store)
    if not cells or limit is None:
        return "skipped", "cells not found", []
    over = [c for c in cells if c.value > limit[0]]
    if over:
        names = ", ".join(f"{c.key[1]} {fmt(c.value)}" for c in over)
        return "failed", f"above {fmt(limit[0])}: {names}", over
    return "passed", f"{len(cells)} values at most {fmt(limit[0])}", []


def check_ratio(params: dict[str, Any], store: CellStore) -> Outcome:
    """a / b within [min, max]: a plausibility check where nothing adds up to anything."""
    a, b = value_of(params["a"], store), value_of(params["b"], store)
    if a is None or b is None or b[0] == 0:
        return "skipped", "cells not found", []
    ratio = a[0] / b[0]
    low, high = Decimal(str(params["min"])), Decimal(str(params["max"]))
    detail = f"{fmt(a[0])} / {fmt(b[0])} = {fmt(ratio)}, expected {fmt(low)} to {fmt(high)}"
    ok = low <= ratio <= high
    return ("passed" if ok else "failed"), detail, [*a[1], *b[1]]
