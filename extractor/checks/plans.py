"""Checks of the installation plans: `cumulative` (running shares rise to 100 and match the
counts) and `plans_agree` (the annual plan against the quarterly one)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .cells import CellStore, CellValue, Outcome
from .tolerance import HUNDRED, fmt, tolerance


def check_cumulative(params: dict[str, Any], store: CellStore) -> Outcome:
    counts, cumulative = store.select(params["counts"]), store.select(params["cumulative"])
    if not counts or len(counts) != len(cumulative):
        return "skipped", f"{len(counts)} counts for {len(cumulative)} cumulative shares", []
    total = sum((c.value for c in counts), Decimal(0))
    allowed = Decimal(str(params.get("tolerance", 1)))
    problems, bad, running = [], [], Decimal(0)
    for index, (count, share) in enumerate(zip(counts, cumulative, strict=True)):
        running += count.value
        expected = HUNDRED * running / total if total else Decimal(0)
        if index and share.value < cumulative[index - 1].value:
            problems.append(f"{share.key[2]} falls to {fmt(share.value)}")
            bad.append(share)
        if abs(share.value - expected) > allowed:
            problems.append(f"{share.key[2]} {fmt(share.value)} vs {fmt(expected)} from counts")
            bad += [count, share]
    last = cumulative[-1]
    if abs(last.value - HUNDRED) > last.error:
        problems.append(f"ends at {fmt(last.value)}, not 100")
        bad.append(last)
    if problems:
        return "failed", "; ".join(problems), bad
    return "passed", f"{len(cumulative)} cumulative shares rise to 100 and match the counts", []


def check_plans_agree(params: dict[str, Any], store: CellStore) -> Outcome:
    """Annual plan vs quarterly plan: whole-year columns are cumulative, quarters sum to years."""
    annual = {c.key[2]: c for c in store.select(params["annual"])}
    quarterly = store.select(params["quarterly"])
    comparisons: list[tuple[str, list[CellValue], list[CellValue]]] = []
    by_year: dict[str, list[CellValue]] = {}
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
    details, bad, vouched = [], [], set()
    for name, q_cells, a_cells in comparisons:
        q_sum = sum((c.value for c in q_cells), Decimal(0))
        a_sum = sum((c.value for c in a_cells), Decimal(0))
        allowed = tolerance(params, [*q_cells, *a_cells], a_sum)
        ok = abs(q_sum - a_sum) <= allowed
        details.append(f"{name}: {fmt(q_sum)} by quarter vs {fmt(a_sum)} by year"
                       f"{'' if ok else ' (off)'}")
        if ok:
            vouched |= {c.key for c in [*q_cells, *a_cells]}
        else:
            bad += [*q_cells, *a_cells]
    return ("failed" if bad else "passed"), "; ".join(details), _disagreeing(bad, vouched)


def _disagreeing(cells: list[CellValue], vouched: set[tuple[str, str, str]]
                 ) -> list[CellValue]:
    """The cells of the comparisons that failed, less those a passing comparison vouches
    for: a sum that is off cannot say which part is wrong, but a year whose own
    comparison agrees is not it ("up to 2019" off, "up to 2018" right: 2019 is flagged,
    not 2016-2018). When every cell is vouched for, all are flagged: the failure stays
    visible."""
    left = [cell for cell in cells if cell.key not in vouched]
    return left or cells
