"""A reviewer's corrections: the file read, the decisions applied, and the corrected value
in every output, through the real command line (issue 18)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, SEED, assert_one_line_error
from conftest import run_cli as run
from openpyxl import load_workbook

from extractor.corrections import apply_corrections, read_corrections
from extractor.errors import UsageError
from extractor.model import ExtractedTable, Observation, TableStatus
from extractor.model.review import Correction

HEADER = "edition,table,row,column,value,reviewer,reason\n"
# The seed's summary prints 34 companies with a dispensation where section 1 counts 33:
# the check summary_dispensation_companies fails on the report's own numbers. A reviewer
# who decides 33 is right corrects it; the check then passes.
DISPENSATION = "2016-06,summary,dispensation_companies,value,33,Kari,section 1 counts 33\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def observation(row: str, value: str) -> Observation:
    return Observation("summary", row, "value", Decimal(value), "companies", value, 3)


def summary_table(*values: tuple[str, str]) -> list[ExtractedTable]:
    return [ExtractedTable("summary", TableStatus.EXTRACTED, columns=["value"],
                           observations=[observation(row, value) for row, value in values])]


def decision(row: str, value: str | None, machine: str | None = None,
             edition: str = "2016-06") -> Correction:
    return Correction(edition, "summary", row, "value", None if value is None else
                      Decimal(value), "Kari", "why", machine_value=None if machine is None
                      else Decimal(machine), file="c.csv", line=2)


# -- the file ---------------------------------------------------------------------------

def test_a_corrections_file_is_read_with_a_bom_extra_columns_and_blank_lines(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(("\ufeffedition,table,row,column,value,reviewer,reason,note,"
                      "reviewed_at,machine_value\n"
                      "2016-H1,summary,dispensation_companies,value,33,Kari,\"a, b\",x,"
                      "2026-12-06T10:15:00Z,34\n\n"
                      "2016-06,summary,reporting_companies,value,Confirmed,Ola,,,,\n")
                     .encode())
    corrections, files = read_corrections([path])
    first, second = corrections
    assert (first.edition, first.key, first.value, first.reason, first.machine_value,
            first.line) == ("2016-06", ("summary", "dispensation_companies", "value"),
                            Decimal(33), "a, b", Decimal(34), 2)
    assert second.value is None and second.reviewer == "Ola" and second.line == 4
    assert files[0].name == "c.csv" and files[0].corrections == 2 and len(files[0].sha256) == 64


@pytest.mark.parametrize(("text", "said"), [
    ("edition,table,row,column,value,reviewer\n", "no column 'reason'"),
    (HEADER + "2016-06,summary,x,value,\"9,5\",Kari,\n", "line 2: value '9,5'"),
    (HEADER + "2016-06,summary,x,value,9,,why\n", "line 2: reviewer is empty"),
    (HEADER + "June,summary,x,value,9,Kari,why\n", "line 2: edition 'June'"),
    ("edition,table,row,column,value,reviewer,reason,reviewed_at\n"
     "2016-06,summary,x,value,9,Kari,why,yesterday\n", "reviewed_at 'yesterday'"),
    (HEADER + '2016-06,summary,x,value,9,Kari,"' + "a" * 200_000, "not a CSV file"),
])
def test_a_file_that_is_not_a_corrections_file_is_a_usage_error(tmp_path, text, said):
    with pytest.raises(UsageError, match=re.escape(said)):
        read_corrections([write(tmp_path / "c.csv", text)])


def test_control_characters_never_reach_an_output(tmp_path):
    path = write(tmp_path / "c.csv", HEADER + "2016-06,summary,x,value,9,Ka\x1bri,wh\x00y\n")
    (correction,), _ = read_corrections([path])
    assert (correction.reviewer, correction.reason) == ("Kari", "why")


def test_two_files_that_decide_one_value_differently_are_refused(tmp_path):
    one = write(tmp_path / "one.csv", HEADER + DISPENSATION)
    same = write(tmp_path / "same.csv", HEADER + DISPENSATION)
    other = write(tmp_path / "other.csv", HEADER + DISPENSATION.replace(",33,", ",32,"))
    assert len(read_corrections([one, same])[0]) == 1
    with pytest.raises(UsageError, match=r"one\.csv line 2 and other\.csv line 2 decide"):
        read_corrections([one, other])


# -- applying ---------------------------------------------------------------------------

def test_a_correction_replaces_the_value_and_keeps_the_machines_reading():
    tables = summary_table(("dispensation_companies", "34"), ("reporting_companies", "111"))
    outcomes, warnings = apply_corrections(
        tables, "2016-06", [decision("dispensation_companies", "33", machine="34"),
                            decision("reporting_companies", None)])
    corrected, confirmed = tables[0].observations
    assert (corrected.value, corrected.machine_value, corrected.flags, corrected.source) == (
        Decimal(33), Decimal(34), ["corrected"], "review")
    assert corrected.review is not None and corrected.review.reviewer == "Kari"
    assert (confirmed.value, confirmed.machine_value, confirmed.flags) == (
        Decimal(111), None, ["confirmed"])
    assert [o.status for o in outcomes] == ["corrected", "confirmed"] and warnings == []


def test_a_decision_made_on_another_reading_or_on_no_value_is_a_warning_never_applied():
    tables = summary_table(("dispensation_companies", "34"))
    outcomes, warnings = apply_corrections(
        tables, "2016-06", [decision("dispensation_companies", "33", machine="39"),
                            decision("metering_points", "5"),
                            decision("dispensation_companies", "1", edition="2017-06")])
    obs = tables[0].observations[0]
    assert (obs.value, obs.flags, obs.source) == (Decimal(34), [], "machine")
    assert [o.status for o in outcomes] == ["stale", "unmatched"]  # 2017-06's is not ours
    assert [w.code for w in warnings] == ["correction_stale", "correction_unmatched"]
    assert "now reads 34, the correction was made when it read 39" in warnings[0].message


# -- through the command line -----------------------------------------------------------

@pytest.fixture
def seed_with_corrections(tmp_path) -> Path:
    """The seed copied with its own corrections file beside it, found by name."""
    seed = tmp_path / "inputs" / SEED.name
    seed.parent.mkdir()
    shutil.copy(SEED, seed)
    write(seed.with_name(SEED.stem + ".corrections.csv"), HEADER + DISPENSATION)
    return seed


def test_extract_finds_the_file_beside_the_input_and_the_check_passes(seed_with_corrections,
                                                                       tmp_path):
    out = tmp_path / "out"
    result = run("extract", str(seed_with_corrections), "-o", str(out),
                 "--xlsx", str(tmp_path / "book.xlsx"))
    assert result.returncode == 0, result.stdout + result.stderr  # 34 vs 33 fixed: exit 0
    assert "checks    39 passed, 0 failed" in result.stdout
    rows = {r["row"]: r for r in csv.DictReader((out / "observations.csv").open())
            if r["table"] == "summary"}
    fixed = rows["dispensation_companies"]
    assert (fixed["value"], fixed["raw"], fixed["flags"], fixed["source"], fixed["machine_value"],
            fixed["reviewer"], fixed["review_reason"]) == (
        "33", "34", "corrected", "review", "34", "Kari", "section 1 counts 33")
    assert rows["reporting_companies"]["source"] == "machine"
    report = json.loads((out / "report.json").read_text())
    value = next(v for t in report["tables"] if t["id"] == "summary" for v in t["values"]
                 if v["row"] == "dispensation_companies")
    assert (value["value"], value["machine_value"], value["review"]["reviewer"]) == (33, 34, "Kari")
    assert report["corrections"]["files"][0]["name"] == "nve-ams-status-2016h1.corrections.csv"
    assert report["corrections"]["decisions"][0]["status"] == "corrected"
    assert "dispensation_companies,Selskaper med dispensasjon,33" in (
        out / "tables" / "summary.csv").read_text()
    book = load_workbook(tmp_path / "book.xlsx")
    assert [c.value for c in book["corrections"][2]][:5] == [
        "summary", "dispensation_companies", "value", "corrected", 33]
    header = [c.value for c in book["observations"][1]]
    assert "source" in header and "machine_value" in header


def test_given_corrections_replace_the_file_beside_the_input(seed_with_corrections, tmp_path):
    empty = write(tmp_path / "none.csv", HEADER)
    result = run("extract", str(seed_with_corrections), "-o", "-", "--corrections", str(empty))
    assert result.returncode == 1  # the beside file is not read: 34 vs 33 fails again
    assert ",34,companies,34," in result.stdout


def test_load_keeps_each_decision_in_the_database_and_the_parquet_files(
        seed_with_corrections, tmp_path):
    db, parquet = tmp_path / "ams.duckdb", tmp_path / "parquet"
    result = run("load", str(seed_with_corrections), "--db", str(db), "--parquet", str(parquet))
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT value, machine_value, flags, source, reviewer FROM observations "
            "WHERE \"row\" = 'dispensation_companies'").fetchall() == [
            (33.0, 34.0, "corrected", "review", "Kari")]
        assert con.execute('SELECT edition, "row", status, value, read_value, reviewer, reason '
                           "FROM corrections").fetchall() == [
            ("2016-06", "dispensation_companies", "corrected", 33.0, 34.0, "Kari",
             "section 1 counts 33")]
        assert con.execute(
            f"SELECT status FROM read_parquet('{parquet / 'corrections.parquet'}')"
        ).fetchall() == [("corrected",)]


def test_check_compares_the_corrected_values(seed_with_corrections, tmp_path):
    golden = tmp_path / "golden"
    assert run("check", str(seed_with_corrections), "--golden", str(golden),
               "--update").returncode == 0
    assert run("check", str(seed_with_corrections), "--golden", str(golden)).returncode == 0
    empty = write(tmp_path / "none.csv", HEADER)
    result = run("check", str(seed_with_corrections), "--golden", str(golden),
                 "--corrections", str(empty))
    assert result.returncode == 1
    assert "dispensation_companies" in result.stdout and "33" in result.stdout


def test_a_bad_corrections_file_is_one_line_exit_2_and_nothing_written(tmp_path):
    bad = write(tmp_path / "bad.csv", HEADER + "2016-06,summary,x,value,many,Kari,\n")
    out = tmp_path / "out"
    result = run("extract", str(SEED), "-o", str(out), "--corrections", str(bad))
    assert_one_line_error(result, 2)
    assert "bad.csv line 2" in result.stderr and not out.exists()
    assert_one_line_error(run("load", str(SEED), "--db", str(tmp_path / "a.duckdb"),
                              "--corrections", str(tmp_path / "missing.csv")), 2)
    assert not (tmp_path / "a.duckdb").exists()


# -- the quality gate: --fail-on ----------------------------------------------------------

CLEAN = ROOT / "samples" / "editions" / "nve-ams-status-2018-h1-ocr.txt"  # exit 0, no warning


GOLDEN_2018 = ROOT / "fixtures" / "editions" / "nve-ams-status-2018-h1-ocr"
REPAIRED = sum("ocr_repaired" in r["flags"].split(";") for r in csv.DictReader(
    (GOLDEN_2018 / "observations.csv").open(encoding="utf-8")))  # 17 OCR slips repaired


def confirm_all(flag: str, path: Path) -> Path:
    """A corrections file confirming every value of the clean edition that carries `flag`."""
    rows = csv.DictReader((GOLDEN_2018 / "observations.csv").open(encoding="utf-8"))
    lines = [f"2018-06,{r['table']},{r['row']},{r['column']},confirmed,Kari,as printed\n"
             for r in rows if flag in r["flags"].split(";")]
    return write(path, HEADER + "".join(lines))


def test_fail_on_exits_1_until_every_such_value_is_reviewed(tmp_path):
    assert run("extract", str(CLEAN), "-o", "-").returncode == 0
    gated = run("extract", str(CLEAN), "-o", str(tmp_path / "a"), "--fail-on",
                "ocr_repaired,low_confidence")
    assert gated.returncode == 1 and (tmp_path / "a" / "report.json").is_file()  # done
    assert REPAIRED > 5 and (f"--fail-on: 2018-06 (nve-ams-status-2018-h1-ocr.txt): {REPAIRED} "
                             "ocr_repaired not reviewed") in gated.stdout
    reviewed = confirm_all("ocr_repaired", tmp_path / "confirm.csv")
    passed = run("extract", str(CLEAN), "-o", str(tmp_path / "b"), "--fail-on", "ocr_repaired",
                 "--corrections", str(reviewed))
    assert passed.returncode == 0, passed.stdout
    rows = list(csv.DictReader((tmp_path / "b" / "observations.csv").open(encoding="utf-8")))
    assert {r["needs_review"] for r in rows} == {"false"}
    assert sum("confirmed" in r["flags"] for r in rows) == REPAIRED


def test_load_under_the_gate_loads_nothing_until_reviewed(tmp_path):
    db = tmp_path / "ams.duckdb"
    refused = run("load", str(CLEAN), str(SEED), "--db", str(db), "--fail-on", "ocr_repaired")
    assert refused.returncode == 1 and "nothing was loaded" in refused.stdout
    assert "2018-06" in refused.stdout and not db.exists()
    reviewed = confirm_all("ocr_repaired", tmp_path / "confirm.csv")
    loaded = run("load", str(CLEAN), "--db", str(db), "--fail-on", "ocr_repaired",
                 "--corrections", str(reviewed))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observations WHERE "
                           "list_contains(flag_list, 'ocr_repaired') AND source = 'review' "
                           "AND NOT needs_review").fetchone() == (REPAIRED,)


def test_check_under_the_gate_and_an_unknown_flag(tmp_path):
    same = run("check", str(CLEAN), "--golden", str(GOLDEN_2018), "--fail-on", "ocr_repaired")
    assert same.returncode == 1 and "same as" in same.stdout
    assert f"{REPAIRED} ocr_repaired not reviewed" in same.stdout
    assert run("check", str(CLEAN), "--golden", str(GOLDEN_2018), "--fail-on",
               "check_failed,missing").returncode == 0
    unknown = run("extract", str(CLEAN), "-o", "-", "--fail-on", "low_confidense")
    assert_one_line_error(unknown, 2)
    assert "'low_confidense' is not a flag" in unknown.stderr


def test_a_decided_value_leaves_the_reviews_list_of_what_needs_a_human(tmp_path):
    from extractor import extract
    from extractor.outputs.review import attention_items

    machine = extract(CLEAN)
    repaired = [o for o in machine.observations if "ocr_repaired" in o.flags]
    lines = [f"2018-06,{o.table},{o.row},{o.column},confirmed,Kari,\n" for o in repaired]
    decided = write(tmp_path / "c.csv", HEADER + "".join(lines))
    assert sum(item[2] == "ocr repaired" for item in attention_items(machine)) == len(repaired)
    reviewed = extract(CLEAN, corrections=[decided])
    assert not any(item[2] == "ocr repaired" for item in attention_items(reviewed))
