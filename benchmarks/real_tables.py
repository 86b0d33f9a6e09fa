"""Table readers on real PDFs from two other public sources: Camelot's and tabula-java's tests.

An opt-in benchmark, not a test: nothing here asserts, and the timings depend on the machine.
It is the ICDAR 2013 benchmark (`benchmarks/icdar2013.py`) on other documents: the same
readers, the same intermediate form, the same cell adjacency relations and the same
per-document matching, imported from that file, on the PDFs and expected tables that two
open-source table readers ship with their tests. Every source is split, by a fixed rule, into
a development part and a test part, reported side by side; nothing is tuned on either.

    python benchmarks/real_tables.py manifest            # rebuild the manifest (see below)
    python benchmarks/real_tables.py prepare DATA_DIR    # copy PDFs + expected tables there
    python benchmarks/real_tables.py run DATA_DIR                       # all readers
    python benchmarks/real_tables.py run DATA_DIR --readers ours camelot-lattice
    python benchmarks/real_tables.py run DATA_DIR --write   # ... and the real-tables block
    python benchmarks/real_tables.py run DATA_DIR --keep /tmp/forms   # keep every form
    python benchmarks/real_tables.py run DATA_DIR --self-check        # the checks only

Progress goes to stderr, Markdown to stdout. A run of all readers over both sources took
2.3 minutes on 2 cores, 1.6 minutes again with ours's OCR cache warm (ours is most of it:
one `ams-extract` process per PDF, and it OCRs pages whose text layer it finds unusable).

The data
--------
Two public repositories (their licences: MIT, camelot-dev/camelot; MIT, tabulapdf/tabula-java):

    git clone --depth 1 https://github.com/camelot-dev/camelot /tmp/camelot
    git clone --depth 1 https://github.com/tabulapdf/tabula-java /tmp/tabula-java
    python benchmarks/real_tables.py prepare DATA_DIR \\
        --camelot /tmp/camelot --tabula /tmp/tabula-java

`prepare` takes a clone's work tree or a bare git directory (then it reads the commit
HEAD); without --camelot/--tabula it takes the mirrors under /work/.mirror when they exist.
It writes DATA_DIR/<source>/<PDF file name> and, beside it, `<PDF file name>.truth.json`
(the expected tables of the manifest, as rows of cell texts), for source `camelot` and
`tabula`. The manifest, `benchmarks/real_tables_manifest.json`, says which PDF, page and
expected table belong together, and records each repository's commit; `prepare` warns when
a clone is at another commit (its expected tables may have changed).

Which expected tables (the manifest)
------------------------------------
Camelot (tests/files/*.pdf, expected tables in tests/data.py): `manifest` reads
tests/test_lattice.py, test_stream.py, test_network.py, test_hybrid.py and test_common.py
with Python's `ast` module (nothing of them is run): in every test function, each
`tables = camelot.read_pdf(filename, ...)` call, the PDF `filename` was joined to, and the
checks that follow it, `assert_frame_equal(df, tables[i].df)` / `dfN.equals(tables[i].df)`
with `df = pd.DataFrame(data_X)`, and `assert len(tables) == N`. One call with its checks is
one *variant* of the expected tables of that PDF page: the tables `data_X` in the order of i.
tests/data.py is read with `ast` too (its lists, slices of earlier lists and `list(...)`;
a name assigned twice keeps its last value, as when Python runs it). A call is left out,
with its reason in the manifest's `excluded` list, when
  - it gives `table_areas`, `table_regions` or `columns` by hand: its expected table is cut
    to a hand-chosen region or column layout, not the page's table as a reader finds it;
  - it gives an option that changes the expected cell texts or points at the table:
    `flag_size`, `strip_text`, `copy_text`, `shift_text`, `split_text`, `layout_kwargs`,
    `header_text`, `footer_text`;
  - it needs a `password` (the readers are called without one);
  - its `pages` is not one page (the test does not say which page each table is on);
  - its PDF is an ICDAR 2013 document (see below).
Options that only tune the reader's detection (`flavor`, `line_scale`, `edge_tol`,
`row_tol`, `process_background`, `backend`, `engine`, `use_fallback`) are kept and
recorded; no reader here is given them.

Tabula-java (src/test/resources/technology/tabula/*.pdf, expected tables in csv/ and json/):
the Java tests cannot be read as simply, so the mapping is written by hand in
`TABULA_VARIANTS` below, each with the test it comes from, and the rest in
`TABULA_EXCLUDED` with the reason. Two expected tables are page-level (spanning_cells.pdf
and twotables.pdf, two tables each, read from the whole page). Six are read by tabula from
a hand-given area of page 1; they are kept, with the area recorded, and scored within it
(choice C), since tabula-java has few page-level ones. Left out: expected tables written
inline in Java (partial assertions of a few cells, or of a strip of a table), a CSV that
concatenates the tables of two hand-given half-page areas (MultiColumn), hand-given
columns (AnimalSounds), and ICDAR 2013 documents.

ICDAR 2013: nothing under `icdar2013-dataset` is used (its EU half is
`benchmarks/icdar2013.py`; its US half is held out and nobody on the team looks at it),
nor the copies of competition documents elsewhere in the repositories (file names
`eu-NNN*` and `us-NNN*`): the script refuses to read such a path at all.

The manifest made so (Camelot at 2b80d0bc, tabula-java at 2cdf3b4f) has 14 Camelot
documents (9 development, 5 test; 17 expected tables, all on one page each) and 8 tabula-java
documents (7 development, 1 test; 10 expected tables). Two PDFs are in both repositories
(12s0324.pdf, arabic.pdf) but have expected tables only in Camelot's tests here. The test
parts are small (tabula-java's is one document): read their figures as indications.

Both sources' expected tables are what a reader's own test expects of it: Camelot's are
Camelot's own output with the named flavor (checked by its maintainers), tabula-java's
are tabula's. They are flat grids: a spanning cell's text stands in its first row and
column and the positions it covers are empty. So expect each source to favour its own
reader's conventions (which rows a table begins with, how a title or a wrapped line is
cut), Camelot's readers here above all.

The split
---------
Per source, by document (a PDF file name): the test part is every document whose
sha256(source + "/" + file name), read as a hexadecimal integer, is 0 modulo 3; the rest
is the development part. The rule is fixed and takes no seed to choose; the parts are also
written in the manifest, and `run` checks the two agree. Development results may be read
in detail (which documents fail, and why); the test part is for the figures only.

What is measured, and how
-------------------------
Everything of `benchmarks/icdar2013.py` (its docstring: steps 1 to 7 and choices A, B, E,
G, H, I, J) holds: each reader reads the whole PDF and writes the intermediate form, which
is serialised and parsed back; cell texts are normalised by the ICDAR tool's rule 1;
adjacency relations; per document precision, recall and F1, averaged over the documents
(macro F1 = harmonic mean of mean precision and mean recall) and pooled (micro). The
readers are icdar2013.py's (Camelot lattice, stream, network, hybrid; pdfplumber by lines
and by text; ours = `ams-extract tables PDF -o DIR`) and img2table (choice F), each run
by icdar2013's `run_reader` (timing, errors and serialisation as there). Scoring differs
only where these sources differ:

A. Only the pages with expected tables are scored; a reader's tables on other pages are
   left out. A page's score is icdar2013's `score_document` of the page's expected tables
   against the reader's tables on that page; a document's counts (relations correct,
   detected, expected) are the sums over its pages.
B. A page with several variants (several tests, flavors, with different expected tables
   for the same page) takes the variant with the best F1 (the first on ties), as
   icdar2013's choice F does for the competition's a/b ground truths. Identical variants
   are kept once.
C. Variants with a hand-given area (tabula-java): the reader's tables on the page take part
   when the centre of their bbox lies inside the area; the others are left out. A table a
   reader finds larger than the area (a title row the area leaves out) counts its extra
   relations as detected and not correct, for every reader alike.
D. Complete and partial variants. A Camelot call that asserts `len(tables) == N` and checks
   tables 0..N-1 gives every table of the page, and so does every tabula-java variant (a
   whole page, or the one table of an area): there, as in icdar2013, a reader's table
   matched to no expected table is a false positive (its relations count as detected).
   Any other Camelot call checks only some of the tables its reader found (tables[0] or
   tables[1]) and says nothing about the rest; there a reader's unmatched tables are left
   out of precision. The matching is icdar2013's greedy one, rewritten here
   (`score_partial`) since `score_document` does not say which tables it matched; the
   self-check tests that the two agree.
E. Flat grids: the expected tables have no spans (above), so every reader's spanning cell
   is flattened the same way before scoring: its text at its first row and column, the
   other positions it covers empty. Otherwise a reader that reports a spanning cell would
   lose relations (icdar2013 choice B counts the empty positions a relation jumps over)
   that a reader without spans keeps.
F. img2table (the peer of `benchmarks/layouts.py`): `PDF(pdf, pdf_text_extraction=True)
   .extract_tables(implicit_rows=True, borderless_tables=True, min_confidence=50)`, as
   there, but `ocr=None` (these PDFs all have a text layer, which img2table then reads) and
   keeping each table's page and bbox (layouts.py's `img2table_tables` returns neither, so it
   is not imported). Cells that img2table repeats over the positions of a merged cell are
   one cell with a span (then flattened, E); the bbox is scaled from its 200 dpi image.
G. Errors: a document a reader fails on (an exception, a timeout, an invalid form) has an
   empty prediction, as in icdar2013; the report counts those documents over both parts.
   Seconds: the reader's time over all documents of the source, both parts, one run.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from icdar2013 import (  # noqa: E402
    DEFAULT_NORM,
    DEFAULT_TIMEOUT,
    READERS,
    Cell,
    Document,
    DocumentScore,
    Form,
    Reader,
    ReaderRun,
    Table,
    Totals,
    _version,
    aggregate,
    parse_form,
    run_reader,
    score_document,
)
from report_file import replace_block  # noqa: E402

MANIFEST = ROOT / "benchmarks" / "real_tables_manifest.json"
BLOCK = "real-tables"
WORST_SHOWN = 5
IMG2TABLE_DPI = 200  # img2table renders PDF pages at 200 dpi


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    url: str
    mirror: Path
    files: str  # folder of the PDFs inside the repository


SOURCES = {s.name: s for s in [
    Source("camelot", "Camelot's test files", "https://github.com/camelot-dev/camelot",
           Path("/work/.mirror/camelot-dev+camelot/repo"), "tests/files"),
    Source("tabula", "tabula-java's test resources", "https://github.com/tabulapdf/tabula-java",
           Path("/work/.mirror/tabulapdf+tabula-java/repo"),
           "src/test/resources/technology/tabula"),
]}


def log(message: str) -> None:
    print(f"[real-tables {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------- the split, ICDAR guard

def in_test_part(source: str, file_name: str) -> bool:
    """The fixed split: sha256(source/file name) as an integer, 0 modulo 3 = test part."""
    digest = hashlib.sha256(f"{source}/{file_name}".encode()).hexdigest()
    return int(digest, 16) % 3 == 0


def part_of(source: str, file_name: str) -> str:
    return "test" if in_test_part(source, file_name) else "dev"


_ICDAR_NAME = re.compile(r"^(eu|us)-\d{3}", re.IGNORECASE)


def is_icdar(path: str) -> bool:
    """An ICDAR 2013 competition path or document, which this benchmark never reads."""
    lowered = path.lower()
    return ("icdar2013-dataset" in lowered or "competition-dataset" in lowered
            or bool(_ICDAR_NAME.match(Path(path).name)))


class Repository:
    """Files of a clone's work tree or of a bare git directory (at HEAD)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bare = not (path / ".git").exists() and (path / "HEAD").is_file()

    def _git(self, *args: str) -> bytes:
        git_dir = self.path if self.bare else self.path / ".git"
        return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True,
                              capture_output=True).stdout

    def commit(self) -> str:
        try:
            return self._git("rev-parse", "HEAD").decode().strip()
        except (OSError, subprocess.CalledProcessError):
            return "unknown"

    def read(self, path: str) -> bytes:
        if is_icdar(path):
            raise PermissionError(f"refusing to read an ICDAR 2013 path: {path}")
        if self.bare:
            return self._git("show", f"HEAD:{path}")
        return (self.path / path).read_bytes()

    def text(self, path: str) -> str:
        return self.read(path).decode("utf-8")


# --------------------------------------------------------- Camelot: tests and data

CAMELOT_TESTS = ("test_lattice", "test_stream", "test_network", "test_hybrid", "test_common")
AREA_OPTIONS = {"table_areas", "table_regions", "columns"}
TEXT_OPTIONS = {"flag_size", "strip_text", "copy_text", "shift_text", "split_text",
                "layout_kwargs", "header_text", "footer_text"}


def evaluate_data_module(source: str) -> dict[str, Any]:
    """The lists of Camelot's tests/data.py, without running it: literals, slices of earlier
    names and `list(name)`; a later assignment replaces an earlier one."""
    values: dict[str, Any] = {}

    def value(node: ast.expr) -> Any:
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            bounds = [None if b is None else ast.literal_eval(b)
                      for b in (node.slice.lower, node.slice.upper, node.slice.step)]
            return value(node.value)[slice(*bounds)]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "list" and len(node.args) == 1):
            return list(value(node.args[0]))
        return ast.literal_eval(node)

    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = value(statement.value)
    return values


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        return ast.unparse(node.func)
    return ""


def _tables_index(node: ast.expr) -> int | None:
    """i of `tables[i].df`."""
    if (isinstance(node, ast.Attribute) and node.attr == "df"
            and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Name) and node.value.value.id == "tables"):
        index = node.value.slice
        if isinstance(index, ast.Constant) and isinstance(index.value, int):
            return index.value
    return None


def _statements(body: Sequence[ast.stmt]) -> Iterable[ast.stmt]:
    """Statements in source order, nested blocks included."""
    for statement in body:
        yield statement
        for name in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(statement, name, []) or [])


def camelot_calls(test_file: str, source: str) -> list[dict[str, Any]]:
    """Every `camelot.read_pdf` call of a test module with the checks that follow it."""
    calls: list[dict[str, Any]] = []
    for function in ast.parse(source).body:
        if not (isinstance(function, ast.FunctionDef) and function.name.startswith("test_")):
            continue
        frames: dict[str, str] = {}  # df variable -> data name
        filename: str | None = None
        current: dict[str, Any] | None = None
        for statement in _statements(function.body):
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, node = statement.targets[0], statement.value
                name = target.id if isinstance(target, ast.Name) else ""
                call = _call_name(node)
                if call == "pd.DataFrame" and isinstance(node, ast.Call) and node.args \
                        and isinstance(node.args[0], ast.Name):
                    frames[name] = node.args[0].id
                elif call == "os.path.join" and isinstance(node, ast.Call):
                    parts = node.args[1:]
                    if all(isinstance(p, ast.Constant) for p in parts):
                        filename = "/".join(str(p.value) for p in parts)  # type: ignore[attr-defined]
                    else:
                        filename = "icdar2013-dataset/?"  # joined with a constant such as _ICDAR
                elif call == "camelot.read_pdf" and isinstance(node, ast.Call):
                    options = {}
                    for keyword in node.keywords:
                        try:
                            options[keyword.arg] = ast.literal_eval(keyword.value)
                        except ValueError:
                            options[keyword.arg] = ast.unparse(keyword.value)
                    first = node.args[0] if node.args else None
                    pdf = filename if isinstance(first, ast.Name) and first.id == "filename" \
                        else None
                    current = {"origin": f"tests/{test_file}.py::{function.name}",
                               "pdf": pdf, "options": options, "checks": {}, "count": None}
                    calls.append(current)
            if current is None:
                continue
            expression = statement.test if isinstance(statement, ast.Assert) else (
                statement.value if isinstance(statement, ast.Expr) else None)
            if not isinstance(expression, ast.expr):
                continue
            if isinstance(expression, ast.Call):
                args = expression.args
                if _call_name(expression) == "assert_frame_equal" and len(args) == 2:
                    index = _tables_index(args[1])
                    if index is not None and isinstance(args[0], ast.Name) \
                            and args[0].id in frames:
                        current["checks"][index] = frames[args[0].id]
                elif (isinstance(expression.func, ast.Attribute)
                      and expression.func.attr == "equals" and len(args) == 1
                      and isinstance(expression.func.value, ast.Name)
                      and expression.func.value.id in frames):
                    index = _tables_index(args[0])
                    if index is not None:
                        current["checks"][index] = frames[expression.func.value.id]
            elif (isinstance(expression, ast.Compare) and len(expression.ops) == 1
                  and isinstance(expression.ops[0], ast.Eq)
                  and ast.unparse(expression.left) == "len(tables)"
                  and isinstance(expression.comparators[0], ast.Constant)):
                current["count"] = expression.comparators[0].value
    return [c for c in calls if c["checks"]]


def camelot_manifest(repo: Repository) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(variants, excluded) of Camelot's tests, by the rules of the docstring."""
    variants, excluded = [], []
    for test_file in CAMELOT_TESTS:
        for call in camelot_calls(test_file, repo.text(f"tests/{test_file}.py")):
            options = call["options"]
            reason = None
            if call["pdf"] is None:
                reason = "no PDF path the test names literally"
            elif is_icdar(call["pdf"]):
                reason = "an ICDAR 2013 document"
            elif AREA_OPTIONS & set(options):
                reason = f"hand-given {', '.join(sorted(AREA_OPTIONS & set(options)))}"
            elif TEXT_OPTIONS & set(options):
                reason = ("an option that changes the expected text or points at the table: "
                          + ", ".join(sorted(TEXT_OPTIONS & set(options))))
            elif "password" in options:
                reason = "an encrypted PDF (password)"
            elif not str(options.get("pages", "1")).isdigit():
                reason = f"several pages ({options['pages']})"
            if reason is not None:
                entry = {"origin": call["origin"], "reason": reason,
                         **({} if reason.startswith("an ICDAR") or call["pdf"] is None
                            else {"pdf": call["pdf"]})}
                if entry not in excluded:
                    excluded.append(entry)
                continue
            checks = call["checks"]
            indexes = sorted(checks)
            complete = call["count"] == len(indexes) and indexes == list(range(len(indexes)))
            variants.append({
                "document": Path(call["pdf"]).name, "pdf": f"tests/files/{call['pdf']}",
                "page": int(options.get("pages", "1")), "origin": call["origin"],
                "truth": [checks[i] for i in indexes], "table_indexes": indexes,
                "complete": complete, "area": None,
                "options": {k: v for k, v in options.items() if k != "suppress_stdout"}})
    return variants, excluded


# ------------------------------------------------------------ tabula-java, by hand

# (PDF, page, expected file, tabula's area as top, left, bottom, right or None, origin)
TABULA_VARIANTS: list[tuple[str, int, str, tuple[float, float, float, float] | None, str]] = [
    ("spanning_cells.pdf", 1, "json/spanning_cells.json", None,
     "TestSpreadsheetExtractor.testSpanningCells: lattice, whole page, asserts 2 tables"),
    ("twotables.pdf", 1, "json/twotables.json", None,
     "TestWriters.testJSONSerializeTwoTables: lattice, whole page, asserts 2 tables"),
    ("argentina_diputados_voting_record.pdf", 1, "csv/argentina_diputados_voting_record.csv",
     (269.875, 12.75, 790.5, 561.0), "TestWriters.testCSVWriter: stream, area"),
    ("schools.pdf", 1, "csv/schools.csv", (53.74, 16.97, 548.74, 762.3),
     "TestWriters.testCSVSerializeInfinity: lattice, area"),
    ("frx_2012_disclosure.pdf", 1, "csv/frx_2012_disclosure.csv", (53.0, 49.0, 735.0, 550.0),
     "TestWriters.testCSVMultilineRow: lattice, area"),
    ("indictb1h_14.pdf", 1, "csv/indictb1h_14.csv", (205.0, 120.0, 622.82, 459.9),
     "TestBasicExtractor.testRealLifeRTL2: stream, area"),
    ("spreadsheet_no_bounding_frame.pdf", 1, "csv/spreadsheet_no_bounding_frame.csv",
     (150.56, 58.9, 654.7, 536.12),
     "TestSpreadsheetExtractor.testSpreadsheetWithNoBoundingFrameShouldBeSpreadsheet: "
     "lattice, area"),
    ("Publication_of_award_of_Bids_for_Transport_Sector__August_2016.pdf", 1,
     "csv/Publication_of_award_of_Bids_for_Transport_Sector__August_2016.csv",
     (56.925, 24.255, 549.945, 786.555),
     "TestSpreadsheetExtractor.testSpreadsheetExtractionIssue656: lattice, area, "
     "asserts 1 table"),
]

TABULA_EXCLUDED = [
    ("MultiColumn.pdf", "TestCommandLineApp.testExtractWith*Area: the CSV concatenates the "
     "tables of two hand-given half-page areas"),
    ("AnimalSounds.pdf, AnimalSounds1.pdf", "TestCommandLineApp.testLatticeModeWithColumn*: "
     "hand-given columns"),
    ("arabic.pdf, mednine.pdf", "TestSpreadsheetExtractor.testRTL / testRealLifeRTL: a few "
     "cells asserted inline, no whole table"),
    ("puertos1.pdf", "TestSpreadsheetExtractor.testExtractSpreadsheetWithinAnArea: area, "
     "expected CSV written inline in Java"),
    ("m27.pdf, campaign_donors.pdf, 12s0324.pdf, frx_2012_disclosure.pdf (second test)",
     "TestBasicExtractor: areas cutting a strip of a table, a few cells or inline arrays"),
    ("eu-*, us-*, icdar2013-dataset/", "ICDAR 2013 documents"),
    ("every other PDF", "its tests check counts, rulings, order or that nothing fails, not "
     "cell texts"),
]


def tabula_manifest() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    variants = []
    for pdf, page, truth, area, origin in TABULA_VARIANTS:
        bbox = None if area is None else [area[1], area[0], area[3], area[2]]
        variants.append({"document": pdf, "pdf": f"{SOURCES['tabula'].files}/{pdf}",
                         "page": page, "origin": origin, "truth": [truth],
                         "table_indexes": None, "complete": True, "area": bbox, "options": {}})
    excluded = [{"origin": what, "reason": why} for what, why in TABULA_EXCLUDED]
    return variants, excluded


# --------------------------------------------------------------------- manifest

def build_manifest(repos: dict[str, Repository]) -> dict[str, Any]:
    """The manifest of both sources: documents, their pages' variants, the split."""
    built: dict[str, Any] = {
        "made_by": "python benchmarks/real_tables.py manifest (see its docstring)",
        "split": "test part: int(sha256(source + '/' + file name), 16) % 3 == 0",
        "sources": {}}
    for name, source in SOURCES.items():
        variants, excluded = (camelot_manifest(repos[name]) if name == "camelot"
                              else tabula_manifest())
        documents: dict[str, dict[str, Any]] = {}
        for variant in variants:
            document = documents.setdefault(variant["document"], {
                "name": variant["document"], "pdf": variant["pdf"],
                "part": part_of(name, variant["document"]), "pages": {}})
            if document["pdf"] != variant["pdf"]:
                raise ValueError(f"two PDFs named {variant['document']} in {name}")
            page = document["pages"].setdefault(str(variant["page"]), [])
            key = (variant["truth"], variant["complete"], variant["area"])
            same = [v for v in page if (v["truth"], v["complete"], v["area"]) == key]
            if same:
                same[0]["origins"].append(variant["origin"])
                continue
            page.append({"origins": [variant["origin"]], "truth": variant["truth"],
                         "table_indexes": variant["table_indexes"],
                         "complete": variant["complete"], "area": variant["area"],
                         "options": variant["options"]})
        built["sources"][name] = {
            "repository": source.url, "commit": repos[name].commit(),
            "documents": sorted(documents.values(), key=lambda d: d["name"]),
            "excluded": excluded}
    return built


def load_manifest(path: Path = MANIFEST) -> dict[str, Any]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name, source in manifest["sources"].items():
        for document in source["documents"]:
            if document["part"] != part_of(name, document["name"]):
                raise ValueError(f"{name}/{document['name']}: the manifest's part "
                                 f"{document['part']} is not the split rule's")
    return manifest


# ----------------------------------------------------------------------- prepare

def rows_from_tabula(path: str, data: bytes) -> list[list[list[str]]]:
    """Tables (rows of cell texts) of a tabula-java expected CSV (one table) or JSON."""
    if path.endswith(".json"):
        return [[[cell["text"] for cell in row] for row in table["data"]]
                for table in json.loads(data.decode("utf-8"))]
    return [[list(row) for row in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))]]


def prepare(data_dir: Path, repos: dict[str, Repository], manifest: dict[str, Any]) -> None:
    """Copy every document's PDF into DATA_DIR/<source>/ with its expected tables beside."""
    for name, entry in manifest["sources"].items():
        repo = repos[name]
        if (commit := repo.commit()) != entry["commit"]:
            log(f"{name}: the repository is at {commit}, the manifest at {entry['commit']}; "
                "expected tables may differ")
        data = evaluate_data_module(repo.text("tests/data.py")) if name == "camelot" else {}
        folder = data_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        for document in entry["documents"]:
            (folder / document["name"]).write_bytes(repo.read(document["pdf"]))
            pages = {}
            for page, variants in document["pages"].items():
                pages[page] = []
                for variant in variants:
                    if name == "camelot":
                        tables = [[[str(text) for text in row] for row in data[truth]]
                                  for truth in variant["truth"]]
                    else:
                        path = f"{SOURCES[name].files}/{variant['truth'][0]}"
                        tables = rows_from_tabula(path, repo.read(path))
                    pages[page].append({"origins": variant["origins"], "tables": tables,
                                        "complete": variant["complete"],
                                        "area": variant["area"]})
            truth = {"source": name, "document": document["name"], "part": document["part"],
                     "pages": pages}
            (folder / f"{document['name']}.truth.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        log(f"{name}: {len(entry['documents'])} documents written to {folder}")


# ------------------------------------------------------------------- documents

@dataclass(frozen=True)
class Variant:
    tables: tuple[Table, ...]
    complete: bool
    area: tuple[float, float, float, float] | None  # x0, top, x1, bottom


@dataclass(frozen=True)
class TruthDocument:
    source: str
    name: str
    part: str
    pdf: Path
    pages: dict[int, tuple[Variant, ...]]

    @property
    def tables(self) -> int:
        """Expected tables, the first variant of each page."""
        return sum(len(variants[0].tables) for variants in self.pages.values())


def grid_table(page: int, rows: Sequence[Sequence[str]]) -> Table:
    return Table(page, tuple(Cell(r, c, r, c, text) for r, row in enumerate(rows)
                             for c, text in enumerate(row)))


def load_documents(data_dir: Path, source: str, manifest: dict[str, Any]) -> list[TruthDocument]:
    documents = []
    for entry in manifest["sources"][source]["documents"]:
        pdf = data_dir / source / entry["name"]
        truth = json.loads(pdf.with_name(f"{pdf.name}.truth.json").read_text(encoding="utf-8"))
        pages = {int(page): tuple(
            Variant(tuple(grid_table(int(page), rows) for rows in v["tables"]), v["complete"],
                    None if v["area"] is None else tuple(v["area"]))
            for v in variants) for page, variants in truth["pages"].items()}
        documents.append(TruthDocument(source, entry["name"], entry["part"], pdf, pages))
    return documents


# ---------------------------------------------------------------------- scoring

def flatten(table: Table) -> Table:
    """A spanning cell's text at its first row and column only (choice E)."""
    return Table(table.page, tuple(Cell(c.row, c.col, c.row, c.col, c.text)
                                   for c in table.cells))


def form_bboxes(data: object) -> list[list[float] | None]:
    """The bboxes of a form's tables, in parse_form's order (None when absent or invalid)."""
    if isinstance(data, dict) and "tables" in data:
        data = data["tables"]
    out: list[list[float] | None] = []
    for table in data if isinstance(data, list) else []:
        bbox = table.get("bbox") if isinstance(table, dict) else None
        valid = isinstance(bbox, list) and len(bbox) == 4 and all(
            isinstance(v, int | float) for v in bbox)
        out.append([float(v) for v in bbox] if valid else None)  # type: ignore[union-attr]
    return out


def centre_inside(bbox: Sequence[float] | None, area: Sequence[float]) -> bool:
    if bbox is None:
        return False
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return area[0] <= x <= area[2] and area[1] <= y <= area[3]


def score_partial(truth: Sequence[Table], found: Sequence[Table],
                  rule: int = DEFAULT_NORM) -> DocumentScore:
    """icdar2013's greedy matching, but only matched tables count as detected (choice D)."""
    return score_document(truth, found, rule, unmatched_count=False)


def score_truth_document(document: TruthDocument, found: Sequence[Table],
                         bboxes: Sequence[list[float] | None],
                         rule: int = DEFAULT_NORM) -> DocumentScore:
    """Counts of one document: per page the best variant (choices A to E), summed."""
    total = DocumentScore()
    for page, variants in document.pages.items():
        on_page = [(flatten(t), b) for t, b in zip(found, bboxes, strict=True) if t.page == page]
        best: DocumentScore | None = None
        for variant in variants:
            candidates = [t for t, b in on_page
                          if variant.area is None or centre_inside(b, variant.area)]
            score = (score_document if variant.complete else score_partial)(
                variant.tables, candidates, rule)
            if best is None or score.f1 > best.f1:
                best = score
        assert best is not None
        for name in ("correct", "detected", "expected", "tables_truth", "tables_found",
                     "tables_matched"):
            setattr(total, name, getattr(total, name) + getattr(best, name))
    return total


# ---------------------------------------------------------------------- img2table

def img2table_cells(table: Any) -> list[dict[str, Any]]:
    """img2table's rows of cells as form cells; a cell repeated over a rectangle is one
    cell with a span (choice F)."""
    positions: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    texts: dict[tuple[Any, ...], str] = {}
    for r, row in enumerate(table.content.values()):
        for c, cell in enumerate(row):
            box = cell.bbox
            key = (box.x1, box.y1, box.x2, box.y2, cell.value)
            positions.setdefault(key, []).append((r, c))
            texts[key] = cell.value or ""
    out = []
    for key, members in positions.items():
        rows = [r for r, _ in members]
        cols = [c for _, c in members]
        r0, c0, r1, c1 = min(rows), min(cols), max(rows), max(cols)
        if len(members) == (r1 - r0 + 1) * (c1 - c0 + 1):
            spans = [(r0, c0, r1 - r0 + 1, c1 - c0 + 1)]
        else:
            spans = [(r, c, 1, 1) for r, c in members]
        out += [{"row": r, "col": c, "rowspan": rs, "colspan": cs, "text": texts[key],
                 "header": False} for r, c, rs, cs in spans]
    return sorted(out, key=lambda cell: (cell["row"], cell["col"]))


def read_img2table(pdf: Path, _timeout: float) -> Form:
    from img2table.document import PDF

    found = PDF(str(pdf), pdf_text_extraction=True).extract_tables(
        ocr=None, implicit_rows=True, borderless_tables=True, min_confidence=50)
    scale = 72 / IMG2TABLE_DPI
    form = []
    for index, tables in sorted(found.items()):
        for table in tables:
            box = table.bbox
            form.append({"page": index + 1,
                         "bbox": [box.x1 * scale, box.y1 * scale, box.x2 * scale,
                                  box.y2 * scale],
                         "cells": img2table_cells(table)})
    return form


def _module_missing(module: str) -> str | None:
    import importlib.util

    return None if importlib.util.find_spec(module) else f"{module} is not installed"


ALL_READERS: dict[str, Reader] = {
    **READERS,
    "img2table": Reader("img2table", read_img2table,
                        "img2table PDF(...).extract_tables(implicit_rows, borderless_tables)",
                        lambda: _module_missing("img2table")),
}


# ------------------------------------------------------------------------ a run

@dataclass
class SourceRun:
    """One reader on one source: icdar2013's run record and the scores of this benchmark."""

    reader: str
    run: ReaderRun
    scores: dict[str, DocumentScore]


def run_source(reader: Reader, documents: Sequence[TruthDocument], rule: int, timeout: float,
               keep: Path) -> SourceRun:
    """icdar2013's run_reader (reading, timing, errors, the form kept on disk), then this
    benchmark's scoring of each kept form."""
    stand_ins = [Document(d.name, d.pdf, ([],)) for d in documents]
    run = run_reader(reader, stand_ins, rule, timeout, keep)
    scores = {}
    if not run.unavailable:
        for document in documents:
            data = json.loads((keep / reader.name / f"{document.name}.json")
                              .read_text(encoding="utf-8"))
            try:
                found, bboxes = parse_form(data), form_bboxes(data)
            except ValueError:
                found, bboxes = [], []  # run_reader has recorded the error
            scores[document.name] = score_truth_document(document, found, bboxes, rule)
    return SourceRun(reader.name, run, scores)


def part_totals(result: SourceRun, documents: Sequence[TruthDocument], part: str) -> Totals:
    return aggregate(result.scores[d.name] for d in documents if d.part == part)


# --------------------------------------------------------------------- self-check

def self_check(documents: Sequence[TruthDocument], rule: int) -> list[str]:
    """Every variant against itself (through the form, JSON and flattening) scores 1; an
    empty prediction 0; score_partial agrees with score_document when all are matched."""
    failures = []
    for document in documents:
        for page, variants in document.pages.items():
            for number, variant in enumerate(variants, 1):
                area = list(variant.area) if variant.area else [0.0, 0.0, 0.0, 0.0]
                form = [{"page": page, "bbox": area, "cells": [
                    {"row": c.row, "col": c.col, "text": c.text} for c in t.cells]}
                    for t in variant.tables]
                data = json.loads(json.dumps(form))
                single = TruthDocument(document.source, document.name, document.part,
                                       document.pdf, {page: (variant,)})
                score = score_truth_document(single, parse_form(data), form_bboxes(data), rule)
                where = f"{document.source}/{document.name} page {page} variant {number}"
                if score.expected and (score.precision, score.recall) != (1.0, 1.0):
                    failures.append(f"{where} against itself: {score}")
                if not score.expected:
                    failures.append(f"{where}: no relation expected")
                empty = score_truth_document(single, [], [], rule)
                if empty.recall != 0.0:
                    failures.append(f"{where}: empty prediction {empty}")
                found = list(variant.tables)
                full = score_document(variant.tables, found, rule)
                partial = score_partial(variant.tables, found, rule)
                if (full.correct, full.detected) != (partial.correct, partial.detected):
                    failures.append(f"{where}: score_partial {partial} != {full}")
    return failures


# ------------------------------------------------------------------------ report

def render_markdown(results: dict[str, list[SourceRun]],
                    documents: dict[str, list[TruthDocument]], rule: int) -> str:
    lines = [
        "## Real tables: Camelot's and tabula-java's test PDFs, development and test parts",
        "",
        "Each reader reads the whole PDF and finds the tables itself; scored on the pages "
        "with expected tables by the ICDAR 2013 competition's cell adjacency relations "
        f"(text normalisation rule {rule}), per document, then averaged over the documents "
        "(macro F1) or pooled over all relations (micro F1). The expected tables are what "
        "each project's own tests expect of its reader (Camelot's flavors, tabula's "
        "algorithms), so each source favours its own reader's conventions. Parts: a fixed "
        "split by sha256 of the file name; the test part is reported, never tuned on. "
        "Method and every choice: the docstring of `benchmarks/real_tables.py`.",
        ""]
    for source, runs in results.items():
        docs = documents[source]
        counts = {part: (_plural(sum(d.part == part for d in docs), "document"),
                         _plural(sum(d.tables for d in docs if d.part == part), "expected table"))
                  for part in ("dev", "test")}
        lines += [
            f"### {SOURCES[source].title}",
            "",
            f"Development part: {counts['dev'][0]}, {counts['dev'][1]}; "
            f"test part: {counts['test'][0]}, {counts['test'][1]}.",
            "",
            "| reader | development part: macro F1 | development part: micro F1 "
            "| test part: macro F1 | test part: micro F1 | documents ending in error "
            "| seconds |",
            "|---|--:|--:|--:|--:|--:|--:|"]
        notes = []
        for result in runs:
            if result.run.unavailable:
                lines.append(f"| {result.reader} | not available | | | | | |")
                notes.append(f"- {result.reader}: not available ({result.run.unavailable}).")
                continue
            dev, test = part_totals(result, docs, "dev"), part_totals(result, docs, "test")
            lines.append(f"| {result.reader} | {dev.f1:.3f} | {dev.micro_f1:.3f} "
                         f"| {test.f1:.3f} | {test.micro_f1:.3f} | {len(result.run.errors)} "
                         f"| {result.run.seconds:.1f} |")
            notes += [f"- {result.reader}, {name}: {error}"
                      for name, error in result.run.errors.items()]
        lines.append("")
        if notes:
            lines += ["Errors:", "", *notes, ""]
        ours = [r for r in runs if r.reader == "ours" and not r.run.unavailable]
        if ours:
            lines += _worst_development(ours[0], docs)
    lines += [
        f"Run {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; camelot-py "
        f"{_version('camelot-py')}, pdfplumber {_version('pdfplumber')}, img2table "
        f"{_version('img2table')}, pypdfium2 {_version('pypdfium2')}.",
        ""]
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _worst_development(result: SourceRun, documents: Sequence[TruthDocument]) -> list[str]:
    """The development part's worst documents for ours (never the test part's)."""
    dev = [(d.name, result.scores[d.name]) for d in documents if d.part == "dev"]
    worst = sorted(dev, key=lambda item: (item[1].f1, item[0]))[:WORST_SHOWN]
    lines = ["Worst development-part documents for ours, by F1:", "",
             "| document | tables (expected / found / matched) | precision | recall | F1 |",
             "|---|--:|--:|--:|--:|"]
    lines += [f"| {name} | {s.tables_truth} / {s.tables_found} / {s.tables_matched} "
              f"| {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |" for name, s in worst]
    return [*lines, ""]


# ------------------------------------------------------------------------- main

def _repositories(args: argparse.Namespace) -> dict[str, Repository]:
    repos = {}
    for name, source in SOURCES.items():
        path = getattr(args, name, None) or source.mirror
        if not Path(path).exists():
            raise SystemExit(f"no {name} repository at {path}: clone {source.url} "
                             f"and pass --{name} PATH")
        repos[name] = Repository(Path(path))
    return repos


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("manifest", help="rebuild benchmarks/real_tables_manifest.json")
    setup = commands.add_parser("prepare", help="copy PDFs and expected tables to DATA_DIR")
    setup.add_argument("data_dir", type=Path)
    for command in (build, setup):
        command.add_argument("--camelot", type=Path, help="a Camelot clone or bare git dir")
        command.add_argument("--tabula", type=Path, help="a tabula-java clone or bare git dir")
    run = commands.add_parser("run", help="run the readers on DATA_DIR")
    run.add_argument("data_dir", type=Path)
    run.add_argument("--readers", nargs="+", choices=list(ALL_READERS), metavar="READER",
                     help=f"readers to run (default: all): {', '.join(ALL_READERS)}")
    run.add_argument("--sources", nargs="+", choices=list(SOURCES), default=list(SOURCES))
    run.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                     help="seconds per document for ours (default 600)")
    run.add_argument("--keep", type=Path, help="keep every reader's form JSON here")
    run.add_argument("--write", action="store_true",
                     help=f"also write the {BLOCK} block of BENCHMARKS.md")
    run.add_argument("--self-check", action="store_true", help="run the checks only")
    args = parser.parse_args(argv)
    rule = DEFAULT_NORM

    if args.command == "manifest":
        manifest = build_manifest(_repositories(args))
        MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
        for name, entry in manifest["sources"].items():
            parts = [d["part"] for d in entry["documents"]]
            log(f"{name}: {len(parts)} documents ({parts.count('dev')} development, "
                f"{parts.count('test')} test), {len(entry['excluded'])} exclusions")
        return 0
    manifest = load_manifest()
    if args.command == "prepare":
        prepare(args.data_dir, _repositories(args), manifest)
        return 0

    documents = {s: load_documents(args.data_dir, s, manifest) for s in args.sources}
    failures = [f for docs in documents.values() for f in self_check(docs, rule)]
    for failure in failures:
        log(f"SELF-CHECK FAILED: {failure}")
    for source, docs in documents.items():
        parts = [d.part for d in docs]
        log(f"{source}: {parts.count('dev')} development documents, {parts.count('test')} "
            f"test documents; self-check {'FAILED' if failures else 'passed'}")
    if args.self_check:
        return 1 if failures else 0
    results: dict[str, list[SourceRun]] = {}
    with tempfile.TemporaryDirectory(prefix="real-tables-") as scratch:
        for source, docs in documents.items():
            keep = (args.keep or Path(scratch)) / source
            results[source] = [run_source(ALL_READERS[name], docs, rule, args.timeout, keep)
                               for name in (args.readers or list(ALL_READERS))]
    markdown = render_markdown(results, documents, rule)
    print(markdown, end="")
    if args.write:
        replace_block(BLOCK, markdown)
        log(f"wrote the {BLOCK} block of BENCHMARKS.md")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
