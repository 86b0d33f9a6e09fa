"""Comparing two editions value by value: extractor.diff."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import GOLDEN, SEED

from extractor.cli.diff import observations_of as read_observations
from extractor.errors import InputError
from extractor.outputs.diff import (
    ValueChange,
    changes_csv,
    diff_rows,
    format_changes,
)


def _row(row: str, value: str, table: str = "summary", column: str = "value",
         unit: str = "companies") -> dict[str, str]:
    return {"edition": "x", "table": table, "row": row, "column": column, "value": value,
            "unit": unit, "raw": value, "page": "", "line": "1", "confidence": "1", "flags": ""}


A = [_row("kept", "111"), _row("gone", "34"), _row("moved", "2900000"),
     _row("same_number", "2900000", unit="metering_points"), _row("fraction", "0.5")]
B = [_row("added", "7"), _row("fraction", "1"), _row("moved", "2898766"),
     _row("same_number", "2900000.0", unit="metering_points"), _row("kept", "111")]


def test_new_removed_and_changed_in_order():
    """A's order for removed and changed, then B's new; equal numbers are not listed."""
    assert diff_rows(A, B) == [
        ValueChange("summary", "gone", "value", "removed", "34", None, "companies", None),
        ValueChange("summary", "moved", "value", "changed", "2900000", "2898766", "companies",
                    "-1234"),
        ValueChange("summary", "fraction", "value", "changed", "0.5", "1", "companies", "0.5"),
        ValueChange("summary", "added", "value", "new", None, "7", "companies", None),
    ]


def test_values_are_compared_as_numbers_and_keyed_by_cell():
    assert diff_rows([_row("a", "2900000")], [_row("a", "2900000.00")]) == []
    # The same row key in another column is another value.
    changes = diff_rows([_row("a", "1")], [_row("a", "1", column="other")])
    assert [c.change for c in changes] == ["removed", "new"]


def test_text_table_and_csv():
    changes = diff_rows(A, B)
    text = format_changes(changes, "2016-H1", "2017-06")
    lines = text.splitlines()
    assert lines[0] == "2016-H1 -> 2017-06"
    assert lines[1].split() == ["table", "row", "column", "change", "before", "after",
                                "difference", "unit", "flags"]
    assert lines[-1] == "1 new, 1 removed, 2 changed"
    assert "no value differs" in format_changes([], "a", "b")

    table = changes_csv(changes)
    assert "\r" not in table
    rows = list(csv.DictReader(io.StringIO(table)))
    assert list(rows[0]) == ["table", "row", "column", "change", "before", "after",
                             "difference", "unit", "edition_before", "edition_after",
                             "flags_before", "flags_after", "measure_before", "measure_after"]
    assert rows[0]["after"] == "" and rows[1]["difference"] == "-1234"


def test_flags_and_editions_show_so_a_misread_is_not_taken_for_a_change():
    """issue 18: a scan's 9 -> 39, flagged low_confidence, looked like a real change."""
    before = [_row("share", "9")]
    after = [{**_row("share", "39"), "flags": "low_confidence"}]
    changes = diff_rows(before, after, "2016-06", "2017-06")
    text = format_changes(changes, "2016-06", "2017-06").splitlines()
    assert text[2].split()[-3:] == ["-", "->", "low_confidence"]
    row = next(csv.DictReader(io.StringIO(changes_csv(changes))))
    assert (row["edition_before"], row["edition_after"], row["flags_before"],
            row["flags_after"]) == ("2016-06", "2017-06", "", "low_confidence")


def test_output_folder_and_input_file_of_one_edition_do_not_differ():
    folder_edition, folder_rows = read_observations(GOLDEN)
    file_edition, file_rows = read_observations(SEED)
    assert folder_edition == file_edition == "2016-06"
    assert len(folder_rows) == len(file_rows) == 123
    assert diff_rows(folder_rows, file_rows) == []


def test_unreadable_folders_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such"):
        read_observations(tmp_path / "missing")
    with pytest.raises(InputError, match="cannot read observations"):
        read_observations(tmp_path)  # a folder, but no extraction in it
    (tmp_path / "observations.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an observations file"):
        read_observations(tmp_path)
