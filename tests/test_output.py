"""Output files: deterministic bytes, a valid Frictionless package, atomic writes."""

from __future__ import annotations

import json

import pytest

from extractor.errors import OutputError, UsageError
from extractor.outputs.files import render_files, write_files


def test_two_renderings_are_byte_identical(seed_report):
    """Deterministic output: same input, same bytes, so goldens and diffs are meaningful."""
    assert render_files(seed_report) == render_files(seed_report)


def test_files_are_utf8_with_newline_endings(seed_report, tmp_path):
    """`\\n` line ends and UTF-8 on every platform (Norwegian letters survive)."""
    out = write_files(render_files(seed_report), tmp_path / "out")
    data = (out / "tables" / "metering_points_by_category.csv").read_bytes()
    assert b"\r" not in data
    assert "Næring > 100 000 kWh".encode() in data


def test_report_json_has_what_the_contract_lists(seed_report):
    """source, edition, versions, tables with provenance, checks, warnings."""
    report = json.loads(render_files(seed_report)["report.json"])
    assert report["source"]["sha256"] and report["source"]["kind"] == "text"
    assert report["edition"]["id"] == "2016-06"
    assert (report["edition"]["period_start"], report["edition"]["period_end"]) == (
        "2016-01-01", "2016-06-30")
    assert report["edition"]["period_text"] == "per 1. halvår 2016"
    assert report["edition"]["guessed"] is False
    assert report["tool"]["version"] and report["spec"]["version"]
    chart = next(t for t in report["tables"] if t["id"] == "cost_breakdown_large_companies")
    assert chart["status"] == "chart_without_values" and chart["values"] == []
    value = report["tables"][1]["values"][0]
    assert {"raw", "line", "page", "confidence", "flags"} <= set(value)
    assert any(c["status"] == "failed" for c in report["checks"])
    assert "warnings" in report


def test_datapackage_validates_with_frictionless(seed_report, tmp_path):
    """Other data tools read the output without guessing: frictionless validates it."""
    from frictionless import validate

    out = write_files(render_files(seed_report), tmp_path / "out")
    result = validate(out / "datapackage.json")
    assert result.valid, result.flatten(["type", "note"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    observations = package["resources"][0]
    assert observations["schema"]["primaryKey"] == ["edition", "table", "row", "column"]


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    """Atomic: a write that fails half-way leaves no folder and no temporary files, and
    says so as an output error (exit 4), not an internal one."""
    files = {"a.csv": "x\n", "a.csv/b.csv": "cannot be both a file and a folder\n"}
    with pytest.raises(OutputError, match="writing failed"):
        write_files(files, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_needs_force_and_is_replaced_not_merged(seed_report, tmp_path):
    """An output folder of ours is never merged into; --force replaces it whole."""
    out = tmp_path / "out"
    write_files(render_files(seed_report), out)
    with pytest.raises(UsageError):
        write_files({"report.json": '{"tool": {"name": "ams-extract"}}\n'}, out)
    assert (out / "observations.csv").exists()
    write_files({"report.json": '{"tool": {"name": "ams-extract"}}\n'}, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_columns_of_mixed_units_are_described_as_mixed(seed_report):
    """datapackage.json is true per row: a column whose rows have different units says so."""
    package = json.loads(render_files(seed_report)["datapackage.json"])
    fields = {r["name"]: {f["name"]: f.get("description", "") for f in r["schema"]["fields"]}
              for r in package["resources"]}
    summary = fields["summary"]["value"]
    assert summary.startswith("mixed units, by row:")
    assert "reporting_companies: count of grid companies" in summary
    assert "total_investment_nok: Norwegian kroner" in summary
    plan = fields["annual_installation_plan"]["2016"]
    assert "meters_installed: count of meters" in plan
    assert "share_installed_pct: percentage points" in plan
    assert fields["meter_vendors"]["companies"] == "count of grid companies"
    assert fields["meter_vendors"]["share_of_metering_points_pct"].startswith("percentage")


def test_one_pivot_lays_out_the_csv_the_workbook_and_the_frame(seed_report):
    """tables/<table>.csv, the workbook's table sheet and Report.tables are one pivot
    (model.wide.wide_table): the same rows, in printed order, with the same values."""
    from extractor.model.wide import wide_table
    from extractor.outputs.workbook import _table_rows

    table = seed_report.table("metering_points_by_category")
    wide = wide_table(table)
    assert [row.key for row in wide.rows] == table.rows
    csv_lines = render_files(seed_report)[f"tables/{table.id}.csv"].splitlines()
    assert csv_lines[0] == ",".join(["row", "label", *table.columns])
    assert [line.split(",")[0] for line in csv_lines[1:]] == table.rows
    header, rows, _ = _table_rows(seed_report, table.id)
    assert header == ["row", "label", "unit", *table.columns]
    frame = seed_report.tables[table.id]
    assert list(frame["row"]) == [row[0] for row in rows] == table.rows
    for (row, column), obs in wide.values.items():
        assert rows[row][3 + column] == frame.iloc[row, 2 + column] == float(obs.value)


def test_a_value_outside_the_tables_columns_is_refused_by_the_pivot(seed_report):
    from dataclasses import replace

    from extractor.model.wide import wide_table

    table = seed_report.table("metering_points_by_category")
    stray = replace(table, observations=[replace(table.observations[0], column="nowhere")])
    with pytest.raises(ValueError):
        wide_table(stray)
