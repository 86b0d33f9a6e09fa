"""A reviewer's decisions: the rows of a corrections file, and what became of each.

A corrections file (docs/contract.md, "Corrections") holds, per value, what a person
decided: the value as printed (`corrected`) or the machine's value right (`confirmed`),
with who, when and why. Each run applies them anew to what it read; a decision whose
value is no longer read, or was made when the machine read another value, is not applied
and is said so (`CorrectionOutcome.status`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Review:
    """What a reviewer decided about one value, as applied to it."""

    action: str  # "corrected" (value replaced) or "confirmed" (the machine's value kept)
    reviewer: str
    reviewed_at: str  # ISO date or date and time, as the file gives it; "" when not given
    reason: str
    file: str  # the corrections file's name, and the line of the decision in it
    line: int


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file."""

    edition: str  # the canonical edition id, "2016-06"
    table: str
    row: str
    column: str
    value: Decimal | None  # the value in base units; None: the machine's value confirmed
    reviewer: str
    reason: str
    reviewed_at: str = ""
    machine_value: Decimal | None = None  # what the machine read when the decision was made
    file: str = ""
    line: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.column)


@dataclass(frozen=True)
class CorrectionOutcome:
    """What one run did with one correction of its edition."""

    correction: Correction
    status: str  # "corrected", "confirmed", "stale" (read otherwise now), "unmatched" (not read)
    read_value: Decimal | None  # what the machine read in this run; None when not read


@dataclass(frozen=True)
class CorrectionsFile:
    """A corrections file a run read: its name and its bytes' sha256."""

    name: str
    sha256: str
    corrections: int  # its rows, of every edition
