"""Property tests of the whole text pipeline on damaged copies of the 2016 edition.

A line deleted, neighbours swapped, OCR-like garbage injected, letters changed:
whatever happens, no exception escapes but the tool's own error, and no value
comes out under one of the edition's keys with a wrong value and no warning flag.
(Digits are left alone: a changed digit is a different report, not damage.)
"""

from __future__ import annotations

import csv
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from conftest import GOLDEN, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.errors import ExtractError

LINES = SEED.read_text(encoding="utf-8").split("\n")
with open(GOLDEN / "observations.csv", encoding="utf-8", newline="") as _handle:
    TRUTH = {(r["table"], r["row"], r["column"]): Decimal(r["value"])
             for r in csv.DictReader(_handle)}
# Flags that tell a reader to look; "approximate" alone says nothing is wrong.
WARNING_FLAGS = ("check_failed", "low_confidence", "unmatched_label", "fuzzy_label",
                 "ocr_repaired", "ambiguous_split", "assumed_column")
LETTERS = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"
GARBAGE = st.text(alphabet=LETTERS + " .,:;-()'|]", min_size=1, max_size=30)
INDEX = st.integers(min_value=0, max_value=len(LINES) - 1)


@st.composite
def damaged_editions(draw) -> str:
    """The seed with up to one line deleted, one pair of neighbours swapped, three lines of
    garbage injected and three letters changed, in any order.

    More than one deletion can remove a value and the next row's label together, leaving
    a well-formed row whose number is its neighbour's: no reader of the text could tell,
    and no check of a table whose answers need not add up can.
    """
    lines = list(LINES)
    budget = {"delete": 1, "swap": 1, "garbage": 3, "letter": 3}
    for _ in range(draw(st.integers(0, sum(budget.values())))):
        kind = draw(st.sampled_from([k for k, left in budget.items() if left]))
        budget[kind] -= 1
        index = draw(INDEX) % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif kind == "garbage":
            lines.insert(index, draw(GARBAGE))
        elif kind == "letter":
            positions = [i for i, ch in enumerate(lines[index]) if ch in LETTERS]
            if positions:
                at = draw(st.sampled_from(positions))
                line = lines[index]
                lines[index] = line[:at] + draw(st.sampled_from(LETTERS)) + line[at + 1:]
    return "\n".join(lines)


def silent_errors(text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.txt"
        path.write_text(text, encoding="utf-8")
        try:
            report = extract(path)
        except ExtractError:
            return []  # the tool's own, one-line error: allowed
    return [
        f"{'/'.join(o.key)} = {o.value} (truth {TRUTH[o.key]}), flags {o.flags}"
        for o in report.observations
        if o.key in TRUTH and o.value != TRUTH[o.key]
        and not any(flag.startswith(WARNING_FLAGS) for flag in o.flags)
    ]


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None,
          derandomize=not os.environ.get("FUZZ_EXAMPLES"),
          suppress_health_check=[HealthCheck.too_slow])
@given(damaged_editions())
def test_damage_never_gives_a_silently_wrong_value(text):
    assert silent_errors(text) == []


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(LINES), max_size=80), st.lists(GARBAGE, max_size=10))
def test_shuffled_lines_and_garbage_raise_nothing_but_the_tools_error(lines, garbage):
    """Any order of the report's lines: extraction returns or says why it cannot."""
    assert silent_errors("\n".join([*lines, *garbage])) == []
