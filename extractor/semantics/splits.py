"""Choosing among number splits by the checks.

A row read by its lines whose numbers split into the columns more than one way
(`Valider AS 27 734 000`: 27 | 734 000 or 27 734 | 000) keeps every split
(values.py); here each combination of the table's ambiguous rows is scored by the checks
that read the table, and the one with the fewest failures is taken. A split that is not
the only one to pass is flagged ambiguous_split.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..checks import CellStore, CellValue, run_checks, touches
from ..model import CheckStatus, ExtractedTable, Fact
from ..model.spec import CheckSpec, TableSpec
from .observations import grid_observations, row_keys
from .table_parse import TableParse

# Rows with several possible splits: at most this many combinations are tried.
_MAX_COMBINATIONS = 4096


def cell_store(tables: Sequence[ExtractedTable], facts: Sequence[Fact]) -> CellStore:
    """Every value of the tables and every fact, as the checks read them."""
    # A total the spec does not know ("Sum" under "Totalt") is no part: summed with the
    # parts it would count them twice and flag every correct value.
    cells = [CellValue(o.key, o.value, o.rounding_unit) for t in tables for o in t.observations
             if "unmatched_total" not in o.flags]
    cells += [CellValue(("facts", f.name, "value"), f.value, f.rounding_unit) for f in facts]
    return CellStore(cells)


def resolve_splits(
    table: ExtractedTable, table_spec: TableSpec, parse: TableParse,
    tables: Sequence[ExtractedTable], facts: Sequence[Fact],
    checks: Sequence[CheckSpec], context: dict[str, str],
) -> None:
    """Pick, for rows whose numbers split several ways, the splits the checks accept."""
    ambiguous = [i for i, row in enumerate(parse.rows)
                 if len(row.alternatives) > 1 or not row.complete]
    if not ambiguous:
        return
    relevant = [c for c in checks if touches(c, table.id)]
    others = [t for t in tables if t.id != table.id]
    scored = []
    options = (range(len(parse.rows[i].alternatives)) for i in ambiguous)
    for combination in itertools.islice(itertools.product(*options), _MAX_COMBINATIONS):
        choice = [0] * len(parse.rows)
        for index, alternative in zip(ambiguous, combination, strict=True):
            choice[index] = alternative
        observations = grid_observations(table_spec, parse, choice)
        trial = ExtractedTable(table.id, table.status, observations=observations)
        results = run_checks(relevant, cell_store([*others, trial], facts), context)
        failed = sum(r.status == CheckStatus.FAILED for r in results)
        scored.append((failed, choice, observations, [r.rule for r in results]))
    best_failed = min(s[0] for s in scored)
    best = [s for s in scored if s[0] == best_failed]
    _, choice, observations, rules = best[0]
    table.observations = observations
    rows = ", ".join(repr(parse.rows[i].value_line.text.strip()) for i in ambiguous)
    if best_failed == 0 and len(best) == 1 and all(parse.rows[i].complete for i in ambiguous):
        table.notes.append(f"numbers of {rows} split the only way that passes "
                           f"{', '.join(sorted(set(rules)))}")
        return
    table.notes.append(f"numbers of {rows} could split several ways; no split is confirmed "
                       "by the checks: flagged ambiguous_split")
    ambiguous_keys = {key for i, (key, _) in enumerate(row_keys(parse)) if i in ambiguous}
    for obs in table.observations:
        if obs.row in ambiguous_keys:
            obs.add_flag("ambiguous_split")
