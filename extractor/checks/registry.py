"""The check kinds by name: a spec's `kind = "sum"` looks its function up here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .cells import CellStore, Outcome
from .comparisons import check_at_most, check_equal, check_ratio
from .plans import check_cumulative, check_plans_agree
from .shares import check_share
from .sums import check_sum

CheckKind = Callable[[dict[str, Any], CellStore], Outcome]

CHECK_KINDS: dict[str, CheckKind] = {
    "sum": check_sum,
    "equal": check_equal,
    "share": check_share,
    "cumulative": check_cumulative,
    "plans_agree": check_plans_agree,
    "at_most": check_at_most,
    "ratio": check_ratio,
}
