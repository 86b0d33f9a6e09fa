"""A reviewer's corrections applied to the values one run read.

A decision is applied only to the value it was made on: the edition's value at its key,
read as the machine read it then (`machine_value`, where the file gives it). Otherwise it
is a warning and the machine's value stands with its flags: a reviewer looks again.
Applied, the value gets the flag `corrected` (its value replaced, the machine's kept in
`machine_value`) or `confirmed`, and `source` "review"; the machine's other flags stay,
so one still sees what the reading was. The checks are run again after this
(pipeline.with_corrections): a corrected value is checked like a read one.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ExtractedTable, ReportWarning
from ..model.results import format_value
from ..model.review import Correction, CorrectionOutcome, Review


def apply_corrections(tables: Sequence[ExtractedTable], edition_id: str,
                      corrections: Sequence[Correction]
                      ) -> tuple[list[CorrectionOutcome], list[ReportWarning]]:
    """Apply the corrections of edition `edition_id` to the tables' values, in place;
    what became of each, and a warning for each one not applied."""
    by_key = {obs.key: obs for table in tables for obs in table.observations}
    outcomes, warnings = [], []
    for correction in (c for c in corrections if c.edition == edition_id):
        obs = by_key.get(correction.key)
        where = f"{correction.file} line {correction.line}: {'/'.join(correction.key)}"
        if obs is None:
            outcomes.append(CorrectionOutcome(correction, "unmatched", None))
            warnings.append(ReportWarning(
                "correction_unmatched", f"{where} was not read in this edition; the "
                "correction was not applied"))
            continue
        if correction.machine_value is not None and obs.value != correction.machine_value:
            outcomes.append(CorrectionOutcome(correction, "stale", obs.value))
            warnings.append(ReportWarning(
                "correction_stale", f"{where} now reads {format_value(obs.value)}, the "
                f"correction was made when it read {format_value(correction.machine_value)}; "
                "not applied: review it again", obs.line, obs.page))
            continue
        read = obs.value
        action = ("confirmed" if correction.value is None or correction.value == read
                  else "corrected")
        if action == "corrected":
            obs.machine_value, obs.value = read, correction.value
        obs.review = Review(action, correction.reviewer, correction.reviewed_at,
                            correction.reason, correction.file, correction.line)
        obs.add_flag(action)
        outcomes.append(CorrectionOutcome(correction, action, read))
    return outcomes, warnings
