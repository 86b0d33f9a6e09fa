"""Charts drawn from the extracted values: the installation plan and metering points.

matplotlib with the Agg backend, written as SVG with fixed ids and no date,
so the same values give the same bytes. Used by the review page and by
`extract --plots`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..model import Observation

if TYPE_CHECKING:  # types only: the report is passed in
    from ..report import Report

PLOT_NAMES = ("installation_plan", "metering_points_by_category")


def _cells(report: Report, table_id: str) -> list[Observation]:
    table = next((t for t in report.extracted if t.id == table_id), None)
    return table.observations if table is not None else []


def _values(report: Report, table_id: str, row: str) -> list[tuple[str, float]]:
    """(column, value) of one row."""
    return [(o.column, float(o.value)) for o in _cells(report, table_id) if o.row == row]


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def png(figure, dpi: int = 100) -> bytes:
    """A figure as PNG bytes (for documentation images)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "ams-extract"  # stable element ids
    import matplotlib.pyplot as plt

    return plt


def installation_plan_svg(report: Report) -> str | None:
    figure = installation_plan_figure(report)
    return _svg(figure) if figure is not None else None


def metering_points_svg(report: Report) -> str | None:
    figure = metering_points_figure(report)
    return _svg(figure) if figure is not None else None


def installation_plan_figure(report: Report):
    """Meters installed per year (bars) beside the cumulative quarterly plan (line, %)."""
    annual = _values(report, "annual_installation_plan", "meters_installed")
    quarterly = _values(report, "quarterly_installation_plan", "cumulative_completed_pct")
    if not annual and not quarterly:
        return None
    plt = _pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    if annual:
        left.bar([year for year, _ in annual], [v / 1000 for _, v in annual], color="#4c72b0")
        left.set_title("Meters installed per year (annual plan)")
        left.set_ylabel("thousand meters")
    if quarterly:
        right.plot([q for q, _ in quarterly], [v for _, v in quarterly], marker="o",
                   color="#dd8452")
        right.set_ylim(0, 105)
        right.set_title("Cumulative share completed (quarterly plan)")
        right.set_ylabel("%")
        right.tick_params(axis="x", labelrotation=45)
    figure.suptitle(f"Installation plan, edition {report.edition_id}", y=1.03)
    return figure


def metering_points_figure(report: Report):
    """Metering points per customer category, the total left out."""
    categories = [(o.row, float(o.value)) for o in _cells(report, "metering_points_by_category")
                  if o.row != "total"]
    if not categories:
        return None
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(8, 3.2))
    axis.barh([name for name, _ in categories], [v / 1000 for _, v in categories],
              color="#55a868")
    axis.invert_yaxis()
    axis.set_xlabel("thousand metering points")
    axis.set_title(f"Metering points per customer category, edition {report.edition_id}")
    return figure


def render_plots(report: Report) -> dict[str, str]:
    """{name: svg} for every chart the report has values for."""
    drawn = {
        "installation_plan": installation_plan_svg(report),
        "metering_points_by_category": metering_points_svg(report),
    }
    return {name: svg for name, svg in drawn.items() if svg is not None}
