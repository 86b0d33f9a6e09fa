"""The result of one extraction, as the Python API returns it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import (
    CheckResult,
    Document,
    Edition,
    ExtractedTable,
    Fact,
    Observation,
    ReportWarning,
    Source,
)
from .model.results import OBSERVATION_COLUMNS, format_value
from .model.spec import SpecFile

if TYPE_CHECKING:  # pandas costs a third of the command line's start-up: loaded when asked
    import pandas as pd

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
class Report:
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
            }
            for obs in self.observations
        ]

    def to_dataframe(self) -> pd.DataFrame:
        """The tidy observations, values as floats."""
        import pandas as pd

        frame = pd.DataFrame(self.observation_rows(), columns=list(OBSERVATION_COLUMNS))
        frame["value"] = pd.to_numeric(frame["value"])
        frame["line"] = pd.to_numeric(frame["line"])
        frame["page"] = pd.to_numeric(frame["page"]).astype("Int64")
        frame["confidence"] = pd.to_numeric(frame["confidence"])
        for column in ("period_start", "period_end"):
            frame[column] = pd.to_datetime(frame[column].replace("", None))
        return frame

    def table_frame(self, table_id: str) -> pd.DataFrame:
        """One table wide, as printed: row, label, then a column per column key."""
        import pandas as pd

        table = next(t for t in self.extracted if t.id == table_id)
        rows: dict[str, dict[str, object]] = {}
        for obs in table.observations:
            entry = rows.setdefault(obs.row, {"row": obs.row, "label": obs.label})
            entry[obs.column] = float(obs.value)
        return pd.DataFrame(list(rows.values()), columns=["row", "label", *table.columns])

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table found in the document, wide, as a pandas DataFrame."""
        return {t.id: self.table_frame(t.id) for t in self.extracted if t.found}

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

    def write(self, outdir: str | Path, *, force: bool = False) -> Path:
        """Write observations.csv, report.json, tables/ and datapackage.json atomically."""
        from .outputs.files import write_report

        return write_report(self, Path(outdir), force=force)
