"""The result of one extraction, as the Python API returns it: an `Extraction`
(model/extraction.py) with pandas views and `write()`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .model.extraction import Extraction, UnmatchedLabel
from .model.results import OBSERVATION_COLUMNS
from .model.wide import wide_table

if TYPE_CHECKING:  # pandas costs a third of the command line's start-up: loaded when asked
    import pandas as pd

__all__ = ["Report", "UnmatchedLabel"]


class Report(Extraction):
    """One extraction (see `Extraction`): its tables as pandas DataFrames, and `write()`."""

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

        wide = wide_table(self.table(table_id))
        rows: list[dict[str, object]] = []
        for index, row in enumerate(wide.rows):
            entry: dict[str, object] = {"row": row.key, "label": row.label}
            for column, obs in wide.row_values(index).items():
                entry[wide.columns[column]] = float(obs.value)
            rows.append(entry)
        return pd.DataFrame(rows, columns=["row", "label", *wide.columns])

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table found in the document, wide, as a pandas DataFrame."""
        return {t.id: self.table_frame(t.id) for t in self.extracted if t.found}

    def write(self, outdir: str | Path, *, force: bool = False) -> Path:
        """Write observations.csv, report.json, tables/ and datapackage.json atomically."""
        from .outputs.files import write_report

        return write_report(self, Path(outdir), force=force)
