#!/usr/bin/env python3
"""Seeded layouts of the NVE AMS editions from two more typesetting engines: Chromium and
LibreOffice Writer, both given the same generated HTML.

`samples/make_layouts.py` draws every layout with reportlab; a reader tuned on those can
still fail on a report typeset by a web publisher or a word processor, whose text layers
and table habits differ (cells that wrap their labels, a header repeated on every page,
rules drawn as filled rectangles, text runs cut at other places). This module prints the
same content (the edition's sections, from `make_layouts.build_sections`) as HTML in the
styles real Norwegian reports use, and lets a real engine set it:

    chromium   headless Chromium's print to PDF (Debian's chromium, `make browser`)
    writer     LibreOffice Writer's HTML import and PDF export (`soffice --headless`,
               Debian's libreoffice-writer-nogui; optional: `available("writer")` says)

What a layout may hold, each drawn from the seed (`HtmlStyle`): a narrow label column in
bordered cells, so long labels wrap inside their cell; a units row under the header
("antall", "%"); a `Herav:` group label above sub-rows; footnote markers on a period
header and a row label (superscript or " 1)"), with the footnote text under the table; a
space before % in shares; a dark header band, zebra rows, row rules, a full grid or none;
prose in two columns; a table of contents with dot leaders; a running header; Chromium's
own print header and footer (date, title, file, "1/7"); wide tables on landscape pages
(Chromium's named pages); a page per section or flowing text, so tables split over pages
with their header repeated. The number formats (thousands separator, quarter headers,
shares) come from `make_layouts.choose_style` on this module's own random stream.

The manifest beside each PDF has the schema of `make_layouts.generate`'s, plus `engine`
and `part`: seeds 6-999 of each edition are the test part that no rule is tuned on; 0-5,
and 1000 and up when more are needed, the development part (`split_of`).

Usage, from the repository root::

    python samples/make_html_layouts.py --engine chromium --all 2 --out /tmp/html
    python samples/make_html_layouts.py --engine writer --edition samples/editions/X.txt \\
        --seed 7 --out /tmp/html [--scanned] [--keep-html]

From Python: ``generate(edition, seed, out_dir, engine="chromium") -> make_layouts.Layout``.
The PDF is not byte-identical between runs (the engines stamp dates), the layout is: the
same (edition, seed, engine) gives the same HTML.
"""
from __future__ import annotations

import argparse
import dataclasses
import html
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import make_layouts  # noqa: E402
from make_layouts import Grid, Layout, Row, Section  # noqa: E402

ENGINES = ("chromium", "writer")
# Seeds 6-999 of every edition are the frozen test part; 0-5 and 1000 and up (more of
# them when the first six are all read right) the development part.
TEST_SEEDS = range(6, 1000)
CSS_FONTS = ("DejaVu Sans", "DejaVu Serif", "Liberation Sans", "Liberation Serif",
             "Liberation Sans Narrow")
FOOTNOTE_TEXT = ("Tallene er hentet fra selskapenes rapportering.",
                 "Sum historisk installert til og med året.",
                 "Omfatter også målepunkt med dispensasjon.")
ENGINE_SECONDS = 120


def split_of(seed: int) -> str:
    """The part of a corpus a seed belongs to: "dev" (rules may be tuned on it) or "test"."""
    return "test" if seed in TEST_SEEDS else "dev"


def available(engine: str) -> bool:
    return _engine_binary(engine) is not None


@dataclass
class HtmlStyle:
    """The choices of one HTML layout, beside the number formats of `make_layouts.Style`."""

    font: str
    size_pt: float
    margin_mm: float
    flow: str  # page_per_section | flowing
    rules: str  # none | row_rules | full_grid | zebra | header_band
    band_colour: str
    zebra_colour: str
    label_width_mm: float  # 0: as wide as the label wants; else labels wrap in their cell
    number_align: str
    header_align: str
    cell_pad_pt: float
    units_row: bool  # "antall" / "%" under the column headers
    group_label: bool  # "Herav:" above a table's sub-rows
    footnotes: str  # "" | sup | paren
    two_column_prose: bool
    toc_leaders: bool
    running_header: str
    print_header_footer: bool  # Chromium's own date/title/url/page furniture
    landscape_wide: bool  # tables of 7 or more columns on a landscape page
    full_width: bool  # tables as wide as the text, as a word processor's are by default
    subrow_style: str = "dash_indent"  # make_layouts.Style's: dash | indent | dash_indent
    engine: str = "chromium"  # who prints it (Writer needs <multicol> for columns)

    def features(self) -> dict[str, object]:
        return dict(vars(self))


def choose_html_style(rng: random.Random) -> HtmlStyle:
    """Draw an HTML layout. The order of draws is part of what a seed means."""
    rules = rng.choice(["none", "row_rules", "full_grid", "full_grid", "zebra", "header_band"])
    number_align = rng.choice(["right", "right", "center", "left"])
    return HtmlStyle(
        font=rng.choice(CSS_FONTS),
        size_pt=rng.choice([8.5, 9, 9.5, 10, 10.5, 11, 11.5]),
        margin_mm=round(rng.uniform(15, 28), 1),
        flow=rng.choice(["page_per_section", "flowing", "flowing"]),
        rules=rules,
        band_colour=rng.choice(make_layouts.DARK),
        zebra_colour=rng.choice(make_layouts.LIGHT),
        label_width_mm=rng.choice([0.0, round(rng.uniform(24, 40), 1)]),
        number_align=number_align,
        header_align=rng.choice([number_align, "left", "center"]),
        cell_pad_pt=round(rng.uniform(1.5, 5), 1),
        units_row=rng.random() < 0.3,
        group_label=rng.random() < 0.5,
        footnotes=rng.choice(["", "", "sup", "paren"]),
        two_column_prose=rng.random() < 0.35,
        toc_leaders=rng.random() < 0.5,
        running_header=rng.choice([*make_layouts.RUNNING_HEADERS, ""]),
        print_header_footer=rng.random() < 0.4,
        landscape_wide=rng.random() < 0.4,
        full_width=rng.random() < 0.5,
    )


def generate(edition: Path, seed: int, out_dir: Path, *, engine: str = "chromium",
             scanned: bool = False, keep_html: bool = False,
             overrides: Mapping[str, object] | None = None) -> Layout:
    """Print `edition` in the HTML layout drawn by `seed` with `engine`; write the PDF
    and its manifest (see `make_layouts.generate`). `overrides`: choices to set instead
    of drawing them (fields of `HtmlStyle` or of `make_layouts.Style`), for a test that
    needs one habit for sure; the name then ends in "-set"."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: one of {', '.join(ENGINES)}")
    edition = Path(edition).resolve()
    stem = edition.stem
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    content = make_layouts._content(str(edition))
    rng = random.Random(f"{stem}-{seed}-{engine}")
    numbers = make_layouts.choose_style(rng, content)
    style = choose_html_style(rng)
    # Footnote markers are printed by this module (as <sup> or " 1)"), not in the labels.
    numbers = dataclasses.replace(numbers, footnotes="")
    style = dataclasses.replace(style, subrow_style=numbers.subrow_style, engine=engine)
    overrides = dict(overrides or {})
    html_fields = {f.name for f in dataclasses.fields(HtmlStyle)}
    style = dataclasses.replace(style, **{k: v for k, v in overrides.items()
                                          if k in html_fields})
    numbers = dataclasses.replace(numbers, **{k: v for k, v in overrides.items()
                                              if k not in html_fields})
    sections = make_layouts.build_sections(content, numbers)
    blanked = make_layouts.blank_cells(rng, sections) if numbers.empty_cells else []
    page = render_html(sections, style, engine, rng)
    name = f"{stem}-{seed}-{engine}{'-set' if overrides else ''}{'-scan' if scanned else ''}"
    pdf_path = out_dir / f"{name}.pdf"
    if keep_html:
        (out_dir / f"{name}.html").write_text(page, encoding="utf-8")
    pdf_bytes = print_from_fixed_path(page, name, engine, style.print_header_footer)
    features: dict[str, object] = {
        "engine": engine, "part": split_of(seed),
        **{k: numbers.features()[k] for k in ("thousands_sep", "group_min_digits",
                                              "quarter_style", "workforce_style",
                                              "share_format", "subrow_style")},
        **style.features(), "pages": _page_count(pdf_bytes), "blanked": blanked,
        "landscape_tables": _landscape_tables(sections, style)}
    if scanned:
        pdf_bytes, scan_features = make_layouts.scan_pdf(
            pdf_bytes, random.Random(f"{stem}-{seed}-{engine}-scan"))
        features.update(scan_features)
    pdf_path.write_bytes(pdf_bytes)
    truth = make_layouts.truth_path(edition)
    manifest = out_dir / f"{name}.json"
    record = {"pdf": pdf_path.name, "edition": stem,
              "edition_path": make_layouts._shown(edition), "seed": seed,
              "scanned": scanned, "truth": make_layouts._shown(truth), "blanked": blanked,
              "features": features, "cells": make_layouts.printed_cells(sections)}
    manifest.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    return Layout(pdf_path, stem, seed, scanned, features, truth, manifest)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _wide(grid: Grid) -> bool:
    return len(grid.columns) >= 7


def _landscape_tables(sections: Sequence[Section], style: HtmlStyle) -> list[str]:
    return [s.id for s in sections if s.grid and style.landscape_wide and _wide(s.grid)]


def render_html(sections: Sequence[Section], style: HtmlStyle, engine: str,
                rng: random.Random) -> str:
    """The whole document as one HTML page, with its print CSS. The running header is
    the page title in Chromium's print header (when printed), and Writer's page header
    (its HTML import reads a `<div title="header">` as one)."""
    body: list[str] = []
    if style.running_header and engine == "writer":
        body.append(f'<div title="header"><p>{_e(style.running_header)}</p></div>')
    for index, section in enumerate(sections):
        classes = []
        if index and style.flow == "page_per_section" and section.id != "front":
            classes.append("newpage")
        if section.grid and section.id in _landscape_tables([section], style):
            classes.append("wide")
        body.append(f'<section class="{" ".join(classes)}">')
        if section.heading:
            body.append(f"<h2>{_e(section.heading)}</h2>")
        body.extend(_blocks(section.body, style, prose=section.id in ("front", "summary")))
        notes: list[str] = []
        if section.grid:
            body.append(_table(section.grid, style, rng, notes))
        if section.chart:
            body.append(_chart(section, rng))
        for number, text in enumerate(notes, 1):
            mark = f"<sup>{number})</sup>" if style.footnotes == "sup" else f"{number})"
            body.append(f'<p class="footnote">{mark} {_e(text)}</p>')
        if section.kommentar:
            body.append(f'<p class="kommentar"><b>{_e(section.kommentar)}</b></p>')
            body.extend(_blocks(section.comments, style, prose=False))
        body.append("</section>")
    return (f'<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">'
            f"<title>{_e(style.running_header or 'Status for AMS-innføringen')}</title>"
            f"<style>{_css(style)}</style>"
            f"</head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _css(st: HtmlStyle) -> str:
    border = "0.6pt solid #000"
    rules = {
        "none": "",
        "row_rules": f"thead th {{ border-top: 1pt solid #000; border-bottom: {border}; }}"
                     " tbody td { border-bottom: 0.4pt solid #777; }",
        "full_grid": f"th, td {{ border: {border}; }}",
        "zebra": f"tbody tr:nth-child(even) td {{ background: {st.zebra_colour}; }}"
                 f" thead th {{ border-bottom: {border}; }}",
        "header_band": f"thead th {{ background: {st.band_colour}; color: #fff; }} tbody"
                       f" tr:last-child td {{ border-bottom: 0.6pt solid {st.band_colour}; }}",
    }[st.rules]
    label = f"width: {st.label_width_mm}mm;" if st.label_width_mm else ""
    return f"""
@page {{ size: A4; margin: {st.margin_mm}mm; }}
@page wide {{ size: A4 landscape; }}
body {{ font-family: "{st.font}"; font-size: {st.size_pt}pt; line-height: 1.3; }}
h1, h2 {{ font-size: {st.size_pt + 3}pt; margin: 1.2em 0 0.5em; break-after: avoid; }}
h3 {{ font-size: {st.size_pt + 1}pt; margin: 0.8em 0 0.3em; }}
.newpage {{ break-before: page; }}
.wide {{ page: wide; break-before: page; }}
.prose {{ {"column-count: 2; column-gap: 8mm;" if st.two_column_prose else ""}
  text-align: justify; }}
table {{ border-collapse: collapse; margin: 0.6em 0; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ padding: {st.cell_pad_pt}pt {st.cell_pad_pt + 1}pt; vertical-align: top; }}
th {{ text-align: {st.header_align}; font-weight: bold; }}
th.stub, td.label {{ text-align: left; {label} }}
td.value {{ text-align: {st.number_align}; white-space: nowrap; }}
td.sub {{ padding-left: 1.4em; }}
td.group {{ font-style: italic; }}
.footnote {{ font-size: {st.size_pt - 1.5}pt; margin: 0.2em 0; }}
.toc {{ display: flex; }} .toc .dots {{ flex: 1; border-bottom: 1.2pt dotted #000;
  margin: 0 0.3em 0.35em; }}
{rules}
"""


def _blocks(blocks: Sequence[make_layouts.Block], st: HtmlStyle, *, prose: bool) -> list[str]:
    out: list[str] = []
    paragraphs: list[str] = []

    def flush() -> None:
        if paragraphs and prose and st.two_column_prose and st.engine == "writer":
            # Writer's HTML import ends a CSS multi-column block only at the document's
            # end; it reads Netscape's <multicol> as a section of its own.
            out.append(f'<multicol cols="2" gutter="24">{"".join(paragraphs)}</multicol>')
        elif paragraphs:
            out.append(f'<div class="prose">{"".join(paragraphs)}</div>' if prose
                       else "".join(paragraphs))
            paragraphs.clear()

    bullets: list[str] = []
    for block in blocks:
        if block.kind != "bullet" and bullets:
            paragraphs.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if block.kind == "toc":
            flush()
            out.append(f'<div class="toc"><span>{_e(block.text)}</span>'
                       f'<span class="dots"></span><span>{_e(block.extra)}</span></div>'
                       if st.toc_leaders else
                       f"<p>{_e(block.text)} {'.' * 12} {_e(block.extra)}</p>")
        elif block.kind in ("title", "heading"):
            flush()
            out.append(f"<h1>{_e(block.text)}</h1>")
        elif block.kind == "subhead":
            flush()
            out.append(f"<h3>{_e(block.text)}</h3>")
        elif block.kind == "bullet":
            bullets.append(f"<li>{_e(block.text)}</li>")
        else:
            paragraphs.append(f"<p>{_e(block.text)}</p>")
    if bullets:
        paragraphs.append("<ul>" + "".join(bullets) + "</ul>")
    flush()
    return out


def _units(grid: Grid) -> list[str]:
    """What each value column counts, for a units row: "%" for shares, else "antall"."""
    out = []
    for j, _column in enumerate(grid.columns):
        keys = [k[2] for r in grid.rows for k in r.cells[j].keys]
        out.append("%" if keys and all("pct" in k or "share" in k for k in keys) else "antall")
    return out


def _table(grid: Grid, st: HtmlStyle, rng: random.Random, notes: list[str]) -> str:
    size = _table_size(grid, st)
    headers = [c.header for c in grid.columns]
    rows = list(grid.rows)
    if st.footnotes:
        notes.append(rng.choice(FOOTNOTE_TEXT))
        headers[0] = headers[0] + "\x00" + _mark(1, st)
        notes.append(rng.choice(FOOTNOTE_TEXT))
        rows[-1] = dataclasses.replace(rows[-1], label=rows[-1].label + "\x00" + _mark(2, st))
    head = [f'<th class="stub">{_e(grid.stub)}</th>'] + [
        f'<th width="{width}">{_label_html(h)}</th>'
        for h, width in zip(headers, _value_widths(grid, st, size), strict=True)]
    thead = "<tr>" + "".join(head) + "</tr>"
    if st.units_row:
        thead += "<tr><th></th>" + "".join(f"<th>{u}</th>" for u in _units(grid)) + "</tr>"
    body = []
    grouped = False
    for row in rows:
        if row.sub and st.group_label and not grouped:
            grouped = True
            body.append(f'<tr><td class="label group">Herav:</td>'
                        f'{"<td></td>" * len(grid.columns)}</tr>')
        body.append(_row(row, st))
    # Writer reads a table's padding and borders from these attributes, not from CSS.
    attrs = f' cellspacing="0" cellpadding="{round(st.cell_pad_pt * 4 / 3) + 2}"' + (
        ' border="1"' if st.rules == "full_grid" else "") + (
        ' width="100%"' if st.full_width else "")
    # Each cell carries the size: Writer reads it there, not from the table.
    html_table = (f'<table id="{grid.id}"{attrs}><thead>{thead}</thead>'
            f'<tbody>{"".join(body)}</tbody></table>')
    return html_table.replace("<th", f'<th style="font-size: {size}pt"').replace(
        "<td", f'<td style="font-size: {size}pt"')


def _value_widths(grid: Grid, st: HtmlStyle, size: float) -> list[int]:
    """Pixel widths of the value columns at type `size`: room for the column's longest
    value and the longest word of its header, so no engine breaks a number or a word over
    two lines (Writer's HTML import otherwise squeezes a column until "2017" prints as
    "201 / 7", which no one would publish)."""
    widths = []
    for j, column in enumerate(grid.columns):
        chars = max([len(r.cells[j].text) for r in grid.rows]
                    + [len(word) + 3 for word in column.header.split()])
        widths.append(round(chars * size * 0.62 * 4 / 3 + 2 * st.cell_pad_pt + 8))
    return widths


def _table_size(grid: Grid, st: HtmlStyle) -> float:
    """The table's type size: the layout's, or smaller until the table fits the page's
    width (a landscape page is wider, but Writer prints every page portrait), as a
    typesetter shrinks a wide table rather than break its words."""
    landscape = st.landscape_wide and _wide(grid) and st.engine == "chromium"
    width_px = ((842 if landscape else 595) - 2 * st.margin_mm * 72 / 25.4) * 4 / 3
    label = max(len(w) for r in grid.rows for w in (r.label + " " + grid.stub).split())
    size = st.size_pt
    while size > 6.5 and sum(_value_widths(grid, st, size)) + (label + 2) * size * 0.62 \
            * 4 / 3 + 2 * st.cell_pad_pt > width_px:
        size -= 0.5
    return size


def _mark(number: int, st: HtmlStyle) -> str:
    return f"<sup>{number})</sup>" if st.footnotes == "sup" else f" {number})"


def _label_html(text: str) -> str:
    """A label or header, with a footnote mark (already HTML) after a NUL kept as is."""
    if "\x00" in text:
        plain, mark = text.split("\x00", 1)
        return _e(plain) + mark
    return _e(text)


def _row(row: Row, st: HtmlStyle) -> str:
    label = ("- " if row.sub and "dash" in st.subrow_style else "") + row.label
    cls = "label sub" if row.sub and "indent" in st.subrow_style else "label"
    # `nowrap`: Writer keeps a number on one line only when told by the attribute.
    cells = "".join(f'<td class="value" nowrap>{_e(c.text)}</td>' for c in row.cells)
    return f'<tr><td class="{cls}">{_label_html(label)}</td>{cells}</tr>'


def _chart(section: Section, rng: random.Random) -> str:
    """A bar chart without values as an SVG, with its printed legend and axis text."""
    bars = "".join(
        f'<rect x="{20 + 50 * i}" y="{120 - h}" width="30" height="{h}" fill="#777"/>'
        for i, h in enumerate(rng.sample(range(20, 110), 5)))
    captions = "".join(f'<p class="footnote">{_e(t)}</p>' for t in section.chart_text)
    return (f'<svg width="300" height="125" xmlns="http://www.w3.org/2000/svg">'
            f'<line x1="10" y1="120" x2="290" y2="120" stroke="#000"/>{bars}</svg>{captions}')


# ---------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------

def _engine_binary(engine: str) -> str | None:
    names = {"chromium": ("chromium", "chromium-browser", "google-chrome"),
             "writer": ("soffice", "libreoffice")}[engine]
    return next((found for name in names if (found := shutil.which(name))), None)


# Chromium's print footer shows the page's URL: printed from the same path every time, a
# layout is the same PDF in every run and every folder (its header's date aside, which
# changes by the day). Runs that print the same layout at once take turns (the lock).
PRINT_FOLDER = Path(tempfile.gettempdir()) / "ams-html-layouts"


def print_from_fixed_path(page: str, name: str, engine: str, header_footer: bool) -> bytes:
    """The PDF an engine prints from the HTML `page`, written as PRINT_FOLDER/`name`.html."""
    import fcntl

    PRINT_FOLDER.mkdir(exist_ok=True)
    html_path = PRINT_FOLDER / f"{name}.html"
    with open(PRINT_FOLDER / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        html_path.write_text(page, encoding="utf-8")
        try:
            return print_pdf(html_path, engine, header_footer)
        finally:
            html_path.unlink(missing_ok=True)


def print_pdf(html_path: Path, engine: str, header_footer: bool = False) -> bytes:
    """The PDF an engine prints from `html_path`."""
    binary = _engine_binary(engine)
    if binary is None:
        raise RuntimeError(f"{engine} is not installed")
    with tempfile.TemporaryDirectory(prefix=f"ams-{engine}-") as scratch:
        out = Path(scratch) / "out.pdf"
        if engine == "chromium":
            command = [binary, "--headless", "--no-sandbox", "--disable-gpu",
                       "--no-first-run", "--disable-background-networking",
                       "--disable-component-update", "--disable-sync",
                       f"--user-data-dir={scratch}/profile", f"--print-to-pdf={out}",
                       *([] if header_footer else ["--no-pdf-header-footer"]),
                       html_path.resolve().as_uri()]
        else:
            # Writer proper, not Writer/Web: the filter that opens a word processor's HTML.
            command = [binary, "--headless", "--norestore",
                       f"-env:UserInstallation=file://{scratch}/profile",
                       "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
                       "--outdir", scratch, str(html_path.resolve())]
        done = subprocess.run(command, capture_output=True, text=True, timeout=ENGINE_SECONDS,
                              check=False)
        if engine == "writer":
            printed = Path(scratch) / f"{html_path.stem}.pdf"
            if printed.exists():
                printed.replace(out)
        if not out.exists():
            raise RuntimeError(f"{engine} printed no PDF: {done.stderr.strip()[-300:]}")
        return out.read_bytes()


def _page_count(pdf_bytes: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return len(document)
    finally:
        document.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--edition", type=Path, help="an edition's text dump (.txt)")
    which.add_argument("--all", type=int, metavar="N",
                       help="seeds 0..N-1 of every one of the six editions")
    parser.add_argument("--seed", type=int, default=0, help="the layout's seed (with --edition)")
    parser.add_argument("--engine", choices=ENGINES, default="chromium")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--scanned", action="store_true", help="image-only, degraded PDFs")
    parser.add_argument("--keep-html", action="store_true", help="keep the HTML beside the PDF")
    args = parser.parse_args(argv)
    if not available(args.engine):
        parser.error(f"{args.engine} is not installed")
    jobs = ([(args.edition, args.seed)] if args.edition
            else [(e, s) for e in make_layouts.all_editions() for s in range(args.all)])
    for edition, seed in jobs:
        start = time.perf_counter()
        layout = generate(edition, seed, args.out, engine=args.engine, scanned=args.scanned,
                          keep_html=args.keep_html)
        f = layout.features
        print(f"{layout.pdf}  {f['pages']:>2} pages  {time.perf_counter() - start:5.2f} s  "
              f"{f['part']}  {f['font']} {f['size_pt']}, {f['rules']}, label "
              f"{f['label_width_mm'] or 'auto'}, footnotes {f['footnotes'] or 'no'}, units "
              f"{f['units_row']}, herav {f['group_label']}, 2col {f['two_column_prose']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
