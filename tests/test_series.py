"""Notes and measures: each table's comment sentences kept, running totals told from a
year's own values, and a value over editions (`series`) labelled so (issue 18)."""

from __future__ import annotations

import csv
from decimal import Decimal

import duckdb
from conftest import ROOT, SEED
from conftest import run_cli as run

from extractor import extract
from extractor.model import ExtractedTable, Line, Observation, TableStatus
from extractor.semantics.comments import table_comments, with_measures
from extractor.spec import load_spec

EDITIONS = ROOT / "samples" / "editions"
SPEC = load_spec()


def plan(*lines: str) -> ExtractedTable:
    """An annual plan read from line 2, its comment on the lines after."""
    source = [Line(text, number, None) for number, text in enumerate(
        ["2 Årlig installasjonsplan", "Antall målere installert per år 10 20", *lines], 1)]
    values = [Observation("annual_installation_plan", "meters_installed", year, Decimal(value),
                          "meters", str(value), 2) for year, value in (("2015", 10), ("2016", 20))]
    return ExtractedTable("annual_installation_plan", TableStatus.EXTRACTED,
                          columns=["2015", "2016"], observations=values, source_lines=source)


def test_a_comment_is_split_into_sentences_each_naming_its_columns():
    table = plan("", "Kommentar:", "", " 2015-tall er sum historisk installert til og",
                 "med 2015. Tallene for 2016 er planer, inkl. 2 selskaper.", "", "5")
    comments = table_comments(table, SPEC.locale)
    assert [(c.text, c.columns, c.cumulative) for c in comments] == [
        ("2015-tall er sum historisk installert til og med 2015.", ("2015",), ("2015",)),
        ("Tallene for 2016 er planer, inkl. 2 selskaper.", ("2016",), ())]
    table.comments = comments
    with_measures(table, SPEC.table("annual_installation_plan"))
    assert [o.measure for o in table.observations] == ["cumulative", "flow"]


def test_a_note_that_begins_with_a_footnote_marker_is_linked_to_the_values_it_marks():
    """'2015 1)' in the header (layout/markers.py took the marker off the year) and the
    note '1) ...' under the table: the note names the cells of column 2015."""
    from extractor.model import Marker

    table = plan("Kommentar:", "1) Tallene for 2015 er sum historisk installert.",
                 "2) Noe annet.")
    comments = table_comments(table, SPEC.locale, [Marker(None, 1, "1)", "2015"),
                                                   Marker(None, 9, "2)", "2016")])
    assert [c.cells for c in comments] == [("meters_installed/2015",), ()]


def test_a_star_note_is_linked_to_the_row_that_prints_the_star():
    """The seed: 'formell samarbeidsavtale (*) 35 1,7 mill.' and, under the table,
    '(*) 5 av de 7 største nettselskapene ...'."""
    table = extract(SEED).table("purchasing_alliances")
    (star,) = [c for c in table.comments if c.text.startswith("(*)")]
    assert star.cells == ("not_in_alliance/companies", "not_in_alliance/metering_points")


def test_a_lost_stop_does_not_make_the_next_sentences_years_running_totals():
    """OCR of the scanned sample lost the stop after '... til og med 2015'."""
    table = plan("Kommentar:", "2015-tall er sum historisk installert til og med 2015 Tallene",
                 "for 2016 er opplyst av nettselskaper.")
    (comment,) = table_comments(table, SPEC.locale)
    assert (comment.columns, comment.cumulative) == (("2015", "2016"), ("2015",))


def test_without_a_comment_a_year_is_a_flow_and_a_percentage_a_share():
    report = extract(SEED)
    measures = {(o.table, o.row, o.column): o.measure for o in report.observations}
    assert measures["annual_installation_plan", "meters_installed", "2016"] == "flow"
    assert measures["annual_installation_plan", "meters_installed", "2015"] == "cumulative"
    assert measures["annual_installation_plan", "share_installed_pct", "2016"] == "share"
    assert measures["quarterly_installation_plan", "cumulative_completed_pct", "2017-Q1"] == \
        "cumulative"
    assert measures["metering_points_by_category", "total", "metering_points"] == "level"


def test_three_editions_give_a_cumulative_series_and_a_yearly_one_with_their_notes(tmp_path):
    """issue 18's 'done when': 2017's installations by edition: planned in 2016-06 and
    2017-06, a running total 'til og med 2017' in 2018-06; labelled so, with the note."""
    db = tmp_path / "ams.duckdb"
    inputs = [SEED, EDITIONS / "nve-ams-status-2017-06.txt",
              EDITIONS / "nve-ams-status-2018-h1-ocr.txt"]
    assert run("load", *map(str, inputs), "--db", str(db)).returncode in (0, 1)
    result = run("series", str(db), "--table", "annual_installation_plan", "--row",
                 "meters_installed", "--column", "2017", "--csv", str(tmp_path / "s.csv"),
                 "--plot", str(tmp_path / "s.svg"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert [(r["edition"], r["measure"]) for r in rows] == [
        ("2016-06", "flow"), ("2017-06", "flow"), ("2018-06", "cumulative")]
    assert rows[2]["notes"] == "2017-tall er sum historisk installert til og med 2017."
    assert rows[0]["notes"] == "" and rows[2]["value"] == "2043556"
    assert "2017-tall er sum historisk" in result.stdout
    svg = (tmp_path / "s.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "cumulative (running total)" in svg
    # A yearly series (shares are shares in every edition) and the notes table itself.
    shares = run("series", str(db), "--table", "annual_installation_plan", "--row",
                 "share_installed_pct", "--column", "2018", "--csv", str(tmp_path / "y.csv"))
    assert shares.returncode == 0
    assert {r["measure"] for r in csv.DictReader((tmp_path / "y.csv").open())} == {"share"}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT edition, cumulative FROM notes WHERE len(cumulative) > 0 AND \"table\" = "
            "'annual_installation_plan' ORDER BY edition").fetchall() == [
            ("2016-06", ["2015"]), ("2017-06", ["2016"]), ("2018-06", ["2017"])]


def test_series_of_nothing_is_a_usage_error(tmp_path):
    db = tmp_path / "ams.duckdb"
    assert run("load", str(EDITIONS / "nve-ams-status-2017-06.txt"), "--db", str(db)
               ).returncode == 0
    result = run("series", str(db), "--table", "summary", "--row", "nope")
    assert result.returncode == 2 and "no value of summary/nope" in result.stderr
