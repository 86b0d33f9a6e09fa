"""Tests for extractor.edition: the reporting period as printed in the text."""

from __future__ import annotations

import pytest

from extractor.edition import detect_edition, detect_period
from extractor.sources import text_lines


@pytest.mark.parametrize(
    ("text", "period", "printed"),
    [
        ("Denne rapporten viser status per 1. halvår 2016.", "2016-H1", "per 1. halvår 2016"),
        ("Status for AMS per juni 2017", "2017-06", "per juni 2017"),
        ("Hovedtall per 1. kvartal 2019", "2019-Q1", "per 1. kvartal 2019"),
        ("Status per 30. juni 2017.", "2017-06", "per 30. juni 2017"),
    ],
)
def test_detect_period_of_each_edition_kind(text: str, period: str, printed: str) -> None:
    """Half-year, month and quarter editions each get their period id and printed text."""
    assert detect_period(text) == (period, printed)


def test_detect_period_none_when_no_period_is_stated() -> None:
    """A text without 'per <period>' has no period, rather than a guess."""
    assert detect_period("Oslo, oktober 2016. NVE planlegger 2-3 rapporteringer i 2017.") == (
        None,
        None,
    )


def test_detect_period_takes_the_first_stated() -> None:
    """The first period printed wins when several are mentioned."""
    text = "status per 2. halvår 2017, sammenlignet med tall per juni 2017"
    assert detect_period(text) == ("2017-H2", "per 2. halvår 2017")


def test_detect_period_across_a_line_break() -> None:
    """A period wrapped over two lines is still found, printed with single spaces."""
    assert detect_period("per 1.\nhalvår 2016") == ("2016-H1", "per 1. halvår 2016")


def test_detect_edition_title_from_front_matter() -> None:
    """The title comes from lines before the first section; the year from the period."""
    lines = text_lines("Smarte målere (AMS)\nStatus per 1. kvartal 2019\n Forord\nTekst\n")
    edition = detect_edition(lines, 2)
    assert edition.title == "Smarte målere (AMS)"
    assert (edition.period, edition.year) == ("2019-Q1", 2019)
