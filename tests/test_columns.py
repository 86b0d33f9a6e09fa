"""Column headers mapped to the spec's columns (semantics/columns.py)."""

from __future__ import annotations

import pytest

from extractor.semantics.columns import ColumnHeader, FixedKeys
from extractor.spec import load_spec


@pytest.mark.parametrize(("printed", "key", "assumed"), [
    ("Tal på nettselskap", "companies", False),
    ("Ca. tal på målepunkt", "metering_points", False),
    # Both columns' headers over one column: the grid lost the other column (a Writer
    # development scan, where "78" nettselskap came out unflagged as metering points).
    ("Tal på nettselskap Ca. tal på målepunkt", None, True),
])
def test_a_header_naming_two_columns_places_its_column_only_as_assumed(printed, key, assumed):
    table = load_spec().table("purchasing_alliances")
    mapping, _ = FixedKeys().from_cells(table, [ColumnHeader("Kategori", "", None),
                                                ColumnHeader(printed, "", None)])
    [column] = mapping[1]
    assert column.assumed == assumed
    if key is not None:
        assert column.key == key
