"""The command line as users and CI run it: a real process, real files, exit codes."""

from __future__ import annotations

import shutil

import pytest
from conftest import GOLDEN, ROOT, SEED, assert_one_line_error
from conftest import run_cli as run


def test_extract_writes_the_folder_and_prints_a_summary(tmp_path):
    """The seed: every file written, exit 1 because the 34/33 check fails."""
    out = tmp_path / "out"
    result = run("extract", str(SEED), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert "values    123" in result.stdout
    assert "failed  summary_dispensation_companies: 34 vs 33" in result.stdout
    for name in ("observations.csv", "report.json", "datapackage.json", "tables/summary.csv"):
        assert (out / name).is_file(), name


@pytest.mark.parametrize("command", ["extract", "check"])
def test_help_shows_an_example(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n \n\t\n", "empty"),
        ("random.txt", bytes(range(256)) * 40, "not a text file"),
        ("novel.txt", "Det var en gang en konge.\nHan hadde tre døtre.\n".encode(), "no section"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ],
)
def test_unreadable_input_is_one_line_exit_3_and_writes_nothing(tmp_path, name, content, reason):
    """Bad input: one plain line naming the file and reason, exit 3, no output folder."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = run("extract", str(path), "-o", str(out))
    assert_one_line_error(result, 3)
    assert reason in result.stderr and name in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([name] if content is not None else [])


def test_usage_errors_exit_2_in_one_line():
    assert_one_line_error(run("extract", str(SEED)), 2)
    assert_one_line_error(run("nonsense"), 2)


def test_check_passes_on_the_golden_folder():
    result = run("check", str(SEED), "--golden", str(GOLDEN))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "same as" in result.stdout


def test_check_prints_a_cell_level_diff_and_exits_1(tmp_path):
    golden = tmp_path / "golden"
    shutil.copytree(GOLDEN, golden)
    path = golden / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        ",risk_assessment,meter_access,low,36,", ",risk_assessment,meter_access,low,35,"),
        encoding="utf-8")
    before = path.read_bytes()
    result = run("check", str(SEED), "--golden", str(golden))
    assert result.returncode == 1
    assert "risk_assessment  meter_access  low" in result.stdout
    assert "35" in result.stdout and "36" in result.stdout
    assert path.read_bytes() == before, "check without --update must not touch the golden"


def test_check_update_rewrites_deliberately_and_says_what_changed(tmp_path):
    golden = tmp_path / "golden"
    shutil.copytree(GOLDEN, golden)
    path = golden / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",fiber,meter_to_concentrator,1,",
                                                             ",fiber,meter_to_concentrator,2,"),
                    encoding="utf-8")
    result = run("check", str(SEED), "--golden", str(golden), "--update")
    assert result.returncode == 0
    assert "1 difference(s)" in result.stdout
    assert path.read_text(encoding="utf-8") == (GOLDEN / "observations.csv").read_text(
        encoding="utf-8")


def test_python_api_returns_dataframes(seed_report):
    """`from extractor import extract` gives pandas tables and the tidy frame."""
    frame = seed_report.tables["metering_points_by_category"]
    assert list(frame.columns) == ["row", "label", "metering_points"]
    assert frame.set_index("row").loc["households", "metering_points"] == 2284127
    assert seed_report.tables["cost_breakdown_large_companies"].empty  # the chart: no values
    assert set(seed_report.tables) == {t.id for t in seed_report.extracted}
    tidy = seed_report.to_dataframe()
    assert len(tidy) == 123
    assert tidy["value"].dtype.kind == "f"


def test_load_twice_keeps_each_edition_once_and_answers_the_documented_query(tmp_path):
    """The multi-edition database: a real DuckDB file, loaded twice, queried as documented."""
    from extractor.outputs.database import METERING_POINTS_QUERY, query

    db = tmp_path / "ams.duckdb"
    for _ in range(2):
        result = run("load", str(SEED), str(ROOT / "samples/pdf/nve-ams-status-2016h1-alt.pdf"),
                     "--db", str(db))
        assert result.returncode == 2  # both are the 2016-06 edition: refused, nothing loaded
        assert "same edition (2016-06)" in result.stderr and "INPUT=YYYY-MM" in result.stderr
        assert not db.exists()
    for _ in range(2):
        assert run("load", str(SEED), "--db", str(db), "--parquet", str(tmp_path / "pq")
                   ).returncode == 0
    assert query(db, "SELECT count(*) FROM observations") == [(123,)]
    assert query(db, "SELECT count(*) FROM editions") == [(1,)]
    rows = query(db, METERING_POINTS_QUERY)
    assert ("2016-06", "households", 2284127.0) in rows and len(rows) == 6
    assert (tmp_path / "pq" / "observations.parquet").is_file()


def test_diff_of_two_editions_lists_changes_and_writes_csv(tmp_path):
    """One value changed in a copy of the seed's golden: 9 read as 39, as OCR once read
    the scanned sample."""
    changed = tmp_path / "changed"
    shutil.copytree(GOLDEN, changed)
    rows = (changed / "observations.csv").read_text(encoding="utf-8")
    old = "installation_workforce,own_installers,share_2015_pct,9,percent,(9%)"
    assert rows.count(old) == 1
    (changed / "observations.csv").write_text(
        rows.replace(old, old.replace(",9,", ",39,").replace("(9%)", "(39%)")), encoding="utf-8")
    result = run("diff", str(GOLDEN), str(changed), "--csv", str(tmp_path / "changes.csv"))
    assert result.returncode == 0, result.stderr
    assert "0 new, 0 removed, 1 changed" in result.stdout
    lines = (tmp_path / "changes.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == ("installation_workforce,own_installers,share_2015_pct,changed,9,39,30,"
                        "percent,2016-06,2016-06,,,share,share")


def test_extract_xlsx_writes_a_workbook(tmp_path):
    from openpyxl import load_workbook

    result = run("extract", str(SEED), "-o", str(tmp_path / "out"), "--xlsx",
                 str(tmp_path / "tables.xlsx"))
    assert result.returncode == 1, result.stderr
    book = load_workbook(tmp_path / "tables.xlsx")
    assert {"observations", "checks", "meter_vendors"} <= set(book.sheetnames)


def test_load_of_all_editions_twice_leaves_each_edition_once(tmp_path):
    """Six editions side by side, loaded twice: six editions, their values once each."""
    from extractor.outputs.database import METERING_POINTS_QUERY, query

    editions = sorted((ROOT / "samples" / "editions").glob("*.txt"))
    inputs = [str(SEED), *map(str, editions)]
    db = tmp_path / "ams.duckdb"
    for _ in range(2):
        result = run("load", *inputs, "--db", str(db))
        assert result.returncode == 0, result.stderr
    assert query(db, "SELECT count(*) FROM editions") == [(6,)]
    assert query(db, 'SELECT count(*) FROM (SELECT DISTINCT edition, "table", "row", "column" '
                     "FROM observations)") == query(db, "SELECT count(*) FROM observations")
    per_edition = {}
    for edition, category, value in query(db, METERING_POINTS_QUERY):
        per_edition.setdefault(edition, {})[category] = value
    assert set(per_edition) == {"2016-06", "2017-06", "2017-12", "2018-06", "2018-03", "2019-03"}
    assert per_edition["2019-03"]["Landbruk"] == 12345  # kept under its printed label
    for categories in per_edition.values():
        total = categories.pop("total")
        assert sum(categories.values()) == total


def test_review_command_and_extract_review_plots(tmp_path):
    """`review` writes one HTML file; `extract --review --plots` adds them to the folder."""
    page = tmp_path / "review.html"
    result = run("review", str(SEED), "-o", str(page))
    assert result.returncode == 1, result.stderr  # the 34/33 check, as for extract
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    out = tmp_path / "out"
    assert run("extract", str(SEED), "-o", str(out), "--review", "--plots").returncode == 1
    assert (out / "review.html").is_file()
    assert sorted(p.name for p in (out / "plots").iterdir()) == [
        "installation_plan.svg", "metering_points_by_category.svg"]


def test_load_refuses_a_guessed_edition_until_it_is_given(tmp_path):
    """The mixed sample read with --ocr never has no summary page: its edition is a guess
    (from the file name), which extract warns of and load refuses; INPUT=EDITION gives it."""
    mixed = ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-mixed.pdf"
    extracted = run("extract", str(mixed), "-o", str(tmp_path / "out"), "--ocr", "never")
    assert "edition 2016-06, guessed" in extracted.stdout
    assert "edition_guessed: the report does not state its period" in extracted.stdout
    db = tmp_path / "ams.duckdb"
    refused = run("load", str(mixed), "--db", str(db), "--ocr", "never")
    assert_one_line_error(refused, 2)
    assert "guessed from the file name" in refused.stderr and "=YYYY-MM" in refused.stderr
    assert not db.exists()
    given = run("load", f"{mixed}=2016-H1", "--db", str(db), "--ocr", "never")
    assert given.returncode == 0, given.stderr
    from extractor.outputs.database import query

    assert query(db, "SELECT edition, guessed, edition_source FROM editions") == [
        ("2016-06", False, "given by the user")]


def test_a_bad_edition_is_a_usage_error():
    assert_one_line_error(run("extract", str(SEED), "-o", "-", "--edition", "June"), 2)
    assert_one_line_error(run("load", f"{SEED}=June", "--db", "x.duckdb"), 2)


def test_query_prints_rows_and_a_bad_statement_is_one_line(tmp_path):
    db = tmp_path / "ams.duckdb"
    assert run("load", str(SEED), "--db", str(db)).returncode == 0
    result = run("query", str(db), "SELECT edition, count(*) AS n FROM observations GROUP BY 1")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["edition    n", "2016-06  123", "(1 row)"]
    as_csv = run("query", str(db), "SELECT edition FROM editions", "--csv")
    assert as_csv.stdout == "edition\n2016-06\n"
    assert_one_line_error(run("query", str(db), "SELECT nonsense FROM nowhere"), 2)
    assert_one_line_error(run("query", str(tmp_path / "none.duckdb"), "SELECT 1"), 3)
    # DuckDB would run both and print the last: one statement, or a usage error.
    several = run("query", str(db), "SELECT 1; DROP TABLE observations")
    assert_one_line_error(several, 2)
    assert "one SQL statement, not 2" in several.stderr
    assert_one_line_error(run("query", str(db), " ; "), 2)


def test_load_refuses_a_file_that_is_not_a_database_and_makes_a_missing_folder(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    result = run("load", str(SEED), "--db", str(notes))
    assert_one_line_error(result, 2)
    assert "not a DuckDB database" in result.stderr
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    db = tmp_path / "new" / "folder" / "ams.duckdb"
    assert run("load", str(SEED), "--db", str(db)).returncode == 0 and db.is_file()


def test_tables_reads_pdfs_only_and_offers_only_the_options_it_reads(tmp_path):
    out = tmp_path / "out"
    result = run("tables", str(SEED), "-o", str(out))
    assert_one_line_error(result, 2)
    assert "reads PDFs only" in result.stderr and not out.exists()
    shown = run("tables", "--help").stdout
    assert "--ocr-lang" in shown and "--spec" not in shown and "--second-dpi" not in shown


def test_read_flags_become_one_typed_options_object():
    """The flags of every command that extracts, parsed once: --ocr as an OcrMode."""
    from extractor.cli.common import input_options
    from extractor.model.reading import OcrMode

    options = input_options((), "never", True, 3, 5.0, None, 1.0, 2, 3.0, 4.0, 512)
    assert options.read.ocr is OcrMode.NEVER and options.read.workers == 3
    assert not options.read.use_cache and options.read.settings.timeout == 5.0
    assert (options.read.limits.max_pages, options.read.limits.max_seconds) == (2, 4.0)
    assert options.read.limits.max_memory_mb == 512 and options.read.limits.max_text_mb == 0.5


def test_workers_and_jobs_are_clamped_by_one_rule():
    import os

    from extractor.runtime.workers import worker_count

    assert worker_count(8, 3) == 3 and worker_count(2, 3) == 2
    assert worker_count(None, 1000) == (os.cpu_count() or 1) and worker_count(None, 1) == 1


def test_load_says_when_workers_does_not_apply(tmp_path):
    """Inputs loaded side by side OCR in one process each: --workers N is noted on stderr
    (stdout as always); with --jobs 1 it applies, and nothing is said."""
    inputs = [str(SEED), str(ROOT / "samples/editions/nve-ams-status-2017-06.txt")]
    side_by_side = run("load", *inputs, "--db", str(tmp_path / "a.duckdb"), "--workers", "3",
                       "--jobs", "2")
    assert side_by_side.returncode == 0, side_by_side.stderr
    assert side_by_side.stderr.splitlines() == [
        "ams-extract: note: 2 inputs are extracted side by side, each OCR'd in one process: "
        "--workers 3 applies only with --jobs 1"]
    one_at_a_time = run("load", *inputs, "--db", str(tmp_path / "b.duckdb"), "--workers", "3",
                        "--jobs", "1")
    assert one_at_a_time.returncode == 0 and one_at_a_time.stderr == ""
    assert one_at_a_time.stdout.replace("b.duckdb", "a.duckdb") == side_by_side.stdout


@pytest.fixture(scope="module")
def one_scanned_page(tmp_path_factory):
    """Page 3 of the scanned sample: the annual and quarterly plans, as an image."""
    from conftest import pdf_sample
    from test_hardening import one_page_of

    return one_page_of(pdf_sample("scanned"), 2, tmp_path_factory.mktemp("page") / "p3.pdf")


def test_ocr_languages_come_from_the_option_or_the_spec(tmp_path, one_scanned_page):
    """Issue 17: the OCR language was fixed to Norwegian, so English pages came out with
    æ, ø and å. --ocr-lang for one run, the spec's [locale] ocr_language for a report
    kind; report.json records what Tesseract was given."""
    import json

    given = run("extract", str(one_scanned_page), "-o", str(tmp_path / "given"),
                "--no-cache", "--ocr-lang", "nor+eng")
    assert given.returncode in (0, 1), given.stderr
    record = json.loads((tmp_path / "given" / "report.json").read_text())["ocr"]
    assert record["language"] == "nor+eng"
    spec = tmp_path / "english.toml"
    spec.write_text('[locale]\nocr_language = "eng"\n', encoding="utf-8")
    by_spec = run("extract", str(one_scanned_page), "-o", str(tmp_path / "spec"),
                  "--no-cache", "--spec", str(spec))
    assert by_spec.returncode in (0, 1), by_spec.stderr
    record = json.loads((tmp_path / "spec" / "report.json").read_text())["ocr"]
    assert record["language"] == "eng"


@pytest.mark.parametrize(("language", "code", "says"), [
    ("bad!", 2, "is not Tesseract's languages"),
    ("xyz", 3, "no 'xyz' language data; install it: apt-get install tesseract-ocr-xyz"),
])
def test_a_wrong_ocr_language_is_one_line(tmp_path, one_scanned_page, language, code, says):
    result = run("extract", str(one_scanned_page), "-o", str(tmp_path / "out"), "--no-cache",
                 "--ocr-lang", language)
    assert_one_line_error(result, code)
    assert says in result.stderr and not (tmp_path / "out").exists()
