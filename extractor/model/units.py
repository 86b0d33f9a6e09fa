"""The contract's units, in one list: what each means, how it is counted, how it is shown.

Every stage that treats a unit specially reads it here: exact counts (a count printed as a
plain integer is exact, so a check allows no rounding), shares (a value over 100 % is an
OCR misread; a "(x 1000)" header never scales one), the datapackage's descriptions and the
workbook's number formats. A unit not listed is a plain number with no special meaning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    description: str  # the datapackage's words for it
    excel_format: str  # the workbook's number format: the unit shown, the value a number
    count: bool = False  # whole things: printed as a plain integer, exact
    share: bool = False  # a percentage, 0 to 100


UNITS: dict[str, Unit] = {
    "metering_points": Unit("count of metering points", "#,##0", count=True),
    "meters": Unit("count of meters", "#,##0", count=True),
    "companies": Unit("count of grid companies", "#,##0", count=True),
    "NOK": Unit("Norwegian kroner", '#,##0" kr"'),
    # General, not 0.##: Excel shows 50 as "50 %", never "50. %".
    "percent": Unit("percentage points (18 means 18 %)", 'General" %"', share=True),
}


def is_count(unit: str | None) -> bool:
    return unit in UNITS and UNITS[unit].count


def is_share(unit: str | None) -> bool:
    return unit in UNITS and UNITS[unit].share
