"""Later editions (samples/editions/): other years, Nynorsk, renumbered, reordered, dropped
and added sections and rows, OCR slips. Each is checked against its hand-written truth,
so a value can never land under a wrong key unnoticed.
"""

from __future__ import annotations

import csv
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import GOLDEN, ROOT, SEED

from extractor import extract
from extractor.outputs.golden import compare

EDITIONS = sorted((ROOT / "samples" / "editions").glob("*.txt"))
PERIODS = {
    "nve-ams-status-2017-06": "2017-06",
    "nve-ams-status-2017-12-mixed": "2017-12",
    "nve-ams-status-2018-h1-ocr": "2018-06",
    "nve-ams-status-2018-q1-nn": "2018-03",
    "nve-ams-status-2019-q1-nn": "2019-03",
}


def truth(edition: Path) -> dict[tuple[str, str, str], Decimal]:
    with open(edition.with_suffix(".expected.csv"), encoding="utf-8", newline="") as handle:
        return {(r["table"], r["row"], r["column"]): Decimal(r["value"])
                for r in csv.DictReader(handle)}


def unknown_labels(edition: Path) -> set[str]:
    path = edition.with_name(edition.stem + ".unknown.csv")
    if not path.exists():
        return set()
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["label"] for row in csv.DictReader(handle)}


def test_there_are_at_least_four_editions_each_with_a_truth():
    assert len(EDITIONS) >= 4
    assert {e.stem for e in EDITIONS} == set(PERIODS)


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_every_value_exact_and_none_under_a_wrong_key(edition):
    """All truth values exactly; anything else is a row no vocabulary knows, and flagged so."""
    report = extract(edition)
    expected = truth(edition)
    got = {o.key: o for o in report.observations}
    for key, value in expected.items():
        assert key in got, f"missing {key}"
        assert got[key].value == value, f"{key}: {got[key].value} for {value}"
    for key, observation in got.items():
        if key not in expected:
            assert "unmatched_label" in observation.flags, key
            assert observation.row in unknown_labels(edition), key
    assert report.edition_id == PERIODS[edition.stem]


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_every_check_passes_on_consistent_editions(edition):
    """The editions' numbers agree with each other, so a failed check would be a misread."""
    report = extract(edition)
    assert [c.rule for c in report.failed_checks] == []


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_each_edition_matches_its_golden_folder(edition):
    assert compare(extract(edition), ROOT / "fixtures" / "editions" / edition.stem) == []


def test_unknown_row_is_listed_with_its_closest_label():
    report = extract(ROOT / "samples" / "editions" / "nve-ams-status-2019-q1-nn.txt")
    [unknown] = report.unmatched
    assert (unknown.table, unknown.label) == ("metering_points_by_category", "Landbruk")
    assert unknown.closest_key and 0 < unknown.score < 100
    assert {w.code for w in report.warnings} >= {"unmatched_label", "missing_section"}


def test_title_and_period_are_read_from_the_text():
    report = extract(ROOT / "samples" / "editions" / "nve-ams-status-2019-q1-nn.txt")
    assert report.edition.title == "Status for installasjon av AMS per 1. kvartal 2019"
    assert (report.edition.id, report.edition.period_text) == ("2019-03", "per 1. kvartal 2019")
    assert not report.edition.guessed


def test_every_edition_id_in_the_samples_sorts_in_time():
    """Sorted as plain strings, the editions' ids are in the order of their status dates."""
    reports = [extract(SEED), *(extract(e) for e in EDITIONS)]
    ids = [r.edition_id for r in reports]
    ends = [r.edition.period_end for r in reports]
    assert sorted(ids) == [i for _, i in sorted(zip(ends, ids, strict=True))]
    assert len(set(ids)) == len(ids)
    assert not any(r.edition.guessed for r in reports)


REWORDED = ["pr. juni 2017", "per utgangen av juni 2017", "per andre kvartal 2017",
            "ved utgangen av juni 2017"]


@pytest.mark.parametrize("wording", REWORDED)
def test_a_reworded_statement_of_the_period_gives_the_right_edition(tmp_path, wording):
    """The 2017-06 edition with its period worded otherwise: still 2017-06, not the 2016-12
    of a bullet ("installert per 31.12.2016"), and not a guess."""
    source = ROOT / "samples" / "editions" / "nve-ams-status-2017-06.txt"
    text = source.read_text(encoding="utf-8").replace("per juni 2017", wording)
    assert wording in text and "per 31.12.2016" in text
    path = tmp_path / "rapport.txt"  # no period in the file name to fall back on
    path.write_text(text, encoding="utf-8")
    report = extract(path)
    assert (report.edition_id, report.edition.guessed) == ("2017-06", False)
    assert report.edition.period_text == wording
    assert "edition_guessed" not in {w.code for w in report.warnings}


def test_an_unstated_period_is_a_guess_with_a_warning(tmp_path):
    """Without the statement, the only date is the bullet's: the edition is marked guessed
    and the warning says where the id came from."""
    source = ROOT / "samples" / "editions" / "nve-ams-status-2017-06.txt"
    text = source.read_text(encoding="utf-8").replace("per juni 2017", "nå")
    path = tmp_path / "rapport.txt"
    path.write_text(text, encoding="utf-8")
    report = extract(path)
    assert (report.edition_id, report.edition.guessed) == ("2016-12", True)
    [warning] = [w for w in report.warnings if w.code == "edition_guessed"]
    assert "'per 31.12.2016'" in warning.message and "line 37" in warning.message


def _shuffled_seed(seed: int) -> str:
    """The 2016 edition with its numbered sections in another order and renumbered."""
    text = SEED.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?= \d{1,2} [A-ZÆØÅ])", text)
    front, sections = parts[0], parts[1:]
    random.Random(seed).shuffle(sections)
    renumbered = [re.sub(r"^ \d{1,2} ", f" {n} ", s, count=1) for n, s in enumerate(sections, 1)]
    return front + "".join(renumbered)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_section_order_and_numbers_do_not_matter(tmp_path, seed):
    """An order no sample has: the same 123 values, by title, not by number or place."""
    path = tmp_path / f"shuffled-{seed}.txt"
    path.write_text(_shuffled_seed(seed), encoding="utf-8")
    with open(GOLDEN / "observations.csv", encoding="utf-8", newline="") as handle:
        expected = {(r["table"], r["row"], r["column"]): Decimal(r["value"])
                    for r in csv.DictReader(handle)}
    got = {o.key: o.value for o in extract(path).observations}
    assert got == expected
