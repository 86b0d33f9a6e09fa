"""Pages printed turned (issue 17): read upright, text layer and review crops alike.

A wide table is often printed sideways on a portrait sheet: the page turned with its
/Rotate, or its text drawn rotated. pdfplumber gives the page as shown, so the words ran
down the page and the layer read as junk (a section lost in one edition). The pages are
made here from the project's own sample and with fpdf2's rotation, not by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import pdf_sample
from fpdf import FPDF
from test_hardening import SECTION_1

from extractor import extract
from extractor.readers.pdf import ReadOptions
from extractor.readers.upright import char_turn, turn_box, turned_size

OPTIONS = ReadOptions(ocr="never", use_cache=False)


def values(report) -> dict[tuple[str, str, str], object]:
    return {o.key: o.value for o in report.observations}


@pytest.fixture(scope="module")
def upright_values():
    return values(extract(pdf_sample("text"), options=OPTIONS))


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_sample_turned_with_rotate_reads_as_upright(tmp_path: Path, rotate: int,
                                                      upright_values) -> None:
    document = pdfium.PdfDocument(str(pdf_sample("text")))
    for page in document:
        page.set_rotation(rotate)
    turned = tmp_path / f"turned-{rotate}.pdf"
    document.save(str(turned))
    report = extract(turned, options=OPTIONS)
    assert values(report) == upright_values and len(upright_values) == 123
    assert {page.turned for page in report.document.pages} == {(360 - rotate) % 360}


def test_a_table_drawn_with_rotated_text_on_a_portrait_page_is_read(tmp_path: Path) -> None:
    """No /Rotate: the text itself runs upwards (fpdf2's rotation), as a landscape table
    printed sideways on a portrait sheet."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2016, 10, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    with pdf.rotation(90, x=105, y=148):
        pdf.set_xy(40, 120)
        for line in SECTION_1:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
            pdf.set_x(40)
    path = tmp_path / "sideways.pdf"
    pdf.output(str(path))
    report = extract(path, options=OPTIONS)
    got = {o.row: o.value for o in report.observations
           if o.table == "metering_points_by_category"}
    assert got == {"households": 2284127, "cabins_and_holiday_homes": 322913,
                   "total": 2607040}
    assert report.document.pages[0].turned == 90


def test_turns_undo_each_other_and_follow_the_text() -> None:
    assert [char_turn(m) for m in ((1, 0), (0, 1), (0, -1), (-1, 0))] == [0, 90, 270, 180]
    width, height = 595.0, 842.0
    box = (10.0, 20.0, 110.0, 32.0)
    for turn in (0, 90, 180, 270):
        turned = turn_box(box, turn, width, height)
        back = turn_box(turned, (360 - turn) % 360, *turned_size(width, height, turn))
        assert back == pytest.approx(box)


def test_review_crops_of_a_turned_page_are_upright(tmp_path: Path) -> None:
    """The crop is rendered from the page as shown, then turned as it was read: a table
    region three times wider than high stays wider than high."""
    import base64
    import io
    import re

    from PIL import Image

    from extractor.outputs.review import render_review

    document = pdfium.PdfDocument(str(pdf_sample("text")))
    for page in document:
        page.set_rotation(90)
    turned = tmp_path / "turned.pdf"
    document.save(str(turned))
    html = render_review(extract(turned, options=OPTIONS))
    images = [Image.open(io.BytesIO(base64.b64decode(data)))
              for data in re.findall(r'base64,([^"]+)', html)]
    assert images and sum(image.width > image.height for image in images) >= len(images) - 2
