"""A reviewer's corrections: read from CSV files (files.py), applied to an extraction
(apply.py). The file's format is docs/contract.md's "Corrections"."""

from .apply import apply_corrections
from .files import (
    BESIDE_SUFFIX,
    CORRECTION_COLUMNS,
    beside_input,
    corrections_for,
    read_corrections,
)

__all__ = ["BESIDE_SUFFIX", "CORRECTION_COLUMNS", "apply_corrections", "beside_input",
           "corrections_for", "read_corrections"]
