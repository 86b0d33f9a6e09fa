#!/usr/bin/env python3
"""Seeded generator of NVE AMS status reports in layouts nobody tuned the extractor for.

The committed sample PDFs (``samples/make_pdf_samples.py``) come from one
program in one style: fpdf2, one section per page, one set of column
positions.  An extractor tuned on them can pass every test and still fail on
the next real report, typeset by someone else.  This module renders any
edition (the 2016 dump or one of ``samples/editions/*.txt``) into a PDF with a
randomly chosen layout, drawn with reportlab, a different PDF library with
other text-layer habits, and optionally "scans" it into an image-only PDF.

Each random choice is recorded in a JSON manifest beside the PDF, with the
edition's truth CSV and the cells deliberately left empty, so a benchmark can
score the extractor layout by layout: every truth value must come out exact,
and a blanked key must be absent, never shifted into a neighbouring cell.

The content comes from the edition through the project's public API only
(``extractor.extract``).  Grid tables are re-typeset from their observations
(printed label and printed value of each cell).  Prose (foreword, summary,
each section's "Kommentar:" block) is re-flowed from the text lines, so prose
values such as "vel 2,9 mill. målepunkter" stay extractable.

Usage, from the repository root::

    python samples/make_layouts.py --edition samples/editions/nve-ams-status-2017-06.txt \\
        --seed 7 --out /tmp/layouts [--scanned]
    python samples/make_layouts.py --all 4 --out /tmp/layouts [--scanned]

writes ``<out>/<edition>-<seed>[-scan].pdf`` and ``<same>.json``.  From Python:
``generate(edition, seed, out_dir, scanned=False) -> Layout``.

Determinism: the same (edition, seed, scanned) gives byte-identical files.
Every random source is seeded from the edition stem and the seed (the scan
has its own stream, so a scan has exactly the layout of its text-layer twin),
and reportlab runs in invariant mode (fixed dates and document id).

Needs reportlab (``pip install reportlab``); pypdfium2, Pillow, numpy and
matplotlib (for its DejaVu fonts) are dependencies of the project already.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import io
import itertools
import json
import math
import random
import re
import sys
import time
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pypdfium2 as pdfium
import reportlab
from PIL import Image, ImageFilter
from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from extractor import extract

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC_PATH = ROOT / "extractor" / "spec" / "ams_status.toml"
MM = 72 / 25.4

SEPARATORS = {"space": " ", "nbsp": "\u00a0", "thin": "\u2009", "none": ""}
QUARTER_STYLES = {"1.kv 2017": "{q}.kv", "1. kv. 2017": "{q}. kv.",
                  "1. kvartal 2017": "{q}. kvartal"}
BULLET_CHARS = "\u2022\uf0b7\u25aa\u25cf"
TOC_LINE = re.compile(r"^(.*?\S)\s*\.{4,}\s*(\S+)$")
STRAY_PAGE_NUMBER = re.compile(r"\d{1,2}")
# A value printed as an integer, possibly with group spaces and OCR slips for
# digits ("2 33l 902", "9270O4"): those get the layout's thousands separator.
INTEGER = re.compile(r"[0-9OlIS]{1,3}(?: [0-9OlIS]{3})+|[0-9OlIS]+")

_RL_FONTS = Path(reportlab.__file__).parent / "fonts"
_MPL_ORIGIN = importlib.util.find_spec("matplotlib").origin  # no import: it is slow
_MPL_FONTS = Path(_MPL_ORIGIN or ".").parent / "mpl-data" / "fonts" / "ttf"
# family -> (regular, bold, regular TTF file, bold TTF file); None: a standard PDF font.
FAMILIES: dict[str, tuple[str, str, Path | None, Path | None]] = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", None, None),
    "Times-Roman": ("Times-Roman", "Times-Bold", None, None),
    "Vera": ("Vera", "Vera-Bold", _RL_FONTS / "Vera.ttf", _RL_FONTS / "VeraBd.ttf"),
    "DejaVuSans": ("DejaVuSans", "DejaVuSans-Bold",
                   _MPL_FONTS / "DejaVuSans.ttf", _MPL_FONTS / "DejaVuSans-Bold.ttf"),
    "DejaVuSerif": ("DejaVuSerif", "DejaVuSerif-Bold",
                    _MPL_FONTS / "DejaVuSerif.ttf", _MPL_FONTS / "DejaVuSerif-Bold.ttf"),
}
NUMBER_FONTS: dict[str, Path | None] = {"Courier": None,
                                        "DejaVuSansMono": _MPL_FONTS / "DejaVuSansMono.ttf"}
RUNNING_HEADERS = ("NVE – Status for AMS-innføringen", "Status for AMS-innføringen",
                   "Norges vassdrags- og energidirektorat", "AMS – status og planer")
PAGE_NUMBER_FORMATS = ("side {n}", "Side {n}", "{n}", "– {n} –")
DARK = ("#1f3a5f", "#2b2b2b", "#00505c", "#5a1e1e")
LIGHT = ("#eeeeee", "#e4edf5", "#f1f1e2")


# ---------------------------------------------------------------------------
# Public interface
# ---------------------------------------------------------------------------

@dataclass
class Layout:
    """What `generate` made: the PDF, its manifest and every random choice."""

    pdf: Path
    edition: str  # the edition's file stem
    seed: int
    scanned: bool
    features: dict[str, object]  # flat, JSON-serialisable; "blanked" lists emptied keys
    truth: Path  # the edition's truth CSV (table,row,column,value,...)
    manifest: Path = field(default=Path())

    @property
    def blanked(self) -> set[tuple[str, str, str]]:
        """The (table, row, column) keys whose cells were printed empty."""
        keys = self.features.get("blanked", [])
        return {(str(t), str(r), str(c)) for t, r, c in keys} if isinstance(keys, list) else set()


def generate(edition: Path, seed: int, out_dir: Path, *, scanned: bool = False,
             footnotes: bool = False) -> Layout:
    """Render `edition` in the layout drawn by `seed`; write the PDF and its manifest.
    `footnotes`: the same layout with footnote markers on headers and labels."""
    edition = Path(edition).resolve()
    stem = edition.stem
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    content = _content(str(edition))
    rng = random.Random(f"{stem}-{seed}")
    style = choose_style(rng, content)
    if footnotes:
        marks = random.Random(f"{stem}-{seed}-footnotes").choice(
            ["paren", "glued", "superscript"])
        if marks == "superscript" and not all(_has_glyph(style.regular, ch)
                                              for ch in "\u00b9\u00b2\u207e"):
            marks = "glued"
        style = dataclasses.replace(style, footnotes=marks)
    sections = build_sections(content, style)
    blanked = blank_cells(rng, sections) if style.empty_cells else []
    pdf_bytes, outcome = Renderer(style, content, rng).build(sections)
    features = {**style.features(), **outcome, "blanked": blanked}
    if scanned:
        pdf_bytes, scan_features = scan_pdf(pdf_bytes, random.Random(f"{stem}-{seed}-scan"))
        features.update(scan_features)
    name = f"{stem}-{seed}{'-notes' if footnotes else ''}{'-scan' if scanned else ''}"
    pdf_path = out_dir / f"{name}.pdf"
    pdf_path.write_bytes(pdf_bytes)
    truth = truth_path(edition)
    manifest = out_dir / f"{name}.json"
    record = {"pdf": pdf_path.name, "edition": stem, "edition_path": _shown(edition),
              "seed": seed, "scanned": scanned, "truth": _shown(truth),
              "blanked": blanked, "features": features, "cells": printed_cells(sections)}
    manifest.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Layout(pdf_path, stem, seed, scanned, features, truth, manifest)


def printed_cells(sections: Sequence[Section]) -> list[dict[str, object]]:
    """Every value cell as printed: its table, row label, place among the row's printed
    values, text and truth keys. What a general table reader (Camelot, img2table) is scored
    on, having no spec to turn cells into keys: the value under the right row label."""
    cells = []
    for section in sections:
        if section.grid is None:
            continue
        for row in section.grid.rows:
            printed = [c for c in row.cells if c.text]
            cells.extend({"table": section.grid.id, "label": row.label, "place": place,
                          "text": cell.text, "keys": cell.keys}
                         for place, cell in enumerate(printed) if cell.keys)
    return cells


def truth_path(edition: Path) -> Path:
    """The truth of an edition: `<stem>.expected.csv` beside it, else its golden folder."""
    edition = Path(edition)
    for candidate in (edition.with_name(f"{edition.stem}.expected.csv"),
                      ROOT / "fixtures" / edition.stem / "observations.csv"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"no truth for {edition}")


def all_editions() -> list[Path]:
    """The six editions: the 2016 dump and samples/editions/*.txt."""
    return [HERE / "nve-ams-status-2016h1.txt", *sorted((HERE / "editions").glob("*.txt"))]


def _shown(path: Path) -> str:
    """A path relative to the repository when inside it, so manifests do not depend on it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# Content: what the edition says, from the public API
# ---------------------------------------------------------------------------

@dataclass
class Content:
    report: Any  # extractor's Report
    spec: dict[str, dict[str, Any]]  # table id -> its [[tables]] block
    section_titles: list[str]  # titles of the sections without tables (Forord, Innhold)
    year: str
    has_title: bool  # the edition opens with a title line of its own, not a section


@cache
def _content(edition: str) -> Content:
    """The extracted edition, cached: a benchmark generates many layouts of one edition."""
    spec = tomllib.loads(SPEC_PATH.read_text(encoding="utf-8"))
    report = extract(edition)
    titles = [t for s in spec.get("sections", []) for t in s.get("titles", [])]
    first = next((line.text.strip() for line in report.document.lines if line.text.strip()), "")
    found = [t for t in report.extracted if t.source_lines]
    opens_section = first in titles or any(
        _clean(t.source_lines[0].text) == first for t in found)
    return Content(report, {t["id"]: t for t in spec["tables"]}, titles,
                   str(report.edition_id)[:4], not opens_section)


@dataclass
class Block:
    """A piece of prose: title, heading, para, subhead, bullet, desc, line or toc."""

    kind: str
    text: str
    extra: str = ""  # the page number of a toc line
    open: bool = False  # the text line it ends with was wrapped: the next one continues it


@dataclass
class Cell:
    text: str
    keys: list[list[str]]  # truth keys [table, row, column] printed in this cell


@dataclass
class Row:
    label: str
    sub: bool  # a dashed sub-row ("- Brosjyre")
    cells: list[Cell]


@dataclass
class Column:
    header: str  # on one line
    stacked: list[str]  # the same, stacked over lines as a typesetter would


@dataclass
class Grid:
    id: str
    stub: str
    columns: list[Column]
    rows: list[Row]


@dataclass
class Section:
    id: str  # table id, or "front" for what comes before the first section
    heading: str  # as printed, with its number ("3 Kvartalsvis installasjonsplan")
    body: list[Block] = field(default_factory=list)
    grid: Grid | None = None
    chart: str = ""  # "bars" or "stacked" for sections that print a chart without values
    chart_text: list[str] = field(default_factory=list)  # legend and axis text of the chart
    kommentar: str = ""  # the "Kommentar:" line as printed
    comments: list[Block] = field(default_factory=list)


def _clean(text: str) -> str:
    """A text line without its private-use bullet glyph and with single spaces."""
    return " ".join(text.replace("\uf0b7", "\u2022").split())


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def build_sections(content: Content, style: Style) -> list[Section]:
    """The document in reading order: front matter, then each section by its line."""
    report = content.report
    found = sorted((t for t in report.extracted if t.source_lines),
                   key=lambda t: t.source_lines[0].number)
    first = found[0].source_lines[0].number if found else 10**9
    front = [line for line in report.document.lines if line.number < first]
    sections = [Section("front", "", body=prose_blocks(front, content, front=True))]
    for table in found:
        sections.append(_section(table, content, style))
    return sections


def _section(table: Any, content: Content, style: Style) -> Section:
    lines = list(table.source_lines)
    sec = Section(table.id, _clean(lines[0].text))
    body = lines[1:]
    cut = next((i for i, line in enumerate(body)
                if _clean(line.text).lower().startswith("kommentar")), len(body))
    before, after = body[:cut], body[cut:]
    if after:
        sec.kommentar = _clean(after[0].text)
        sec.comments = comment_blocks(after[1:])
    kind = content.spec.get(table.id, {}).get("kind", "grid")
    text_before = [_clean(line.text) for line in before
                   if _clean(line.text) and not STRAY_PAGE_NUMBER.fullmatch(_clean(line.text))]
    if kind == "grid" and table.observations:
        section_text = _norm(" ".join(line.text for line in before))
        sec.grid = build_grid(table, content.spec[table.id], style, section_text, before)
    elif kind == "chart":
        sec.chart, sec.chart_text = "stacked", text_before
    elif kind == "prose" and not text_before:
        sec.chart = "bars"  # the cost section prints a bar chart whose values are not given
    else:
        sec.body = prose_blocks(before, content, summary=kind == "prose")
    return sec


def prose_blocks(lines: Iterable[Any], content: Content, *, front: bool = False,
                 summary: bool = False) -> list[Block]:
    """Paragraphs of a text dump: a blank line ends one, so does a short (unwrapped) line."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in lines:
        text = _clean(line.text)
        if not text or STRAY_PAGE_NUMBER.fullmatch(text):
            current = None
            continue
        toc = TOC_LINE.match(text)
        if toc:
            blocks.append(Block("toc", toc.group(1), toc.group(2)))
            current = None
            continue
        if text in content.section_titles:
            blocks.append(Block("heading", text))
            current = None
            continue
        # The reader turns a bullet glyph into a space: its line starts with two.
        if text[0] in BULLET_CHARS or line.text.startswith("  "):
            current = Block("bullet", text.lstrip(BULLET_CHARS).strip())
            blocks.append(current)
        elif current is not None and current.open:
            current.text += " " + text
        else:
            kind = "title" if front and not blocks else "para"
            current = Block(kind, text)
            blocks.append(current)
        current.open = len(line.text.strip()) > 55
    for block in blocks:
        # Summary sub-headings ("Hovedtall per juni 2017", "Installasjonsplan") are
        # short lines of their own without a full stop; a real report sets them bold.
        if summary and block.kind == "para" and len(block.text) < 60 \
                and not block.text.endswith((".", ":")):
            block.kind = "subhead"
        elif front and block.kind == "para" and len(block.text) < 45:
            block.kind = "line"  # signature lines and the place and date stay on their own
    return blocks


def _heading_like(text: str) -> bool:
    return len(text) < 70 and not text.endswith((".", ",", ":", ";"))


def comment_blocks(lines: Iterable[Any]) -> list[Block]:
    """Items of a "Kommentar:" block: an item starts with a bullet or an indent.

    In the dumps, the blank lines inside a comment separate wrapped lines, not
    paragraphs; a line that starts at the margin continues the item above.  A
    short bullet followed by a capitalised line is a heading with a description
    (the risk section's "Adkomst til måler").
    """
    blocks: list[Block] = []
    for line in lines:
        text = _clean(line.text)
        if not text or STRAY_PAGE_NUMBER.fullmatch(text):
            continue
        starts_item = line.text[:1].isspace() or text[0] in BULLET_CHARS
        text = text.lstrip(BULLET_CHARS).strip()
        if starts_item or not blocks:
            blocks.append(Block("bullet", text))
        elif blocks[-1].kind == "bullet" and _heading_like(blocks[-1].text) \
                and text[:1].isupper() and not blocks[-1].open:
            blocks.append(Block("desc", text))
        else:
            blocks[-1].text += " " + text
            blocks[-1].open = True
    return blocks


# -- grid tables --------------------------------------------------------------

def build_grid(table: Any, spec: dict[str, Any], style: Style, section_text: str,
               lines: Sequence[Any]) -> Grid:
    """A grid table from its observations, with headers printed the way the edition says."""
    by_row: dict[str, dict[str, Any]] = {}
    for obs in table.observations:
        by_row.setdefault(obs.row, {})[obs.column] = obs
    origin = spec.get("header_columns", {}).get("from")
    if origin == "reporting_years":
        layout = _workforce_columns(table.columns, style, section_text)
    elif origin == "periods":
        layout = [([key], _period_column(key, style, marked=index == 0))
                  for index, key in enumerate(table.columns)]
    else:
        aliases = {c["key"]: c.get("headers", [c["key"]]) for c in spec.get("columns", [])}
        layout = [([key], _column(_phrase(aliases.get(key, [key]), section_text)))
                  for key in table.columns]
    stub = "" if origin == "periods" else _phrase(spec.get("stub_headers", ["Kategori"]),
                                                   section_text)
    printed = [_norm(line.text) for line in lines]
    rows = []
    for row_key, cells in by_row.items():
        label = next(iter(cells.values())).label
        sub = any(p.startswith(_norm(f"- {label}")) for p in printed)
        if _norm(f"{label} (*)") in section_text:
            label += " (*)"  # the footnote mark the comment refers to
        rows.append(Row(label, sub, [_cell(table.id, row_key, keys, cells, style)
                                     for keys, _ in layout]))
    if rows and style.footnotes:
        rows[-1] = dataclasses.replace(rows[-1], label=rows[-1].label + _marker(2, style))
    return Grid(table.id, stub, [col for _, col in layout], rows)


def _marker(number: int, style: Style) -> str:
    """A footnote marker as the layout prints it after a word: " 1)" or "¹⁾"."""
    if style.footnotes == "superscript":
        return "\u00b9\u00b2\u00b3"[number - 1] + "\u207e"
    return f"{number})" if style.footnotes == "glued" else f" {number})"


def _phrase(aliases: Sequence[str], section_text: str) -> str:
    """The longest of a column's known headers that the edition prints, else the first."""
    found = [a for a in aliases if _norm(a) in section_text]
    return max(found, key=len) if found else aliases[0]


def _column(header: str) -> Column:
    return Column(header, _stack(header, 2 if len(header) < 26 else 3))


def _period_column(key: str, style: Style, marked: bool = False) -> Column:
    mark = _marker(1, style) if marked and style.footnotes else ""
    if "-Q" not in key:
        return Column(key + mark, [key + mark])
    year, quarter = key.split("-Q")
    top = QUARTER_STYLES[style.quarter_style].format(q=quarter)
    return Column(f"{top} {year}{mark}", [top, year + mark])


def _workforce_columns(keys: Sequence[str], style: Style,
                       section_text: str) -> list[tuple[list[str], Column]]:
    """Each reporting year is a companies and a share column, or one "16 (14%)" column."""
    base = _phrase(["Antall selskap", "Tal på selskap"], section_text)
    years = [k.split("_")[1] for k in keys if k.startswith("companies_")]
    out = []
    for year in years:
        header = _column(f"{base} {year}-rapportering")
        if style.workforce_style == "combined":
            out.append(([f"companies_{year}", f"share_{year}_pct"], header))
        else:
            out.append(([f"companies_{year}"], header))
            out.append(([f"share_{year}_pct"], Column("(%)", ["(%)"])))
    return out


def _cell(table: str, row: str, keys: Sequence[str], cells: dict[str, Any],
          style: Style) -> Cell:
    present = [k for k in keys if k in cells]
    truth = [[table, row, k] for k in present]
    if not present:
        return Cell("", [])
    if len(keys) == 2:  # combined workforce cell
        if len(present) < 2:
            return Cell("", [])  # never print half a pair: the truth lacks the other half
        count = format_number(cells[keys[0]].raw, style)
        return Cell(f"{count} ({_share_digits(cells[keys[1]].raw)}%)", truth)
    raw = cells[keys[0]].raw
    if keys[0].startswith("share_") and keys[0].endswith("_pct"):
        digits = _share_digits(raw)
        text = {"14": digits, "14%": f"{digits}%", "(14%)": f"({digits}%)",
                "14 %": f"{digits} %"}[style.share_format]
        return Cell(text, truth)
    return Cell(format_number(raw, style), truth)


def _share_digits(raw: str) -> str:
    return re.sub(r"[()%\s]", "", raw)


def format_number(raw: str, style: Style) -> str:
    """A printed integer regrouped with the layout's thousands separator; others as printed."""
    if not INTEGER.fullmatch(raw) or not any(c.isdigit() for c in raw):
        return raw
    digits = raw.replace(" ", "")
    sep = SEPARATORS[style.thousands_sep]
    if len(digits) < style.group_min_digits or not sep:
        return digits
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sep.join(groups)


def _stack(text: str, lines: int) -> list[str]:
    """Split a header into `lines` lines of balanced width, at spaces and after hyphens."""
    tokens: list[str] = []
    for word in re.findall(r"\S+\s*", text):
        for part in re.findall(r"[^-]+-(?=.)|.+", word):
            if tokens and part.strip() in {"-", "–"}:
                tokens[-1] += part  # never start a line with a lone dash
            else:
                tokens.append(part)
    lines = min(lines, len(tokens))
    if lines <= 1:
        return [text]
    best: list[str] = [text]
    best_width = math.inf
    for cuts in _cut_points(len(tokens), lines - 1):
        bounds = [0, *cuts, len(tokens)]
        parts = ["".join(tokens[a:b]).strip() for a, b in itertools.pairwise(bounds)]
        width = max(len(p) for p in parts)
        if width < best_width:
            best, best_width = parts, width
    return best


def _cut_points(n: int, k: int, start: int = 1) -> Iterable[list[int]]:
    if k == 0:
        yield []
        return
    for i in range(start, n - k + 1):
        for rest in _cut_points(n, k - 1, i + 1):
            yield [i, *rest]


def blank_cells(rng: random.Random, sections: Sequence[Section]) -> list[list[str]]:
    """Empty one or two value cells of one table; return the truth keys they held."""
    grids = [s.grid for s in sections
             if s.grid and sum(1 for r in s.grid.rows for c in r.cells if c.keys) >= 3]
    if not grids:
        return []
    grid = rng.choice(grids)
    filled = [c for r in grid.rows for c in r.cells if c.keys]
    chosen = rng.sample(filled, rng.choice([1, 1, 2]))
    keys = []
    for cell in chosen:
        keys.extend(cell.keys)
        cell.text, cell.keys = "", []
    return sorted(keys)


# ---------------------------------------------------------------------------
# Layout choices
# ---------------------------------------------------------------------------

@dataclass
class Style:
    """Every random choice of a layout; `features()` records them.

    Page: flow (page_per_section | flowing), margins, cover_page, running_header
    (one of RUNNING_HEADERS or ""), header_rule, footer_text ("Rapport 31/2016"),
    page_number_format (PAGE_NUMBER_FORMATS), page_number_position (footer_right |
    footer_centre | footer_left | header_right | outer | with_footer), landscape
    (never | when_needed | wide_tables), section_gap_pt.
    Type: font (FAMILIES), number_font (same | Courier | DejaVuSansMono), size
    (8-12 pt), leading, title_size, prose_align (left | justify), bullet, kommentar_bold.
    Tables: rules (none | row_rules | full_grid | zebra | header_band), header_mode
    (single_line | stacked | wrapped), header_valign and value_valign (top | middle |
    bottom), number_align and header_align (left | right | centre), stub_mode (narrow
    | fit | wide) with stub_width_mm, col_gap_pt (3-45, log-uniform), cell_pad_pt,
    row_pad_pt, table_align, thousands_sep (space | nbsp | thin | none),
    group_min_digits (4 | 5), quarter_style (QUARTER_STYLES), workforce_style
    (two_columns | combined: "16 (14%)"), share_format, subrow_style (dash | indent |
    dash_indent), repeat_header, force_split (a table id or ""), empty_cells, charts
    (drawn | blank).
    """

    flow: str
    font: str
    number_font: str
    size: float
    leading: float
    margin_left_mm: float
    margin_right_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    title_size: float
    cover_page: bool
    running_header: str
    header_rule: bool
    footer_text: str
    page_number_format: str
    page_number_position: str
    thousands_sep: str
    group_min_digits: int
    number_align: str
    header_align: str
    header_mode: str
    header_valign: str
    value_valign: str
    stub_mode: str
    stub_width_mm: float
    col_gap_pt: float
    cell_pad_pt: float
    row_pad_pt: float
    rules: str
    band_colour: str
    zebra_colour: str
    table_align: str
    quarter_style: str
    workforce_style: str
    share_format: str
    subrow_style: str
    bullet: str
    prose_align: str
    kommentar_bold: bool
    landscape: str
    repeat_header: bool
    force_split: str
    empty_cells: bool
    charts: str
    section_gap_pt: float
    # Not drawn from the seed (which would move every later draw): a variant of any
    # layout, `generate(..., footnotes=True)`. A marker after the first period header
    # ("2015 1)") and after the last row's label ("Totalt 2)"): spaced "1)", glued "1)"
    # (as a text layer gives Word's superscript "1)") or superscript digits "¹⁾".
    footnotes: str = ""  # "" (none), "paren", "glued" or "superscript"

    def features(self) -> dict[str, object]:
        return dict(vars(self))

    @property
    def regular(self) -> str:
        return FAMILIES[self.font][0]

    @property
    def bold(self) -> str:
        return FAMILIES[self.font][1]

    @property
    def numbers(self) -> str:
        return self.regular if self.number_font == "same" else self.number_font


def choose_style(rng: random.Random, content: Content) -> Style:
    """Draw a layout.  The order of draws is fixed: it is part of what a seed means."""
    font = rng.choice(list(FAMILIES))
    number_font = rng.choice(["same", "same", "same", "Courier", "DejaVuSansMono"])
    size = rng.choice([x / 2 for x in range(16, 25)])
    numbers = FAMILIES[font][0] if number_font == "same" else number_font
    # A thin space only where both fonts have the glyph; otherwise it would print as a box.
    seps = [s for s in SEPARATORS
            if all(_has_glyph(f, SEPARATORS[s]) for f in (FAMILIES[font][0], numbers))]
    grids = [t.id for t in content.report.extracted
             if content.spec.get(t.id, {}).get("kind") == "grid" and len(
                 {o.row for o in t.observations}) >= 4]
    number_align = rng.choice(["right", "left", "centre"])
    header_align = rng.choice([number_align, number_align, "left", "centre", "right"])
    stub_mode = rng.choice(["narrow", "fit", "wide"])
    return Style(
        flow=rng.choice(["page_per_section", "flowing"]),
        font=font,
        number_font=number_font,
        size=size,
        leading=round(rng.uniform(1.15, 1.45), 2),
        margin_left_mm=round(rng.uniform(15, 30), 1),
        margin_right_mm=round(rng.uniform(15, 30), 1),
        margin_top_mm=round(rng.uniform(20, 32), 1),
        margin_bottom_mm=round(rng.uniform(20, 30), 1),
        title_size=size + rng.choice([2, 3, 4, 6]),
        # An edition with its own title line gets no second, made-up cover.
        cover_page=rng.random() < 0.35 and not content.has_title,
        running_header=rng.choice([*RUNNING_HEADERS, ""]),
        header_rule=rng.random() < 0.5,
        footer_text=f"Rapport {rng.randint(12, 68)}/{content.year}",
        page_number_format=rng.choice(PAGE_NUMBER_FORMATS),
        page_number_position=rng.choice(["footer_right", "footer_centre", "footer_left",
                                         "header_right", "outer", "with_footer"]),
        thousands_sep=rng.choice(seps),
        group_min_digits=rng.choice([4, 5]),
        number_align=number_align,
        header_align=header_align,
        header_mode=rng.choice(["single_line", "stacked", "wrapped"]),
        header_valign=rng.choice(["top", "middle", "bottom"]),
        value_valign=rng.choice(["top", "middle", "bottom"]),
        stub_mode=stub_mode,
        stub_width_mm={"narrow": round(rng.uniform(22, 40), 1), "fit": 0.0,
                       "wide": round(rng.uniform(60, 100), 1)}[stub_mode],
        # log-uniform: the gap varies over an order of magnitude, 3 to 45 pt
        col_gap_pt=round(math.exp(rng.uniform(math.log(3), math.log(45))), 1),
        cell_pad_pt=round(rng.uniform(1.5, 5), 1),
        row_pad_pt=round(rng.uniform(1, 5), 1),
        rules=rng.choice(["none", "row_rules", "full_grid", "zebra", "header_band"]),
        band_colour=rng.choice(DARK),
        zebra_colour=rng.choice(LIGHT),
        table_align=rng.choice(["left", "centre"]),
        quarter_style=rng.choice(list(QUARTER_STYLES)),
        workforce_style=rng.choice(["two_columns", "combined"]),
        share_format=rng.choice(["14", "14%", "(14%)", "14 %"]),
        subrow_style=rng.choice(["dash", "indent", "dash_indent"]),
        bullet=rng.choice(["\u2022", "–", "-"]),
        prose_align=rng.choice(["left", "justify"]),
        kommentar_bold=rng.random() < 0.5,
        landscape=rng.choice(["never", "when_needed", "wide_tables"]),
        repeat_header=rng.random() < 0.5,
        force_split=rng.choice(grids) if grids and rng.random() < 0.45 else "",
        empty_cells=rng.random() < 0.35,
        charts=rng.choice(["drawn", "drawn", "blank"]),
        section_gap_pt=round(rng.uniform(6, 30), 1),
    )


@cache
def _register(name: str) -> str:
    """Register a TTF font with reportlab once; standard fonts need nothing."""
    path = {**{f[0]: f[2] for f in FAMILIES.values()}, **{f[1]: f[3] for f in FAMILIES.values()},
            **NUMBER_FONTS}.get(name)
    if path is not None:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _has_glyph(font: str, char: str) -> bool:
    if not char:
        return True
    font_obj = pdfmetrics.getFont(_register(font))
    face = getattr(font_obj, "face", None)
    if face is not None and hasattr(face, "charToGlyph"):
        return ord(char) in face.charToGlyph
    try:  # a standard font: WinAnsi encoding
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

ALIGN = {"left": "LEFT", "right": "RIGHT", "centre": "CENTER"}
P_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "centre": TA_CENTER}
VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}


class _FillTo(Flowable):
    """Blank space taking all but `keep` points of the frame.

    What follows then starts near the page bottom, which forces the next
    table to break over the page after its first rows.
    """

    def __init__(self, keep: float) -> None:
        super().__init__()
        self.keep = keep

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Less room left than `keep`: claim more than there is, so the filler moves to
        # the next page and leaves `keep` at that page's bottom instead.
        self.height = avail_height - self.keep if avail_height >= self.keep else avail_height + 1
        return avail_width, self.height

    def draw(self) -> None:
        pass


class _TocLine(Flowable):
    """A contents line: title, dot leaders, page number."""

    def __init__(self, text: str, page: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.page, self.font, self.size = text, page, font, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.size * 1.6
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.font, self.size)
        y = self.size * 0.4
        canv.drawString(0, y, self.text)
        canv.drawRightString(self.width, y, self.page)
        start = pdfmetrics.stringWidth(self.text, self.font, self.size) + 4
        end = self.width - pdfmetrics.stringWidth(self.page, self.font, self.size) - 4
        dot = pdfmetrics.stringWidth(" .", self.font, self.size)
        if end > start:
            canv.drawString(start, y, " ." * int((end - start) / dot))


class _Doc(BaseDocTemplate):
    """Records the pages each table was drawn on, to tell which ones broke over a page."""

    def __init__(self, buf: io.BytesIO, **kw: Any) -> None:
        super().__init__(buf, **kw)
        self.table_pages: dict[str, set[int]] = {}

    def afterFlowable(self, flowable: Flowable) -> None:
        ident = getattr(flowable, "ident", None)
        if isinstance(flowable, Table) and ident:
            name = re.sub(r"\[\d+\]$", "", str(ident))
            self.table_pages.setdefault(name, set()).add(self.page)


@dataclass
class _Fitted:
    table: Table
    landscape: bool


class Renderer:
    """Typesets the sections with reportlab's platypus in one `Style`."""

    def __init__(self, style: Style, content: Content, rng: random.Random) -> None:
        self.st = style
        self.content = content
        self.rng = rng
        for name in {style.regular, style.bold, style.numbers}:
            _register(name)
        self.story: list[Flowable] = []
        self.template = "portrait"
        self.portrait_width = A4[0] - (style.margin_left_mm + style.margin_right_mm) * MM
        self.landscape_width = A4[1] - (style.margin_left_mm + style.margin_right_mm) * MM
        self.styles = self._paragraph_styles()

    # -- styles ----------------------------------------------------------------
    def _paragraph_styles(self) -> dict[str, ParagraphStyle]:
        st = self.st
        lead = st.size * st.leading
        body = ParagraphStyle("body", fontName=st.regular, fontSize=st.size, leading=lead,
                              alignment=TA_JUSTIFY if st.prose_align == "justify" else TA_LEFT,
                              spaceAfter=st.size * 0.7)
        head = ParagraphStyle("heading", parent=body, fontName=st.bold, fontSize=st.title_size,
                              leading=st.title_size * 1.25, alignment=TA_LEFT,
                              spaceBefore=st.size * 0.8, spaceAfter=st.size * 0.9)
        header_colour = colors.white if st.rules == "header_band" else colors.black
        return {
            "body": body,
            "heading": head,
            "title": ParagraphStyle("title", parent=head, fontSize=st.title_size + 6,
                                    leading=(st.title_size + 6) * 1.25, spaceAfter=st.size * 2),
            "subhead": ParagraphStyle("subhead", parent=body, fontName=st.bold, keepWithNext=1,
                                      alignment=TA_LEFT, spaceBefore=st.size * 0.3),
            "bullet": ParagraphStyle("bullet", parent=body, leftIndent=st.size * 1.4,
                                     bulletIndent=st.size * 0.3, spaceAfter=st.size * 0.35),
            "desc": ParagraphStyle("desc", parent=body, leftIndent=st.size * 1.4),
            "line": ParagraphStyle("line", parent=body, alignment=TA_LEFT, spaceAfter=1),
            "kommentar": ParagraphStyle("kommentar", parent=body, alignment=TA_LEFT,
                                        fontName=st.bold if st.kommentar_bold else st.regular,
                                        spaceBefore=st.size, keepWithNext=1),
            "caption": ParagraphStyle("caption", parent=body, fontSize=st.size - 1,
                                      leading=(st.size - 1) * 1.2, alignment=TA_CENTER),
            "label": ParagraphStyle("label", parent=body, alignment=TA_LEFT, spaceAfter=0),
            "header": ParagraphStyle("header", parent=body, fontName=st.bold, spaceAfter=0,
                                     alignment=P_ALIGN[st.header_align],
                                     textColor=header_colour),
            "stub": ParagraphStyle("stub", parent=body, fontName=st.bold, spaceAfter=0,
                                   alignment=TA_LEFT, textColor=header_colour),
        }

    # -- document ----------------------------------------------------------------
    def build(self, sections: Sequence[Section]) -> tuple[bytes, dict[str, object]]:
        """The PDF and what came out of the layout (pages, splits, landscape, fitting)."""
        st = self.st
        buf = io.BytesIO()
        doc = _Doc(buf, pagesize=A4, invariant=1, title="Status for AMS-innføringen",
                   author="NVE", subject=self.content.report.edition_id,
                   creator="ams-extract samples/make_layouts.py")
        frames = {}
        for name, size in (("portrait", A4), ("landscape", landscape(A4))):
            frames[name] = PageTemplate(name, [Frame(
                st.margin_left_mm * MM, st.margin_bottom_mm * MM,
                size[0] - (st.margin_left_mm + st.margin_right_mm) * MM,
                size[1] - (st.margin_top_mm + st.margin_bottom_mm) * MM,
                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)],
                onPage=self._decorate, pagesize=size)
        doc.addPageTemplates([frames["portrait"], frames["landscape"]])
        notes: list[str] = []
        landscape_tables: list[str] = []
        if st.cover_page:
            self._cover()
        for sec in sections:
            self._section(sec, notes, landscape_tables)
        with binary_streams():
            doc.build(self.story)
        split = sorted(t for t, pages in doc.table_pages.items() if len(pages) > 1)
        return buf.getvalue(), {"pages": doc.page, "split_tables": split,
                                "landscape_tables": landscape_tables,
                                "fit_adjustments": list(dict.fromkeys(notes))}

    def _new_page(self, template: str = "portrait") -> None:
        """Start a page (of `template`), never leaving an empty page between two breaks."""
        if self.story and isinstance(self.story[-1], PageBreak):
            if template != self.template:
                self.story.insert(len(self.story) - 1, NextPageTemplate(template))
        elif self.story:
            if template != self.template:
                self.story.append(NextPageTemplate(template))
            self.story.append(PageBreak())
        self.template = template

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Running header, footer and page number: text a table reader must ignore."""
        st = self.st
        if st.cover_page and doc.page == 1:
            return
        width, height = canv._pagesize
        left, right = st.margin_left_mm * MM, width - st.margin_right_mm * MM
        top = height - st.margin_top_mm * MM + 10
        bottom = st.margin_bottom_mm * MM - 18
        size = max(6.5, st.size - 1.5)
        number = st.page_number_format.format(n=doc.page)
        canv.saveState()
        canv.setFont(st.regular, size)
        canv.setFillGray(0.25)
        if st.running_header:
            canv.drawString(left, top, st.running_header)
            if st.header_rule:
                canv.setLineWidth(0.5)
                canv.line(left, top - 3, right, top - 3)
        position = st.page_number_position
        if position == "outer":
            position = "footer_right" if doc.page % 2 else "footer_left"
        if position == "with_footer":
            canv.drawRightString(right, bottom, f"{st.footer_text} · {number}")
        else:
            footer_at_left = position != "footer_left"
            if footer_at_left:
                canv.drawString(left, bottom, st.footer_text)
            else:
                canv.drawRightString(right, bottom, st.footer_text)
            x_y = {"footer_right": (right, bottom), "footer_left": (left, bottom),
                   "footer_centre": ((left + right) / 2, bottom),
                   "header_right": (right, top)}[position]
            draw = {"footer_left": canv.drawString,
                    "footer_centre": canv.drawCentredString}.get(position, canv.drawRightString)
            draw(*x_y, number)
        canv.restoreState()

    def _cover(self) -> None:
        report = self.content.report
        s = self.styles
        self.story += [
            Spacer(1, 60 * MM),
            Paragraph("Status og planer for innføring av AMS", s["title"]),
            Paragraph(escape(f"Status {report.edition.period_text}"), s["heading"]),
            Spacer(1, 20 * MM),
            Paragraph(escape(self.st.footer_text), s["body"]),
            Paragraph("Norges vassdrags- og energidirektorat", s["body"]),
        ]
        self._new_page()

    # -- sections ------------------------------------------------------------------
    def _section(self, sec: Section, notes: list[str], landscape_tables: list[str]) -> None:
        st = self.st
        fitted = self._fit(sec.grid, notes) if sec.grid else None
        chart_height = self.rng.uniform(45, 75) * MM if sec.chart else 0.0
        if fitted and fitted.landscape:
            landscape_tables.append(sec.id)
            self._new_page("landscape")
        elif self.template == "landscape" or (
                st.flow == "page_per_section" and sec.id not in ("front", st.force_split)):
            # The table forced over a page break follows the previous section even
            # here: a section alone at the bottom of an empty page would look made up.
            self._new_page("portrait")
        elif sec.id != "front":
            self.story.append(Spacer(1, st.section_gap_pt))
            if sec.id != st.force_split:
                self.story.append(CondPageBreak(self._needed(fitted, chart_height)))
        heading = Paragraph(escape(sec.heading), self.styles["heading"]) if sec.heading else None
        if fitted and sec.id == st.force_split:
            self.story.append(_FillTo(self._split_keep(heading, fitted.table)))
        if heading:
            self.story.append(heading)
        self._blocks(sec.body)
        if fitted:
            self.story.append(fitted.table)
        if sec.chart:
            self._chart(sec, chart_height)
        if sec.kommentar:
            self.story.append(Paragraph(escape(sec.kommentar), self.styles["kommentar"]))
            self._blocks(sec.comments)

    def _width(self) -> float:
        return self.landscape_width if self.template == "landscape" else self.portrait_width

    def _needed(self, fitted: _Fitted | None, chart_height: float) -> float:
        """Room a section needs at a page bottom: its heading and a little of its content."""
        need = self.st.title_size * 2.5
        if fitted:
            fitted.table.wrap(self._width(), 10**6)
            need += sum(fitted.table._rowHeights[:3])
        elif chart_height:
            need += chart_height
        else:
            need += self.st.size * self.st.leading * 4
        return need

    def _split_keep(self, heading: Paragraph | None, table: Table) -> float:
        """Room for the heading, the table header and one or two rows: the rest goes over."""
        keep = 2.0
        if heading:
            keep += heading.wrap(self._width(), 10**6)[1] + heading.getSpaceBefore() \
                + heading.getSpaceAfter()
        table.wrap(self._width(), 10**6)
        rows = table._rowHeights
        return keep + sum(rows[: 1 + self.rng.choice([1, 2])])

    def _blocks(self, blocks: Sequence[Block]) -> None:
        s = self.styles
        for block in blocks:
            text = escape(block.text)
            if block.kind == "toc":
                self.story.append(_TocLine(block.text, block.extra, self.st.regular,
                                           self.st.size))
            elif block.kind == "bullet":
                self.story.append(Paragraph(text, s["bullet"], bulletText=self.st.bullet))
            elif block.kind in ("title", "heading", "subhead", "desc", "line"):
                self.story.append(Paragraph(text, s[block.kind]))
            else:
                self.story.append(Paragraph(text, s["body"]))
        if blocks and self.rng.random() < 0.3:
            self.story.append(Spacer(1, self.rng.uniform(4, 40)))  # the odd blank space

    # -- charts ----------------------------------------------------------------------
    def _chart(self, sec: Section, height: float) -> None:
        """A bar chart without values, as the report prints; or the blank space it leaves."""
        st = self.st
        rng = self.rng
        width = self._width() * rng.uniform(0.55, 0.85)
        if st.charts == "blank":
            self.story.append(Spacer(1, height))
        else:
            labels = (["5 laveste", "Veiet gj.snitt for alle", "5 høyeste"] if sec.chart == "bars"
                      else [f"Selskap {c}" for c in "ABCD"])
            self.story.append(self._drawing(labels, sec.chart == "stacked", width, height))
        for text in sec.chart_text:
            self.story.append(Paragraph(escape(text), self.styles["caption"]))

    def _drawing(self, labels: Sequence[str], stacked: bool, width: float,
                 height: float) -> Drawing:
        st = self.st
        rng = self.rng
        drawing = Drawing(width, height)
        size = max(6.5, st.size - 1)
        base, left = size * 3.2, 10.0
        drawing.add(Line(left, base, left, height - 4, strokeWidth=0.6))
        drawing.add(Line(left, base, width - 4, base, strokeWidth=0.6))
        slot = (width - left - 8) / len(labels)
        greys = [0.3, 0.55, 0.75, 0.9]
        for i, label in enumerate(labels):
            x = left + 4 + slot * i + slot * 0.25
            y = base
            for k in range(4 if stacked else 1):
                h = (height - base - 8) * rng.uniform(0.1, 0.24 if stacked else 0.95)
                drawing.add(Rect(x, y, slot * 0.5, h, fillColor=colors.Color(*[greys[k]] * 3),
                                 strokeWidth=0.4))
                y += h
            for j, part in enumerate(_stack(label, 2) if pdfmetrics.stringWidth(
                    label, st.regular, size) > slot - 4 else [label]):
                drawing.add(String(left + 4 + slot * (i + 0.5), base - size * (1.3 + 1.15 * j),
                                   part, fontName=st.regular, fontSize=size, textAnchor="middle"))
        return drawing

    # -- tables ---------------------------------------------------------------------------
    def _fit(self, grid: Grid, notes: list[str]) -> _Fitted:
        """Column widths for the layout, degraded step by step until the table fits.

        A wide table goes to a landscape page when the layout allows it; otherwise
        the gaps shrink, the header wraps, and last the font gets smaller.  Each
        step is noted, so a manifest says why a table looks tighter than its layout.
        """
        st = self.st
        gap = st.col_gap_pt * self.rng.uniform(0.75, 1.3)
        mode, size = st.header_mode, st.size
        # Wide: the values do not fit a portrait page beside a stub of a third of it,
        # even with small gaps and stacked headers.
        tight = self._value_widths(grid, "wrapped" if mode == "wrapped" else "stacked", 4.0, size)
        least, target = self._stub_bounds(grid, size)
        stub = max(least, min(target, self.portrait_width / 3))
        wide = stub + sum(tight) > self.portrait_width
        use_landscape = st.landscape != "never" and (
            wide or (st.landscape == "wide_tables" and len(grid.columns) >= 7))
        frame = self.landscape_width if use_landscape else self.portrait_width
        steps = 0
        widths: list[float] = []
        while sum(widths := self._widths(grid, mode, gap, size, frame)) > frame and steps < 40:
            steps += 1
            if gap > 2:
                gap = max(2.0, gap / 2)
                note = "gap"
            elif mode != "wrapped":
                mode = "stacked" if mode == "single_line" else "wrapped"
                note = f"header_{mode}"
            elif size > 6:
                size -= 0.5
                note = f"size_{size}"
            else:
                break
            notes.append(f"{grid.id}:{note}")
        return _Fitted(self._table(grid, widths, mode, size), use_landscape)

    def _widths(self, grid: Grid, mode: str, gap: float, size: float,
                frame: float | None = None) -> list[float]:
        """Stub and value column widths; with `frame`, the stub gives way first."""
        values = self._value_widths(grid, mode, gap, size)
        least, target = self._stub_bounds(grid, size)
        stub = max(least, target)
        if frame is not None and stub + sum(values) > frame:
            stub = max(least, frame - sum(values))
        return [stub, *values]

    def _value_widths(self, grid: Grid, mode: str, gap: float, size: float) -> list[float]:
        st = self.st
        values = []
        for j, column in enumerate(grid.columns):
            content = max([pdfmetrics.stringWidth(r.cells[j].text, st.numbers, size)
                           for r in grid.rows] + [0.0])
            values.append(max(content, self._header_need(column, mode, size))
                          + 2 * st.cell_pad_pt + gap)
        return values

    def _stub_bounds(self, grid: Grid, size: float) -> tuple[float, float]:
        """The narrowest stub (its longest word) and the one the layout asks for."""
        st = self.st
        pad, indent = 2 * st.cell_pad_pt, size * 1.2
        words = [w for r in grid.rows for w in r.label.split()] + grid.stub.split()
        least = max(pdfmetrics.stringWidth(w, st.regular, size) for w in words) + pad + indent
        natural = max([pdfmetrics.stringWidth(self._label_text(r), st.regular, size) + indent
                       for r in grid.rows]
                      + [pdfmetrics.stringWidth(grid.stub, st.bold, size)]) + pad + 2
        target = {"narrow": min(st.stub_width_mm * MM, natural), "fit": natural,
                  "wide": max(st.stub_width_mm * MM, min(natural, 0.55 * self.portrait_width))
                  }[st.stub_mode]
        return least, target

    def _header_need(self, column: Column, mode: str, size: float) -> float:
        bold = self.st.bold
        if mode == "single_line":
            return pdfmetrics.stringWidth(column.header, bold, size)
        if mode == "stacked":
            return max(pdfmetrics.stringWidth(p, bold, size) for p in column.stacked)
        return max(pdfmetrics.stringWidth(w, bold, size) for w in column.header.split()) + 1

    def _label_text(self, row: Row) -> str:
        return f"- {row.label}" if row.sub and self.st.subrow_style != "indent" else row.label

    def _table(self, grid: Grid, widths: list[float], mode: str, size: float) -> Table:
        st = self.st
        s = self.styles
        lead = size * max(1.15, st.leading - 0.1)
        label_style = ParagraphStyle("label", parent=s["label"], fontSize=size, leading=lead)
        sub_style = ParagraphStyle("sub", parent=label_style, leftIndent=size * 1.2)
        stub = _column(grid.stub) if grid.stub else Column("", [""])
        header = [self._header_cell(stub.header, stub.stacked, mode,
                                    ParagraphStyle("stub", parent=s["stub"], fontSize=size,
                                                   leading=lead))]
        header_style = ParagraphStyle("header", parent=s["header"], fontSize=size, leading=lead)
        header += [self._header_cell(c.header, c.stacked, mode, header_style)
                   for c in grid.columns]
        data: list[list[Any]] = [header]
        for row in grid.rows:
            style = sub_style if row.sub and st.subrow_style != "dash" else label_style
            data.append([Paragraph(escape(self._label_text(row)), style),
                         *[c.text for c in row.cells]])
        table = Table(data, colWidths=widths, repeatRows=1 if st.repeat_header else 0,
                      hAlign={"left": "LEFT", "centre": "CENTER"}[st.table_align],
                      ident=grid.id)
        table.setStyle(TableStyle(self._table_commands(size, lead)))
        return table

    def _header_cell(self, text: str, stacked: list[str], mode: str,
                     style: ParagraphStyle) -> Any:
        if mode == "wrapped":
            return Paragraph(escape(text), style)
        return "\n".join(stacked) if mode == "stacked" else text

    def _table_commands(self, size: float, lead: float) -> list[tuple[Any, ...]]:
        st = self.st
        pad, rpad = st.cell_pad_pt, st.row_pad_pt
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, 0), st.bold, size, lead),
            ("FONT", (1, 1), (-1, -1), st.numbers, size, lead),
            ("ALIGN", (1, 0), (-1, 0), ALIGN[st.header_align]),
            ("ALIGN", (1, 1), (-1, -1), ALIGN[st.number_align]),
            ("ALIGN", (0, 0), (0, -1), "LEFT"),
            ("VALIGN", (0, 0), (-1, 0), VALIGN[st.header_valign]),
            ("VALIGN", (0, 1), (-1, -1), VALIGN[st.value_valign]),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), rpad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), rpad),
        ]
        if st.rules == "row_rules":
            cmds += [("LINEABOVE", (0, 0), (-1, 0), 0.9, colors.black),
                     ("LINEBELOW", (0, 0), (-1, -1), 0.35, colors.grey)]
        elif st.rules == "full_grid":
            cmds += [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        elif st.rules == "zebra":
            cmds += [("ROWBACKGROUNDS", (0, 1), (-1, -1),
                      [colors.white, colors.HexColor(st.zebra_colour)]),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.black)]
        elif st.rules == "header_band":
            cmds += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(st.band_colour)),
                     ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                     ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor(st.band_colour))]
        return cmds


# ---------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------

@contextmanager
def binary_streams() -> Iterator[None]:
    """Write streams as binary, not ASCII85: a real PDF's way, and reportlab's pure-Python
    ASCII85 encoder would take most of a scan's time (and 25 % more bytes)."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def scan_pdf(pdf_bytes: bytes, rng: random.Random) -> tuple[bytes, dict[str, object]]:
    """The PDF's pages as degraded grayscale images in an image-only PDF (no text layer).

    Each page is rendered at one resolution, rotated a little (its own angle),
    blurred, given Gaussian noise and saved as JPEG; the JPEG goes into the PDF
    as it is (reportlab embeds JPEG data unchanged).
    """
    dpi = rng.randint(150, 300)
    blur = round(rng.uniform(0.3, 1.0), 2)
    noise = round(rng.uniform(2.0, 9.0), 1)
    quality = rng.randint(40, 90)
    noise_rng = np.random.default_rng(rng.getrandbits(64))
    angles: list[float] = []
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    source = pdfium.PdfDocument(pdf_bytes)
    with binary_streams():  # the image objects take their filters when they are drawn
        try:
            for page in source:
                width, height = page.get_size()
                image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                angles.append(round(rng.uniform(-2.0, 2.0), 2))
                jpeg = _degrade(image, angles[-1], blur, noise, quality, noise_rng, dpi)
                canvas.setPageSize((width, height))
                canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width, height)
                canvas.showPage()
                page.close()
        finally:
            source.close()
        canvas.save()
    return out.getvalue(), {"scan_dpi": dpi, "scan_blur": blur, "scan_noise": noise,
                            "scan_jpeg_quality": quality, "scan_angles": angles}


def _degrade(image: Image.Image, angle: float, blur: float, noise: float, quality: int,
             noise_rng: np.random.Generator, dpi: int) -> bytes:
    # Bilinear: bicubic costs three times as much and looks the same once blurred.
    image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(radius=blur * dpi / 200))
    pixels = np.asarray(image, dtype=np.float32)
    height, width = pixels.shape
    # Sensor grain two pixels wide: a quarter of the random numbers, and scan-like.
    grain = noise_rng.standard_normal(((height + 1) // 2, (width + 1) // 2), dtype=np.float32)
    pixels += np.repeat(np.repeat(grain * noise, 2, axis=0), 2, axis=1)[:height, :width]
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--edition", type=Path, help="an edition's text dump (.txt)")
    which.add_argument("--all", type=int, metavar="N",
                       help="seeds 0..N-1 of every one of the six editions")
    parser.add_argument("--seed", type=int, default=0, help="the layout's seed (with --edition)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--scanned", action="store_true", help="image-only, degraded PDFs")
    parser.add_argument("--footnotes", action="store_true",
                        help="footnote markers on a period header and a row label")
    args = parser.parse_args(argv)
    jobs = ([(args.edition, args.seed)] if args.edition
            else [(e, s) for e in all_editions() for s in range(args.all)])
    for edition, seed in jobs:
        start = time.perf_counter()
        layout = generate(edition, seed, args.out, scanned=args.scanned,
                          footnotes=args.footnotes)
        f = layout.features
        digest = hashlib.sha256(layout.pdf.read_bytes()).hexdigest()[:12]
        print(f"{layout.pdf}  {f['pages']:>2} pages  {time.perf_counter() - start:5.2f} s  "
              f"{digest}  {f['flow']}, {f['font']} {f['size']}, {f['rules']}, "
              f"header {f['header_mode']}, sep {f['thousands_sep']}"
              f"{', split ' + ','.join(f['split_tables']) if f['split_tables'] else ''}"
              f"{', blanked ' + str(len(f['blanked'])) if f['blanked'] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
