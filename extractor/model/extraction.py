"""What one extraction found, as plain data: the document read, its edition, every spec
table with its values, the facts, checks and warnings.

The outputs (`outputs/`) write an `Extraction`; the Python API's `Report` (report.py)
is one, with pandas views and `write()` on top. Its rows of observations.csv, as strings,
are made here once, for every output that shows them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from .document import Document, Source
from .results import (
    CheckResult,
    Edition,
    ExtractedTable,
    Fact,
    Observation,
    ReportWarning,
    format_value,
)
from .review import CorrectionOutcome, CorrectionsFile
from .spec import SpecFile


@dataclass
class UnmatchedLabel:
    table: str
    label: str
    closest_key: str | None
    closest_label: str | None
    score: float
    line: int
    page: int | None = None


@dataclass
class Extraction:
    document: Document  # what was read: lines, pages, OCR settings
    edition: Edition
    spec_name: str
    spec_version: str
    extracted: list[ExtractedTable]  # every spec table, found or missing, with provenance
    facts: list[Fact] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    unmatched: list[UnmatchedLabel] = field(default_factory=list)
    spec_files: tuple[SpecFile, ...] = ()  # a user's spec files that extend the built-in one
    corrections: list[CorrectionOutcome] = field(default_factory=list)  # of this edition
    correction_files: tuple[CorrectionsFile, ...] = ()  # the files they were read from

    @property
    def source(self) -> Source:
        return self.document.source

    @property
    def edition_id(self) -> str:
        """The value of the `edition` column: "2016-06"."""
        return self.edition.id

    @property
    def observations(self) -> list[Observation]:
        return [obs for table in self.extracted for obs in table.observations]

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status == "failed"]

    def table(self, table_id: str) -> ExtractedTable:
        """The spec table `table_id` as found (StopIteration when the spec has none)."""
        return next(t for t in self.extracted if t.id == table_id)

    def observation_rows(self) -> list[dict[str, str]]:
        """observations.csv as strings, in output order."""
        return [
            {
                "edition": self.edition_id,
                "table": obs.table,
                "row": obs.row,
                "column": obs.column,
                "value": format_value(obs.value),
                "unit": obs.unit,
                "raw": obs.raw,
                "page": "" if obs.page is None else str(obs.page),
                "line": str(obs.line),
                "confidence": f"{obs.confidence:.3g}",
                "flags": ";".join(obs.flags),
                "period_start": self.edition.period_start or "",
                "period_end": self.edition.period_end or "",
                "period_text": self.edition.period_text or "",
                "source": obs.source,
                "machine_value": ("" if obs.machine_value is None
                                  else format_value(obs.machine_value)),
                "reviewer": obs.review.reviewer if obs.review else "",
                "reviewed_at": obs.review.reviewed_at if obs.review else "",
                "review_reason": obs.review.reason if obs.review else "",
                "needs_review": "true" if obs.severity == "severe" else "false",
                "measure": obs.measure,
            }
            for obs in self.observations
        ]

    def unreviewed(self, flags: Collection[str]) -> dict[str, int]:
        """Of `flags` (GATE_FLAGS), how many values carry each and no reviewer decided on
        (`missing`: the values a table read lacks), those with any; for --fail-on."""
        counts = {flag: sum(obs.review is None and obs.carries(flag)
                            for obs in self.observations) for flag in flags if flag != "missing"}
        if "missing" in flags:
            counts["missing"] = sum(w.code == "missing_value" for w in self.warnings)
        return {flag: n for flag, n in counts.items() if n}

    def summary(self) -> dict[str, int]:
        statuses = [c.status for c in self.checks]
        return {
            "tables_found": sum(t.found for t in self.extracted),
            "tables_expected": sum(t.status != "not_expected" for t in self.extracted),
            "values": len(self.observations),
            "checks_passed": statuses.count("passed"),
            "checks_failed": statuses.count("failed"),
            "checks_skipped": statuses.count("skipped"),
            "warnings": len(self.warnings),
            "flagged_values": sum(bool(obs.flags) for obs in self.observations),
        }
