"""Checks: the numbers of a report tested against each other, as the spec declares.

    cells.py        the values a check reads (`CellValue`, `CellStore`) and its selectors
    tolerance.py    the difference a comparison allows; numbers as details print them
    sums.py         sum
    shares.py       share
    plans.py        cumulative, plans_agree
    comparisons.py  equal, at_most, ratio
    registry.py     CHECK_KINDS: each kind by the name a spec gives it
    run.py          run_check, run_checks, touches

A check reads cells through selectors ("table:rows:columns", comma lists or
globs) from a `CellStore`, so it never sees how the cells were extracted.
Tolerances default to rounding: half the last printed digit of every value
involved ("1,2 mill." may be 1 150 000 to 1 250 000).
"""

from .cells import CellKey, CellStore, CellValue, Outcome, bindings
from .comparisons import check_at_most, check_equal, check_ratio
from .plans import check_cumulative, check_plans_agree
from .registry import CHECK_KINDS, CheckKind
from .run import run_check, run_checks, touches
from .shares import check_share
from .sums import check_sum

__all__ = [
    "CHECK_KINDS",
    "CellKey",
    "CellStore",
    "CellValue",
    "CheckKind",
    "Outcome",
    "bindings",
    "check_at_most",
    "check_cumulative",
    "check_equal",
    "check_plans_agree",
    "check_ratio",
    "check_share",
    "check_sum",
    "run_check",
    "run_checks",
    "touches",
]
