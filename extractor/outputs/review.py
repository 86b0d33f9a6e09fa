"""The review page: one self-contained HTML file that shows every value beside its source.

For each table: the values as extracted (flagged cells highlighted, flags and
confidence on hover), the page region it was read from with each value's box
outlined (PDF) or the source lines with the values marked (text), and the
table's checks. Above them, the charts, a list of everything that needs a
human, in page order, and the decisions: each flagged value to confirm or fix, saved as a
corrections file (docs/contract.md) by the page's one inline script, as a download. No
network, no server: images are embedded, and the file is made in the browser.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import TEXT_CHAR_WIDTH, ExtractedTable, Line, Observation
from ..model.results import format_value
from ..readers.crops import Region, RegionImage, render_regions
from ..runtime.limits import Limits
from ..version import __version__
from .plots import render_plots

if TYPE_CHECKING:  # types only: the report is passed in
    from ..report import Report

CROP_DPI = 110  # enough to read 11 pt digits; keeps a 17-page scan's review small
CROP_MARGIN = 12.0  # points of page shown around a table's words
BOX_COLOURS = {"clean": (46, 139, 87), "flagged": (230, 140, 0), "severe": (210, 30, 30),
               "reviewed": (40, 90, 200)}

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.meta dt { font-weight: 600; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
td.value { text-align: right; font-variant-numeric: tabular-nums; }
td.flagged { background: #ffe3b3; }
td.severe { background: #ffb3b3; font-weight: 600; }
td.reviewed { background: #cfe2ff; }
#decisions input.value { width: 8em; text-align: right; } #decisions input.reason { width: 16em; }
#decisions input.invalid { outline: 2px solid #d00; }
#decisions td.read { text-align: right; } #decisions td.flags { font-size: 12px; }
#save-status { margin-left: 1em; }
.pair { display: flex; gap: 1.5em; align-items: flex-start; flex-wrap: wrap; }
figure.source { margin: 0; max-width: 640px; }
figure.source img { max-width: 100%; border: 1px solid #999; }
pre.lines { background: #f6f6f6; padding: .5em; font-size: 12px; max-width: 640px;
            white-space: pre-wrap; }
pre.lines mark.flagged { background: #ffe3b3; } pre.lines mark.severe { background: #ffb3b3; }
pre.lines mark.clean { background: #d6f0dd; } pre.lines mark.reviewed { background: #cfe2ff; }
ul.checks li.failed { color: #b00; font-weight: 600; } ul.checks li.passed { color: #276b3c; }
ul.checks li.skipped { color: #777; }
.charts svg { max-width: 100%; height: auto; }
@media print { .pair { display: block; } section.table-block { page-break-inside: avoid; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def cell_key(observation: Observation) -> str:
    return "|".join(observation.key)


def values_table(table: ExtractedTable) -> str:
    """The table as extracted, one cell per value, flagged cells marked."""
    by_row: dict[str, dict[str, Observation]] = {}
    labels: dict[str, str] = {}
    for obs in table.observations:
        by_row.setdefault(obs.row, {})[obs.column] = obs
        labels[obs.row] = obs.label
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    rows = []
    for row, cells in by_row.items():
        tds = []
        for column in table.columns:
            obs = cells.get(column)
            if obs is None:
                tds.append("<td></td>")
                continue
            kind = obs.severity
            hover = "; ".join(obs.flags) or "no flags"
            hover += f"; confidence {obs.confidence:.2f}; printed {obs.raw!r}"
            if obs.review is not None:
                hover += f"; {obs.review.action} by {obs.review.reviewer}"
            hover += f"; page {obs.page}, line {obs.line}" if obs.page else f"; line {obs.line}"
            classes = "value" + ("" if kind == "clean" else f" flagged {kind}")
            tds.append(f'<td class="{classes}" data-key="{_e(cell_key(obs))}" '
                       f'title="{_e(hover)}">{_e(format_value(obs.value))}</td>')
        rows.append(f"<tr><th>{_e(row)}</th><td>{_e(labels[row])}</td>{''.join(tds)}</tr>")
    return (f'<table class="values"><thead><tr><th>row</th><th>label</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def source_lines(table: ExtractedTable) -> str:
    """A text edition's lines of the table, values marked where they were read."""
    marks: dict[int, list[tuple[int, int, str]]] = {}
    for obs in table.observations:
        if obs.box is not None:
            start, end = (round(x / TEXT_CHAR_WIDTH) for x in (obs.box[0], obs.box[2]))
            marks.setdefault(obs.line, []).append((start, end, obs.severity))
    out = []
    for line in table.source_lines:
        text, pieces, position = line.text, [], 0
        for start, end, kind in sorted(marks.get(line.number, [])):
            if start < position:
                continue
            pieces += [_e(text[position:start]),
                       f'<mark class="{kind}">{_e(text[start:end])}</mark>']
            position = end
        pieces.append(_e(text[position:]))
        out.append(f"{line.number:>5}  {''.join(pieces)}")
    return f'<pre class="lines">{chr(10).join(out)}</pre>'


def table_regions(table: ExtractedTable, turns: dict[int, int] | None = None) -> list[Region]:
    """The page regions a table was read from: its words' box on each page, with a margin
    (`turns`: the pages read turned upright, readers/upright.py)."""
    turns = turns or {}
    regions = []
    for page, lines in _lines_by_page(table.source_lines).items():
        words = [w for line in lines for w in line.words]
        if words:
            regions.append(Region(page, min(w.x0 for w in words) - CROP_MARGIN,
                                  min(w.top for w in words) - CROP_MARGIN,
                                  max(w.x1 for w in words) + CROP_MARGIN,
                                  max(w.bottom for w in words) + CROP_MARGIN,
                                  turns.get(page, 0)))
    return regions


def crop_figures(table: ExtractedTable, images: Sequence[RegionImage]) -> str:
    """The table's rendered regions, each value's box outlined by status."""
    from PIL import ImageDraw

    figures = []
    for rendered in images:
        region, scale = rendered.region, rendered.scale
        if rendered.image is None:
            figures.append(f'<figure class="source"><figcaption>page {region.page}: the '
                           "region is too large to show (--max-megapixels)</figcaption></figure>")
            continue
        image = rendered.image.convert("RGB")
        draw = ImageDraw.Draw(image)
        for obs in table.observations:
            if obs.page == region.page and obs.box is not None:
                x0, top, x1, bottom = obs.box
                draw.rectangle(((x0 - region.x0) * scale - 2, (top - region.top) * scale - 2,
                                (x1 - region.x0) * scale + 2, (bottom - region.top) * scale + 2),
                               outline=BOX_COLOURS[obs.severity], width=2)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=70, optimize=True)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        figures.append(f'<figure class="source"><img alt="page {region.page}" '
                       f'src="data:image/jpeg;base64,{data}"><figcaption>page {region.page}'
                       "</figcaption></figure>")
    return "".join(figures)


def _lines_by_page(lines: Sequence[Line]) -> dict[int, list[Line]]:
    pages: dict[int, list[Line]] = {}
    for line in lines:
        if line.page is not None:
            pages.setdefault(line.page, []).append(line)
    return pages


def checks_list(report: Report, table: ExtractedTable) -> str:
    """The checks that read the table."""
    own = [c for c in report.checks if table.id in c.tables]
    if not own:
        return ""
    items = "".join(f'<li class="{c.status}">{_e(c.status)}: <b>{_e(c.rule)}</b> '
                    f"{_e(c.detail)}</li>" for c in own)
    return f'<ul class="checks">{items}</ul>'


def attention_items(report: Report) -> list[tuple[int, int, str, str]]:
    """(page, line, what, detail) for everything that needs a human, in page order."""
    items = []
    for u in report.unmatched:
        items.append((u.page or 0, u.line, "unmatched label",
                      f"{u.table}: {u.label!r} (closest {u.closest_label!r}, score {u.score:g})"))
    for warning in report.warnings:
        if warning.code != "unmatched_label":
            items.append((warning.page or 0, warning.line or 0, warning.code, warning.message))
    for check in report.failed_checks:
        items.append((0, 0, "failed check", f"{check.rule}: {check.detail}"))
    for obs in (o for o in report.observations if o.review is None):  # decided: no more
        for flag in ("low_confidence", "ocr_repaired", "ambiguous_split", "assumed_column"):
            if flag in obs.flags:
                items.append((obs.page or 0, obs.line, flag.replace("_", " "),
                              f"{obs.table}/{obs.row}/{obs.column} = {format_value(obs.value)} "
                              f"(printed {obs.raw!r}, confidence {obs.confidence:.2f})"))
    return sorted(items, key=lambda item: (item[0], item[1]))


# The page's one script: the decisions typed into #decisions, as a corrections file
# (docs/contract.md), offered as a download. Decisions read from files are kept.
SAVE_SCRIPT = """
(function () {
  var form = document.getElementById('decisions');
  if (!form) return;
  var status = document.getElementById('save-status');
  function field(text) {
    text = String(text);
    return /[",\\n\\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function plain(text) {  // base units as typed: "1 700 000", "1,5" -> "1700000", "1.5"
    text = text.replace(/[\\s\\u00a0\\u202f]/g, '').replace(',', '.');
    return /^-?\\d+(\\.\\d+)?$/.test(text) ? text : null;
  }
  document.getElementById('save-corrections').addEventListener('click', function () {
    var reviewer = document.getElementById('reviewer').value.trim();
    var now = new Date().toISOString().replace(/\\.\\d+Z$/, 'Z');
    var lines = ['edition,table,row,column,value,reviewer,reason,reviewed_at,machine_value'];
    var bad = 0, unsigned = 0;
    form.querySelectorAll('tbody tr').forEach(function (tr) {
      var input = tr.querySelector('input.value');
      var reason = tr.querySelector('input.reason').value.trim();
      var typed = input.value.trim(), value = null;
      input.classList.remove('invalid');
      if (typed) {
        value = plain(typed);
        if (value === null) { input.classList.add('invalid'); bad += 1; return; }
      } else if (tr.querySelector('input.confirm').checked) {
        value = 'confirmed';
      } else {
        return;  // no decision
      }
      var d = tr.dataset;
      var kept = d.reviewer && value === d.value && reason === d.reason;  // read from a file
      if (!kept && !reviewer) { unsigned += 1; return; }
      lines.push([d.edition, d.table, d.row, d.column, value, kept ? d.reviewer : reviewer,
                  reason, kept ? d.reviewedAt : now, d.machine].map(field).join(','));
    });
    if (bad) {
      status.textContent = bad + ' value(s) are not plain numbers: nothing saved';
      return;
    }
    if (unsigned) { status.textContent = 'give your name as reviewer: nothing saved'; return; }
    var blob = new Blob([lines.join('\\n') + '\\n'], {type: 'text/csv'});
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = form.dataset.file;
    document.body.appendChild(link);
    link.click();
    link.remove();
    status.textContent = (lines.length - 1) + ' decision(s) saved as ' + form.dataset.file;
  });
})();
"""


def decisions_form(report: Report) -> str:
    """Each value flagged or decided on, to confirm or fix, and the button that saves the
    decisions as a corrections file (`<input stem>.corrections.csv`)."""
    from ..corrections import beside_input

    rows = []
    for obs in report.observations:
        if obs.severity == "clean":
            continue
        review = obs.review
        read = obs.value if obs.machine_value is None else obs.machine_value
        decided = ("" if review is None else
                   "confirmed" if review.action == "confirmed" else format_value(obs.value))
        data = {"edition": report.edition_id, "table": obs.table, "row": obs.row,
                "column": obs.column, "machine": format_value(read), "value": decided,
                "reason": review.reason if review else "",
                "reviewer": review.reviewer if review else "",
                "reviewed-at": review.reviewed_at if review else ""}
        attributes = " ".join(f'data-{k}="{_e(v)}"' for k, v in data.items())
        typed = decided if review is not None and review.action == "corrected" else ""
        checked = " checked" if review is not None and review.action == "confirmed" else ""
        where = f"{obs.page}/{obs.line}" if obs.page else f"{obs.line}"
        rows.append(
            f'<tr data-key="{_e(cell_key(obs))}" {attributes}><td>{where}</td>'
            f'<td><a href="#table-{_e(obs.table)}">{_e(obs.table)}</a>/{_e(obs.row)}/'
            f"{_e(obs.column)}</td><td>{_e(obs.label)}</td>"
            f'<td class="read">{_e(format_value(read))}</td><td>{_e(obs.raw)}</td>'
            f"<td class=\"flags\">{'<br>'.join(_e(flag) for flag in obs.flags)}</td>"
            f'<td><input class="value" aria-label="value as printed" value="{_e(typed)}"></td>'
            f'<td><input type="checkbox" class="confirm" aria-label="confirm"{checked}></td>'
            f'<td><input class="reason" aria-label="reason" value="{_e(data["reason"])}">'
            "</td></tr>")
    if not rows:
        return ""
    name = beside_input(Path(report.source.name)).name
    return (f'<section id="decisions" data-file="{_e(name)}"><h2>Decisions ({len(rows)})</h2>'
            "<p>Fix a value by typing it as printed, in base units (<code>9</code>, "
            "<code>1700000</code>), or confirm the value read; give a reason, your name, and "
            f"save. The file downloads as <code>{_e(name)}</code>: put it beside the input, "
            "or give it with <code>--corrections</code>, and run again.</p>"
            '<p><label>Reviewer <input id="reviewer"></label> '
            '<button type="button" id="save-corrections">Save corrections</button>'
            '<span id="save-status"></span></p>'
            "<table><thead><tr><th>page/line</th><th>value</th><th>label</th><th>read</th>"
            "<th>printed</th><th>flags</th><th>as printed</th><th>confirm</th><th>reason</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")


def render_review(report: Report, password: str | None = None,
                  limits: Limits | None = None) -> str:
    """The whole page as one HTML string (`password` opens an encrypted PDF for the crops,
    rendered within `limits`)."""
    summary = report.summary()
    crops = _crops(report, password, limits or Limits())
    meta = {
        "source": f"{report.source.name} ({report.source.kind}"
                  + (f", {report.source.pages} pages)" if report.source.pages else ")"),
        "sha256": report.source.sha256,
        "edition": f"{report.edition_id}"
                   + (f" ({report.edition.period_text})" if report.edition.period_text else ""),
        "tool": f"ams-extract {__version__}, spec {report.spec_version}",
        "values": f"{summary['values']}, {summary['flagged_values']} flagged",
        "checks": f"{summary['checks_passed']} passed, {summary['checks_failed']} failed, "
                  f"{summary['checks_skipped']} skipped",
    }
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Review: {_e(report.source.name)}</title><style>{STYLE}</style></head><body>",
        f"<header><h1>Review of {_e(report.source.name)}</h1><dl class=\"meta\">",
        *(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta.items()),
        "</dl></header>",
    ]
    items = attention_items(report)
    parts.append(f'<section id="attention"><h2>Needs a human ({len(items)})</h2>')
    if items:
        rows = "".join(f"<tr><td>{page or ''}</td><td>{line or ''}</td><td>{_e(what)}</td>"
                       f"<td>{_e(detail)}</td></tr>" for page, line, what, detail in items)
        parts.append("<table><thead><tr><th>page</th><th>line</th><th>what</th>"
                     f"<th>detail</th></tr></thead><tbody>{rows}</tbody></table>")
    else:
        parts.append("<p>Nothing: every value is clean and every check passed.</p>")
    parts.append("</section>")
    parts.append(decisions_form(report))
    plots = render_plots(report)
    if plots:
        parts.append('<section class="charts"><h2>Charts</h2>' + "".join(
            f'<figure id="chart-{name}">{svg[svg.index("<svg"):]}</figure>'
            for name, svg in plots.items()) + "</section>")
    for table in report.extracted:
        parts.append(f'<section class="table-block" id="table-{table.id}" '
                     f'data-table="{table.id}"><h2>{_e(table.id)}'
                     + (f" — {_e(table.title)}" if table.title else "")
                     + f' <small>({_e(table.status.replace("_", " "))})</small></h2>')
        if table.observations:
            source = (crop_figures(table, crops[table.id]) if table.id in crops
                      else source_lines(table))
            parts.append(f'<div class="pair">{values_table(table)}{source}</div>')
        for note in table.notes:
            parts.append(f"<p class=\"note\">{_e(note)}</p>")
        parts.append(checks_list(report, table) + "</section>")
    parts.append(f"<script>{SAVE_SCRIPT}</script></body></html>\n")
    return "\n".join(parts)


def _crops(report: Report, password: str | None, limits: Limits) -> dict[str, list[RegionImage]]:
    """Every table's regions of a PDF, rendered together in one worker; {} for text."""
    if report.source.kind != "pdf":
        return {}
    turns = {page.number: page.turned for page in report.document.pages if page.turned}
    wanted = {table.id: table_regions(table, turns) for table in report.extracted
              if table.observations}
    regions = [r for table_regions in wanted.values() for r in table_regions]
    images = iter(render_regions(Path(report.source.path), regions, CROP_DPI, limits,
                                 password) if regions else [])
    return {table_id: [next(images) for _ in regions] for table_id, regions in wanted.items()}


def write_review(report: Report, path: Path, password: str | None = None,
                 limits: Limits | None = None) -> Path:
    """Write the page atomically."""
    from ..runtime.file_safety import write_file_atomically

    return write_file_atomically(path, render_review(report, password, limits))
