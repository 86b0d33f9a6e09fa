"""Tests for extractor.tables: the hard layouts of the 2016 seed, on excerpts of its text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED

from extractor import extract
from extractor.model import Line
from extractor.model.spec import TableSpec
from extractor.readers import text_lines
from extractor.semantics.by_lines import parse_lines, printed_rows
from extractor.semantics.columns import read_columns
from extractor.semantics.observations import grid_observations
from extractor.semantics.table_parse import TableParse
from extractor.semantics.values import value_splits
from extractor.spec import load_spec

SPEC = load_spec()
SEED_TEXT = SEED.read_text(encoding="utf-8")
D = Decimal


def lines(text: str) -> list[Line]:
    return text_lines(text)


def grid(table_id: str, text: str) -> TableParse:
    return parse_lines(lines(text), SPEC.table(table_id))


def values(table_id: str, text: str) -> dict[tuple[str, str], Decimal]:
    """(row, column) → value, taking each row's preferred split."""
    table: TableSpec = SPEC.table(table_id)
    parsed = parse_lines(lines(text), table)
    observations = grid_observations(table, parsed, [0] * len(parsed.rows))
    return {(o.row, o.column): o.value for o in observations}


def alternatives(row) -> list[list[str]]:
    return [[" ".join(w.text for w in group) for group in alt] for alt in row.alternatives]


def edited_seed(tmp_path: Path, old: str, new: str) -> Path:
    assert SEED_TEXT.count(old) == 1, old
    path = tmp_path / "edited.txt"
    path.write_text(SEED_TEXT.replace(old, new), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_report():
    return extract(SEED)


# --- headers split over many lines ---------------------------------------------------------

SECTION_3 = """\
  2016 1.kv
2017

2.kv
2017

3.kv
2017

4.kv
2017

1.kv
2018

2.kv
2018

3.kv
2018

4.kv
2018

Antall
målere (x
1000)
installert
per kvartal

527 315 412 429 380 345 301 195 33

Akkumulert
%-vis
fullført

18 29 43 57 70 82 92 99 100

Kommentar:

 Antall planlagte målere er i hele tusen.
"""


def test_quarter_headers_on_separate_lines_become_period_columns() -> None:
    """Section 3 prints '1.kv' and '2017' on separate lines; the columns are still quarters."""
    parsed = grid("quarterly_installation_plan", SECTION_3)
    assert [c.key for c in parsed.columns] == [
        "2016", "2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4",
        "2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4",
    ]


def test_row_label_over_five_lines_carries_its_multiplier() -> None:
    """'Antall / målere (x / 1000) / installert / per kvartal' is one label; values are ×1000."""
    parsed = grid("quarterly_installation_plan", SECTION_3)
    first = parsed.rows[0]
    assert first.label == "Antall målere (x 1000) installert per kvartal"
    assert first.match.key == "meters_installed"
    assert len(first.label_lines) == 5
    got = values("quarterly_installation_plan", SECTION_3)
    assert got[("meters_installed", "2016")] == D(527000)
    assert got[("meters_installed", "2018-Q4")] == D(33000)
    assert got[("cumulative_completed_pct", "2018-Q4")] == D(100)
    assert got[("cumulative_completed_pct", "2016")] == D(18)


SECTION_9 = """\
Kategori Antall selskap

2016-

rapportering

(%)

Antall selskap

2015-

rapportering

Egne montører 16  (14%) 7 (9%)

Eksterne montører 43  (39%) 33 (41%)

Både egne og eksterne montører 52 (47%) 41 (51%)
"""


def test_reporting_year_headers_become_paired_columns() -> None:
    """Section 9's '2016- / rapportering' headers make a count and a share column per year."""
    parsed = grid("installation_workforce", SECTION_9)
    assert [c.key for c in parsed.columns] == [
        "companies_2016", "share_2016_pct", "companies_2015", "share_2015_pct",
    ]
    assert [c.unit for c in parsed.columns] == ["companies", "percent", "companies", "percent"]


def test_counts_and_bracketed_shares_fill_their_own_columns() -> None:
    """'16  (14%) 7 (9%)' → 16, 14, 7, 9; a % value can only stand in a share column."""
    got = values("installation_workforce", SECTION_9)
    assert [got[("own_installers", c)] for c in (
        "companies_2016", "share_2016_pct", "companies_2015", "share_2015_pct"
    )] == [D(16), D(14), D(7), D(9)]
    parsed = grid("installation_workforce", SECTION_9)
    assert alternatives(parsed.rows[0]) == [["16", "(14%)", "7", "(9%)"]]


@pytest.mark.parametrize(("printed", "misread"), [
    # a stray letter in the header as OCR gave it
    ("Antall selskap\n\n2015-\n\nrapportering", "Antall selskap p 2015- rapportering"),
    ("(%)\n\nAntall selskap\n\n2015-", "(26)\n\nAntall selskap\n\n2015-"),  # "(%)" misread
])
def test_an_ocr_slip_in_the_header_does_not_end_it(printed: str, misread: str) -> None:
    """Small scanned header type gives short slips ("p", "(26)" for "(%)"), seen on the
    development scans of two engines: the header goes on, the second year's columns are
    kept and the first row's label is not joined with the header's text."""
    assert SECTION_9.count(printed) == 1
    got = values("installation_workforce", SECTION_9.replace(printed, misread))
    assert [got[("own_installers", c)] for c in (
        "companies_2016", "share_2016_pct", "companies_2015", "share_2015_pct"
    )] == [D(16), D(14), D(7), D(9)]


def test_a_header_word_misread_by_a_letter_does_not_end_the_header() -> None:
    """Bold header type loses a letter to OCR ("ategori" for "Kategori", seen on a
    development Writer scan, 2017-12 seed 1006): the header goes on, so the columns are
    named by it and the first row's label is not joined with the header's text."""
    start = SEED_TEXT.index("Kategori", SEED_TEXT.index(" 6 Innkjøpsallianser AMS"))
    section = SEED_TEXT[start:SEED_TEXT.index(" 7 Driftsallianser")]
    misread = section.replace("Kategori Antall", "ategori Antall")
    assert misread != section
    parsed = grid("purchasing_alliances", misread)
    assert [row.match.key for row in parsed.rows] == ["in_alliance", "not_in_alliance"]
    assert [c.key for c in parsed.columns] == ["companies", "metering_points"]
    assert not any("assumed_column" in n or "spec's order" in n for n in parsed.notes)


def test_a_short_word_alone_does_not_make_a_row_header() -> None:
    """A slip is tolerated among header words; a row label that is one short word with
    its values ("Ja 12 (30%)") is still a row."""
    parsed = grid("installation_workforce", SECTION_9.replace(
        "Egne montører 16  (14%) 7 (9%)", "Egne montører 16  (14%) 7 (9%)\n\nAB 1 (1%) 1 (1%)"))
    assert [r.label for r in parsed.rows][:2] == ["Egne montører", "AB"]


def test_a_percentage_never_lands_in_a_count_column() -> None:
    """With the % printed first, no split fits: the numbers are left out with a warning."""
    parsed = grid(
        "installation_workforce",
        SECTION_9.replace("Egne montører 16  (14%) 7 (9%)", "Egne montører (14%) 16 7 (9%)"),
    )
    assert "own_installers" not in [r.match.key for r in parsed.rows]
    assert [w.code for w in parsed.warnings] == ["stray_numbers"]


SECTION_12 = """\
Kategori/Antall selskap Lav

risiko



Moderat risiko



Høy

risiko

Svært høy

risiko

Kompetanse-/ressursbegrensning 32 63 14 2

IKT-/informasjonssikkerhet 32 67 10 2

Adkomst til måler 36 65 10 0

Tilgang på installatører 81 27 3 0
"""


def test_risk_headers_split_over_lines_give_columns_in_printed_order() -> None:
    """'Lav / risiko', 'Høy / risiko', 'Svært høy / risiko' map to low … very_high."""
    parsed = grid("risk_assessment", SECTION_12)
    assert [c.key for c in parsed.columns] == ["low", "moderate", "high", "very_high"]
    got = values("risk_assessment", SECTION_12)
    assert got[("competence_resources", "low")] == D(32)
    assert got[("competence_resources", "very_high")] == D(2)
    assert got[("installer_availability", "low")] == D(81)


def test_risk_headers_printed_in_another_order_reorder_the_keys() -> None:
    """Columns follow the printed header, not the spec: 'Svært høy' before 'Høy' is not 'high'."""
    text = """\
Kategori/Antall selskap Høy

risiko

Svært høy

risiko

Lav

risiko

Moderat risiko

Adkomst til måler 10 0 36 65
"""
    parsed = grid("risk_assessment", text)
    assert [c.key for c in parsed.columns] == ["high", "very_high", "low", "moderate"]
    got = values("risk_assessment", text)
    assert got == {
        ("meter_access", "high"): D(10),
        ("meter_access", "very_high"): D(0),
        ("meter_access", "low"): D(36),
        ("meter_access", "moderate"): D(65),
    }


def test_risk_headers_reversed_on_one_line() -> None:
    """'Høy risiko' inside 'Svært høy risiko' is not taken for the high column."""
    text = (
        "Kategori/Antall selskap Svært høy risiko Høy risiko Moderat risiko Lav risiko\n"
        "Adkomst til måler 0 10 65 36\n"
    )
    parsed = grid("risk_assessment", text)
    assert [c.key for c in parsed.columns] == ["very_high", "high", "moderate", "low"]


# --- labels over lines, values on another -------------------------------------------------


def test_label_over_two_lines_with_value_after_a_blank_line() -> None:
    """Section 13: 'Ved opphør av / kraftleveranse / (blank) / 65' is one row."""
    text = """\
Kategori Antall

selskap

Forventes ikke brukt 9

Ved manglende betaling 102

Ved opphør av
kraftleveranse


65

Sesongfrakobling


34
"""
    parsed = grid("breaker_function_use", text)
    assert [(r.match.key, r.label) for r in parsed.rows] == [
        ("not_expected_used", "Forventes ikke brukt"),
        ("non_payment", "Ved manglende betaling"),
        ("end_of_supply", "Ved opphør av kraftleveranse"),
        ("seasonal_disconnection", "Sesongfrakobling"),
    ]
    assert values("breaker_function_use", text)[("end_of_supply", "companies")] == D(65)
    assert parsed.warnings == []


def test_han_port_label_wrapped_with_value_on_third_line() -> None:
    """Section 15: 'HAN-port monteres ved / installasjon / 84'."""
    text = """\
Kategori Antall

HAN-port ettermonteres 27

HAN-port monteres ved

installasjon
84

PKI - kryptering 53
"""
    got = values("han_interface_pki", text)
    assert got == {
        ("han_port_retrofitted", "companies"): D(27),
        ("han_port_at_installation", "companies"): D(84),
        ("pki_encryption", "companies"): D(53),
    }


SECTION_6 = """\
Kategori Antall nettselskap Ca. antall

målepunkt

Ja, nettselskapet har inngått samarbeidsavtale med

andre nettselskap

76 1,2 mill.

Nei, nettselskapet har ingen formell samarbeidsavtale (*) 35 1,7 mill.

Kommentar:

 (*) 5 av de 7 største nettselskapene inngår ikke i formaliserte innkjøpsallianser om AMS.
"""


def test_long_label_wrapped_with_values_on_own_line() -> None:
    """Section 6: 'Ja, … med / andre nettselskap / 76 1,2 mill.' → 76 and 1 200 000."""
    parsed = grid("purchasing_alliances", SECTION_6)
    assert [c.key for c in parsed.columns] == ["companies", "metering_points"]
    assert parsed.columns[1].approximate  # the header says "Ca."
    assert [r.match.key for r in parsed.rows] == ["in_alliance", "not_in_alliance"]
    got = values("purchasing_alliances", SECTION_6)
    assert got[("in_alliance", "companies")] == D(76)
    assert got[("in_alliance", "metering_points")] == D(1200000)
    assert got[("not_in_alliance", "metering_points")] == D(1700000)


def test_ca_printed_in_value_and_in_header_is_read_once(tmp_path: Path) -> None:
    """A value that repeats the header's 'Ca.' is still one approximate number."""
    report = extract(edited_seed(tmp_path, "76 1,2 mill.", "76 ca. 1,2 mill."))
    table = next(t for t in report.extracted if t.id == "purchasing_alliances")
    obs = {(o.row, o.column): o for o in table.observations}
    assert obs[("in_alliance", "metering_points")].value == D(1200000)
    assert "approximate" in obs[("in_alliance", "metering_points")].flags


# --- labels that hold digits ---------------------------------------------------------------


def test_label_with_digits_keeps_them_out_of_the_values() -> None:
    """'Mobil (GPRS, 4G, 3G, 2G) 1 87': the label's '2G)' is no value; mobile is 1 and 87."""
    text = """\
Kategori Måler - Konsentrator Konsentrator - Head

end

Radio/Radiomesh 104 1

Mobil (GPRS, 4G, 3G, 2G) 1 87

PLC 4 0
"""
    parsed = grid("communication_technology", text)
    assert [c.key for c in parsed.columns] == ["meter_to_concentrator", "concentrator_to_head_end"]
    assert parsed.rows[1].label == "Mobil (GPRS, 4G, 3G, 2G)"
    got = values("communication_technology", text)
    assert got[("mobile", "meter_to_concentrator")] == D(1)
    assert got[("mobile", "concentrator_to_head_end")] == D(87)
    assert got[("plc", "concentrator_to_head_end")] == D(0)


def test_label_with_a_grouped_number_in_it() -> None:
    """'Næring > 100 000 kWh 302 878' → 302 878, not 878 under a label ending '302'."""
    text = "Kategori Antall målepunkt\n\nNæring > 100 000 kWh 302 878\n"
    parsed = grid("metering_points_by_category", text)
    assert parsed.rows[0].label == "Næring > 100 000 kWh"
    assert parsed.rows[0].match.key == "business_over_100000_kwh"
    assert values("metering_points_by_category", text) == {
        ("business_over_100000_kwh", "metering_points"): D(302878)
    }


# --- two columns run together --------------------------------------------------------------

SECTION_7 = """\
Kategori Antall nettselskap Ca. antall målepunkt

Valider AS 27 734 000

Smarthub AS 11 154 000

Andre driftsallianser 38 315 000

Deltar ikke i en driftsallianse  35 1 746 000
"""


def test_run_together_columns_give_two_alternatives() -> None:
    """'Valider AS 27 734 000' reads as 27 | 734 000 or as 27 734 | 000: both are kept."""
    table = SPEC.table("operating_alliances")
    body = lines(SECTION_7)
    columns, _ = read_columns(table, body[0].text)
    splits = value_splits(body[2].words, columns)
    assert {k: [[" ".join(w.text for w in g) for g in alt] for alt in alts]
            for k, alts in splits.items() if k == 3} == {
        3: [["27", "734 000"], ["27 734", "000"]]
    }
    rows, warnings = printed_rows(body[1:], columns, table)
    assert warnings == []
    assert rows[0].label == "Valider AS"
    assert alternatives(rows[0]) == [["27", "734 000"], ["27 734", "000"]]
    assert alternatives(rows[3]) == [["35", "1 746 000"]]


def test_pipeline_resolves_the_run_together_split_with_the_checks(seed_report) -> None:
    """On the seed the totals accept only 27 | 734 000; no ambiguous_split is left."""
    table = next(t for t in seed_report.extracted if t.id == "operating_alliances")
    obs = {(o.row, o.column): o for o in table.observations}
    assert obs[("valider_as", "companies")].value == D(27)
    assert obs[("valider_as", "metering_points")].value == D(734000)
    assert obs[("smarthub_as", "metering_points")].value == D(154000)
    assert obs[("other_alliances", "companies")].value == D(38)
    assert not any("ambiguous_split" in o.flags for o in table.observations)
    assert any("split the only way" in note for note in table.notes)


def test_undecidable_split_is_flagged_ambiguous(tmp_path: Path) -> None:
    """When no split passes the totals, the values carry ambiguous_split, not a silent guess."""
    path = edited_seed(
        tmp_path,
        "Deltar ikke i en driftsallianse  35 1 746 000",
        "Deltar ikke i en driftsallianse  35 1 000 000",
    )
    report = extract(path)
    table = next(t for t in report.extracted if t.id == "operating_alliances")
    for row in ("valider_as", "smarthub_as", "other_alliances"):
        for o in (o for o in table.observations if o.row == row):
            assert "ambiguous_split" in o.flags, (row, o.column)
    # the row with a single reading is not in doubt
    assert all("ambiguous_split" not in o.flags
               for o in table.observations if o.row == "no_alliance")
    assert any("ambiguous_split" in note for note in table.notes)
    failed = {c.rule for c in report.failed_checks}
    assert "operating_alliances_metering_points_total" in failed


# --- stray numbers, sub-rows, unknown rows --------------------------------------------------

SECTION_11 = """\
Kategori Antall

Kampanje er planlagt 95

5

- Brosjyre 87

- E-post 50

Kampanje er ikke planlagt 16
"""


def test_stray_page_number_is_no_row_and_is_warned() -> None:
    """A page number '5' between rows of a one-column table is left out with a warning."""
    parsed = grid("information_campaigns", SECTION_11)
    assert [r.match.key for r in parsed.rows] == [
        "campaign_planned", "brochure", "email", "no_campaign_planned",
    ]
    assert [(w.code, w.line) for w in parsed.warnings] == [("stray_numbers", 5)]
    assert D(5) not in values("information_campaigns", SECTION_11).values()


def test_sub_row_with_dash_maps_to_its_key_and_clean_label() -> None:
    """'- Brosjyre 87' is the brochure row, labelled 'Brosjyre' in the output."""
    table = SPEC.table("information_campaigns")
    parsed = grid("information_campaigns", SECTION_11)
    obs = grid_observations(table, parsed, [0] * len(parsed.rows))
    brochure = next(o for o in obs if o.row == "brochure")
    assert brochure.label == "Brosjyre"
    assert brochure.value == D(87)
    assert brochure.flags == []


def test_unknown_row_is_kept_under_its_own_label(tmp_path: Path) -> None:
    """'Landbruk 1 234' is kept, flagged unmatched_label, never forced onto a known key."""
    report = extract(edited_seed(tmp_path, "Annet 18 451 \n", "Annet 18 451 \n\nLandbruk 1 234 \n"))
    table = next(t for t in report.extracted if t.id == "metering_points_by_category")
    landbruk = [o for o in table.observations if o.label == "Landbruk"]
    assert len(landbruk) == 1
    assert landbruk[0].row == "Landbruk"
    assert landbruk[0].value == D(1234)
    assert "unmatched_label" in landbruk[0].flags
    known = {o.row: o.value for o in table.observations if o.row != "Landbruk"}
    assert known["other"] == D(18451)  # not overwritten by the unknown row
    assert [u.label for u in report.unmatched] == ["Landbruk"]
    assert "unmatched_label" in [w.code for w in report.warnings]


def test_an_unknown_category_counts_in_the_category_total(tmp_path: Path) -> None:
    """A category no vocabulary knows is a part like the others: the printed total decides."""
    added = "Annet 18 451 \n\nLandbruk 1 234 \n"
    report = extract(edited_seed(tmp_path, "Annet 18 451 \n", added))
    check = next(c for c in report.checks if c.rule == "category_total")
    assert check.status == "failed"  # the printed total does not include it
    assert check.detail.startswith("sum 2 949 628 vs 2 948 394")
    landbruk = next(o for o in report.observations if o.row == "Landbruk")
    assert "check_failed:category_total" in landbruk.flags
    text = edited_seed(tmp_path, "Annet 18 451 \n", added).read_text(encoding="utf-8")
    path = tmp_path / "with-total.txt"
    path.write_text(text.replace("Totalt 2 948 394", "Totalt 2 949 628"), encoding="utf-8")
    check = next(c for c in extract(path).checks if c.rule == "category_total")
    assert check.status == "passed"


def test_header_without_known_words_falls_back_to_spec_order_with_a_note() -> None:
    """When the header names no column, the spec's order is used and a note says so."""
    parsed = grid("operating_alliances", "Valider AS 27 734 000\n")
    assert [c.key for c in parsed.columns] == ["companies", "metering_points"]
    assert any("spec's order" in note for note in parsed.notes)


def test_values_under_assumed_columns_are_flagged() -> None:
    """A key the header did not confirm is never given silently: assumed_column."""
    table = SPEC.table("operating_alliances")
    parsed = grid("operating_alliances", "Valider AS 27 734 000\n")
    observations = grid_observations(table, parsed, [0] * len(parsed.rows))
    assert all("assumed_column" in o.flags for o in observations)
    named = grid("operating_alliances", "Kategori Antall nettselskap Ca. antall målepunkt\n"
                 "Valider AS 27 734 000\n")
    assert not any("assumed_column" in o.flags
                   for o in grid_observations(table, named, [0] * len(named.rows)))


def test_cirka_header_marks_column_approximate() -> None:
    """'Cirka antall målepunkt' says the same as 'Ca. antall målepunkt'."""
    from extractor.model.spec import ColumnSpec, RowSpec

    table = TableSpec(
        id="t", kind="grid", titles=("T",), rows=(RowSpec("a", ("A",)),),
        columns=(
            ColumnSpec("companies", "companies", ("Antall selskap",)),
            ColumnSpec("metering_points", "metering_points", ("Cirka antall målepunkt",)),
        ),
    )
    columns, _ = read_columns(table, "Kategori Antall selskap Cirka antall målepunkt")
    assert [c.approximate for c in columns] == [False, True]


def test_a_split_search_cut_short_says_so(monkeypatch) -> None:
    """Past MAX_SPLIT_STEPS the search stops: what it found is kept, marked incomplete
    (the pipeline flags such a row ambiguous_split)."""
    import extractor.semantics.values as tables

    table = SPEC.table("operating_alliances")
    body = lines(SECTION_7)
    columns, _ = read_columns(table, body[0].text)
    assert value_splits(body[2].words, columns).complete
    monkeypatch.setattr(tables, "MAX_SPLIT_STEPS", 3)
    assert not value_splits(body[2].words, columns).complete


def seed_with_line(path: Path, after: str, line: str) -> Path:
    """The seed with `line` inserted after its first line containing `after`, at `path`."""
    text = SEED.read_text(encoding="utf-8").splitlines()
    at = next(i for i, printed in enumerate(text) if after in printed)
    path.write_text("\n".join([*text[:at + 1], line, *text[at + 1:]]), encoding="utf-8")
    return path


def test_a_line_of_fifty_numbers_takes_no_longer_than_the_seed_much(tmp_path: Path,
                                                                    seed_report) -> None:
    """Fifty '1's on a line of the annual plan once took minutes (every partition was
    enumerated); the search is bounded now. A generous bound, not a timing: the old code
    took over 100 s on this machine, the seed itself takes a fraction of a second."""
    import time

    path = seed_with_line(tmp_path / "fifty.txt", "installert per år", "Andre " + "1 " * 50)
    started = time.perf_counter()
    report = extract(path)
    assert time.perf_counter() - started < 30
    seed = {o.key: o.value for o in seed_report.observations}
    got = {o.key: o for o in report.observations}
    assert all(got[key].value == value for key, value in seed.items())
    extra = [o for key, o in got.items() if key not in seed]
    assert extra and all("unmatched_label" in o.flags for o in extra)


def test_a_megabyte_of_numbers_in_a_one_column_table_is_read_in_linear_time(
        tmp_path: Path, seed_report) -> None:
    """Half a million '1's on one line of section 1: grouping words into lines was
    quadratic in a line's words (200 KB took over 200 s); it is linear now. A generous
    bound, not a timing: it takes a few seconds here."""
    import time

    path = seed_with_line(tmp_path / "megabyte.txt", "Husholdninger", "Andre " + "1 " * 500_000)
    started = time.perf_counter()
    report = extract(path)
    assert time.perf_counter() - started < 60
    assert any(w.code == "unmatched_label" for w in report.warnings)
    seed = {o.key: o.value for o in seed_report.observations}
    got = {o.key: o.value for o in report.observations}
    assert all(got[key] == value for key, value in seed.items())


@pytest.mark.parametrize("text", ["27", "734 000", "1,5 mill.", "ca. 200 000", "(14%)", "-0",
                                  "1,500 mill.", "1500 tusen", "2 331902", "3 mrd.", "02"])
@pytest.mark.parametrize("approximate", [False, True])
def test_a_number_read_once_and_scaled_is_the_number_parsed_with_its_multiplier(
        text: str, approximate: bool) -> None:
    """A value is parsed once, in its column's context; the header's and label's multipliers
    apply later (semantics/values.py `scaled`), to the same result as parsing with them."""
    from extractor.lexicon.numbers import parse_number
    from extractor.semantics.values import scaled

    once = parse_number(text, approximate=approximate)
    for multiplier in (D(1), D(1000), D(10**6), D(1000) * D(10**9), D("1" + "0" * 400)):
        assert scaled(once, multiplier) == parse_number(text, multiplier=multiplier,
                                                        approximate=approximate)
        assert str(scaled(once, multiplier).value) == str(
            parse_number(text, multiplier=multiplier, approximate=approximate).value)


def test_each_printed_value_keeps_the_number_it_was_read_as() -> None:
    """The split search hands on each value's words with its number: nothing is parsed
    again downstream."""
    parsed = grid("purchasing_alliances", SECTION_6)
    value = parsed.rows[0].alternatives[0][1]
    assert value.number.approximate  # read under "Ca. antall målepunkt"
    assert value.text == value.number.raw


def test_the_registries_name_what_the_spec_accepts() -> None:
    """Table kinds and column sources are looked up by the names the spec loader accepts."""
    from extractor.semantics.columns import COLUMN_SOURCES, FIXED_KEYS
    from extractor.semantics.kinds import TABLE_KINDS
    from extractor.spec.loader import HEADER_COLUMN_SOURCES
    from extractor.spec.loader import TABLE_KINDS as SPEC_KINDS

    assert set(TABLE_KINDS) == set(SPEC_KINDS)
    assert set(COLUMN_SOURCES) == {FIXED_KEYS, *HEADER_COLUMN_SOURCES}


def as_file(folder: Path, text: str) -> Path:
    path = folder / "edition.txt"
    path.write_text(text, encoding="utf-8")
    return path


def workforce_values(report) -> dict[tuple[str, str, str], Decimal]:
    """The installers table's values by key."""
    return {o.key: o.value for o in report.observations if o.table == "installation_workforce"}


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"], ids=["space", "nbsp", "narrow"])
def test_a_space_before_the_percent_sign_of_a_share_loses_nothing(tmp_path: Path, space: str,
                                                                  seed_report) -> None:
    """Issue 17: "16 (14 %)" (a plain, no-break or narrow no-break space before %) split
    the share into "(14" and "%)", neither a value word: every row of the installers
    table became a label without values (12 values lost)."""
    import re

    text = re.sub(r"\((\d+)%\)", lambda m: f"({m[1]}{space}%)",
                  SEED.read_text(encoding="utf-8"))
    expected = workforce_values(seed_report)
    assert len(expected) == 12 and workforce_values(extract(as_file(tmp_path, text))) == expected


def test_a_count_glued_to_its_share_is_two_values(tmp_path: Path, seed_report) -> None:
    """Issue 17: "Egne montører 16(14%) 7(9%)": each pair was one word and no number, so
    the installers table lost all 12 values (layout/glued.py splits the pair)."""
    import re

    text = re.sub(r"(\d+) +\((\d+)%\)", r"\1(\2%)", SEED.read_text(encoding="utf-8"))
    assert "Egne montører 16(14%) 7(9%)" in text
    expected = workforce_values(seed_report)
    assert len(expected) == 12 and workforce_values(extract(as_file(tmp_path, text))) == expected


def test_a_glued_pair_splits_by_its_characters_and_nothing_else_does() -> None:
    from extractor.layout.glued import split_word
    from extractor.model import Word

    count, share = split_word(Word("16(14%)", 0.0, 70.0))
    assert (count.text, count.x0, count.x1) == ("16", 0.0, 20.0)
    assert (share.text, share.x0, share.x1) == ("(14%)", 20.0, 70.0)
    for word in ("(14%)", "16", "2016-rapportering", "1(x", "16(14)"):
        assert split_word(Word(word, 0.0, 10.0)) == (Word(word, 0.0, 10.0),)


def test_a_total_row_the_spec_does_not_know_is_kept_and_left_out_of_the_checks(
        tmp_path: Path) -> None:
    """Issue 17: a "Sum" row printed beside "Totalt" was summed with the parts: the
    category total failed and every correct value was flagged check_failed."""
    text = SEED.read_text(encoding="utf-8").replace("Annet 18 451 \n",
                                                    "Annet 18 451 \n\nSum 2 948 394 \n", 1)
    path = tmp_path / "sum.txt"
    path.write_text(text, encoding="utf-8")
    report = extract(path)
    rows = [o for o in report.observations if o.table == "metering_points_by_category"]
    extra = [o for o in rows if "unmatched_total" in o.flags]
    assert len(extra) == 1 and "unmatched_label" in extra[0].flags
    assert not any(f.startswith("check_failed") for o in rows for f in o.flags)
    assert next(c for c in report.checks if c.rule == "category_total").status == "passed"
