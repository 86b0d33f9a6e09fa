"""Image preparation for OCR, on a real rendered page of the text sample."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT

from extractor.readers.imaging import find_rules, prepare, skew_angle
from extractor.readers.ocr import render_page

TEXT_PDF = ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-text.pdf"


@pytest.fixture(scope="module")
def vendor_page():
    """Section 8 (meter vendors) at 300 dpi: a table with a hairline rule under every row."""
    return render_page(str(TEXT_PDF), 9, 300)


@pytest.mark.parametrize("angle", [0.0, 0.6, -0.85])
def test_skew_is_measured_to_a_tenth_of_a_degree(vendor_page, angle):
    """Deskew undoes a scanner's small rotation (the scanned sample's are under 1 degree)."""
    tilted = vendor_page.rotate(angle, fillcolor=255)
    assert skew_angle(tilted) == pytest.approx(-angle, abs=0.1)


def test_every_hairline_rule_of_the_table_is_found(vendor_page):
    """Header rule plus one under each of the four vendor rows."""
    light = np.asarray(vendor_page) < 200
    assert len(find_rules(light)) == 5


def test_prepare_erases_rules_but_keeps_the_text(vendor_page):
    prepared, rules, angle = prepare(vendor_page)
    ink = np.asarray(prepared) == 0
    assert len(rules) == 5 and angle == 0
    for y in rules:
        assert ink[int(y) - 1 : int(y) + 2].sum() < 50  # the rule is gone
    assert ink.sum() > 20_000  # the words are still there
