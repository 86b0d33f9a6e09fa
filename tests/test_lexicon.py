"""The lexicon: the spec's locale as the word sets and patterns the stages use."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from extractor.lexicon import numbers, words
from extractor.lexicon.periods import period_patterns
from extractor.spec.locale import default_locale

LOCALE = default_locale()


def test_an_alternation_tries_longer_words_first_and_no_words_match_nothing():
    assert words.alternation(["kv", "kvartal", "kv."]) == r"(?:kvartal|kv\.|kv)"
    assert re.fullmatch(words.alternation(["kv", "kvartal"]) + r"\.?", "kvartal.")
    assert re.search(words.alternation([]), "anything") is None
    assert re.fullmatch(words.spaced("om lag"), "omlag")


def test_none_is_the_built_in_locale_and_each_is_built_once():
    assert words.comment_heading() is words.comment_heading(None)
    assert words.comment_heading(LOCALE) is words.comment_heading(LOCALE)
    assert words.comment_heading().pattern == words.comment_heading(LOCALE).pattern


def test_the_value_words_are_the_number_parsers():
    assert {"ca.", "cirka", "~"} <= words.value_prefixes()
    assert "om lag" not in words.value_prefixes()  # two words: no word of a cell alone
    assert {"mill.", "mrd", "kr", "%", "tusen", "nok"} <= words.value_suffixes()
    assert words.value_words() == words.value_prefixes() | words.value_suffixes()
    assert {"x", "1000", "1 000", "i", "hele", "tusen", "mill", "kr"} <= set(
        words.generic_header_words())
    assert {"ca", "cirka", "omtrent"} <= set(words.approximate_header_words())


def test_table_words_and_years():
    assert words.comment_heading().match(" Kommentar : ")
    assert not words.comment_heading().match("Kommentar til tabellen")
    assert words.year_word().match("2016-") and not words.year_word().match("2101")
    assert [m[1] for m in words.year_in_header().finditer("2016 1.kv 2017 31.12.2018")] == [
        "2016", "2017"]
    assert words.quarter_in_header().findall("2016 1.kv 2017 2. kvartal 2017") == [
        ("1", "2017"), ("2", "2017")]
    # OCR may lose the point after the quarter's number (Writer 2017-06 seed 1001, scanned:
    # "3 kvartal 2017" was read as the year 2017 and the quarters shifted).
    assert words.quarter_in_header().findall("2. kvartal 2017 3 kvartal 2017") == [
        ("2", "2017"), ("3", "2017")]
    assert words.quarter_word().match("f.kv") and words.quarter_word().match("3.")
    assert words.quarter_in_cell().search("Q3 2018")[2] == "3"
    assert words.reporting_year().findall("2016-rapportering 2015 - Rapportering") == [
        "2016", "2015"]
    assert words.percent_header().match("Del (%)") and words.percent_header().match("Andel")
    assert not words.percent_header().match("Del")
    assert words.page_number().match("side 3 av 17") and words.title().search("Smart mål")


def test_periods_and_numbers_follow_a_locale_of_other_words():
    english = replace(LOCALE, periods=replace(LOCALE.periods, months=(("june", 6),),
                                              as_of=("as of",)),
                      numbers=replace(LOCALE.numbers, multipliers=(("million", 10**6),
                                                                   ("thousand", 1000))))
    found = period_patterns(english).month.search("Status as of June 2017")
    assert found and period_patterns(english).months[found["month"].lower()] == 6
    assert numbers.parse_number("2,5 million", locale=english).value == Decimal(2500000)
    assert numbers.find_multiplier("(thousand)", english) == 1000
    assert numbers.parse_number("2,5 mill.").value == Decimal(2500000)
    assert re.compile(numbers.number_regex(english)).groups == 0


# --- header periods read cell by cell (semantics/periods.py) ---------------------------

QUARTERS = ["2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1", "2018-Q2", "2018-Q3",
            "2018-Q4"]


def test_a_year_after_the_quarters_is_its_own_column_never_the_next_quarter():
    """Issue 17: "2016 | 1.kv 2017 ... 4.kv 2018 | 2019" made the last column 2019-Q1,
    flagged only assumed_column: a wrong key that looks right downstream."""
    from extractor.semantics.periods import infer_periods

    printed = ["2016", *QUARTERS, "2019"]
    assert infer_periods(printed) == (printed, set())


def test_misread_quarters_are_still_filled_in_from_their_neighbours():
    from extractor.semantics.periods import infer_periods

    printed = ["2016", "2017-Q1", None, "2017-Q3", "2017-Q0", *QUARTERS[4:], "2019"]
    filled, changed = infer_periods(printed)
    assert filled == ["2016", *QUARTERS, "2019"] and changed == {2, 4}
    # newest first, its whole year last: as before
    newest = list(reversed(QUARTERS))
    assert infer_periods([*newest[:3], None, *newest[4:], "2016"]) == (
        [*newest, "2016"], {3})
    # an unread last column after the quarters is still the next quarter
    assert infer_periods(["2016", *QUARTERS, None]) == (
        ["2016", *QUARTERS, "2019-Q1"], {9})


def test_a_piece_of_header_cut_off_as_a_column_stands_outside_the_run():
    """Chromium 2017-06 seed 1, scanned (development): the header's cells gave one column
    more than the table has, an empty one read as nothing, before a misread "2018-Q1".
    One run over every column made the next three quarters, printed and read right, one
    quarter later (flagged assumed_column, but wrong). A column read as nothing may stand
    outside the run where the run then agrees with more of what was read."""
    from extractor.semantics.periods import infer_periods

    printed = ["2016", *QUARTERS[:4], None, None, *QUARTERS[5:8]]
    filled, changed = infer_periods(printed)
    assert filled == ["2016", *QUARTERS[:4], None, *QUARTERS[4:8]] and changed == {6}
