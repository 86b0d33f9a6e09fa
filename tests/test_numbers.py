"""Tests for extractor.numbers: real report cases, invalid input, and properties."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.lexicon.numbers import (
    NUMBER_REGEX,
    NumberError,
    ParsedNumber,
    find_multiplier,
    is_numeric_token,
    parse_number,
)

D = Decimal

# (text, multiplier, value, approximate, percent, currency, repaired, rounding_unit)
REPORT_CASES = [
    ("2 284 127", 1, D(2284127), False, False, False, False, D(1)),
    ("322 913", 1, D(322913), False, False, False, False, D(1)),
    ("179383", 1, D(179383), False, False, False, False, D(1)),
    ("0,5", 1, D("0.5"), False, False, False, False, D("0.1")),
    ("6", 1, D(6), False, False, False, False, D(1)),
    ("(14%)", 1, D(14), False, True, False, False, D(1)),
    ("16", 1, D(16), False, False, False, False, D(1)),
    ("1,2 mill.", 1, D(1200000), False, False, False, False, D(100000)),
    ("vel 2,9 mill.", 1, D(2900000), True, False, False, False, D(100000)),
    ("om lag 200 000", 1, D(200000), True, False, False, False, D(1000)),
    ("omtrent 10 mrd. kr", 1, D(10**10), True, False, True, False, D(10**10)),
    ("ca. 2,2 mill.", 1, D(2200000), True, False, False, False, D(100000)),
    ("ca. 0,7 mill.", 1, D(700000), True, False, False, False, D(100000)),
    ("knappe 1,4 mill.", 1, D(1400000), True, False, False, False, D(100000)),
    ("527", 1000, D(527000), False, False, False, False, D(1000)),
    ("2 30l 455", 1, D(2301455), False, False, False, True, D(1)),
    ("1OO", 1, D(100), False, False, False, True, D(1)),
    ("3O", 1, D(30), False, False, False, True, D(1)),
    ("2\u00a0284\u00a0127", 1, D(2284127), False, False, False, False, D(1)),
    ("1\u2009746\u2009000", 1, D(1746000), False, False, False, False, D(1)),
    ("10 %", 1, D(10), False, True, False, False, D(1)),
    # Rules beyond the report's own cells.
    ("vel 734 000", 1, D(734000), True, False, False, False, D(1000)),
    ("om lag 10", 1, D(10), True, False, False, False, D(10)),
    ("ca. 2 000 000", 1, D(2000000), True, False, False, False, D(1000)),
    ("(9 %)", 1, D(9), False, True, False, False, D(1)),
    ("27 734", 1, D(27734), False, False, False, False, D(1)),
    ("1 234,5", 1, D("1234.5"), False, False, False, False, D("0.1")),
    ("2.284.127", 1, D(2284127), False, False, False, False, D(1)),
    ("1.25", 1, D("1.25"), False, False, False, True, D("0.01")),
    ("-5", 1, D(-5), False, False, False, False, D(1)),
    ("\u22121 234", 1, D(-1234), False, False, False, False, D(1)),
    ("kr 1 500,-", 1, D(1500), False, False, True, False, D(1)),
    ("5 tusen", 1, D(5000), False, False, False, False, D(1000)),
    ("12 prosent", 1, D(12), False, True, False, False, D(1)),
    ("1,2 mill.", D(1000), D(1200000000), False, False, False, False, D(100000000)),
]


@pytest.mark.parametrize(
    ("text", "multiplier", "value", "approx", "pct", "cur", "repaired", "unit"), REPORT_CASES
)
def test_parse_report_cases(
    text: str,
    multiplier: int | Decimal,
    value: Decimal,
    approx: bool,
    pct: bool,
    cur: bool,
    repaired: bool,
    unit: Decimal,
) -> None:
    got = parse_number(text, multiplier=multiplier)
    assert got == ParsedNumber(value, text.strip(), approx, pct, cur, repaired, unit)


def test_integral_values_print_without_exponent() -> None:
    # Downstream writes values to CSV: "1200000", not "1.2E+6".
    assert str(parse_number("1,2 mill.").value) == "1200000"
    assert str(parse_number("0,50").value) == "0.5"


def test_raw_is_stripped_input() -> None:
    assert parse_number("  ca. 5 \n").raw == "ca. 5"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "Annet",
        "kWh",
        "2G)",
        "35 1",
        "27 73",
        "lOO",
        "1000)",
        "(x",
        "1,2,3",
        "--5",
        "%",
        "000 302",
        "1.2345",
        "2.",
        "ca.",
        "1" * 201,
    ],
)
def test_parse_invalid(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text)


def test_error_names_the_text() -> None:
    with pytest.raises(NumberError, match="Annet"):
        parse_number("Annet")


def test_bad_multiplier_is_a_caller_error() -> None:
    with pytest.raises(ValueError):
        parse_number("5", multiplier=0)


@pytest.mark.parametrize(
    "token", ["2", "284", "000", "0,5", "(14%)", "14%", "30l", "1OO", "2.284.127", "-5"]
)
def test_numeric_tokens(token: str) -> None:
    assert is_numeric_token(token)


@pytest.mark.parametrize(
    "token", ["kWh", "2G)", "Annet", "1000)", "(x", "lO", "", "%", "()", "2 284", "mill."]
)
def test_non_numeric_tokens(token: str) -> None:
    assert not is_numeric_token(token)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Antall målere (x 1000)", 1000),
        ("(x1000)", 1000),
        ("( x 1 000 )", 1000),
        ("Målepunkter x 1000", 1000),
        ("(1000)", 1000),
        ("Antall i tusen", 1000),
        ("Antall i hele tusen", 1000),
        ("Kostnad (mill.)", 10**6),
        ("Kostnad (i mill.)", 10**6),
        ("Investering (mill. kr)", 10**6),
        ("Beløp (mrd. kr)", 10**9),
        ("Beløp i 1 000 kr", 1000),
        ("målere (x 1000) installert", 1000),
        ("målere (x\n1000)\ninstallert", 1000),
        ("Antall målepunkter", 1),
        ("Andel (%)", 1),
        ("Note (10)", 1),
        ("Antall 2x10", 1),
        # OCR of "(x 1 000)" on scans: the "1" given to two words, or the "(x" lost
        ("Antall målere (x 1 1000) installert per kvartal", 1000),
        ("Antall målere 1000) installert per kvartal", 1000),
        ("Talet på målarar 101000) installert per kvartal", 1000),  # "(x " read "10"
        ("Antall (over 21000)", 1),
        ("Kunder (under 1000)", 1),
        ("(se tabell 1000)", 1),
        ("Andre 1)", 1),
        ("", 1),
    ],
)
def test_find_multiplier(text: str, expected: int) -> None:
    assert find_multiplier(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Disse selskapene representerer vel 2,9 mill. målepunkter.", ["vel 2,9 mill."]),
        (
            "Total investeringskostnad for AMS-prosjektet er omtrent 10 mrd. kr",
            ["omtrent 10 mrd. kr"],
        ),
        ("de 34 selskaper med om lag 200 000 målepunkt", ["34", "om lag 200 000"]),
        ("111 nettselskaper", ["111"]),
        ("ca. 0,7 mill. målere", ["ca. 0,7 mill."]),
        ("i perioden 2010-2019", ["2010", "2019"]),
        ("andelen er 14 % og 1\u202f746\u202f000 målere", ["14 %", "1\u202f746\u202f000"]),
    ],
)
def test_number_regex_in_prose(sentence: str, expected: list[str]) -> None:
    found = [m.group() for m in re.finditer(NUMBER_REGEX, sentence, re.IGNORECASE)]
    assert found == expected
    for text in found:
        parse_number(text)  # what the regex finds, the parser accepts


def test_number_regex_has_no_capturing_groups() -> None:
    assert re.compile(NUMBER_REGEX).groups == 0


# --- properties -----------------------------------------------------------------------------


@given(st.text())
def test_parse_raises_only_number_error(text: str) -> None:
    with contextlib.suppress(NumberError):
        assert isinstance(parse_number(text), ParsedNumber)


@given(st.text())
def test_token_and_multiplier_never_raise(text: str) -> None:
    assert isinstance(is_numeric_token(text), bool)
    assert isinstance(find_multiplier(text), Decimal)


# Fragments of the report's language, so the regex actually finds things to parse.
_PROSE_BITS = st.sampled_from(
    [
        *["0", "1", "7", "200", "000", "34", ",", ".", " ", "\u00a0", "\n", "-", "−", "%"],
        *["(", ")", "ca.", "ca ", "vel ", "om lag ", "~", "mill.", "mrd", "tusen", "kr", "NOK"],
        *["pst.", "x"],
    ]
)


@given(st.lists(_PROSE_BITS, max_size=20).map("".join))
def test_number_regex_matches_parse(text: str) -> None:
    for m in re.finditer(NUMBER_REGEX, text, re.IGNORECASE):
        parse_number(m.group())


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([" ", "\u00a0"]))
def test_round_trip_grouped_integers(n: int, sep: str) -> None:
    text = f"{n:,}".replace(",", sep)
    got = parse_number(text)
    assert got.value == n
    assert not got.repaired


@given(
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
    ),
    st.integers(min_value=0, max_value=2),
)
def test_round_trip_decimal_comma(d: Decimal, places: int) -> None:
    d = round(d, places)
    text = f"{d:,.{places}f}".replace(",", " ").replace(".", ",")
    assert parse_number(text).value == d


@given(st.integers(min_value=0, max_value=10**6))
def test_percent_in_parens(n: int) -> None:
    got = parse_number(f"({n}%)")
    assert got.value == n
    assert got.percent


def test_a_leading_zero_is_a_lost_decimal_comma_and_is_flagged() -> None:
    for text, value in (("02", Decimal("0.2")), ("05 %", Decimal("0.5"))):
        parsed = parse_number(text)
        assert (parsed.value, parsed.repaired) == (value, True)
    assert (parse_number("0").value, parse_number("0").repaired) == (Decimal(0), False)
