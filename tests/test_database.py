"""The multi-edition DuckDB database and its Parquet files, on real files: extractor.database."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from conftest import ROOT, SEED

from extractor import extract
from extractor.errors import ExtractError, UsageError
from extractor.outputs.database import METERING_POINTS_QUERY, Loaded, load_reports, query
from extractor.report import Report

CATEGORIES = ["business_over_100000_kwh", "cabins_and_holiday_homes", "households", "other",
              "street_and_road_lighting", "total"]


@pytest.fixture(scope="module")
def second_edition():
    """A later report: the June 2017 edition."""
    return extract(ROOT / "samples" / "editions" / "nve-ams-status-2017-06.txt")


def _counts(db) -> tuple[int, ...]:
    return tuple(query(db, f"SELECT count(*) FROM {t}")[0][0]
                 for t in ("observations", "editions", "checks"))


def test_one_edition(seed_report, tmp_path):
    db = tmp_path / "ams.duckdb"
    assert load_reports([seed_report], db) == {"2016-06": Loaded(123)}
    assert _counts(db) == (123, 1, len(seed_report.checks))
    assert query(db, 'SELECT "values", checks_failed, source_kind, period_start, period_end, '
                     "period_text, guessed, warnings FROM editions") == [
        (123, 1, "text", date(2016, 1, 1), date(2016, 6, 30), "per 1. halvår 2016", False, 0)]
    assert query(db, "SELECT DISTINCT period_start, period_end FROM observations") == [
        (date(2016, 1, 1), date(2016, 6, 30))]
    assert query(db, "SELECT rule FROM checks WHERE status = 'failed'") == [
        ("summary_dispensation_companies",)]
    assert query(db, 'SELECT value, page, flags FROM observations WHERE "table" = \'summary\''
                     ' AND "row" = \'metering_points\'') == [(2900000.0, None, "approximate")]


def test_loading_an_edition_again_replaces_it(seed_report, tmp_path):
    db = tmp_path / "ams.duckdb"
    load_reports([seed_report], db)
    load_reports([seed_report], db)
    assert _counts(db) == (123, 1, len(seed_report.checks))


def test_two_editions_and_the_documented_query(seed_report, second_edition, tmp_path):
    db = tmp_path / "ams.duckdb"
    assert load_reports([seed_report, second_edition], db) == {"2016-06": Loaded(123),
                                                               "2017-06": Loaded(123)}
    rows = query(db, METERING_POINTS_QUERY)
    assert [(edition, category) for edition, category, _ in rows] == [
        (edition, category) for edition in ("2016-06", "2017-06") for category in CATEGORIES]
    assert ("2016-06", "households", 2284127.0) in rows


def test_the_same_file_under_another_edition_replaces_the_earlier_load(seed_report, tmp_path):
    """A file is one edition: loaded again under another id (a corrected --edition, or an
    id of an earlier version of the tool), the earlier load goes, and the result says so."""
    db = tmp_path / "ams.duckdb"
    load_reports([seed_report], db)
    again = extract(SEED, edition="2016-12")
    assert load_reports([again], db) == {"2016-12": Loaded(123, ("2016-06",))}
    assert query(db, "SELECT edition FROM editions") == [("2016-12",)]
    assert _counts(db) == (123, 1, len(again.checks))


def test_warnings_are_a_table_of_their_own(tmp_path):
    """The 2019-03 edition's warnings (missing sections, an unknown row, skipped checks)
    reach the database, so a dropped table is visible downstream."""
    report = extract(ROOT / "samples" / "editions" / "nve-ams-status-2019-q1-nn.txt")
    db = tmp_path / "ams.duckdb"
    load_reports([report], db)
    rows = query(db, "SELECT edition, code, message FROM warnings ORDER BY ALL")
    assert len(rows) == len(report.warnings) >= 4
    codes = {code for _, code, _ in rows}
    assert {"missing_section", "unmatched_label", "check_skipped"} <= codes
    assert ("2019-03", "unmatched_label",
            "metering_points_by_category: no known row for 'Landbruk' (closest: 'Andre', "
            "score 62)") in rows
    assert query(db, "SELECT warnings FROM editions") == [(len(report.warnings),)]


def test_an_earlier_database_gains_the_new_columns(seed_report, tmp_path):
    """A database made before editions had dates and warnings had a table is upgraded."""
    import duckdb

    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("""CREATE TABLE editions (
            edition VARCHAR PRIMARY KEY, period VARCHAR, period_text VARCHAR, title VARCHAR,
            source_name VARCHAR, source_sha256 VARCHAR, source_kind VARCHAR, pages INTEGER,
            tool_version VARCHAR, spec_version VARCHAR, "values" INTEGER,
            checks_failed INTEGER)""")
        con.execute("INSERT INTO editions (edition, source_sha256) VALUES ('2016-H1', ?)",
                    [seed_report.source.sha256])
    assert load_reports([seed_report], db) == {"2016-06": Loaded(123, ("2016-H1",))}
    assert query(db, "SELECT edition, period_end FROM editions") == [
        ("2016-06", date(2016, 6, 30))]


def test_parquet_files_hold_the_whole_tables(seed_report, second_edition, tmp_path):
    db, parquet = tmp_path / "ams.duckdb", tmp_path / "parquet"
    load_reports([seed_report, second_edition], db, parquet)
    assert sorted(p.name for p in parquet.iterdir()) == [
        "checks.parquet", "corrections.parquet", "editions.parquet", "notes.parquet",
        "observations.parquet",
        "warnings.parquet"]
    assert query(db, f"SELECT count(*) FROM '{parquet / 'observations.parquet'}'") == [(246,)]
    assert query(db, f"SELECT count(*) FROM '{parquet / 'editions.parquet'}'") == [(2,)]


def test_pandas_reads_the_parquet_files(seed_report, second_edition, tmp_path):
    """Downstream pipelines read the Parquet files with pandas (pyarrow is installed)."""
    import pandas as pd

    parquet = tmp_path / "parquet"
    load_reports([seed_report, second_edition], tmp_path / "ams.duckdb", parquet)
    observations = pd.read_parquet(parquet / "observations.parquet")
    assert len(observations) == 246
    assert sorted(observations["edition"].unique()) == ["2016-06", "2017-06"]
    households = observations[(observations["row"] == "households")
                              & (observations["edition"] == "2016-06")]
    assert households["value"].tolist() == [2284127.0]
    editions = pd.read_parquet(parquet / "editions.parquet")
    assert str(editions.loc[editions["edition"] == "2017-06", "period_end"].iloc[0]) \
        == "2017-06-30"


class _BrokenReport(Report):
    def observation_rows(self) -> list[dict[str, str]]:
        raise RuntimeError("broken mid-load")


class _DuplicatedReport(Report):
    def observation_rows(self) -> list[dict[str, str]]:
        return super().observation_rows() * 2  # breaks the primary key


def _as(cls: type[Report], report: Report) -> Report:
    return cls(**{f.name: getattr(report, f.name) for f in fields(Report)})


def test_a_failure_mid_load_leaves_the_database_as_it_was(seed_report, second_edition,
                                                          tmp_path):
    """The second edition is inserted and the seed deleted before each failure: both undone."""
    db = tmp_path / "ams.duckdb"
    load_reports([seed_report], db)
    before = query(db, "SELECT * FROM observations ORDER BY ALL")
    with pytest.raises(RuntimeError, match="broken mid-load"):
        load_reports([second_edition, _as(_BrokenReport, seed_report)], db)
    with pytest.raises(ExtractError, match="loading failed"):
        load_reports([second_edition, _as(_DuplicatedReport, seed_report)], db)
    assert _counts(db) == (123, 1, len(seed_report.checks))
    assert query(db, "SELECT * FROM observations ORDER BY ALL") == before


def test_a_file_that_is_not_a_database_is_a_usage_error(seed_report, tmp_path):
    """The user named the wrong file (exit 2); it is not touched."""
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not a DuckDB database"):
        load_reports([seed_report], db)
    assert db.read_text(encoding="utf-8") == "not a database\n"
