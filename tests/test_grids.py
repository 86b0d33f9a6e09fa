"""The grid of one table region, from positioned words (extractor.layout.grids.build_grid).

Each test lays out a small table by hand, as a typesetter other than ours would, and checks
one rule of how words become rows and columns. The words are placed as a PDF reader
reports them: x in points from the left, `top`/`bottom` from the top of the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.layout.grids import build_grid
from extractor.model import Word
from extractor.model.grid import Grid, Rule

CHAR = 5.0  # points per character of a 10 pt font
HEIGHT = 10.0
PITCH = 16.0  # line to line


def words_at(rows: Sequence[Sequence[tuple[float, str]]], *, pitch: float = PITCH,
             start: float = 100.0) -> list[Word]:
    """Words from rows of (x0, text): each text is one or more words, a space apart."""
    words = []
    for index, row in enumerate(rows):
        top = start + index * pitch
        for x0, text in row:
            x = x0
            for token in text.split(" "):
                words.append(Word(token, x, x + CHAR * len(token), top=top, bottom=top + HEIGHT))
                x += CHAR * (len(token) + 1)
    return words


def right(x1: float, text: str) -> tuple[float, str]:
    """A right-aligned cell ending at x1."""
    return (x1 - CHAR * len(text), text)


def cells(grid: Grid) -> list[list[str]]:
    return [[(grid.cell(r, c).text if grid.cell(r, c) else "") for c in range(grid.n_cols)]
            for r in range(grid.n_rows)]


def test_a_label_and_two_right_aligned_columns_make_a_grid() -> None:
    grid = build_grid(words_at([
        [(50, "Kategori"), right(250, "Antall"), right(330, "Totalt")],
        [(50, "Husholdning"), right(250, "1 234"), right(330, "2 345")],
        [(50, "Næring"), right(250, "56"), right(330, "78")],
    ]))
    assert grid is not None
    assert cells(grid) == [["Kategori", "Antall", "Totalt"],
                           ["Husholdning", "1 234", "2 345"],
                           ["Næring", "56", "78"]]
    assert grid.header_rows == 1


def test_a_row_with_empty_cells_between_rules_stands_alone() -> None:
    """'Fritidsbolig' prints no values; between row rules it is a row of its own, and the
    next row's values do not move up into it."""
    rows = [
        [(50, "Kategori"), right(250, "Antall"), right(330, "Totalt")],
        [(50, "Husholdning"), right(250, "1 234"), right(330, "2 345")],
        [(50, "Fritidsbolig")],
        [(50, "Næring"), right(250, "56"), right(330, "78")],
    ]
    rules = [Rule(45, 100 + i * PITCH - 3, 340, 100 + i * PITCH - 3) for i in range(1, 5)]
    grid = build_grid(words_at(rows), rules)
    assert grid is not None
    assert cells(grid)[1:] == [["Husholdning", "1 234", "2 345"],
                               ["Fritidsbolig", "", ""],
                               ["Næring", "56", "78"]]


def test_a_row_with_empty_cells_between_two_wide_gaps_stands_alone() -> None:
    """No rules: rows are padded, so the empty row is the line with a row's gap on both
    sides; a wrapped label's second line sits close under its first."""
    words = words_at([[(50, "Kategori"), right(250, "Antall"), right(330, "Totalt")]])
    for top, row in [(124, [(50, "Husholdning"), right(250, "1 234"), right(330, "2 345")]),
                     (148, [(50, "Fritidsbolig")]),
                     (172, [(50, "Næring"), right(250, "56"), right(330, "78")]),
                     (184, [(50, "og industri")])]:
        words += words_at([row], start=top)
    grid = build_grid(words)
    assert grid is not None
    assert cells(grid)[1:] == [["Husholdning", "1 234", "2 345"],
                               ["Fritidsbolig", "", ""],
                               ["Næring og industri", "56", "78"]]


def test_a_run_of_numbers_is_cut_where_the_other_rows_values_end() -> None:
    """Columns no wider apart than a thousands space: '561 204 1 478 310' is two values,
    because the single-word values of the other rows end where they do."""
    grid = build_grid(words_at([
        [(50, "Kategori"), right(195, "Antall"), right(250, "Totalt")],
        [(50, "Husholdning"), right(195, "561 204"), right(250, "1 478 310")],
        [(50, "Næring"), right(195, "5 600"), right(250, "78 000")],
        [(50, "Fritid"), right(195, "900"), right(250, "1200")],
    ]))
    assert grid is not None
    assert [row[1:] for row in cells(grid)[1:]] == [["561 204", "1 478 310"],
                                                    ["5 600", "78 000"], ["900", "1200"]]


def test_a_lone_number_under_other_rows_labels_is_part_of_its_label() -> None:
    """'Næring > 100 000 kWh' over two lines, its value beside the second: OCR measured a
    wide space before '100', but the other rows' labels run over it, so it is no value."""
    grid = build_grid(words_at([
        [(50, "Kategori"), right(300, "Antall")],
        [(50, "Næring med forbruk under"), right(300, "1 200")],
        [(50, "Næring >"), (110, "100 000")],
        [(50, "kWh"), right(300, "3 400")],
        [(50, "Husholdning og fritidsbolig"), right(300, "56")],
    ]))
    assert grid is not None
    assert cells(grid)[1:] == [["Næring med forbruk under", "1 200"],
                               ["Næring > 100 000 kWh", "3 400"],
                               ["Husholdning og fritidsbolig", "56"]]


def test_a_unit_after_a_number_stays_in_its_cell() -> None:
    grid = build_grid(words_at([
        [(50, "Kategori"), right(250, "Andel"), right(330, "Antall")],
        [(50, "Husholdning"), right(250, "12 %"), right(330, "1 234")],
        [(50, "Næring"), right(250, "8 %"), right(330, "56")],
    ]))
    assert grid is not None
    assert cells(grid)[1:] == [["Husholdning", "12 %", "1 234"], ["Næring", "8 %", "56"]]


def test_words_without_a_row_of_values_are_no_table() -> None:
    assert build_grid(words_at([
        [(50, "Dette er en vanlig setning i rapporten,")],
        [(50, "og dette er den neste linjen av teksten.")],
    ])) is None


def test_a_number_in_a_ruled_label_cell_is_label() -> None:
    """'Næring > 100' | '302 878': the rule after '100' closes the label's cell, however
    wide OCR measured the space before '100'."""
    rows = [
        [(50, "Kategori"), right(250, "Antall")],
        [(50, "Husholdninger"), right(250, "2 284 127")],
        [(50, "Næring >"), (110, "100"), right(250, "302 878")],
        [(50, "Gate-/veilys"), right(250, "20 025")],
    ]
    rules = [Rule(160, 95, 160, 170), Rule(45, 95, 45, 170), Rule(260, 95, 260, 170)]
    grid = build_grid(words_at(rows), rules)
    assert grid is not None
    assert cells(grid)[2] == ["Næring > 100", "302 878"]


def test_a_value_a_space_after_its_label_under_other_rows_values_is_a_value() -> None:
    """'nettselskap 78': the typesetter's column gap no wider than a space."""
    grid = build_grid(words_at([
        [(50, "Kategori"), (200, "Antall"), (300, "Ca. antall")],
        [(50, "Ja, har inngått avtale"), (165, "78"), (300, "1,3 mill.")],
        [(50, "Nei, ingen avtale"), (165, "29"), (300, "1,7 mill.")],
    ]))
    assert grid is not None
    assert [row for row in cells(grid)[1:]] == [["Ja, har inngått avtale", "78", "1,3 mill."],
                                                ["Nei, ingen avtale", "29", "1,7 mill."]]


def test_a_wrapped_headers_lone_mark_is_no_column() -> None:
    """OCR's "1" of a period header's "1)" wrapped onto a line of its own, standing over
    no value: header text, not a row of values that makes a column (it took the 2016
    shares' key from the column under the header, 2016h1 seed 2, Writer, scanned)."""
    grid = build_grid(words_at([
        [(50, "Kategori"), (150, "Antall 2016-rapportering"), (300, "Antall 2015")],
        [right(262, "1")],
        [(50, "Egne"), (150, "16 (14%)"), (300, "7 (9%)")],
        [(50, "Eksterne"), (150, "43 (39%)"), (300, "33 (41%)")],
    ]))
    assert grid is not None and grid.n_cols == 3
    assert cells(grid)[-2:] == [["Egne", "16 (14%)", "7 (9%)"],
                                ["Eksterne", "43 (39%)", "33 (41%)"]]


def test_a_long_labels_last_word_in_the_gap_before_the_values_is_the_labels() -> None:
    """A wrapped row's label line reaching past the other labels into the gap before the
    first value column, nearer the values than the labels' column ("Både egne og
    eksterne montører" over its values, 2016h1 seed 2, Writer, scanned): its words stay
    the label's, not the first value's."""
    grid = build_grid(words_at([
        [(50, "Kategori"), right(240, "2016"), right(320, "2015")],
        [(50, "Egne"), right(240, "16"), right(320, "7")],
        [(50, "Eksterne"), right(240, "43"), right(320, "33")],
        [(50, "Både egne og eksterne montører")],
        [right(240, "52"), right(320, "41")],
    ], pitch=12))
    assert grid is not None
    assert cells(grid)[-1] == ["Både egne og eksterne montører", "52", "41"]


def test_stacked_quarter_headers_of_ordinals_and_years_are_header() -> None:
    """Writer's narrow quarter columns stack "1." / "kvartal" / "2017"; the last, wider
    one "4. kvartal" / "2018": a line of ordinals, and one of words ending in a year, are
    header lines, not rows (2016h1 seed 1057, Writer)."""
    grid = build_grid(words_at([
        [(150, "2016"), (200, "1."), (250, "2."), (300, "4. kvartal")],
        [(190, "kvartal"), (240, "kvartal"), (300, "2018")],
        [(195, "2017"), (245, "2017")],
        [(50, "Antall"), right(175, "527"), right(225, "315"), right(275, "412"),
         right(325, "33")],
        [(50, "Akkumulert"), right(175, "18"), right(225, "29"), right(275, "43"),
         right(325, "100")],
    ]))
    assert grid is not None and grid.header_rows >= 1
    assert cells(grid)[-2:] == [["Antall", "527", "315", "412", "33"],
                                ["Akkumulert", "18", "29", "43", "100"]]


def test_a_header_right_aligned_away_from_left_aligned_values_goes_to_its_own_column() -> None:
    """Writer sets headers right-aligned and values left-aligned in the same cells: the
    stub header "Kategori" ends past the labels and the first period's header ends in the
    gap before the next column's values. Each goes to the column no other header has
    (2017-12-mixed seed 1094 and 2018-h1-ocr seed 1040, Writer)."""
    grid = build_grid(words_at([
        [(255, "2017-")],
        [(115, "Kategori"), (300, "2016-rapportering"), (425, "2015-rapportering")],
        [(225, "rapportering")],
        [(62, "Egne"), (176, "14 (13%)"), (298, "16 (14%)"), (421, "7 (9%)")],
        [(62, "Eksterne"), (176, "46 (42%)"), (298, "43 (39%)"), (421, "33 (41%)")],
        [(62, "Både egne"), (176, "50 (45%)"), (298, "52 (47%)"), (421, "41 (51%)")],
    ]))
    assert grid is not None and grid.n_cols == 4
    header = [grid.cell(grid.header_rows - 1, c).text for c in range(4)]
    assert header == ["Kategori", "2017- rapportering", "2016-rapportering",
                      "2015-rapportering"]


def test_a_misread_year_above_the_quarters_years_is_header_not_a_row() -> None:
    """OCR read a Writer scan's "2016¹⁾" as "2161 )", a little above the quarters' "2017"
    line: a line of values above a line of periods is header too (the header is one band),
    or it made a row and the quarterly plan was lost (2017-06 seed 3, Writer, scanned)."""
    grid = build_grid(words_at([
        [(200, "1. kvartal"), (260, "2. kvartal"), (320, "3 kvartal")],
        [(150, "2161 )")],
        [(200, "2017"), (260, "2017"), (320, "2017")],
        [(50, "Antall"), right(175, "561"), right(230, "298"), right(290, "372"),
         right(350, "415")],
        [(50, "Akkumulert"), right(175, "19"), right(230, "29"), right(290, "42"),
         right(350, "56")],
    ], pitch=8.0))
    assert grid is not None and grid.header_rows >= 1
    assert cells(grid)[-2:] == [["Antall", "561", "298", "372", "415"],
                                ["Akkumulert", "19", "29", "42", "56"]]


def test_a_header_gap_over_one_value_word_is_no_column() -> None:
    """A quarter's header whose point OCR lost ("1 kv.2019" for "1. kv. 2019") stands as
    two cells over one column; the gap between them runs through a number below ("100"),
    and one word is never in two cells: one column (Writer 2018-h1 seed 1006, development
    scan: split in two, the plan's 2019 values went to the wrong quarters)."""
    grid = build_grid(words_at([
        [(155, "2018"), (246, "1"), (258, "kv.2019")],
        [(50, "Antall"), right(175, "371"), right(265, "12")],
        [(50, "Akkumulert"), right(175, "81"), right(265, "100")],
    ]))
    assert grid is not None
    assert cells(grid) == [["", "2018", "1 kv.2019"],
                           ["Antall", "371", "12"],
                           ["Akkumulert", "81", "100"]]
