"""Image preparation for OCR, on a real rendered page of the text sample."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.readers.imaging import (
    Segment,
    binarize,
    dark_bands,
    erase_rules,
    find_rules,
    ink_line_height,
    invert_bands,
    prepare,
    run_density,
    skew_angle,
)
from extractor.readers.ocr import render_page
from extractor.readers.unread import unread_ink

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


def test_the_letter_height_is_measured_on_the_page(vendor_page):
    """11 pt Helvetica at 300 dpi: capitals 33 px high, a line with descenders 43 px."""
    assert 30 <= ink_line_height(binarize(vendor_page)) <= 45


def test_every_hairline_rule_of_the_table_is_found(vendor_page):
    """Header rule plus one under each of the four vendor rows; no letter is a rule."""
    light = np.asarray(vendor_page) < 200
    rules = find_rules(light, ink_line_height(binarize(vendor_page)))
    assert len([r for r in rules if r.y0 == r.y1]) == 5
    assert [r for r in rules if r.x0 == r.x1] == []


def test_prepare_erases_rules_but_keeps_the_text(vendor_page):
    prepared = prepare(vendor_page)
    ink = np.asarray(prepared.image) == 0
    assert len(prepared.rules) == 5 and prepared.skew == 0
    for rule in prepared.rules:
        assert ink[rule.y0 - 1 : rule.y0 + 2, rule.x0:rule.x1].sum() < 50  # the rule is gone
    assert ink.sum() > 20_000  # the words are still there


def test_the_grey_page_keeps_the_text_grey_and_clears_the_rules(vendor_page):
    """What Tesseract reads from the grey page (`for_tesseract`): the page's own greys
    where there is text, a light stroke's edge included (one threshold would cut it),
    and paper where a rule was."""
    prepared = prepare(vendor_page, grey=True)
    grey = np.asarray(prepared.image).astype(int)
    page = np.asarray(prepared.gray).astype(int)
    for rule in prepared.rules:
        assert (grey[rule.y0 - 1:rule.y0 + 2, rule.x0:rule.x1] < 200).sum() < 50
    assert (grey[prepared.ink] == page[prepared.ink]).all()
    off_rules = np.ones(page.shape, dtype=bool)
    for rule in prepared.rules:
        off_rules[rule.y0 - rule.thickness - 3:rule.y1 + rule.thickness + 4] = False
    edges = off_rules & ~prepared.ink & (page < 230)  # letters' anti-aliased edges
    assert edges.sum() > 5_000 and (grey[edges] == page[edges]).all()


def test_a_grid_of_vertical_rules_is_found_and_erased(vendor_page):
    """Vertical rules drawn across the table, as a full grid has: found, and gone before OCR,
    so Tesseract never reads them as "|" or "I"."""
    page = np.asarray(vendor_page).copy()
    table = find_rules(page < 200, 33.0)
    top = min(r.y0 for r in table)
    bottom = max(r.y0 for r in table)
    for x in (250, 900, 1400):
        page[top:bottom, x:x + 3] = 0
    from PIL import Image

    prepared = prepare(Image.fromarray(page))
    vertical = [r for r in prepared.rules if r.x0 == r.x1]
    assert sorted(r.x0 for r in vertical) == [251, 901, 1401]
    ink = np.asarray(prepared.image) == 0
    for rule in vertical:
        assert ink[rule.y0:rule.y1, rule.x0 - 2:rule.x0 + 3].sum() < 0.05 * (rule.y1 - rule.y0)


def test_a_dark_header_band_is_found_and_its_text_inverted(vendor_page):
    """A header band with white text: found as a band, and its text comes out black."""
    page = np.asarray(vendor_page).copy()
    band = page[380:460, 200:1500]
    page[380:460, 200:1500] = np.where(band < 128, 255, 30)  # white text on a dark band
    bands = dark_bands(page, 33.0)
    assert len(bands) == 1 and bands[0].y0 <= 382 and bands[0].y1 >= 457
    ink = page < 128
    before = ink[390:450, 220:1480].mean()
    invert_bands(ink, page, bands)
    assert ink[390:450, 220:1480].mean() < before / 3  # now mostly paper, as text is


def test_ink_no_word_covers_is_found_and_read_ink_is_not():
    """Two words' worth of ink: one read (its box given), one skipped; and a column of
    one-digit values, each too small alone, skipped as a whole."""
    ink = np.zeros((400, 600), dtype=bool)
    ink[50:70, 40:160] = True   # read
    ink[50:70, 300:420] = True  # skipped: a word or more
    for top in (150, 190, 230, 270):
        ink[top:top + 20, 500:512] = True  # a column of lone digits, skipped
    ink[350:353, 100:103] = True  # a speck
    boxes = unread_ink(ink, [(40, 50, 160, 70)], height=20.0)
    assert len(boxes) == 2
    word, column = sorted(boxes)
    assert word[0] <= 300 and word[2] >= 420 and word[1] <= 50 and word[3] >= 70
    assert column[0] <= 500 and column[2] >= 512 and column[1] <= 150 and column[3] >= 290


@settings(max_examples=300, deadline=None, derandomize=True)
@given(height=st.integers(1, 90), width=st.integers(1, 90), data=st.data())
def test_erase_rules_takes_any_rule_on_any_page(height, width, data):
    """Issue 17: a 34 px and a 28 px rule segment (shorter than the 41 px window) ended two
    real documents with IndexError. Rules of any length, anywhere, even off the page."""
    coordinate = st.integers(-20, 120)
    rules = []
    for _ in range(data.draw(st.integers(0, 6))):
        x0, y0, length = data.draw(coordinate), data.draw(coordinate), data.draw(
            st.integers(0, 120))
        horizontal = data.draw(st.booleans())
        rules.append(Segment(x0, y0, x0 + length if horizontal else x0,
                             y0 if horizontal else y0 + length, data.draw(st.integers(1, 9))))
    seed = data.draw(st.integers(0, 2**32 - 1))
    light = np.random.default_rng(seed).random((height, width)) > 0.3
    ink = light.copy()
    erase_rules(ink, light, rules)
    assert ink.shape == (height, width)
    assert not (ink & ~light).any()  # only ever clears


def test_run_density_is_as_long_as_its_run():
    for length in (0, 1, 5, 40, 41, 42, 200):
        assert run_density(np.ones(length, dtype=bool), 41).shape == (length,)


def test_no_page_renders_with_a_side_tesseract_refuses():
    """A page 278 x 53 817 pixels at 300 dpi stopped a real document with Tesseract's
    "Image too large"; its dpi is now capped by its longest side too."""
    from extractor.runtime.limits import MAX_SIDE_PIXELS, capped_dpi

    assert capped_dpi(595, 842, 300, 60) == 300  # A4: as asked
    tall = capped_dpi(67, 12916, 300, 60)  # 278 x 53 817 px at 300 dpi
    assert 12916 * tall / 72 <= MAX_SIDE_PIXELS and tall >= 160
