"""ams-extract: the tables of NVE's smart-meter (AMS) status reports as clean, checked data.

    from extractor import extract
    report = extract("samples/nve-ams-status-2016h1.txt")
    report.tables["metering_points_by_category"]    # a pandas DataFrame
    report.write("out")
"""

from .errors import ExtractError, InputError
from .pipeline import extract
from .report import Report
from .version import __version__

__all__ = ["ExtractError", "InputError", "Report", "__version__", "extract"]
