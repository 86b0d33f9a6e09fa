"""What the reading and the checks leave on values and in the warnings:

    unmatched_labels        printed rows whose label matched no row of the spec
    flag_failures           check_failed:<rule> on the values a failed check read
    skipped_check_warnings  one warning per rule the checks could not run
    flag_low_confidence     low_confidence on values read below LOW_CONFIDENCE
    missing_value_warnings  one warning per value a table read should hold and does not
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import CheckResult, CheckStatus, ExtractedTable, ReportWarning, TableStatus
from ..model.extraction import UnmatchedLabel
from ..model.spec import ReportSpec
from .labels import clean_label
from .table_parse import TableParse

# Below this word confidence (0–1) a value is flagged low_confidence. Text layers are 1.
# Measured on the scanned sample: every correct value read at 0.82 or more, the one
# misread value ("(39%)" for "(9%)") at 0.67.
LOW_CONFIDENCE = 0.75


def unmatched_labels(parses: Mapping[str, TableParse]) -> list[UnmatchedLabel]:
    """Every printed row, table by table, whose label matched no row of the spec."""
    return [
        UnmatchedLabel(table_id, clean_label(r.label), r.match.closest_key,
                       r.match.closest_alias, round(r.match.score, 1), r.value_line.number,
                       r.value_line.page)
        for table_id, parse in parses.items() for r in parse.rows if r.match.key is None
    ]


def unmatched_label_warnings(unmatched: Sequence[UnmatchedLabel]) -> list[ReportWarning]:
    return [ReportWarning("unmatched_label", f"{u.table}: no known row for {u.label!r} "
                          f"(closest: {u.closest_label!r}, score {u.score:.0f})", u.line, u.page)
            for u in unmatched]


def flag_failures(tables: Sequence[ExtractedTable], results: Sequence[CheckResult]) -> None:
    by_key = {o.key: o for t in tables for o in t.observations}
    for result in results:
        for key in result.cells:
            if key in by_key:
                by_key[key].add_flag(f"check_failed:{result.rule}")


def skipped_check_warnings(results: Sequence[CheckResult],
                           tables: Sequence[ExtractedTable]) -> list[ReportWarning]:
    """A warning per skipped rule (its `for_each` results together), unless the check reads
    a table this edition does not print."""
    not_expected = {t.id for t in tables if t.status == TableStatus.NOT_EXPECTED}
    skipped: dict[str, list[str]] = {}
    for result in results:
        if result.status == CheckStatus.SKIPPED and not not_expected.intersection(result.tables):
            skipped.setdefault(result.rule, []).append(result.detail)
    return [ReportWarning("check_skipped", f"{rule}: {details[0]}"
                          + (f" (and {len(details) - 1} more of this rule)" if len(details) > 1
                             else ""))
            for rule, details in skipped.items()]


def flag_low_confidence(tables: Sequence[ExtractedTable]) -> None:
    for obs in (o for t in tables for o in t.observations):
        if obs.confidence < LOW_CONFIDENCE:
            obs.add_flag("low_confidence")


def missing_value_warnings(tables: Sequence[ExtractedTable], spec: ReportSpec,
                           edition_id: str) -> list[ReportWarning]:
    """A warning per value a table read lacks: a row of the spec that the edition prints
    (`since`/`until`) in a column the table printed. The editions print each row of
    their tables (all the goldens hold every one), so a hole is a value lost in reading
    (a scan's row OCR could not place), and checks that need it are skipped. On the
    table's title line, so the review lists it in page order."""
    warnings = []
    for table in tables:
        if table.status != TableStatus.EXTRACTED:
            continue
        read = {(obs.row, obs.column) for obs in table.observations}
        title = table.source_lines[0] if table.source_lines else None
        for row in spec.table(table.id).rows:
            if not row.expected_in(edition_id):
                continue
            for column in table.columns:
                if (row.key, column) not in read:
                    warnings.append(ReportWarning(
                        "missing_value", f"{table.id}/{row.key}/{column}: no value was read "
                        "(the table prints this row); a value to find on the page",
                        title.number if title else None, title.page if title else None,
                        (table.id, row.key, column)))
    return warnings
