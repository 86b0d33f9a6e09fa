"""ams-extract: the tables of NVE's smart-meter (AMS) status reports as clean, checked data.

    from extractor import extract
    report = extract("samples/nve-ams-status-2016h1.txt")
    report.tables["metering_points_by_category"]    # a pandas DataFrame
    report.write("out")

The names below load on first use, so that the command line starts (and can
be interrupted) before the heavy libraries are imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .errors import ExtractError, InputError
    from .pipeline import extract
    from .report import Report
    from .spec import load_spec

__all__ = ["ExtractError", "InputError", "Report", "__version__", "extract", "load_spec"]
_WHERE = {"ExtractError": ".errors", "InputError": ".errors", "Report": ".report",
          "extract": ".pipeline", "load_spec": ".spec"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name], __name__), name)
