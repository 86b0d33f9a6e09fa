"""The seed against its reviewed golden folder, and the golden comparison itself."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from conftest import GOLDEN, PDF_SAMPLES, ROOT, SEED, pdf_sample

from extractor.outputs.files import render_files
from extractor.outputs.golden import compare, compare_files, read_golden

CONTRACT_TABLES = {
    "summary", "metering_points_by_category", "annual_installation_plan",
    "quarterly_installation_plan", "cost_vs_weighted_average", "cost_breakdown_large_companies",
    "purchasing_alliances", "operating_alliances", "meter_vendors", "installation_workforce",
    "communication_technology", "information_campaigns", "risk_assessment",
    "breaker_function_use", "grid_benefit_measures", "han_interface_pki",
}


def test_seed_matches_golden_folder(seed_report):
    """All 123 values, their flags and every check status are as reviewed."""
    assert compare(seed_report, GOLDEN) == []


def test_golden_holds_the_contracts_123_values():
    """The golden data itself: 123 values, every contract table, one row per key."""
    with open(GOLDEN / "observations.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 123
    keys = [(r["table"], r["row"], r["column"]) for r in rows]
    assert len(set(keys)) == len(keys)
    tables = {r["table"] for r in rows}
    assert tables == CONTRACT_TABLES - {"cost_breakdown_large_companies"}
    assert {r["edition"] for r in rows} == {"2016-06"}


def test_golden_columns_sum_to_the_reports_own_totals():
    """Reviewed data is consistent: the category parts sum to the printed total."""
    with open(GOLDEN / "tables" / "metering_points_by_category.csv", encoding="utf-8") as handle:
        rows = {r["row"]: int(r["metering_points"]) for r in csv.DictReader(handle)}
    total = rows.pop("total")
    assert sum(rows.values()) == total == 2948394


def test_a_changed_cell_is_reported_with_expected_and_got(seed_report, tmp_path):
    """The diff names table, row, column, field, expected and got."""
    golden = tmp_path / "golden"
    shutil.copytree(GOLDEN, golden)
    path = golden / "observations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",meter_vendors,kamstrup,companies,37,",
                                 ",meter_vendors,kamstrup,companies,38,"), encoding="utf-8")
    diffs = compare(seed_report, golden)
    assert [(d.table, d.row, d.column, d.field, d.expected, d.got) for d in diffs] == [
        ("meter_vendors", "kamstrup", "companies", "value", "38", "37")
    ]


def test_missing_extra_values_and_check_status_changes_are_diffs(seed_report):
    """A value that disappears or appears, or a check that flips, is a difference."""
    expected = read_golden(GOLDEN)
    got = render_files(seed_report)
    lines = got["observations.csv"].splitlines(keepends=True)
    dropped = [line for line in lines if ",han_interface_pki,pki_encryption," not in line]
    got_changed = {**got, "observations.csv": "".join(dropped),
                   "report.json": got["report.json"].replace('"status": "failed"',
                                                             '"status": "passed"')}
    diffs = compare_files(expected, got_changed)
    fields = {(d.table, d.row, d.field, d.got) for d in diffs}
    assert ("han_interface_pki", "pki_encryption", "value", "(missing)") in fields
    assert ("(checks)", "summary_dispensation_companies #1", "status", "passed") in fields


def test_golden_files_are_byte_identical_to_a_fresh_rendering(seed_report):
    """Goldens are the tool's own deterministic output, not hand-edited files."""
    files = render_files(seed_report)
    for relative, text in files.items():
        if relative == "report.json":
            continue  # holds the tool version; its compared parts are checked above
        assert (GOLDEN / relative).read_text(encoding="utf-8") == text, relative
    assert SEED.exists()


# Every golden folder and the sample it is the reviewed output of.
GOLDENS = {
    "nve-ams-status-2016h1": SEED,
    **{f"nve-ams-status-2016h1-{name}": pdf_sample(name) for name in PDF_SAMPLES},
    **{f"editions/{path.stem}": path
       for path in sorted((ROOT / "samples" / "editions").glob("nve-ams-status-*.txt"))},
}


def _without_tool_version(report_json: str) -> dict:
    data = json.loads(report_json)
    data["tool"].pop("version")
    return data


@pytest.mark.parametrize("golden", sorted(GOLDENS))
def test_every_golden_is_current(golden, seed_report, pdf_reports):
    """What `check --update` would write is what the golden folder holds, file by file
    (report.json but for the tool's version): a change of any output, provenance
    included, shows here, not months later as a 1 000-line update."""
    from extractor import extract

    source = GOLDENS[golden]
    report = (seed_report if source == SEED else
              pdf_reports[source.stem.rsplit("-", 1)[1]] if source.suffix == ".pdf" else
              extract(source))
    folder = ROOT / "fixtures" / golden
    files = render_files(report)
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert on_disk == set(files)
    for relative, text in files.items():
        held = (folder / relative).read_text(encoding="utf-8")
        if relative == "report.json":
            assert _without_tool_version(held) == _without_tool_version(text), golden
        else:
            assert held == text, f"{golden}/{relative}"


def test_check_compares_page_line_and_notes_and_says_what_it_ignores(seed_report, tmp_path):
    golden = tmp_path / "golden"
    shutil.copytree(GOLDEN, golden)
    rows = (golden / "observations.csv").read_text(encoding="utf-8")
    moved = rows.replace(",meter_vendors,kamstrup,companies,37,companies,37,,",
                         ",meter_vendors,kamstrup,companies,37,companies,37,3,")
    assert moved != rows
    (golden / "observations.csv").write_text(moved, encoding="utf-8")
    report = json.loads((golden / "report.json").read_text(encoding="utf-8"))
    report["tables"][0]["notes"] = ["a note the reading no longer makes"]
    (golden / "report.json").write_text(json.dumps(report), encoding="utf-8")
    found = {(d.table, d.row, d.field) for d in compare(seed_report, golden)}
    assert found == {("meter_vendors", "kamstrup", "page"), ("summary", "(notes)", "notes")}
    from extractor.outputs.golden import IGNORED

    assert "confidences" in IGNORED
