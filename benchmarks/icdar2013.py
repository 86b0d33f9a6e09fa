"""Table readers on the EU half of the ICDAR 2013 Table Competition, by the competition's measure.

An opt-in benchmark, not a test: nothing here asserts, and the timings depend on the machine.
It scores general PDF table readers on real government PDFs nobody on this team made, with
the measure of the competition itself: cell adjacency relations, precision, recall and F1, on
the *complete process* (each reader finds the tables on the page by itself, then their
structure; no table region is given to it).

    python benchmarks/icdar2013.py DATA_DIR                   # every reader, Markdown on stdout
    python benchmarks/icdar2013.py DATA_DIR --readers camelot-network ours
    python benchmarks/icdar2013.py DATA_DIR --write           # ... and its block of BENCHMARKS.md
    python benchmarks/icdar2013.py DATA_DIR --self-check      # the scorer's sanity checks only
    python benchmarks/icdar2013.py DATA_DIR --keep /tmp/forms # also keep every reader's JSON
    python benchmarks/icdar2013.py --list-readers

Progress goes to stderr. A full run of all readers takes a few minutes.

The data
--------
DATA_DIR is a folder with the competition's EU documents side by side: `eu-001.pdf`,
`eu-001-str.xml` (cell structure), `eu-001-reg.xml` (regions, not needed here), and so on;
every PDF with a `-str.xml` beside it is a document. The competition data is public; one
copy is in Camelot's repository:

    git clone --depth 1 https://github.com/camelot-dev/camelot /tmp/camelot
    python benchmarks/icdar2013.py \\
        /tmp/camelot/tests/files/tabula/icdar2013-dataset/competition-dataset-eu

(DATA_DIR may also be the root of such a clone.) Any other copy of the competition dataset
("competition-dataset-eu") works the same. The 27 EU PDFs hold 76 ground-truth tables.

What is measured, and how
-------------------------
The reference is the competition's own comparison tool, Tamir Hassan's `dataset-tools`
(Apache-2.0; `MeasureRecognitionPerformance.java`, `Table.java`, `AdjacencyRelation.java`
in github.com/tamirhassan/dataset-tools), re-implemented here in Python, and the paper
M. Göbel, T. Hassan, E. Oro, G. Orsi, "ICDAR 2013 Table Competition", ICDAR 2013, 1449-1453.

1. Every reader writes, per PDF, one intermediate form: a JSON list of tables
   `{"page": 1-based, "bbox": [x0, top, x1, bottom] (points from the page's top-left),
   "cells": [{"row", "col", "rowspan", "colspan", "text", "header"}]}`, rows and columns
   from 0. The scorer reads that JSON only (it is serialised and parsed back even for the
   in-process readers), so it never depends on a reader. `bbox` and `header` are not scored.
2. Ground truth: each `<table>` of the `-str.xml`; its cells are those of all its
   `<region>`s, placed at start-row..end-row x start-col..end-col (end = start when absent),
   shifted by the region's row-increment / col-increment. A cell's text is all the text
   inside its element.
3. Text is normalised before anything else (see choice A). A cell whose normalised text is
   empty is a blank cell: it is not placed in the grid at all.
4. Adjacency relations of one table: every non-blank cell with its nearest non-blank
   neighbour to the right in the same row (direction "horizontal") and below in the same
   column ("vertical"). A cell spanning several rows/columns takes part once for each row /
   column it spans; the relations between one pair of cells in one direction are kept once.
   A relation is (direction, normalised text of the first cell, normalised text of the
   second, number of blank grid positions between them). The last element is the tool's
   `noBlanks`: it is part of the comparison there, so it is here.
5. Two tables are compared by the number of relations they have in common, counted as
   multisets (each relation of one side is used at most once).
6. Complete process, per document: the ground-truth tables are taken in order; each one is
   matched to the not yet matched predicted table on its page that has the most relations
   in common with it (the first such table on ties; a table with none in common is still
   matched when it is the only one left on the page). Then, per document,
   correct = relations in common over the matched pairs,
   expected = relations of all ground-truth tables (an unmatched one counts as all missed),
   detected = relations of all predicted tables (an unmatched one is a false-positive table,
   and all its relations count as wrong),
   precision = correct / detected, recall = correct / expected.
7. Totals: the mean of the per-document precisions and the mean of the per-document
   recalls, F1 = their harmonic mean (macro average, by document). The tool scores one
   document at a time and leaves the totals to its user; the per-document average is the
   one reported for ICDAR 2013 results (the evaluation script of Namysl et al.,
   github.com/mnamysl/tabrec-sncs, which drives the competition's tool, reports it first,
   computed exactly so), and it keeps one long document from outweighing twenty short ones.
   The micro average (sums of correct, detected and expected relations over all documents
   first) is shown as well; it weighs every relation alike, so large tables dominate it.

Sanity checks (run before every benchmark, and alone with --self-check)
---------------------------------------------------------------------
The ground truth, written in the intermediate form and read back, scored against itself
must give precision = recall = F1 = 1; an empty prediction must give recall 0 (and
precision 0); in every ground-truth table whose last two columns no cell spans into,
swapping those two columns must keep every vertical relation and every horizontal one not
touching them, and lose at most the horizontal relations touching them (exactly those,
unless a row repeats a text); in a synthetic 3 x 3 table, swapping columns 0 and 1 must
lose exactly its 6 horizontal relations and keep its 6 vertical ones.

Choices (every place where the sources left a decision open, or where this script differs)
----------------------------------------------------------------------------------------
A. Normalisation. The tool has three rules: 0 removes whitespace (Java `\\s`, ASCII only)
   and upper-cases; 1 also replaces every character that is not an ASCII letter, digit or
   underscore by "_"; 2 removes those characters instead. The tool does not record which
   one the published results used. The default here is rule 1 (the tool's `-strignore`,
   "structure, ignoring special characters"): how a reader spells a ligature, a dash or an
   accented letter is a matter of text extraction, not of structure, and rule 1 neutralises
   it without letting "12.5" equal "125" as rule 2 would. `--norm 0|2` selects the others.
B. A relation includes the number of blank positions it jumps over (4.), as in the tool;
   the paper only speaks of the nearest neighbour.
C. The page of a ground-truth table is the page of its last region, as in the tool (it
   matters only for tables spanning pages; there are none in the EU half).
D. The tool prints "no matching result found" for an unmatched ground-truth table and
   leaves the arithmetic to the organisers; here its relations count as missed (recall),
   and the relations of unmatched predicted tables count as detected (precision), as the
   complete-process task requires.
E. A document where a reader detects no relation at all has precision 0 (not "undefined"
   and left out of the mean), so finding nothing is never rewarded.
F. eu-009a has two alternative ground truths, `eu-009a-str.xml` and `eu-009b-str.xml` (two
   readings of the same table). Both are scored and the better F1 is kept (a on ties), as
   the tabrec-sncs script above does for the competition's a/b documents.
G. Overlapping ground-truth cells: a later cell overwrites an earlier one, as in the tool.
H. Readers' output to the intermediate form:
   - Camelot: `camelot.read_pdf(pdf, pages="all", flavor=...)`, all other options at their
     defaults (lattice: the pdfium backend, `engine="combined"`). Camelot gives a grid; two
     neighbouring grid cells form one spanning cell when no ruling separates them (lattice
     records the rulings; stream and network mark every edge, so they never span). A merged
     region that is not a rectangle is left as separate cells. The text of a spanning cell
     is the text of its grid cells, joined by newlines. Page height from pdfplumber turns
     Camelot's bottom-left bbox into a top-left one.
   - pdfplumber: `page.find_tables()` with default settings ("lines") and with
     `vertical_strategy` and `horizontal_strategy` both "text". A cell's row/column is the
     index of its top / left among the table's distinct tops / lefts, its span the number of
     those it covers; its text is `table.extract()` at that position.
   - ours: `ams-extract tables PDF -o DIR` in a subprocess, with a temporary DIR and a
     timeout (`--timeout`, default 600 s); DIR/tables.json is read as it is. It runs when
     `ams-extract tables --help` exits 0; otherwise it is reported as not available.
I. A reader that raises (or times out, or writes an invalid form) on a document has an
   empty prediction for that document, and the error is counted in the report.
J. Time: wall-clock seconds of each reader's call plus the conversion to the intermediate
   form, summed over the documents, one run, in this process (for ours: the whole
   subprocess, interpreter start-up included). Readers run one after another.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from report_file import replace_block  # noqa: E402

CAMELOT_SUBDIR = Path("tests/files/tabula/icdar2013-dataset/competition-dataset-eu")
HORIZONTAL, VERTICAL = 1, 2
DEFAULT_NORM = 1
DEFAULT_TIMEOUT = 600.0
WORST_SHOWN = 8

Form = list[dict[str, Any]]


def log(message: str) -> None:
    print(f"[icdar2013 {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------- the model

@dataclass(frozen=True)
class Cell:
    """One cell: rows row..end_row and columns col..end_col (inclusive, from 0), raw text."""

    row: int
    col: int
    end_row: int
    end_col: int
    text: str


@dataclass(frozen=True)
class Table:
    """A table of the ground truth or of a reader: the page it is matched on, and its cells."""

    page: int
    cells: tuple[Cell, ...]


Relation = tuple[int, str, str, int]  # direction, from text, to text, blank positions between


# ---------------------------------------------------------------- normalisation

_WHITESPACE = re.compile(r"[ \t\n\x0b\f\r]")  # Java's \s without UNICODE_CHARACTER_CLASS
_NON_WORD = re.compile(r"[^A-Za-z0-9_]")  # Java's \W likewise


def normalise(text: str, rule: int = DEFAULT_NORM) -> str:
    """The competition tool's text normalisation (`AdjacencyRelation.normalize`), rule 0, 1 or 2.

    0: whitespace removed, upper-cased; 1: also every character other than an ASCII letter,
    digit or underscore replaced by "_"; 2: those characters removed instead.
    """
    text = _WHITESPACE.sub("", text)
    if rule == 1:
        text = _NON_WORD.sub("_", text)
    elif rule == 2:
        text = _NON_WORD.sub("", text)
    return text.upper()


# ----------------------------------------------------------------- ground truth

def _int_attribute(element: ET.Element, name: str, default: int) -> int:
    value = element.get(name)
    return default if value is None or value.strip() == "" else int(value)


def parse_ground_truth(path: Path) -> list[Table]:
    """The tables of one competition `-str.xml` file, in document order."""
    tables = []
    for table in ET.parse(path).getroot().iter("table"):
        cells, page = [], 0
        for region in table.iter("region"):
            page = _int_attribute(region, "page", 1)  # the last region's page, as the tool
            row_shift = _int_attribute(region, "row-increment", 0)
            col_shift = _int_attribute(region, "col-increment", 0)
            for cell in region.iter("cell"):
                row = _int_attribute(cell, "start-row", 0) + row_shift
                col = _int_attribute(cell, "start-col", 0) + col_shift
                end_row = _int_attribute(cell, "end-row", row - row_shift) + row_shift
                end_col = _int_attribute(cell, "end-col", col - col_shift) + col_shift
                cells.append(Cell(row, col, end_row, end_col, "".join(cell.itertext())))
        tables.append(Table(page, tuple(cells)))
    return tables


def ground_truth_as_form(tables: Sequence[Table]) -> Form:
    """Ground truth written in the readers' intermediate form (for the self-check)."""
    return [{"page": table.page, "bbox": [0, 0, 0, 0], "cells": [
        {"row": c.row, "col": c.col, "rowspan": c.end_row - c.row + 1,
         "colspan": c.end_col - c.col + 1, "text": c.text, "header": False}
        for c in table.cells]} for table in tables]


# ------------------------------------------------------------ intermediate form

def _non_negative_int(value: object, what: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{what} must be an integer >= {minimum}, not {value!r}")
    return value


def parse_form(data: object) -> list[Table]:
    """The tables of one reader's intermediate form (already parsed from JSON), checked."""
    if isinstance(data, dict) and "tables" in data:
        data = data["tables"]
    if not isinstance(data, list):
        raise ValueError("the form must be a JSON list of tables")
    tables = []
    for number, table in enumerate(data, 1):
        if not isinstance(table, dict) or not isinstance(table.get("cells"), list):
            raise ValueError(f"table {number} must be an object with a list of cells")
        page = _non_negative_int(table.get("page"), f"table {number}: page", 1)
        cells = []
        for item in table["cells"]:
            if not isinstance(item, dict) or not isinstance(item.get("text", ""), str):
                raise ValueError(f"table {number}: a cell must be an object with a text")
            row = _non_negative_int(item.get("row"), f"table {number}: row")
            col = _non_negative_int(item.get("col"), f"table {number}: col")
            rowspan = _non_negative_int(item.get("rowspan", 1), f"table {number}: rowspan", 1)
            colspan = _non_negative_int(item.get("colspan", 1), f"table {number}: colspan", 1)
            cells.append(Cell(row, col, row + rowspan - 1, col + colspan - 1,
                              item.get("text", "")))
        tables.append(Table(page, tuple(cells)))
    return tables


# ------------------------------------------------------------------- relations

def cell_grid(cells: Sequence[Cell], rule: int = DEFAULT_NORM) -> list[list[int | None]]:
    """Grid of cell indexes (None for blank), as the tool's `Table`: blank cells are left out,
    spanning cells fill every position they span, a later cell overwrites an earlier one."""
    placed = [(i, c) for i, c in enumerate(cells) if normalise(c.text, rule)]
    rows = max((c.end_row for _, c in placed), default=-1) + 1
    cols = max((c.end_col for _, c in placed), default=-1) + 1
    grid: list[list[int | None]] = [[None] * cols for _ in range(rows)]
    for index, cell in placed:
        for r in range(cell.row, cell.end_row + 1):
            for c in range(cell.col, cell.end_col + 1):
                grid[r][c] = index
    return grid


def line_links(line: Sequence[int | None]) -> list[tuple[int, int, int]]:
    """(from, to, blanks between) for one row or column, the tool's loop step by step: from
    each cell to the next different non-blank cell, counting blanks after a span's end."""
    links = []
    start = 0
    while start < len(line) - 1:
        end = start + 1
        while end < len(line):
            a, b = line[start], line[end]
            if a is not None and b is not None:
                if a != b:
                    links.append((a, b, end - start - 1))
                    break
                start = end  # still inside a spanning cell
            end += 1
        start += 1
    return links


def adjacency_relations(cells: Sequence[Cell], rule: int = DEFAULT_NORM) -> list[Relation]:
    """The adjacency relations of one table (horizontal first, then vertical), one per pair
    of cells and direction."""
    grid = cell_grid(cells, rule)
    lines = [(HORIZONTAL, row) for row in grid]
    lines += [(VERTICAL, [row[c] for row in grid]) for c in range(len(grid[0]) if grid else 0)]
    seen: set[tuple[int, int, int]] = set()
    relations = []
    for direction, line in lines:
        for a, b, blanks in line_links(line):
            if (direction, a, b) not in seen:
                seen.add((direction, a, b))
                relations.append((direction, normalise(cells[a].text, rule),
                                  normalise(cells[b].text, rule), blanks))
    return relations


def common_relations(truth: Sequence[Relation], found: Sequence[Relation]) -> int:
    """How many relations two tables share, each relation of either side used once."""
    return sum((Counter(truth) & Counter(found)).values())


# -------------------------------------------------------------------- matching

@dataclass
class DocumentScore:
    """Relation counts of one document (complete process)."""

    correct: int = 0
    detected: int = 0
    expected: int = 0
    tables_truth: int = 0
    tables_found: int = 0
    tables_matched: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.detected if self.detected else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_document(truth: Sequence[Table], found: Sequence[Table],
                   rule: int = DEFAULT_NORM, unmatched_count: bool = True) -> DocumentScore:
    """The tool's greedy matching: each ground-truth table in order takes the unmatched
    predicted table on its page with the most relations in common (first on ties).
    `unmatched_count`: whether the relations of predicted tables matched to none count as
    detected (the competition's rule; real_tables.py leaves them out where a test checks
    only some of a page's tables)."""
    found_relations = [adjacency_relations(t.cells, rule) for t in found]
    matched_detected = 0
    unmatched = list(range(len(found)))
    score = DocumentScore(tables_truth=len(truth), tables_found=len(found))
    for table in truth:
        relations = adjacency_relations(table.cells, rule)
        score.expected += len(relations)
        best, best_common = None, -1
        for index in unmatched:
            if found[index].page == table.page:
                common = common_relations(relations, found_relations[index])
                if common > best_common:
                    best, best_common = index, common
        if best is not None:
            unmatched.remove(best)
            score.correct += best_common
            matched_detected += len(found_relations[best])
            score.tables_matched += 1
    score.detected = (sum(len(r) for r in found_relations) if unmatched_count
                      else matched_detected)
    return score


def best_variant(truths: Sequence[Sequence[Table]], found: Sequence[Table],
                 rule: int = DEFAULT_NORM) -> DocumentScore:
    """Score against each alternative ground truth and keep the best F1 (the first on ties)."""
    scores = [score_document(truth, found, rule) for truth in truths]
    return max(scores, key=lambda s: s.f1)  # max keeps the first of equal ones


@dataclass
class Totals:
    """Per-document (macro) and pooled (micro) averages over a set of documents."""

    precision: float
    recall: float
    f1: float
    micro_precision: float
    micro_recall: float
    micro_f1: float


def aggregate(scores: Iterable[DocumentScore]) -> Totals:
    scores = list(scores)
    n = len(scores) or 1
    precision = sum(s.precision for s in scores) / n
    recall = sum(s.recall for s in scores) / n
    pooled = DocumentScore(correct=sum(s.correct for s in scores),
                           detected=sum(s.detected for s in scores),
                           expected=sum(s.expected for s in scores))
    return Totals(precision, recall, f1(precision, recall),
                  pooled.precision, pooled.recall, pooled.f1)


# ------------------------------------------------------------------- documents

@dataclass(frozen=True)
class Document:
    name: str
    pdf: Path
    truths: tuple[list[Table], ...]  # alternative ground truths, the document's own first


def resolve_data_dir(path: Path) -> Path:
    """DATA_DIR itself, or the EU folder inside it when it is the root of a Camelot clone."""
    if not any(path.glob("*-str.xml")) and (path / CAMELOT_SUBDIR).is_dir():
        return path / CAMELOT_SUBDIR
    return path


def load_documents(data_dir: Path) -> list[Document]:
    """Every PDF with a `-str.xml` beside it; `Xa.pdf` also takes `Xb-str.xml` as an
    alternative ground truth (choice F)."""
    documents = []
    for pdf in sorted(data_dir.glob("*.pdf")):
        own = pdf.with_name(f"{pdf.stem}-str.xml")
        if not own.is_file():
            continue
        paths = [own]
        if pdf.stem.endswith("a"):
            alternative = pdf.with_name(f"{pdf.stem[:-1]}b-str.xml")
            if alternative.is_file():
                paths.append(alternative)
        documents.append(Document(pdf.stem, pdf, tuple(parse_ground_truth(p) for p in paths)))
    return documents


# ---------------------------------------------------------------------- readers

def page_heights(pdf: Path) -> list[float]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [float(page.height) for page in document.pages]


def _merge_groups(cells: Sequence[Sequence[Any]]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Camelot grid cells joined where no ruling separates them (union-find)."""
    rows, cols = len(cells), len(cells[0]) if cells else 0
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def root(key: tuple[int, int]) -> tuple[int, int]:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not (cells[r][c].right or cells[r][c + 1].left):
                parent[root((r, c + 1))] = root((r, c))
            if r + 1 < rows and not (cells[r][c].bottom or cells[r + 1][c].top):
                parent[root((r + 1, c))] = root((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        groups.setdefault(root(key), []).append(key)
    return groups


def camelot_cells(cells: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """Camelot's grid as form cells, with spans where lattice found no ruling (choice H)."""
    out = []
    for members in _merge_groups(cells).values():
        members.sort()
        r0, c0 = members[0]
        r1, c1 = max(r for r, _ in members), max(c for _, c in members)
        if len(members) != (r1 - r0 + 1) * (c1 - c0 + 1):  # not a rectangle: keep them apart
            spans = [(r, c, 1, 1, [(r, c)]) for r, c in members]
        else:
            spans = [(r0, c0, r1 - r0 + 1, c1 - c0 + 1, members)]
        for row, col, rowspan, colspan, parts in spans:
            text = "\n".join(t for r, c in parts if (t := (cells[r][c].text or "").strip()))
            out.append({"row": row, "col": col, "rowspan": rowspan, "colspan": colspan,
                        "text": text, "header": False})
    return sorted(out, key=lambda cell: (cell["row"], cell["col"]))


def read_camelot(pdf: Path, flavor: str) -> Form:
    import camelot

    heights = page_heights(pdf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(pdf), pages="all", flavor=flavor, suppress_stdout=True)
    form = []
    for table in tables:
        page = int(table.page)
        x1, y1, x2, y2 = (float(v) for v in table._bbox)
        height = heights[page - 1]
        form.append({"page": page, "bbox": [x1, height - y2, x2, height - y1],
                     "cells": camelot_cells(table.cells)})
    return form


def _index_within(edges: Sequence[float], low: float, high: float) -> list[int]:
    return [i for i, edge in enumerate(edges) if low - 0.01 <= edge < high - 0.01]


def pdfplumber_cells(table: Any) -> list[dict[str, Any]]:
    """One pdfplumber table as form cells: positions and spans from the cells' boxes."""
    lefts = sorted({cell[0] for cell in table.cells})
    tops = sorted({cell[1] for cell in table.cells})
    texts = table.extract()
    out = []
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            columns = _index_within(lefts, box[0], box[2]) or [lefts.index(box[0])]
            rows = _index_within(tops, box[1], box[3]) or [tops.index(box[1])]
            out.append({"row": r, "col": c, "rowspan": len(rows), "colspan": len(columns),
                        "text": texts[r][c] or "", "header": False})
    return out


PLUMBER_TEXT = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def read_pdfplumber(pdf: Path, settings: dict[str, str] | None) -> Form:
    import pdfplumber

    form = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for table in page.find_tables(table_settings=settings or {}):
                form.append({"page": number, "bbox": [float(v) for v in table.bbox],
                             "cells": pdfplumber_cells(table)})
    return form


def ams_extract() -> Path | None:
    local = ROOT / ".venv" / "bin" / "ams-extract"
    if local.is_file():
        return local
    found = shutil.which("ams-extract")
    return Path(found) if found else None


def ours_available() -> str | None:
    """None when `ams-extract tables` can run, else why not."""
    program = ams_extract()
    if program is None:
        return "no ams-extract executable"
    try:
        done = subprocess.run([str(program), "tables", "--help"], capture_output=True,
                              text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`ams-extract tables --help` failed: {error}"
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        return f"`ams-extract tables --help` exits {done.returncode}: {last[0]}"
    return None


def read_ours(pdf: Path, timeout: float, structure: str = "auto") -> Form:
    """`ams-extract tables` with `--structure` (auto: geometry, and the learned model
    where our grid is sparse; geometry: our geometry alone)."""
    program = ams_extract()
    if program is None:
        raise RuntimeError("no ams-extract executable")
    with tempfile.TemporaryDirectory(prefix="icdar2013-ours-") as folder:
        # its own process group, so that a timeout also ends any worker it started
        process = subprocess.Popen([str(program), "tables", str(pdf), "-o", folder,
                                    "--structure", structure],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"timed out after {timeout:.0f} s") from error
        if process.returncode != 0:
            tail = (stderr or stdout).strip().splitlines()[-1:] or [""]
            raise RuntimeError(f"exit {process.returncode}: {tail[0]}")
        return json.loads((Path(folder) / "tables.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Reader:
    name: str
    read: Callable[[Path, float], Form]
    description: str
    available: Callable[[], str | None] = lambda: None


def _camelot(flavor: str) -> Reader:
    return Reader(f"camelot-{flavor}", lambda pdf, _: read_camelot(pdf, flavor),
                  f'camelot.read_pdf(pages="all", flavor="{flavor}")',
                  lambda: _module_missing("camelot"))


def _module_missing(module: str) -> str | None:
    return None if importlib.util.find_spec(module) else f"{module} is not installed"


READERS: dict[str, Reader] = {r.name: r for r in [
    *(_camelot(flavor) for flavor in ("lattice", "stream", "network", "hybrid")),
    Reader("pdfplumber-lines", lambda pdf, _: read_pdfplumber(pdf, None),
           "page.find_tables() (lines strategy, the default)",
           lambda: _module_missing("pdfplumber")),
    Reader("pdfplumber-text", lambda pdf, _: read_pdfplumber(pdf, PLUMBER_TEXT),
           "page.find_tables() with the text strategy both ways",
           lambda: _module_missing("pdfplumber")),
    Reader("ours", read_ours, "ams-extract tables PDF -o DIR (--structure auto)",
           ours_available),
    Reader("ours-geometry", lambda pdf, timeout: read_ours(pdf, timeout, "geometry"),
           "ams-extract tables PDF -o DIR --structure geometry", ours_available),
]}


# ------------------------------------------------------------------------ a run

@dataclass
class ReaderRun:
    reader: str
    seconds: float = 0.0
    scores: dict[str, DocumentScore] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    unavailable: str | None = None

    @property
    def tables_found(self) -> int:
        return sum(s.tables_found for s in self.scores.values())


def run_reader(reader: Reader, documents: Sequence[Document], rule: int, timeout: float,
               keep: Path | None = None) -> ReaderRun:
    """Run one reader over every document: timed, converted, serialised, parsed, scored."""
    result = ReaderRun(reader.name, unavailable=reader.available())
    if result.unavailable:
        log(f"{reader.name}: not available ({result.unavailable})")
        return result
    for document in documents:
        started = time.perf_counter()
        try:
            text = json.dumps(reader.read(document.pdf, timeout), ensure_ascii=False)
        except Exception as error:  # a benchmark records a reader's failure and goes on
            text = "[]"
            result.errors[document.name] = f"{type(error).__name__}: {error}"
        result.seconds += time.perf_counter() - started
        if keep is not None:
            target = keep / reader.name / f"{document.name}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            found = parse_form(json.loads(text))
        except ValueError as error:
            found = []
            result.errors[document.name] = f"invalid form: {error}"
        result.scores[document.name] = best_variant(document.truths, found, rule)
    log(f"{reader.name}: {result.seconds:.1f} s, {len(result.errors)} error(s)")
    return result


# ---------------------------------------------------------------------- report

def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def render_markdown(runs: Sequence[ReaderRun], documents: Sequence[Document], data_dir: Path,
                    rule: int) -> str:
    truth_tables = sum(len(d.truths[0]) for d in documents)
    lines = [
        f"## ICDAR 2013 Table Competition ({data_dir.name}): complete process",
        "",
        f"{len(documents)} PDFs, {truth_tables} ground-truth tables, from `{data_dir}`. "
        "Each reader finds the tables itself; scored by the competition's cell adjacency "
        f"relations (text normalisation rule {rule} of the competition's tool), "
        "precision and recall per document, then averaged over the documents (macro); "
        "micro = pooled over all relations. A document where a reader detects nothing counts "
        "precision 0. Method and every choice: the docstring of `benchmarks/icdar2013.py`.",
        "",
        "| reader | tables found | precision | recall | F1 | micro P | micro R | micro F1 "
        "| errors | seconds |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    notes = []
    for run in runs:
        if run.unavailable:
            lines.append(f"| {run.reader} | not available | | | | | | | | |")
            notes.append(f"- {run.reader}: not available ({run.unavailable}).")
            continue
        t = aggregate(run.scores.values())
        lines.append(
            f"| {run.reader} | {run.tables_found} | {t.precision:.3f} | {t.recall:.3f} "
            f"| **{t.f1:.3f}** | {t.micro_precision:.3f} | {t.micro_recall:.3f} "
            f"| {t.micro_f1:.3f} | {len(run.errors)} | {run.seconds:.1f} |")
        notes += [f"- {run.reader}, {name}: {error}" for name, error in run.errors.items()]
    lines.append("")
    if notes:
        lines += ["Notes:", "", *notes, ""]
    ran = [r for r in runs if not r.unavailable]
    if ran:
        best = max(ran, key=lambda r: aggregate(r.scores.values()).f1)
        lines += _worst_documents(best)
    lines += [
        f"Run {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; camelot-py "
        f"{_version('camelot-py')}, pdfplumber {_version('pdfplumber')}, pypdfium2 "
        f"{_version('pypdfium2')}.",
        "",
    ]
    return "\n".join(lines)


def _worst_documents(run: ReaderRun) -> list[str]:
    worst = sorted(run.scores.items(), key=lambda item: (item[1].f1, item[0]))[:WORST_SHOWN]
    lines = [f"Worst documents for the best reader ({run.reader}), by F1:", "",
             "| document | tables (truth / found / matched) | precision | recall | F1 |",
             "|---|--:|--:|--:|--:|"]
    for name, s in worst:
        lines.append(f"| {name} | {s.tables_truth} / {s.tables_found} / {s.tables_matched} "
                     f"| {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return [*lines, ""]


# ------------------------------------------------------------------ self-check

def swap_columns(table: Table, a: int, b: int) -> Table:
    """The table with columns a and b exchanged (cells spanning either one stay put)."""
    def moved(cell: Cell) -> Cell:
        if cell.col != cell.end_col or cell.col not in (a, b):
            return cell
        col = b if cell.col == a else a
        return Cell(cell.row, col, cell.end_row, col, cell.text)
    return Table(table.page, tuple(moved(c) for c in table.cells))


def horizontal_split(table: Table, columns: set[int], rule: int) -> tuple[int, Counter]:
    """Horizontal relations of a table: how many have an end in one of the given (unspanned)
    columns, and the multiset of the others."""
    touching, others = 0, Counter()
    for row in cell_grid(table.cells, rule):
        for a, b, blanks in line_links(row):
            first, second = table.cells[a], table.cells[b]
            if {first.col, second.col} & columns:
                touching += 1
            else:
                others[(HORIZONTAL, normalise(first.text, rule), normalise(second.text, rule),
                        blanks)] += 1
    return touching, others


def self_check(documents: Sequence[Document], rule: int) -> tuple[list[str], str]:
    """The scorer's sanity checks on the real ground truth: (failures, a one-line summary)."""
    failures = []
    identity = aggregate(score_document(d.truths[0], parse_form(json.loads(json.dumps(
        ground_truth_as_form(d.truths[0])))), rule) for d in documents)
    if (identity.precision, identity.recall, identity.f1) != (1.0, 1.0, 1.0):
        failures.append(f"ground truth against itself: {identity}")
    empty = aggregate(score_document(d.truths[0], [], rule) for d in documents)
    if (empty.precision, empty.recall) != (0.0, 0.0):
        failures.append(f"empty prediction: {empty}")
    checked = exact = 0
    for document in documents:
        for number, table in enumerate(document.truths[0], 1):
            outcome = swap_check(table, rule)
            if outcome is None:
                continue
            lost, touching, others_kept = outcome
            checked += 1
            exact += lost == touching
            if lost > touching or not others_kept:
                failures.append(f"{document.name} table {number}: swapping its last two "
                                f"columns lost {lost} relations, {touching} touch them")
    summary = (f"truth vs itself P/R/F1 {identity.precision:.3f}/{identity.recall:.3f}/"
               f"{identity.f1:.3f}; empty prediction recall {empty.recall:.3f}; last two "
               f"columns swapped in {checked} tables: {exact} lost exactly the horizontal "
               f"relations touching them, {checked - exact} fewer (repeated texts)")
    return failures, summary


def swap_check(table: Table, rule: int) -> tuple[int, int, bool] | None:
    """Swap a table's last two columns (None when a cell spans into them): (relations lost,
    horizontal relations touching the two columns, every other relation kept)."""
    a = max((c.end_col for c in table.cells), default=0) - 1
    if a < 0 or any(c.col != c.end_col and c.end_col >= a for c in table.cells):
        return None
    truth = adjacency_relations(table.cells, rule)
    swapped = adjacency_relations(swap_columns(table, a, a + 1).cells, rule)
    lost = len(truth) - common_relations(truth, swapped)
    touching, others = horizontal_split(table, {a, a + 1}, rule)
    others.update(r for r in truth if r[0] == VERTICAL)
    return lost, touching, others <= Counter(swapped)


def synthetic_swap_check(rule: int) -> list[str]:
    """A 3 x 3 table with columns 0 and 1 swapped: all 6 horizontal relations touch them and
    are lost, all 6 vertical ones are kept, so precision = recall = 0.5 exactly."""
    texts = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]
    table = Table(1, tuple(Cell(r, c, r, c, texts[r][c]) for r in range(3) for c in range(3)))
    score = score_document([table], [swap_columns(table, 0, 1)], rule)
    if (score.correct, score.detected, score.expected) != (6, 12, 12):
        return [f"synthetic swap: {score}"]
    return []


# ------------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data_dir", type=Path, nargs="?",
                        help="folder with eu-*.pdf and eu-*-str.xml (or a Camelot clone)")
    parser.add_argument("--readers", nargs="+", choices=list(READERS), metavar="READER",
                        help=f"readers to run (default: all): {', '.join(READERS)}")
    parser.add_argument("--norm", type=int, choices=(0, 1, 2), default=DEFAULT_NORM,
                        help="the competition tool's text normalisation rule (default 1)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds per document for ours (default 600)")
    parser.add_argument("--keep", type=Path, help="also keep every reader's form JSON here")
    parser.add_argument("--write", action="store_true",
                        help="also write the icdar2013 block of BENCHMARKS.md")
    parser.add_argument("--self-check", action="store_true",
                        help="run the scorer's sanity checks only")
    parser.add_argument("--list-readers", action="store_true", help="list the readers")
    args = parser.parse_args(argv)
    if args.list_readers:
        for reader in READERS.values():
            print(f"{reader.name:18} {reader.description}")
        return 0
    if args.data_dir is None:
        parser.error("DATA_DIR is required")
    data_dir = resolve_data_dir(args.data_dir)
    documents = load_documents(data_dir)
    if not documents:
        parser.error(f"no PDF with a -str.xml beside it in {data_dir}")
    failures, summary = self_check(documents, args.norm)
    failures += synthetic_swap_check(args.norm)
    for failure in failures:
        log(f"SELF-CHECK FAILED: {failure}")
    log(f"self-check {'passed' if not failures else 'FAILED'}: {summary}")
    if args.self_check:
        return 1 if failures else 0
    runs = [run_reader(READERS[name], documents, args.norm, args.timeout, args.keep)
            for name in (args.readers or list(READERS))]
    markdown = render_markdown(runs, documents, data_dir, args.norm)
    print(markdown, end="")
    if args.write:
        replace_block("icdar2013", markdown)
        log("wrote the icdar2013 block of BENCHMARKS.md")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
