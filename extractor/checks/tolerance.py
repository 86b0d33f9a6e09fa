"""What every check kind shares: the difference a comparison allows, and numbers as a
check's detail prints them.

Tolerances default to rounding: half the last printed digit of every value involved
("1,2 mill." may be 1 150 000 to 1 250 000).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .cells import CellValue

HUNDRED = Decimal(100)


def tolerance(params: dict[str, Any], cells: Sequence[CellValue], target: Decimal) -> Decimal:
    """The allowed difference: the cells' rounding (or the check's `tolerance`), plus
    `relative` times the target."""
    allowed_by = params.get("tolerance", "rounding")
    if allowed_by == "rounding":
        allowed = sum((c.error for c in cells), Decimal(0))
    else:
        allowed = Decimal(str(allowed_by))
    return allowed + Decimal(str(params.get("relative", 0))) * abs(target)


def fmt(value: Decimal) -> str:
    if value == value.to_integral():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:.2f}".rstrip("0").rstrip(".")
