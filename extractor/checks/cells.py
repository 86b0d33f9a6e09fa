"""The cells a check reads: values keyed by table, row and column, and the selectors that
name them ("table:rows:columns", comma lists or globs, `{placeholders}` bound per cell).

A check reads cells only through a `CellStore`, so it never sees how they were extracted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatchcase
from typing import Any

CellKey = tuple[str, str, str]
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SELECTOR_SYNTAX = re.compile(r"[:,*?\[\]]")
_BINDING_PATTERNS = {"year": r"(?P<year>\d{4})", "row": r"(?P<row>.+)", "column": r"(?P<column>.+)"}


@dataclass(frozen=True)
class CellValue:
    """One value a check can read: its key, the number, and the unit it was rounded to."""

    key: CellKey
    value: Decimal
    rounding_unit: Decimal = Decimal(1)

    @property
    def error(self) -> Decimal:
        """The most rounding can have moved the printed value."""
        return self.rounding_unit / 2


Outcome = tuple[str, str, list[CellValue]]  # status, detail, cells to flag on failure


class CellStore:
    """Cells by table, in printed order."""

    def __init__(self, cells: Iterable[CellValue]):
        self.by_table: dict[str, list[CellValue]] = {}
        for cell in cells:
            self.by_table.setdefault(cell.key[0], []).append(cell)

    def select(self, selector: str) -> list[CellValue]:
        table, rows, columns = split_selector(selector)
        row_patterns, column_patterns = rows.split(","), columns.split(",")
        cells = self.by_table.get(table, [])
        if "*" not in rows and not any(ch in rows for ch in "?["):
            # An explicit row list keeps the order it is written in.
            order = {name: i for i, name in enumerate(row_patterns)}
            cells = sorted((c for c in cells if c.key[1] in order), key=lambda c: order[c.key[1]])
        return [
            c for c in cells
            if any(fnmatchcase(c.key[1], p) for p in row_patterns)
            and any(fnmatchcase(c.key[2], p) for p in column_patterns)
        ]

    def one(self, selector: str) -> CellValue | None:
        cells = self.select(selector)
        return cells[0] if len(cells) == 1 else None


def split_selector(selector: str) -> tuple[str, str, str]:
    parts = selector.split(":")
    if len(parts) != 3:
        raise ValueError(f"selector {selector!r} is not table:rows:columns")
    return parts[0], parts[1], parts[2]


def fill(value: Any, binding: dict[str, str]) -> Any:
    """A selector's `{placeholders}` replaced by their values; anything else as it is."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: binding.get(m[1], m[0]), value)
    return value


def bindings(template: str, store: CellStore) -> list[dict[str, str]]:
    """Every distinct way the template's placeholders fit the cells of its table."""
    table, rows, columns = split_selector(template)

    def part_regex(part: str) -> re.Pattern[str]:
        pieces = re.split(r"(\{[a-z_]+\}|\*)", part)
        body = "".join(
            _BINDING_PATTERNS.get(p[1:-1], re.escape(p)) if p.startswith("{")
            else ".*" if p == "*" else re.escape(p)
            for p in pieces
        )
        return re.compile(f"^{body}$")

    row_regex, column_regex = part_regex(rows), part_regex(columns)
    found: list[dict[str, str]] = []
    for cell in store.by_table.get(table, []):
        row_match, column_match = row_regex.match(cell.key[1]), column_regex.match(cell.key[2])
        if row_match and column_match:
            binding = {**row_match.groupdict(), **column_match.groupdict()}
            # A printed label kept as a row key may hold selector syntax: it cannot be named.
            if any(_SELECTOR_SYNTAX.search(value) for value in binding.values()):
                continue
            if binding not in found:
                found.append(binding)
    return found


def value_of(target: Any, store: CellStore) -> tuple[Decimal, list[CellValue]] | None:
    """A constant or a one-cell selector → (value, cells it came from)."""
    if isinstance(target, int | float):
        return Decimal(str(target)), []
    cell = store.one(str(target))
    return (cell.value, [cell]) if cell else None
