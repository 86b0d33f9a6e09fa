"""One extraction as an Excel workbook: extractor.workbook."""

from __future__ import annotations

import openpyxl
from conftest import SEED

from extractor.outputs.workbook import sheet_names, write_workbook


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_workbook_sheets_and_numeric_cells(seed_report, tmp_path):
    path = write_workbook(seed_report, tmp_path / "out" / "ams.xlsx")
    assert [p.name for p in path.parent.iterdir()] == ["ams.xlsx"]  # no staging file left
    book = openpyxl.load_workbook(path)
    found = [t.id for t in seed_report.extracted if t.found]
    assert book.sheetnames == [*found, "observations", "checks", "warnings", "corrections",
                               "notes", "about"]
    notes = list(book["notes"].iter_rows(min_row=2, values_only=True))
    assert ("annual_installation_plan", "2015-tall er sum historisk installert til og med "
            "2015.", "2015", "2015", None, 109, None) in notes

    categories = _rows(book["metering_points_by_category"])
    assert categories[0] == ("row", "label", "unit", "metering_points")
    households = next(r for r in categories if r[0] == "households")
    assert households[2] == "metering_points"
    assert households[3] == 2284127 and isinstance(households[3], int | float)
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


def test_flagged_cells_are_marked_and_units_shown(seed_report, tmp_path):
    """Flagged values are filled (red: needs a person) with their flags in a comment, as on
    the review page; a percentage shows as "52 %" while staying the number 52."""
    book = openpyxl.load_workbook(write_workbook(seed_report, tmp_path / "ams.xlsx"))
    summary = book["summary"]
    rows = {summary.cell(row=r, column=1).value: r for r in range(2, summary.max_row + 1)}
    failed = summary.cell(row=rows["dispensation_companies"], column=4)
    assert failed.value == 34
    assert failed.fill.fgColor.rgb.endswith("FFB3B3")
    assert "check_failed:summary_dispensation_companies" in failed.comment.text
    approximate = summary.cell(row=rows["metering_points"], column=4)
    assert approximate.fill.fgColor.rgb.endswith("FFE3B3")
    assert "approximate" in approximate.comment.text and "vel 2,9 mill." in approximate.comment.text
    clean = summary.cell(row=rows["reporting_companies"], column=4)
    assert clean.comment is None and clean.fill.fill_type is None
    plan = book["annual_installation_plan"]
    share = next(r for r in plan.iter_rows(min_row=2) if r[0].value == "share_installed_pct")
    assert share[2].value == "percent" and share[3].number_format == 'General" %"'
    assert share[3].value == 6
    flagged = sum(1 for r in book["observations"].iter_rows(min_row=2) if r[4].fill.fill_type)
    assert flagged == sum(bool(o.flags) for o in seed_report.observations)


def test_the_warnings_sheet_lists_every_warning(tmp_path):
    from conftest import ROOT

    from extractor import extract

    report = extract(ROOT / "samples" / "editions" / "nve-ams-status-2019-q1-nn.txt")
    book = openpyxl.load_workbook(write_workbook(report, tmp_path / "ams.xlsx"))
    rows = _rows(book["warnings"])
    assert rows[0] == ("code", "message", "line", "page")
    assert [(r[0], r[1]) for r in rows[1:]] == [(w.code, w.message) for w in report.warnings]
    assert "unmatched_label" in {r[0] for r in rows}


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


def test_text_from_the_document_is_never_a_formula(tmp_path):
    """A label printed as `=HYPERLINK(...)` is text in the workbook, through the real command
    (OWASP's formula injection): Excel would otherwise run it."""
    from conftest import SEED, run_cli

    label = '=HYPERLINK("http://evil.example/","klikk")'
    edition = tmp_path / "nve-ams-status-2016h1.txt"
    edition.write_text(SEED.read_text(encoding="utf-8").replace("Aidon 42 50", f"{label} 42 50"),
                       encoding="utf-8")
    result = run_cli("extract", str(edition), "-o", str(tmp_path / "out"),
                     "--xlsx", str(tmp_path / "out.xlsx"))
    assert result.returncode in (0, 1), result.stderr
    workbook = openpyxl.load_workbook(tmp_path / "out.xlsx")
    found = [(sheet.title, cell.data_type) for sheet in workbook for row in sheet.iter_rows()
             for cell in row if cell.value == label]
    assert {title for title, _ in found} == {"meter_vendors", "observations"}
    assert {kind for _, kind in found} == {"s"}


def test_dates_are_dates_the_observations_filter_and_the_about_sheet(seed_report, tmp_path):
    """issue 18: periods were text, no filter, '50. %' for a whole percent, no provenance."""
    from datetime import datetime

    book = openpyxl.load_workbook(write_workbook(seed_report, tmp_path / "ams.xlsx"))
    sheet = book["observations"]
    header = [cell.value for cell in sheet[1]]
    start = sheet.cell(row=2, column=1 + header.index("period_start"))
    assert start.value == datetime(2016, 1, 1) and start.number_format == "yyyy-mm-dd"
    assert sheet.cell(row=2, column=1 + header.index("needs_review")).value is False
    assert sheet.auto_filter.ref == sheet.dimensions
    percent = next(row[header.index("value")] for row in sheet.iter_rows(min_row=2)
                   if row[header.index("unit")].value == "percent")
    assert percent.number_format == 'General" %"'  # 50 shows "50 %", 0.5 "0.5 %"
    about = dict(book["about"].iter_rows(min_row=2, values_only=True))
    assert about["source sha256"] == seed_report.source.sha256
    assert about["edition"] == "2016-06" and about["tool"].startswith("ams-extract ")


def test_a_value_left_out_is_a_grey_cell_with_its_warning(tmp_path):
    """issue 18: a value left out (implausible, or not read) was a blank cell, no mark."""
    from extractor import extract
    from extractor.model import ReportWarning
    from extractor.semantics.flags import missing_value_warnings
    from extractor.spec import load_spec

    report = extract(SEED)
    table = report.table("meter_vendors")
    table.observations = [o for o in table.observations
                          if (o.row, o.column) != ("kaifa", "companies")]
    report.warnings = [*missing_value_warnings(report.extracted, load_spec(), "2016-06"),
                       ReportWarning("implausible_values", "elsewhere", 1, None,
                                     ("summary", "nope", "value"))]
    book = openpyxl.load_workbook(write_workbook(report, tmp_path / "ams.xlsx"))
    sheet = book["meter_vendors"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "kaifa")
    left_out = row[header.index("companies")]
    assert left_out.value is None and left_out.fill.fgColor.rgb.endswith("D9D9D9")
    assert "missing_value: meter_vendors/kaifa/companies" in left_out.comment.text
