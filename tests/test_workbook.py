"""One extraction as an Excel workbook: extractor.workbook."""

from __future__ import annotations

import openpyxl

from extractor.workbook import sheet_names, write_workbook


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_workbook_sheets_and_numeric_cells(seed_report, tmp_path):
    path = write_workbook(seed_report, tmp_path / "out" / "ams.xlsx")
    assert [p.name for p in path.parent.iterdir()] == ["ams.xlsx"]  # no staging file left
    book = openpyxl.load_workbook(path)
    found = [t.id for t in seed_report.extracted if t.status != "missing"]
    assert book.sheetnames == [*found, "observations", "checks"]

    categories = _rows(book["metering_points_by_category"])
    assert categories[0] == ("row", "label", "metering_points")
    households = next(r for r in categories if r[0] == "households")
    assert households[2] == 2284127 and isinstance(households[2], int | float)
    assert book["metering_points_by_category"].freeze_panes == "A2"
    assert book["metering_points_by_category"]["A1"].font.b

    observations = _rows(book["observations"])
    assert len(observations) - 1 == 123
    header = observations[0]
    for row in observations[1:]:
        for column in ("value", "line", "confidence"):
            assert isinstance(row[header.index(column)], int | float)

    checks = _rows(book["checks"])
    assert checks[0] == ("rule", "kind", "status", "detail")
    assert ("summary_dispensation_companies", "failed") in {(r[0], r[2]) for r in checks}


def test_two_writes_hold_the_same_content(seed_report, tmp_path):
    books = [openpyxl.load_workbook(write_workbook(seed_report, tmp_path / f"{n}.xlsx"))
             for n in (1, 2)]
    first, second = books
    assert first.properties.modified == second.properties.modified
    assert first.properties.created == second.properties.created
    assert {s.title: _rows(s) for s in first} == {s.title: _rows(s) for s in second}


def test_sheet_names_are_cut_and_unique():
    long = "a_table_id_much_longer_than_thirty_one_characters"
    names = sheet_names([long, long + "_too", "Checks", "x/y"])
    assert names[long] == long[:31]
    assert names[long + "_too"] == long[:29] + "~2"
    assert names["Checks"] == "Checks~2"  # "checks" is taken, whatever the case
    assert names["x/y"] == "x_y"
    assert all(len(n) <= 31 for n in names.values())
