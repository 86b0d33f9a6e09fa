"""Corrections files: a reviewer's decisions as CSV, read (the review page writes them;
this tool never does).

    edition,table,row,column,value,reviewer,reason[,reviewed_at,machine_value]

`value` is the value in base units as plain decimal text (`9`, `1700000`, `0.5`) or the
word `confirmed`; `machine_value` is what the machine read when the decision was made
(the review page writes it), so a run that reads something else does not apply the
decision unseen. Other columns are kept for the reviewer and ignored here. A file that is
not such a file is a usage error: one line, naming the file and its line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ..errors import UsageError
from ..model.review import Correction, CorrectionsFile
from ..model.spec import parse_edition_id
from ..runtime.control_characters import remove_controls

CORRECTION_COLUMNS = ("edition", "table", "row", "column", "value", "reviewer", "reason")
OPTIONAL_COLUMNS = ("reviewed_at", "machine_value")
CONFIRMED = "confirmed"
# The file found beside an input when no --corrections is given: report.pdf ->
# report.corrections.csv. One file per input: the samples of one edition (a text, a
# scan) are read differently, and a decision is made against one reading.
BESIDE_SUFFIX = ".corrections.csv"
# A reviewer's file holds a few hundred decisions at most; a bigger one is not one.
MAX_BYTES = 16 * 1024 * 1024
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def beside_input(input_path: Path) -> Path:
    """Where an input's own corrections file lies: beside it, `<stem>.corrections.csv`."""
    return input_path.with_name(input_path.stem + BESIDE_SUFFIX)


def corrections_for(input_path: Path, given: Sequence[Path] | None
                    ) -> tuple[list[Correction], tuple[CorrectionsFile, ...]]:
    """The corrections of one input: the files given (--corrections); None: its own file
    beside it, if there is one."""
    if given is None:
        beside = beside_input(input_path)
        given = [beside] if beside.is_file() else []
    return read_corrections(given)


def read_corrections(paths: Iterable[Path]
                     ) -> tuple[list[Correction], tuple[CorrectionsFile, ...]]:
    """Every correction of the files, and the files; UsageError for a file that is not a
    corrections file, or two decisions on one value that disagree."""
    corrections: list[Correction] = []
    files = []
    for path in paths:
        data = _read_bytes(path)
        rows = _parse(path, data)
        corrections += rows
        files.append(CorrectionsFile(path.name, hashlib.sha256(data).hexdigest(), len(rows)))
    return _without_repeats(corrections), tuple(files)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UsageError(f"{path}: a corrections file of more than "
                             f"{MAX_BYTES // (1024 * 1024)} MB is not one")
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such corrections file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: a folder, not a corrections file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the corrections file ({exc.strerror})") from None


def _parse(path: Path, data: bytes) -> list[Correction]:
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's UTF-8 starts with a BOM
    except UnicodeDecodeError:
        raise UsageError(f"{path}: a corrections file is UTF-8 text") from None
    try:
        return _rows(path, remove_controls(text))
    except csv.Error as error:  # an unclosed quote, a field past csv's limit
        raise UsageError(f"{path}: not a CSV file ({error})") from None


def _rows(path: Path, text: str) -> list[Correction]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in CORRECTION_COLUMNS if name not in header]
    if missing:
        raise UsageError(f"{path}: not a corrections file (no column {missing[0]!r}; the "
                         f"header is {','.join(CORRECTION_COLUMNS)})")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # a blank line
        rows.append(_correction(path, reader.line_num, row))
    return rows


def _correction(path: Path, line: int, row: dict[str, str | None]) -> Correction:
    def text(name: str) -> str:
        value = row.get(name)
        return value.strip() if isinstance(value, str) else ""

    def fail(why: str) -> UsageError:
        return UsageError(f"{path} line {line}: {why}")

    period = parse_edition_id(text("edition"))
    if period is None:
        raise fail(f"edition {text('edition')!r} is not an edition id (2016-06)")
    for name in ("table", "row", "column", "reviewer"):
        if not text(name):
            raise fail(f"{name} is empty")
    value = None if text("value").lower() == CONFIRMED else _number(text("value"))
    if text("value").lower() != CONFIRMED and value is None:
        raise fail(f"value {text('value')!r} is neither a plain number in base units "
                   f"(9, 1700000, 0.5) nor {CONFIRMED!r}")
    machine = _number(text("machine_value")) if text("machine_value") else None
    if text("machine_value") and machine is None:
        raise fail(f"machine_value {text('machine_value')!r} is not a plain number")
    if text("reviewed_at") and not _is_iso_time(text("reviewed_at")):
        raise fail(f"reviewed_at {text('reviewed_at')!r} is not an ISO date or time "
                   "(2026-12-06, 2026-12-06T10:15:00Z)")
    return Correction(edition=f"{period.end:%Y-%m}", table=text("table"), row=text("row"),
                      column=text("column"), value=value, reviewer=text("reviewer"),
                      reason=text("reason"), reviewed_at=text("reviewed_at"),
                      machine_value=machine, file=path.name, line=line)


def _number(text: str) -> Decimal | None:
    return Decimal(text) if _PLAIN_NUMBER.fullmatch(text) else None


def _is_iso_time(text: str) -> bool:
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(text)
            return True
        except ValueError:
            continue
    return False


def _without_repeats(corrections: Sequence[Correction]) -> list[Correction]:
    """One decision per value: a repeat that says the same is dropped, one that does not
    is refused (which of them would be right is the reviewers' call)."""
    seen: dict[tuple[str, str, str, str], Correction] = {}
    for correction in corrections:
        key = (correction.edition, *correction.key)
        first = seen.setdefault(key, correction)
        if first is not correction and first.value != correction.value:
            raise UsageError(
                f"{first.file} line {first.line} and {correction.file} line {correction.line} "
                f"decide {'/'.join(key)} differently; keep one")
    return list(seen.values())
