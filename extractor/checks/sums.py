"""The `sum` check: parts add up to their total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .cells import CellStore, Outcome, value_of
from .tolerance import fmt, tolerance


def check_sum(params: dict[str, Any], store: CellStore) -> Outcome:
    total = value_of(params["total"], store)
    parts = store.select(params["parts"])
    if total is not None:
        parts = [cell for cell in parts if cell not in total[1]]
    if not parts or total is None:
        return "skipped", "cells not found", []
    target, total_cells = total
    got = sum((c.value for c in parts), Decimal(0))
    allowed = tolerance(params, [*parts, *total_cells], target)
    detail = f"sum {fmt(got)} vs {fmt(target)} (difference {fmt(got - target)}, " \
             f"allowed {fmt(allowed)})"
    ok = abs(got - target) <= allowed
    return ("passed" if ok else "failed"), detail, [*parts, *total_cells]
