"""Tests for extractor.prose: values stated in sentences (summary, section 4's comment)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED

from extractor import extract
from extractor.model import Line
from extractor.readers import text_lines
from extractor.semantics.prose import ProseValue, find_values, flow_text
from extractor.spec import load_spec

SPEC = load_spec()
SEED_TEXT = SEED.read_text(encoding="utf-8")
D = Decimal


def lines(text: str) -> list[Line]:
    return text_lines(text)


def find(table_id: str, text: str) -> dict[str, ProseValue]:
    return find_values(lines(text), SPEC.table(table_id).patterns)


def summary(found: dict[str, ProseValue]) -> dict[str, tuple[Decimal, bool]]:
    return {name: (v.number.value, v.number.approximate) for name, v in found.items()}


SECTION_4_COMMENT = """\
Kommentar:

 I ”Veiet gj.snitt for alle” er brukt nettselskapenes samlede antall målepunkt som vekter

 Med de «5 laveste» menes de 5 nettselskapene har lavest oppgitt AMS-kostnad per målepunkt.

Tilsvarende for de «5 høyeste».

 87 nettselskaper med ca. 2,2 mill. målepunkt har kostnad mindre enn veiet gjennomsnittskostnad

 24 nettselskaper med ca. 0,7 mill. målepunkt har kostnad større enn veiet gjennomsnitt
"""

SUMMARY = """\
Denne rapporten viser status og planer for innføring av AMS per 1. halvår 2016.

111 nettselskaper har rapportert om status og planer for gjennomføring av AMS. Disse
selskapene representerer vel 2,9 mill. målepunkter. Disse tallene omfatter også de 34
selskaper med om lag 200 000 målepunkt som er gitt dispensasjon fra enkelte
funksjonskrav til og med 2020.

Investeringskostnader

• Total investeringskostnad for AMS-prosjektet er omtrent 10 mrd. kr
"""


def test_section_4_values_only_in_comment_sentences() -> None:
    """Section 4 is a chart; its numbers stand only in the comment's sentences."""
    assert summary(find("cost_vs_weighted_average", SECTION_4_COMMENT)) == {
        "below_weighted_average.companies": (D(87), False),
        "below_weighted_average.metering_points": (D(2200000), True),
        "above_weighted_average.companies": (D(24), False),
        "above_weighted_average.metering_points": (D(700000), True),
    }


def test_section_4_values_point_at_their_lines() -> None:
    """Each value keeps the printed line it came from, for provenance."""
    found = find("cost_vs_weighted_average", SECTION_4_COMMENT)
    assert found["below_weighted_average.companies"].line.number == 9
    assert found["above_weighted_average.metering_points"].line.number == 11
    assert found["below_weighted_average.metering_points"].number.raw == "ca. 2,2 mill."


def test_summary_key_figures() -> None:
    """The summary's figures, with 'vel', 'om lag', 'omtrent' read as approximate."""
    assert summary(find("summary", SUMMARY)) == {
        "reporting_companies": (D(111), False),
        "metering_points": (D(2900000), True),
        "dispensation_companies": (D(34), False),
        "dispensation_metering_points": (D(200000), True),
        "total_investment_nok": (D(10000000000), True),
    }


def test_summary_rounding_units_follow_the_printed_precision() -> None:
    """'vel 2,9 mill.' is good to 100 000; 'om lag 200 000' to 1000."""
    found = find("summary", SUMMARY)
    assert found["metering_points"].number.rounding_unit == D(100000)
    assert found["dispensation_metering_points"].number.rounding_unit == D(1000)


def test_sentence_wrapped_across_lines_still_matches() -> None:
    """The seed wraps '34 / selskaper med om lag 200 000 målepunkt' over two lines."""
    found = find("summary", SUMMARY)
    assert found["dispensation_companies"].line.number == 4
    assert found["dispensation_metering_points"].line.number == 5


def test_sentence_wrapped_inside_the_number_phrase() -> None:
    """A wrap between 'ca. 2,2' and 'mill.' or before 'målepunkt' still finds the value."""
    text = "87 nettselskaper med ca. 2,2\nmill. målepunkt har kostnad\nmindre enn veiet snitt\n"
    found = find("cost_vs_weighted_average", text)
    assert found["below_weighted_average.metering_points"].number.value == D(2200000)
    assert found["below_weighted_average.companies"].line.number == 1


def test_flow_text_offsets_map_back_to_lines() -> None:
    """Joined text keeps where each line starts, so a match names its printed line."""
    flow = flow_text(lines("ab\ncde\nf"))
    assert flow.text == "ab cde f"
    assert [flow.line_at(i).number for i in range(len(flow.text))] == [1, 1, 1, 2, 2, 2, 2, 3]


def test_ocr_slip_in_words_around_a_number_still_matches() -> None:
    """'nettseJskaper' (J for l) is repaired before matching; the values say so."""
    text = SECTION_4_COMMENT.replace("87 nettselskaper", "87 nettseJskaper")
    found = find("cost_vs_weighted_average", text)
    below_companies = found["below_weighted_average.companies"]
    assert below_companies.number.value == D(87)
    assert below_companies.repaired_text
    # the repair concerns the whole matched sentence, so both of its values carry it
    assert found["below_weighted_average.metering_points"].repaired_text
    assert not found["above_weighted_average.companies"].repaired_text


def test_ocr_slip_becomes_an_ocr_repaired_flag(tmp_path: Path) -> None:
    """Through the pipeline, values read from a repaired sentence are flagged ocr_repaired."""
    path = tmp_path / "slip.txt"
    old = " 87 nettselskaper med ca. 2,2 mill."
    assert SEED_TEXT.count(old) == 1
    path.write_text(SEED_TEXT.replace(old, " 87 nettseJskaper med ca. 2,2 mill."), encoding="utf-8")
    table = next(t for t in extract(path).extracted if t.id == "cost_vs_weighted_average")
    flags = {(o.row, o.column): o.flags for o in table.observations}
    assert flags[("below_weighted_average", "companies")] == ["ocr_repaired"]
    assert flags[("below_weighted_average", "metering_points")] == ["approximate", "ocr_repaired"]
    assert flags[("above_weighted_average", "companies")] == []


def test_value_text_is_taken_from_the_printed_not_the_repaired_text() -> None:
    """The raw value is what was printed, even when the words around it were repaired."""
    found = find("summary", SUMMARY.replace("nettselskaper har", "nettseJskaper har"))
    assert found["reporting_companies"].number.raw == "111"


def test_first_match_wins_and_missing_values_are_absent() -> None:
    """A pattern that matches nowhere leaves its names out instead of guessing."""
    found = find("summary", "111 nettselskaper har rapportert.\n")
    assert set(found) == {"reporting_companies"}


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("om lag 200 000", D(200000)), ("omlag 200 000", D(200000)), ("ca. 200 000", D(200000))],
)
def test_approximate_words_are_part_of_the_number(phrase: str, value: Decimal) -> None:
    """Section 1's comment prints 'omlag' as one word; it is still approximate."""
    text = f"34 selskaper med {phrase} målepunkt som er gitt dispensasjon\n"
    found = find("summary", text)
    number = found["dispensation_metering_points"].number
    assert (number.value, number.approximate) == (value, True)


def test_a_stray_letter_before_a_word_and_a_decimal_point_still_match() -> None:
    """OCR reads a wide justified space as a letter ('84 mnettselskap') and a decimal
    comma as a point ('0.6 mill.'); the sentence still gives its numbers."""
    patterns = load_spec().table("cost_vs_weighted_average").patterns
    found = find_values([
        Line("84 mnettselskap med ca. 2,4 mill. målepunkt har kostnad lågare enn vege", 1),
        Line("23 nettselskap med ca. 0.6 mill. målepunkt har kostnad høgare enn vege", 2),
    ], patterns)
    assert found["below_weighted_average.companies"].number.value == 84
    assert found["above_weighted_average.metering_points"].number.value == 600_000
    assert found["above_weighted_average.metering_points"].number.repaired
