"""Charts drawn from the extracted values: the installation plan and metering points.
A value with a flag no reviewer decided on is outlined (bars) or ringed (points) in red;
a running total among a year's values (measure cumulative) is hatched.

matplotlib with the Agg backend, written as SVG with fixed ids and no date,
so the same values give the same bytes. Used by the review page and by
`extract --plots`. Which values each chart draws is the spec's (`[[plots]]`).
"""

from __future__ import annotations

import io
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from ..model import Observation
from ..model.spec import ReportSpec

if TYPE_CHECKING:  # types only: the report is passed in
    from ..report import Report

PLOT_NAMES = ("installation_plan", "metering_points_by_category")
FLAGGED = "#d62728"  # a value with a flag no reviewer decided on: outlined or ringed red


def _unreviewed(obs: Observation) -> bool:
    return bool(obs.flags) and obs.review is None


def _cells(report: Report, table_id: str) -> list[Observation]:
    table = next((t for t in report.extracted if t.id == table_id), None)
    return table.observations if table is not None else []


def _series(report: Report, spec: ReportSpec | None, plot: str, role: str
            ) -> list[Observation]:
    """The values of one series of a plot of the spec (None: the built-in spec's), in order,
    without its rows left out."""
    if spec is None:
        from ..spec import load_spec

        spec = load_spec()
    found = spec.plot(plot)
    selector = found.selector(role) if found is not None else None
    if selector is None:
        return []
    table_id, rows, columns = selector
    return [o for o in _cells(report, table_id)
            if any(fnmatchcase(o.row, pattern) for pattern in rows.split(","))
            and any(fnmatchcase(o.column, pattern) for pattern in columns.split(","))
            and o.row not in found.leave_out]


def svg(figure) -> str:
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


def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "ams-extract"  # stable element ids
    import matplotlib.pyplot as plt

    return plt


def installation_plansvg(report: Report, spec: ReportSpec | None = None) -> str | None:
    figure = installation_plan_figure(report, spec)
    return svg(figure) if figure is not None else None


def metering_pointssvg(report: Report, spec: ReportSpec | None = None) -> str | None:
    figure = metering_points_figure(report, spec)
    return svg(figure) if figure is not None else None


def installation_plan_figure(report: Report, spec: ReportSpec | None = None):
    """Meters installed per year (bars) beside the cumulative quarterly plan (line, %)."""
    annual_cells = _series(report, spec, "installation_plan", "annual")
    quarterly_cells = _series(report, spec, "installation_plan", "quarterly")
    annual = [(o.column, float(o.value)) for o in annual_cells]
    quarterly = [(o.column, float(o.value)) for o in quarterly_cells]
    if not annual and not quarterly:
        return None
    plt = pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    if annual:
        bars = left.bar([year for year, _ in annual], [v / 1000 for _, v in annual],
                        color="#4c72b0")
        for bar, obs in zip(bars, annual_cells, strict=True):
            if obs.measure == "cumulative":  # a running total, not the year's own
                bar.set_hatch("..")
                bar.set_facecolor("#a6bddb")
            if _unreviewed(obs):
                bar.set_edgecolor(FLAGGED)
                bar.set_linewidth(2)
        if any(obs.measure == "cumulative" for obs in annual_cells):
            left.bar([], [], hatch="..", facecolor="#a6bddb", label="running total")
            left.legend(fontsize="small")
        left.set_title("Meters installed per year (annual plan)")
        left.set_ylabel("thousand meters")
    if quarterly:
        right.plot([q for q, _ in quarterly], [v for _, v in quarterly], marker="o",
                   color="#dd8452")
        flagged = [(q, v) for (q, v), obs in zip(quarterly, quarterly_cells, strict=True)
                   if _unreviewed(obs)]
        if flagged:
            right.plot([q for q, _ in flagged], [v for _, v in flagged], marker="o",
                       markersize=13, fillstyle="none", color=FLAGGED, linestyle="none")
        right.set_ylim(0, 105)
        right.set_title("Cumulative share completed (quarterly plan)")
        right.set_ylabel("%")
        right.tick_params(axis="x", labelrotation=45)
    figure.suptitle(f"Installation plan, edition {report.edition_id}", y=1.03)
    return figure


def metering_points_figure(report: Report, spec: ReportSpec | None = None):
    """Metering points per customer category, the total left out."""
    categories = [(o.row, float(o.value))
                  for o in _series(report, spec, "metering_points_by_category", "categories")]
    if not categories:
        return None
    plt = pyplot()
    figure, axis = plt.subplots(figsize=(8, 3.2))
    cells = _series(report, spec, "metering_points_by_category", "categories")
    bars = axis.barh([name for name, _ in categories], [v / 1000 for _, v in categories],
                     color="#55a868")
    for bar, obs in zip(bars, cells, strict=True):
        if _unreviewed(obs):
            bar.set_edgecolor(FLAGGED)
            bar.set_linewidth(2)
    axis.invert_yaxis()
    axis.set_xlabel("thousand metering points")
    axis.set_title(f"Metering points per customer category, edition {report.edition_id}")
    return figure


def render_plots(report: Report, spec: ReportSpec | None = None) -> dict[str, str]:
    """{name: svg} for every chart the report has values for (the values the spec's plots
    name; None: the built-in spec's)."""
    drawn = {
        "installation_plan": installation_plansvg(report, spec),
        "metering_points_by_category": metering_pointssvg(report, spec),
    }
    return {name: svg for name, svg in drawn.items() if svg is not None}
