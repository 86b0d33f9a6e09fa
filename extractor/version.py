"""The tool's version, written into every report.json."""

__version__ = "0.1.0"
