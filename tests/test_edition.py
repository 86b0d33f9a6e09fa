"""Tests for extractor.edition: which status date a report describes, and how sure we are."""

from __future__ import annotations

import pytest

from extractor.model.spec import is_edition_id
from extractor.readers import text_lines
from extractor.semantics.edition import (
    detect_edition,
    find_period,
    given_edition,
    parse_edition_id,
)


def period_of(text: str) -> tuple[str, str, str, str] | None:
    found = find_period(text)
    if found is None:
        return None
    period, _ = found
    return period.id, period.start.isoformat(), period.end.isoformat(), period.printed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Denne rapporten viser status per 1. halvår 2016.",
         ("2016-06", "2016-01-01", "2016-06-30", "per 1. halvår 2016")),
        ("Status for AMS per juni 2017", ("2017-06", "2017-06-01", "2017-06-30", "per juni 2017")),
        ("Hovedtall per 1. kvartal 2019",
         ("2019-03", "2019-01-01", "2019-03-31", "per 1. kvartal 2019")),
        ("Status per 30. juni 2017.", ("2017-06", "2017-06-30", "2017-06-30", "per 30. juni 2017")),
        ("installert per 31.12.2016", ("2016-12", "2016-12-31", "2016-12-31", "per 31.12.2016")),
        # The wordings the 2017 edition was tried with, and their Nynorsk forms.
        ("status og planer pr. juni 2017",
         ("2017-06", "2017-06-01", "2017-06-30", "pr. juni 2017")),
        ("status per utgangen av juni 2017",
         ("2017-06", "2017-06-30", "2017-06-30", "per utgangen av juni 2017")),
        ("status per andre kvartal 2017",
         ("2017-06", "2017-04-01", "2017-06-30", "per andre kvartal 2017")),
        ("status ved utgangen av juni 2017",
         ("2017-06", "2017-06-30", "2017-06-30", "ved utgangen av juni 2017")),
        ("status per fyrste halvår 2018",
         ("2018-06", "2018-01-01", "2018-06-30", "per fyrste halvår 2018")),
        ("status per første halvår 2018",
         ("2018-06", "2018-01-01", "2018-06-30", "per første halvår 2018")),
        ("status per tredje kvartalet 2018",
         ("2018-09", "2018-07-01", "2018-09-30", "per tredje kvartalet 2018")),
        ("per 2. kv. 2017", ("2017-06", "2017-04-01", "2017-06-30", "per 2. kv. 2017")),
        ("status per utgangen av 2017", ("2017-12", "2017-12-31", "2017-12-31",
                                         "per utgangen av 2017")),
        ("per 2. halvår 2017", ("2017-12", "2017-07-01", "2017-12-31", "per 2. halvår 2017")),
    ],
)
def test_find_period_of_each_wording(text, expected):
    """Every wording of a period gives its status month as the id, and its first and last day."""
    assert period_of(text) == expected


def test_one_id_per_status_date_and_ids_sort_in_time():
    """The same status date worded five ways is one id; ids of different dates sort in time
    as plain strings (2018-H1 used to sort before 2018-Q1)."""
    same = {period_of(t)[0] for t in ("per juni 2017", "per 2. kvartal 2017", "pr. juni 2017",
                                      "per 1. halvår 2017", "per 30.06.2017")}
    assert same == {"2017-06"}
    in_time = ["per 1. halvår 2016", "per 31.12.2016", "per 1. kvartal 2018",
               "per 1. halvår 2018", "per 3. kvartal 2018", "per 1. kvartal 2019"]
    ids = [period_of(t)[0] for t in in_time]
    assert ids == sorted(ids)


def test_no_period_when_none_is_stated():
    """A publication date ("Oslo, oktober 2016") or a bare year is not a period."""
    assert find_period("Oslo, oktober 2016. NVE planlegger 2-3 rapporteringer i 2017.") is None


def test_the_first_stated_period_wins_and_may_wrap():
    assert period_of("status per 2. halvår 2017, mot tall per juni 2017")[0] == "2017-12"
    assert period_of("per 1.\nhalvår 2016")[3] == "per 1. halvår 2016"


def test_an_impossible_date_is_not_a_period():
    assert find_period("per 31.06.2017") is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [("2017-06", "2017-06"), ("2017-Q2", "2017-06"), ("2017-q2", "2017-06"),
     ("2016-H1", "2016-06"), ("2017-06-30", "2017-06"), ("2017", "2017-12")],
)
def test_given_edition_ids_are_made_canonical(given, expected):
    assert parse_edition_id(given).id == expected
    assert is_edition_id(expected)


@pytest.mark.parametrize("given", ["2017-13", "2017-Q5", "juni 2017", "17-06", "2017-H1-30", ""])
def test_given_edition_that_is_no_period_is_refused(given):
    assert parse_edition_id(given) is None


def lines(text: str):
    return text_lines(text)


def test_the_summary_statement_decides_not_an_earlier_date():
    """A bullet's date elsewhere (the failure of the reworded 2017 edition) is not used when
    the summary's first paragraph states the period."""
    summary = lines("Denne rapporten viser status pr. juni 2017.\n\n"
                    "• 19 % var installert per 31.12.2016\n")
    edition, warning = detect_edition([], [("'Sammendrag'", summary)], summary, "x.txt")
    assert (edition.id, edition.guessed, warning) == ("2017-06", False, None)
    assert edition.period_text == "pr. juni 2017"
    assert edition.source == "the first paragraph of 'Sammendrag', line 1"


def test_the_title_page_states_the_period():
    front = lines("Status for installasjon av AMS per 1. kvartal 2019\nRapport nr. 22/2019\n")
    edition, warning = detect_edition(front, [], front, "report.txt")
    assert (edition.id, edition.guessed, warning) == ("2019-03", False, None)
    assert edition.title == "Status for installasjon av AMS per 1. kvartal 2019"


def test_a_period_only_outside_the_statement_is_a_guess_that_says_where():
    """Only a later paragraph names a date: the edition is guessed, and the warning names the
    text and the line it came from."""
    summary = lines("Denne rapporten viser status.\n\n• 19 % var installert per 31.12.2016\n")
    edition, warning = detect_edition([], [("'Sammendrag'", summary)], summary, "report.txt")
    assert (edition.id, edition.guessed) == ("2016-12", True)
    assert "'per 31.12.2016'" in warning and "line 3" in warning


def test_the_file_name_is_a_guess_before_a_stray_date():
    summary = lines("Denne rapporten viser status.\n\n• 19 % var installert per 31.12.2016\n")
    edition, warning = detect_edition([], [], summary, "nve-ams-status-2017-06.txt")
    assert (edition.id, edition.guessed, edition.period_text) == ("2017-06", True, None)
    assert "file name 'nve-ams-status-2017-06.txt'" in warning


def test_no_period_anywhere_keeps_the_file_name_as_a_guessed_id():
    text = lines("Ingen dato her.\n")
    edition, warning = detect_edition([], [], text, "rapport.txt")
    assert (edition.id, edition.guessed, edition.period_start) == ("rapport", True, None)
    assert "no period" in warning


def test_a_given_edition_is_not_a_guess_and_keeps_the_printed_period_only_when_it_agrees():
    summary = lines("Denne rapporten viser status per 1. halvår 2016.\n")
    found, _ = detect_edition([], [("'Sammendrag'", summary)], summary, "x.txt")
    same = given_edition("2016-H1", found)
    assert (same.id, same.guessed, same.period_text) == ("2016-06", False, "per 1. halvår 2016")
    other = given_edition("2017-06", found)
    assert (other.id, other.period_text, other.source) == ("2017-06", None, "given by the user")
    with pytest.raises(ValueError, match="not a period"):
        given_edition("June", found)
