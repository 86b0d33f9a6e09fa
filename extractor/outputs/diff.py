"""Compare two editions value by value: what is new, what was removed, what changed.

Either side is an output folder (its observations.csv) or an input file, which
is extracted first. Values are keyed by (table, row, column), the contract's
identity of a value, and compared as numbers, so "2900000" and "2900000.0"
are the same value. Unchanged values are not listed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from ..model.results import CONTRACT_COLUMNS, format_value

Key = tuple[str, str, str]
CSV_HEADER = ("table", "row", "column", "change", "before", "after", "difference", "unit",
              "edition_before", "edition_after", "flags_before", "flags_after",
              "measure_before", "measure_after")
TEXT_HEADER = (*CSV_HEADER[:8], "flags")


@dataclass(frozen=True)
class ValueChange:
    table: str
    row: str
    column: str
    change: str  # "new", "removed", "changed"
    before: str | None  # value text in A (None for new)
    after: str | None  # value text in B (None for removed)
    unit: str
    difference: str | None  # after - before for changed numbers, as plain decimal text
    edition_before: str = ""  # the editions compared, A's and B's ids
    edition_after: str = ""
    flags_before: str = ""  # each side's flags (";"-joined): a misread or a reviewer's
    flags_after: str = ""  # correction must not look like a real change
    measure_before: str = ""  # flow, cumulative, ...: a year's installations that became
    measure_after: str = ""  # a running total is no like change


def _folder_edition(folder: Path, rows: list[dict[str, str]]) -> str:
    """report.json names the edition even when a table-less folder has no rows."""
    try:
        edition = json.loads((folder / "report.json").read_text(encoding="utf-8"))["edition"]["id"]
        if isinstance(edition, str) and edition:
            return edition
    except (OSError, ValueError, KeyError, TypeError):
        pass  # report.json is optional here: fall back to the rows, then the folder's name
    return rows[0]["edition"] if rows else folder.name


def _read_folder(folder: Path) -> tuple[str, list[dict[str, str]]]:
    path = folder / "observations.csv"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not found" if isinstance(exc, FileNotFoundError) else exc.__class__.__name__
        raise InputError(f"{folder}: cannot read observations.csv ({reason})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in CONTRACT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: not an observations file (no column {missing[0]!r})")
    rows = list(reader)
    return _folder_edition(folder, rows), rows


def read_observations(source: Path, extract: Callable[[Path], tuple[str, list[dict[str, str]]]]
                      ) -> tuple[str, list[dict[str, str]]]:
    """(edition id, observations rows) from an output folder, or from an input file by
    `extract` (the caller's: the pipeline is not this stage's to run)."""
    source = Path(source)
    if source.is_dir():
        return _read_folder(source)
    if not source.exists():
        raise InputError(f"{source}: no such output folder or input file")
    return extract(source)


def _number(text: str | None) -> Decimal | None:
    """The value as a finite Decimal, or None when it is not a number."""
    try:
        number = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None  # NaN would never equal itself


def _same(before: str, after: str) -> bool:
    a, b = _number(before), _number(after)
    return a == b if a is not None and b is not None else before == after


def _difference(before: str, after: str) -> str | None:
    a, b = _number(before), _number(after)
    return format_value(b - a) if a is not None and b is not None else None


def diff_rows(a: Sequence[dict[str, str]], b: Sequence[dict[str, str]],
              a_edition: str = "", b_edition: str = "") -> list[ValueChange]:
    """Removed and changed values in A's order, then B's new ones; each with the editions
    compared and both sides' flags."""
    def by_key(rows: Sequence[dict[str, str]]) -> dict[Key, dict[str, str]]:
        return {(r["table"], r["row"], r["column"]): r for r in rows}

    old, new = by_key(a), by_key(b)
    sides = {"edition_before": a_edition, "edition_after": b_edition}
    changes = []
    for key, before in old.items():
        after = new.get(key)
        if after is None:
            changes.append(ValueChange(*key, "removed", before["value"], None, before["unit"],
                                       None, **sides, flags_before=before["flags"],
                                       measure_before=before.get("measure", "")))
        elif not _same(before["value"], after["value"]):
            changes.append(ValueChange(*key, "changed", before["value"], after["value"],
                                       after["unit"],
                                       _difference(before["value"], after["value"]), **sides,
                                       flags_before=before["flags"],
                                       flags_after=after["flags"],
                                       measure_before=before.get("measure", ""),
                                       measure_after=after.get("measure", "")))
    changes += [ValueChange(*key, "new", None, after["value"], after["unit"], None, **sides,
                            flags_after=after["flags"], measure_after=after.get("measure", ""))
                for key, after in new.items() if key not in old]
    return changes


def summary_line(changes: Sequence[ValueChange]) -> str:
    counts = {kind: sum(c.change == kind for c in changes) for kind in ("new", "removed",
                                                                         "changed")}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def _cells(change: ValueChange) -> tuple[str, ...]:
    return (change.table, change.row, change.column, change.change, change.before or "",
            change.after or "", change.difference or "", change.unit, change.edition_before,
            change.edition_after, change.flags_before, change.flags_after,
            change.measure_before, change.measure_after)


def _text_cells(change: ValueChange) -> tuple[str, ...]:
    """As the CSV, the editions left to the header line, the flags in one column:
    "low_confidence -> corrected" when they differ, and a change of measure after them:
    "(flow -> cumulative)"."""
    before, after = change.flags_before, change.flags_after
    flags = before if before == after or change.change == "removed" else \
        after if change.change == "new" else f"{before or '-'} -> {after or '-'}"
    if change.change == "changed" and change.measure_before != change.measure_after:
        flags = f"{flags} ({change.measure_before or '-'} -> {change.measure_after or '-'})"
    return (*_cells(change)[:8], flags.strip())


def format_changes(changes: Sequence[ValueChange], a_edition: str, b_edition: str) -> str:
    """An aligned text table under a header line, ending with the counts."""
    header = f"{a_edition} -> {b_edition}"
    if not changes:
        return f"{header}\nno value differs\n{summary_line(changes)}"
    rows = [TEXT_HEADER, *(_text_cells(c) for c in changes)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(TEXT_HEADER))]
    numeric = {4, 5, 6}  # before, after, difference: right-aligned so digits line up

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(cell.rjust(w) if i in numeric else cell.ljust(w)
                         for i, (cell, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([header, *(line(r) for r in rows), summary_line(changes)])


def changes_csv(changes: Sequence[ValueChange]) -> str:
    """The changes as CSV, "\\n" line ends; an absent side is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_cells(c) for c in changes)
    return buffer.getvalue()
