"""The `share` check: percentages match the counts they are shares of."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .cells import CellStore, Outcome
from .tolerance import HUNDRED, fmt


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
        expected = HUNDRED * count.value / total
        if abs(share.value - expected) > allowed:
            off.append((count, share, expected))
    if not off:
        return "passed", f"{len(shares)} shares within {fmt(allowed)} point(s) of the counts", []
    detail = "; ".join(f"{s.key[1]}/{s.key[2]} {fmt(s.value)} vs {fmt(e)}" for _, s, e in off)
    return "failed", detail, [cell for c, s, _ in off for cell in (c, s)]
