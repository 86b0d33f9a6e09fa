"""Every table on a page without the spec (extractor.layout.find_tables, `ams-extract tables`).

The small cases are laid out by hand, each one habit of a typesetter that once made the
finder see a table where there was none, or miss one: double rules, groups of rows ruled as
one, justified prose, chart axes, white cell backgrounds. The command itself runs on the
committed text-layer sample and is checked as pdfplumber's tests check theirs: the column
sums to the report's own total.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import assert_one_line_error, run_cli

from extractor.document_reading import read_source
from extractor.layout.find_tables import page_tables, ruled_tables, text_tables
from extractor.model import Word
from extractor.model.grid import Grid, Rule
from extractor.readers.pdf import ReadOptions

ROOT = Path(__file__).resolve().parent.parent
TEXT_PDF = ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-text.pdf"
CHAR = 5.0


def line_words(top: float, items: Sequence[tuple[float, str]]) -> list[Word]:
    words = []
    for x0, text in items:
        x = x0
        for token in text.split():
            words.append(Word(token, x, x + CHAR * len(token), top=top, bottom=top + 10))
            x += CHAR * (len(token) + 1)
    return words


def box_rules(xs: Sequence[float], ys: Sequence[float]) -> list[Rule]:
    """A full grid: every x and y a rule across the table."""
    return ([Rule(xs[0], y, xs[-1], y) for y in ys]
            + [Rule(x, ys[0], x, ys[-1]) for x in xs])


def texts(grid: Grid) -> list[list[str]]:
    return [[(grid.cell(r, c).text if grid.cell(r, c) else "") for c in range(grid.n_cols)]
            for r in range(grid.n_rows)]


def test_a_full_grid_gives_its_cells() -> None:
    words = (line_words(102, [(52, "Leverandør"), (152, "Antall")])
             + line_words(122, [(52, "Kamstrup"), (152, "1 200")])
             + line_words(142, [(52, "Aidon"), (152, "800")]))
    grids = ruled_tables(words, box_rules([50, 150, 220], [100, 118, 138, 158]), 1)
    assert len(grids) == 1
    assert texts(grids[0]) == [["Leverandør", "Antall"], ["Kamstrup", "1 200"],
                               ["Aidon", "800"]]


def test_the_sliver_between_a_double_rule_is_no_column() -> None:
    words = (line_words(102, [(52, "Leverandør"), (152, "Antall")])
             + line_words(122, [(52, "Kamstrup"), (152, "1 200")])
             + line_words(142, [(52, "Aidon"), (152, "800")]))
    rules = box_rules([50, 148, 150, 220], [100, 118, 138, 158])  # double rule at 148/150
    grids = ruled_tables(words, rules, 1)
    assert len(grids) == 1 and grids[0].n_cols == 2
    assert texts(grids[0])[1] == ["Kamstrup", "1 200"]


def test_a_ruled_group_of_rows_is_split_into_its_rows() -> None:
    """Rules only around the header and around the body: the body's one ruled 'row' holds
    three data rows, one line each in every cell."""
    words = (line_words(102, [(52, "Leverandør"), (152, "Antall")])
             + line_words(122, [(52, "Kamstrup"), (152, "1 200")])
             + line_words(136, [(52, "Aidon"), (152, "800")])
             + line_words(150, [(52, "Echelon"), (152, "75")]))
    grids = ruled_tables(words, box_rules([50, 150, 220], [100, 118, 164]), 1)
    assert len(grids) == 1
    assert texts(grids[0]) == [["Leverandør", "Antall"], ["Kamstrup", "1 200"],
                               ["Aidon", "800"], ["Echelon", "75"]]


def test_a_wrapped_label_in_a_ruled_row_is_no_row_cut() -> None:
    words = (line_words(102, [(52, "Kategori"), (152, "Antall")])
             + line_words(122, [(52, "Næring over"), (152, "1 200")])
             + line_words(134, [(52, "100 000 kWh")]))
    grids = ruled_tables(words, box_rules([50, 150, 220], [100, 118, 148]), 1)
    assert texts(grids[0]) == [["Kategori", "Antall"], ["Næring over 100 000 kWh", "1 200"]]


def test_justified_prose_is_no_text_table() -> None:
    """Justified lines stretch their spaces alike; they fall apart into phrases, but their
    'columns' do not repeat from line to line as a table's do."""
    prose = ["Installasjonen av nye målere går som planlagt hos de fleste selskapene",
             "og vi forventer at alle kunder har fått ny måler innen fristen satt av",
             "myndighetene i forskriften om måling og avregning av kraft i nettet",
             "selv om noen av de minste selskapene melder om forsinkelser i arbeidet"]
    words = []
    for index, text in enumerate(prose):
        tokens = text.split()
        letters = sum(len(t) for t in tokens) * CHAR
        gap = (400 - letters) / (len(tokens) - 1)  # stretched to 400 pt
        x = 50.0
        for token in tokens:
            words.append(Word(token, x, x + CHAR * len(token), top=100 + 14 * index,
                              bottom=110 + 14 * index))
            x += CHAR * len(token) + gap
    assert text_tables(words, 1) == []


def test_a_chart_axis_is_no_text_table() -> None:
    """A bar chart's tick labels line up in a column and its category labels in a row,
    but the plot area between them is empty."""
    words = []
    for index, tick in enumerate(["100", "80", "60", "40", "20"]):
        words += line_words(100 + 20 * index, [(50, tick)])
    words += line_words(200, [(80, "2016"), (160, "2017"), (240, "2018"), (320, "2019")])
    assert text_tables(words, 1) == []


def test_an_aligned_table_without_rules_is_found_beside_prose() -> None:
    words = line_words(60, [(50, "Tabellen under viser antall målere per leverandør.")])
    for index, (name, count) in enumerate([("Leverandør", "Antall"), ("Kamstrup", "1 200"),
                                           ("Aidon", "800"), ("Echelon", "75")]):
        words += line_words(100 + 14 * index, [(50, name), (200, count)])
    grids = page_tables(words, [], 1)
    assert len(grids) == 1
    assert texts(grids[0]) == [["Leverandør", "Antall"], ["Kamstrup", "1 200"],
                               ["Aidon", "800"], ["Echelon", "75"]]


def test_white_cell_backgrounds_are_no_rules(tmp_path: Path) -> None:
    """Word processors fill each cell with white; only the black lines are rules."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(255, 255, 255)
    for x in (100, 250):
        for y in (100, 120, 140):
            pdf.rect(x, y, 150, 20, style="FD")  # white cells, white borders
    pdf.set_draw_color(0, 0, 0)
    pdf.line(100, 120, 400, 120)  # one black rule under the header
    for row, (name, count) in enumerate([("Leverandor", "Antall"), ("Kamstrup", "1200"),
                                         ("Aidon", "800")]):
        pdf.text(104, 114 + 20 * row, name)
        pdf.text(254, 114 + 20 * row, count)
    path = tmp_path / "white.pdf"
    pdf.output(str(path))
    document = read_source(path, ReadOptions(use_cache=False, ocr="never"))
    rules = [r for g in document.graphics for r in g.rules]
    assert [(round(r.top), round(r.x0), round(r.x1)) for r in rules] == [(120, 100, 400)]


def test_tables_command_writes_every_table_and_the_column_sums_to_its_total(
        tmp_path: Path) -> None:
    out = tmp_path / "tables"
    # A real process, as users run it (the command changes the process's Ctrl-C handling).
    result = run_cli("tables", str(TEXT_PDF), "-o", str(out))
    assert result.returncode == 0, result.stderr
    found = json.loads((out / "tables.json").read_text(encoding="utf-8"))
    assert len(found) >= 9
    for table in found:
        assert set(table) == {"page", "bbox", "source", "structure", "cells"}
        assert table["source"] in {"ruled", "aligned", "model"} and len(table["bbox"]) == 4
        assert table["structure"]["chosen"] in {"geometry", "model"}
        for cell in table["cells"]:
            assert set(cell) == {"row", "col", "rowspan", "colspan", "text", "header"}
    with open(out / "tables" / "page-3-table-1.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Kategori", "Antall målepunkt"]
    counts = {label: int(value.replace(" ", "")) for label, value in rows[1:]}
    assert counts["Totalt"] == 2_948_394
    assert sum(v for k, v in counts.items() if k != "Totalt") == counts["Totalt"]
    assert json.loads((out / "report.json").read_text())["tables"] == len(found)


def test_tables_command_keeps_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("tables", str(TEXT_PDF), "-o", str(out), "--force")
    assert_one_line_error(result, 2)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_table_set_out_in_groups_is_one_table() -> None:
    """As a fund's key figures print (Camelot's edge_tol.pdf): groups of rows, each under a
    label alone ("Class A"), with a blank line before the label; the same columns all the
    way. Each group was a table of its own."""
    words: list[Word] = []
    top = 100.0
    for group in ("Class A", "Class B", "Class C"):
        words += line_words(top, [(50, group)])
        top += 14
        for label, value in [("Net asset value", "5 111 372"), ("Units outstanding", "49 136"),
                             ("Value per unit", "104")]:
            words += line_words(top, [(50, label), (250, value)])
            top += 14
        top += 24  # a blank line before the next group's label
    [grid] = page_tables(words, [], 1)
    # The first group's label stands above the table's first row: a title, as before.
    assert grid.n_rows == 11
    assert texts(grid)[3] == ["Class B", ""] and texts(grid)[7] == ["Class C", ""]
    assert texts(grid)[-1] == ["Value per unit", "104"]


def test_tables_apart_with_nothing_but_space_between_stay_apart() -> None:
    words: list[Word] = []
    for start in (100.0, 200.0):
        for index, (label, value) in enumerate([("Kamstrup", "1 200"), ("Aidon", "800"),
                                                ("Echelon", "75")]):
            words += line_words(start + 14 * index, [(50, label), (250, value)])
    assert len(page_tables(words, [], 1)) == 2
