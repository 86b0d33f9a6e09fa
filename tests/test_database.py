"""The multi-edition DuckDB database and its Parquet files, on real files: extractor.database."""

from __future__ import annotations

from dataclasses import fields

import pytest
from conftest import SEED

from extractor import extract
from extractor.database import METERING_POINTS_QUERY, load_reports, query
from extractor.errors import ExtractError
from extractor.report import Report

CATEGORIES = ["business_over_100000_kwh", "cabins_and_holiday_homes", "households", "other",
              "street_and_road_lighting", "total"]


@pytest.fixture(scope="module")
def second_edition():
    """The seed under another edition id: a stand-in for a later report."""
    return extract(SEED, edition="2017-06")


def _counts(db) -> tuple[int, ...]:
    return tuple(query(db, f"SELECT count(*) FROM {t}")[0][0]
                 for t in ("observations", "editions", "checks"))


def test_one_edition(seed_report, tmp_path):
    db = tmp_path / "ams.duckdb"
    assert load_reports([seed_report], db) == {"2016-H1": 123}
    assert _counts(db) == (123, 1, len(seed_report.checks))
    assert query(db, 'SELECT "values", checks_failed, source_kind FROM editions') == [
        (123, 1, "text")]
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
    assert load_reports([seed_report, second_edition], db) == {"2016-H1": 123, "2017-06": 123}
    rows = query(db, METERING_POINTS_QUERY)
    assert [(edition, category) for edition, category, _ in rows] == [
        (edition, category) for edition in ("2016-H1", "2017-06") for category in CATEGORIES]
    assert ("2016-H1", "households", 2284127.0) in rows


def test_parquet_files_hold_the_whole_tables(seed_report, second_edition, tmp_path):
    db, parquet = tmp_path / "ams.duckdb", tmp_path / "parquet"
    load_reports([seed_report, second_edition], db, parquet)
    assert sorted(p.name for p in parquet.iterdir()) == [
        "checks.parquet", "editions.parquet", "observations.parquet"]
    assert query(db, f"SELECT count(*) FROM '{parquet / 'observations.parquet'}'") == [(246,)]
    assert query(db, f"SELECT count(*) FROM '{parquet / 'editions.parquet'}'") == [(2,)]


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


def test_a_file_that_is_not_a_database_is_an_error(seed_report, tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(ExtractError, match="cannot open the database"):
        load_reports([seed_report], db)
