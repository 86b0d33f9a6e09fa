"""Tests for extractor.checks: each check kind on a small CellStore, and the seed's checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract
from extractor.checks import (
    CellStore,
    CellValue,
    bindings,
    check_at_most,
    check_cumulative,
    check_equal,
    check_plans_agree,
    check_share,
    check_sum,
    run_check,
)
from extractor.model.spec import CheckSpec

SEED = Path(__file__).resolve().parent.parent / "samples" / "nve-ams-status-2016h1.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
D = Decimal


def store(*cells: tuple[str, str, str, object] | tuple[str, str, str, object, object]) -> CellStore:
    """Cells from (table, row, column, value[, rounding_unit]); exact counts by default."""
    built = []
    for table, row, column, value, *unit in cells:
        rounding = D(str(unit[0])) if unit else D(0)
        built.append(CellValue((table, row, column), D(str(value)), rounding))
    return CellStore(built)


@pytest.fixture(scope="module")
def seed_report():
    return extract(SEED)


# --- the seed --------------------------------------------------------------------------------


def test_seed_has_exactly_one_failed_check(seed_report) -> None:
    """The 2016 report says 34 dispensation companies in the summary and 33 in section 1."""
    failed = seed_report.failed_checks
    assert [c.rule for c in failed] == ["summary_dispensation_companies"]
    assert "34" in failed[0].detail
    assert "33" in failed[0].detail


def test_seed_dispensation_value_carries_the_failed_check(seed_report) -> None:
    """The value behind a failed check says so in its flags."""
    obs = next(o for o in seed_report.observations
               if o.key == ("summary", "dispensation_companies", "value"))
    assert obs.value == D(34)
    assert "check_failed:summary_dispensation_companies" in obs.flags


def test_seed_every_other_check_passed(seed_report) -> None:
    """No check of the seed is skipped: every cell a check reads was extracted."""
    others = [c for c in seed_report.checks if c.rule != "summary_dispensation_companies"]
    assert others
    assert {c.status for c in others} == {"passed"}, [
        (c.rule, c.status, c.detail) for c in others if c.status != "passed"
    ]


def test_seed_no_other_value_is_flagged_check_failed(seed_report) -> None:
    """Only the one disagreeing value carries a check_failed flag."""
    flagged = [o.key for o in seed_report.observations
               if any(f.startswith("check_failed:") for f in o.flags)]
    assert flagged == [("summary", "dispensation_companies", "value")]


def test_ocr_digit_slip_fails_the_vendor_total_and_flags_the_values(tmp_path: Path) -> None:
    """'Kamstrup 37 23' read as '87 23' is caught: data is never silently wrong."""
    old = "Kamstrup 37 23"
    assert SEED_TEXT.count(old) == 1
    path = tmp_path / "slip.txt"
    path.write_text(SEED_TEXT.replace(old, "Kamstrup 87 23"), encoding="utf-8")
    report = extract(path)
    failed = {c.rule: c for c in report.failed_checks}
    assert set(failed) == {"summary_dispensation_companies", "meter_vendors_companies_total"}
    assert "161" in failed["meter_vendors_companies_total"].detail
    obs = {o.key: o for o in report.observations}
    kamstrup = obs[("meter_vendors", "kamstrup", "companies")]
    assert kamstrup.value == D(87)
    assert "check_failed:meter_vendors_companies_total" in kamstrup.flags
    for vendor in ("aidon", "kaifa", "other"):
        assert "check_failed:meter_vendors_companies_total" in obs[
            ("meter_vendors", vendor, "companies")
        ].flags
    assert "check_failed:meter_vendors_companies_total" in obs[
        ("summary", "reporting_companies", "value")
    ].flags


# --- CellStore -------------------------------------------------------------------------------


def test_select_keeps_the_order_of_an_explicit_row_list() -> None:
    """'t:b,a:x' lists b before a, whatever the printed order."""
    cells = store(("t", "a", "x", 1), ("t", "b", "x", 2), ("t", "c", "x", 3))
    assert [c.key[1] for c in cells.select("t:b,a:x")] == ["b", "a"]
    assert [c.key[1] for c in cells.select("t:*:x")] == ["a", "b", "c"]


def test_select_rejects_a_malformed_selector() -> None:
    """A selector without three parts is a spec error, not an empty selection."""
    with pytest.raises(ValueError, match="table:rows:columns"):
        store().select("t:a")


# --- sum -------------------------------------------------------------------------------------


def test_sum_passes_when_parts_add_up() -> None:
    """Exact counts summing to their total pass with no tolerance."""
    cells = store(("t", "a", "n", 60), ("t", "b", "n", 51), ("t", "total", "n", 111))
    status, detail, _ = check_sum({"parts": "t:a,b:n", "total": "t:total:n"}, cells)
    assert status == "passed"
    assert "allowed 0" in detail


def test_sum_fails_when_exact_counts_are_off_by_one() -> None:
    """Exact counts have no rounding to hide a difference of one."""
    cells = store(("t", "a", "n", 60), ("t", "b", "n", 50), ("t", "total", "n", 111))
    status, detail, bad = check_sum({"parts": "t:a,b:n", "total": "t:total:n"}, cells)
    assert status == "failed"
    assert "difference -1" in detail
    assert {c.key for c in bad} == {("t", "a", "n"), ("t", "b", "n"), ("t", "total", "n")}


def test_sum_allows_rounding_of_printed_percentages() -> None:
    """Six shares printed to whole percent may sum to 101: half a point each is allowed."""
    shares = [6, 12, 52, 30, "0.5", "0.5"]
    units = [1, 1, 1, 1, "0.1", "0.1"]
    cells = store(*(("t", "p", str(i), v, u) for i, (v, u) in enumerate(zip(shares, units,
                                                                           strict=True))))
    status, detail, _ = check_sum({"parts": "t:p:*", "total": 100}, cells)
    assert status == "passed"
    assert "sum 101 vs 100" in detail


def test_sum_fails_beyond_rounding() -> None:
    """Three shares of 30 are not 100, whatever the rounding."""
    cells = store(*(("t", "p", c, 30, 1) for c in "abc"))
    assert check_sum({"parts": "t:p:*", "total": 100}, cells)[0] == "failed"


def test_sum_with_a_fixed_and_relative_tolerance() -> None:
    """`tolerance` and `relative` override rounding for reported-separately figures."""
    cells = store(("t", "a", "n", 1010), ("t", "total", "n", 1000))
    params = {"parts": "t:a:n", "total": "t:total:n"}
    assert check_sum({**params, "tolerance": 5}, cells)[0] == "failed"
    assert check_sum({**params, "tolerance": 10}, cells)[0] == "passed"
    assert check_sum({**params, "tolerance": 0, "relative": 0.01}, cells)[0] == "passed"


def test_sum_skips_when_cells_are_missing() -> None:
    """A check over cells that were not extracted is skipped, not failed."""
    cells = store(("t", "a", "n", 1))
    assert check_sum({"parts": "t:a:n", "total": "t:total:n"}, cells)[0] == "skipped"
    assert check_sum({"parts": "u:*:*", "total": 1}, cells)[0] == "skipped"


# --- equal -----------------------------------------------------------------------------------


def test_equal_fails_for_different_exact_counts() -> None:
    """34 vs 33 dispensation companies: exact counts, no tolerance."""
    cells = store(("summary", "d", "value", 34), ("facts", "d1", "value", 33))
    status, detail, bad = check_equal(
        {"a": "summary:d:value", "b": "facts:d1:value"}, cells
    )
    assert status == "failed"
    assert detail == "34 vs 33 (allowed difference 0)"
    assert len(bad) == 2


def test_equal_passes_within_the_rounding_of_an_approximate_value() -> None:
    """'vel 2,9 mill.' (±50 000) equals 2 948 394."""
    cells = store(("s", "m", "value", 2900000, 100000), ("t", "total", "n", 2948394))
    assert check_equal({"a": "s:m:value", "b": "t:total:n"}, cells)[0] == "passed"


def test_equal_fails_just_outside_the_rounding() -> None:
    """'2,9 mill.' cannot be 2 960 000: that would print as 3,0."""
    cells = store(("s", "m", "value", 2900000, 100000), ("t", "total", "n", 2960000))
    assert check_equal({"a": "s:m:value", "b": "t:total:n"}, cells)[0] == "failed"


# --- share -----------------------------------------------------------------------------------


def test_share_passes_when_shares_match_counts() -> None:
    """16, 43, 52 of 111 are 14 %, 39 %, 47 % (the seed's section 9)."""
    cells = store(("t", "a", "n", 16), ("t", "b", "n", 43), ("t", "c", "n", 52),
                  ("t", "a", "p", 14, 1), ("t", "b", "p", 39, 1), ("t", "c", "p", 47, 1))
    assert check_share({"counts": "t:*:n", "shares": "t:*:p", "tolerance": 1}, cells)[0] \
        == "passed"


def test_share_fails_and_names_the_wrong_share() -> None:
    """A share off by more than the tolerance fails with its count and share flagged."""
    cells = store(("t", "a", "n", 16), ("t", "b", "n", 43), ("t", "c", "n", 52),
                  ("t", "a", "p", 24, 1), ("t", "b", "p", 39, 1), ("t", "c", "p", 47, 1))
    status, detail, bad = check_share({"counts": "t:*:n", "shares": "t:*:p"}, cells)
    assert status == "failed"
    assert detail.startswith("a/p 24 vs 14.41")
    assert {c.key for c in bad} == {("t", "a", "n"), ("t", "a", "p")}


def test_share_skips_when_counts_and_shares_do_not_pair() -> None:
    """Two counts for one share cannot be compared."""
    cells = store(("t", "a", "n", 1), ("t", "b", "n", 2), ("t", "a", "p", 50))
    assert check_share({"counts": "t:*:n", "shares": "t:*:p"}, cells)[0] == "skipped"


# --- cumulative ------------------------------------------------------------------------------


def _cumulative(counts: list[int], shares: list[int]) -> CellStore:
    columns = [f"q{i}" for i in range(len(counts))]
    return store(*(("t", "n", c, v) for c, v in zip(columns, counts, strict=True)),
                 *(("t", "cum", c, v, 1) for c, v in zip(columns, shares, strict=True)))


CUMULATIVE = {"counts": "t:n:*", "cumulative": "t:cum:*", "tolerance": 1}


def test_cumulative_passes_when_rising_to_100() -> None:
    """Running shares of the counts, ending at 100, pass."""
    cells = _cumulative([10, 20, 30, 40], [10, 30, 60, 100])
    assert check_cumulative(CUMULATIVE, cells)[0] == "passed"


def test_cumulative_fails_when_it_falls() -> None:
    """A cumulative share cannot fall from one period to the next."""
    cells = _cumulative([10, 20, 30, 40], [10, 30, 25, 100])
    status, detail, bad = check_cumulative(CUMULATIVE, cells)
    assert status == "failed"
    assert "q2 falls to 25" in detail
    assert ("t", "cum", "q2") in {c.key for c in bad}


def test_cumulative_fails_when_not_ending_at_100() -> None:
    """Within a point of the counts everywhere, but ending at 99 is not complete."""
    cells = _cumulative([10, 20, 30, 40], [10, 30, 60, 99])
    status, detail, bad = check_cumulative(CUMULATIVE, cells)
    assert status == "failed"
    assert detail == "ends at 99, not 100"
    assert [c.key for c in bad] == [("t", "cum", "q3")]


# --- plans_agree -----------------------------------------------------------------------------

PLANS = {"annual": "a:n:*", "quarterly": "q:n:*"}


def _plans(q2017: list[int]) -> CellStore:
    annual = [("a", "n", "2015", 100), ("a", "n", "2016", 200), ("a", "n", "2017", 400)]
    quarterly = [("q", "n", "2016", 300),
                 *(("q", "n", f"2017-Q{i}", v) for i, v in enumerate(q2017, 1))]
    return store(*annual, *quarterly)


def test_plans_agree_when_year_column_is_cumulative_and_quarters_sum_to_year() -> None:
    """Quarterly '2016' = annual 2015+2016; 2017's quarters = annual 2017."""
    status, detail, _ = check_plans_agree(PLANS, _plans([100, 100, 100, 100]))
    assert status == "passed"
    assert detail == (
        "up to 2016: 300 by quarter vs 300 by year; 2017: 400 by quarter vs 400 by year"
    )


def test_plans_disagree_when_quarters_do_not_sum_to_the_year() -> None:
    """2017's quarters summing to 500 against 400 by year fails and flags those cells."""
    status, detail, bad = check_plans_agree(PLANS, _plans([100, 100, 100, 200]))
    assert status == "failed"
    assert "2017: 500 by quarter vs 400 by year (off)" in detail
    assert ("a", "n", "2017") in {c.key for c in bad}
    assert ("q", "n", "2016") not in {c.key for c in bad}


def test_a_failed_plans_check_flags_only_the_cells_that_disagree() -> None:
    """issue 18: 'up to 2018' agrees, 'up to 2019' is off: 2019 is flagged (its whole-year
    column and its annual value), not 2016-2018, which the passing comparison vouches for."""
    cells = store(("a", "n", "2016", 100), ("a", "n", "2017", 200), ("a", "n", "2018", 300),
                  ("a", "n", "2019", 50), ("q", "n", "2018", 600), ("q", "n", "2019", 900))
    status, detail, bad = check_plans_agree(PLANS, cells)
    assert status == "failed" and "up to 2019: 900 by quarter vs 650 by year (off)" in detail
    assert {c.key for c in bad} == {("q", "n", "2019"), ("a", "n", "2019")}
    # 2018's quarters off against 2018, which 'up to 2018' vouches for: the quarters.
    quarters = [("q", "n", f"2018-Q{i}", v) for i, v in enumerate((9, 0, 0, 0), 1)]
    _, _, bad = check_plans_agree(PLANS, store(("a", "n", "2018", 1), ("q", "n", "2018", 1),
                                               *quarters))
    assert {c.key for c in bad} == {q[:3] for q in quarters}


def test_plans_agree_skips_without_a_common_year() -> None:
    """Plans for different years cannot be compared."""
    cells = store(("a", "n", "2020", 1), ("q", "n", "2017-Q1", 1))
    assert check_plans_agree(PLANS, cells)[0] == "skipped"


# --- at_most ---------------------------------------------------------------------------------


def test_at_most_passes_and_fails() -> None:
    """Campaign kinds cannot outnumber the companies planning a campaign."""
    params = {"cells": "t:b,e:n", "limit": "t:planned:n"}
    ok = store(("t", "planned", "n", 95), ("t", "b", "n", 87), ("t", "e", "n", 95))
    assert check_at_most(params, ok)[0] == "passed"
    over = store(("t", "planned", "n", 95), ("t", "b", "n", 97), ("t", "e", "n", 50))
    status, detail, bad = check_at_most(params, over)
    assert status == "failed"
    assert detail == "above 95: b 97"
    assert [c.key for c in bad] == [("t", "b", "n")]


def test_at_most_with_a_constant_limit() -> None:
    """A number is a valid limit."""
    cells = store(("t", "a", "n", 112))
    assert check_at_most({"cells": "t:*:n", "limit": 111}, cells)[0] == "failed"


# --- for_each bindings and placeholders ------------------------------------------------------


RISK = store(*((("risk", row, col, v) for row, values in
                (("comp", (32, 63, 14, 2)), ("ikt", (32, 67, 10, 3)))
                for col, v in zip(("low", "mod", "high", "vhigh"), values, strict=True))),
             ("summary", "companies", "value", 111))


def test_bindings_over_rows() -> None:
    """'{row}' binds once per printed row."""
    assert bindings("risk:{row}:*", RISK) == [{"row": "comp"}, {"row": "ikt"}]


def test_bindings_over_columns() -> None:
    """'{column}' binds once per column."""
    assert bindings("risk:*:{column}", RISK) == [
        {"column": c} for c in ("low", "mod", "high", "vhigh")
    ]


def test_bindings_over_years_only_match_four_digits() -> None:
    """'{year}' binds to four-digit years in keys like share_2016_pct."""
    cells = store(("w", "a", "share_2016_pct", 14), ("w", "a", "share_2015_pct", 9),
                  ("w", "a", "share_total_pct", 1))
    assert bindings("w:*:share_{year}_pct", cells) == [{"year": "2016"}, {"year": "2015"}]


def test_run_check_for_each_row_gives_one_result_per_row() -> None:
    """Each row of the risk table is checked on its own, and named in the detail."""
    check = CheckSpec("risk_total", "sum",
                      {"parts": "risk:{row}:*", "total": "summary:companies:value"},
                      for_each="risk:{row}:*")
    results = run_check(check, RISK, {})
    assert [(r.status, r.detail.split("]")[0]) for r in results] == [
        ("passed", "[row=comp"), ("failed", "[row=ikt"),
    ]
    assert results[0].cells == []
    assert ("risk", "ikt", "vhigh") in results[1].cells


def test_run_check_for_each_column() -> None:
    """'{column}' checks every column against the same total."""
    cells = store(("c", "a", "x", 100), ("c", "b", "x", 11), ("c", "a", "y", 110),
                  ("c", "b", "y", 0), ("s", "n", "value", 111))
    check = CheckSpec("col_total", "sum", {"parts": "c:*:{column}", "total": "s:n:value"},
                      for_each="c:*:{column}")
    assert [(r.status, r.detail[:10]) for r in run_check(check, cells, {})] == [
        ("passed", "[column=x]"), ("failed", "[column=y]"),
    ]


def test_run_check_for_each_without_cells_is_skipped() -> None:
    """A for_each over a table that was not extracted is one skipped result."""
    check = CheckSpec("r", "sum", {"parts": "none:{row}:*", "total": 1}, for_each="none:{row}:*")
    assert [r.status for r in run_check(check, RISK, {})] == ["skipped"]


def test_edition_year_placeholder_without_a_value_is_skipped() -> None:
    """Without an edition year, '{edition_year}' cannot be filled: skipped, not failed."""
    cells = store(("w", "a", "companies_2016", 111), ("s", "n", "value", 111))
    check = CheckSpec("w_total", "sum",
                      {"parts": "w:*:companies_{edition_year}", "total": "s:n:value"})
    results = run_check(check, cells, {})
    assert [(r.status, r.detail) for r in results] == [
        ("skipped", "a placeholder has no value in this edition")
    ]
    assert [r.status for r in run_check(check, cells, {"edition_year": "2016"})] == ["passed"]


def test_unknown_check_kind_is_skipped() -> None:
    """A spec naming a check kind the engine lacks does not crash the run."""
    results = run_check(CheckSpec("r", "median", {}), RISK, {})
    assert [(r.status, r.detail) for r in results] == [("skipped", "unknown kind 'median'")]
