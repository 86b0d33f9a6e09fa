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


def _workforce(*printed: str):
    from extractor.semantics.columns import ReportingYears

    table = load_spec().table("installation_workforce")
    headers = [ColumnHeader("Kategori", "", None)] + [ColumnHeader(p, "", None) for p in printed]
    return ReportingYears().from_cells(table, headers)


def test_a_reporting_year_ocr_misread_is_taken_from_its_neighbours_and_flagged() -> None:
    """A Writer development scan: "Antall selskap 201 7- rapportering" (OCR split the
    year) between 2016 and 2015 lost the whole table; a year misread past reading
    ("Z017-") is taken from the run of its neighbours."""
    mapping, notes = _workforce("Antall selskap Z017- rapportering",
                                "Antall selskap 2016- rapportering",
                                "Antall selskap 2015- rapportering")
    assert [c.key for c in mapping[1]] == ["companies_2017", "share_2017_pct"]
    assert all(c.assumed for c in mapping[1])
    assert not any(c.assumed for col in (2, 3) for c in mapping[col])
    assert notes and "2017" in notes[0]


def test_an_empty_header_cell_gets_no_reporting_year() -> None:
    """An empty header cell is a neighbour's overflow (a Writer text layer whose header
    cells stood one column right): it must not become a year of the run."""
    mapping, notes = _workforce("", "Tal på selskap 2019- rapportering", "(%)",
                                "Tal på selskap 2018- rapportering")
    assert 1 not in mapping and not notes
    assert [c.key for c in mapping[2]] == ["companies_2019"]
    assert [c.key for c in mapping[3]] == ["share_2019_pct"]


def test_a_reporting_years_digits_ocr_split_apart_are_read_together() -> None:
    """A bold "2017-rapportering" read "201 7- rapportering" beside one other year: too few
    neighbours to take the year from, so the digits are read together (2017-06 seed 2,
    Writer, scanned)."""
    mapping, notes = _workforce("Antall se sel skap 201 7- rapportering",
                                "Antall se sel skap 2016- rapportering")
    assert [c.key for c in mapping[1]] == ["companies_2017", "share_2017_pct"]
    assert not notes and not any(c.assumed for c in mapping[1])
