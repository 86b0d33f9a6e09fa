"""Accuracy over many layouts nobody tuned the extractor for: the generated sweep.

An opt-in benchmark, not a test (nothing asserts; CI runs a fixed handful of these layouts
against goldens in tests/test_layouts.py). From the repository root:

    python benchmarks/layouts.py                       # 102 text + 30 scanned layouts, peers
    python benchmarks/layouts.py --text 12 --scanned 6 --peers 6     # a quick look
    python benchmarks/layouts.py --write               # ... and write BENCHMARKS.md's block
    python benchmarks/layouts.py --keep /tmp/layouts   # keep the PDFs and manifests

Progress goes to stderr. The full sweep took 6.5 minutes on 2 cores (the scans are
most of it). Needs the `bench` extra: `pip install -e '.[bench]'` (Camelot, img2table).

What is run
-----------
`samples/make_layouts.py` renders each of the six editions (the 2016 dump and the five in
samples/editions, Bokmål and Nynorsk) with reportlab in a layout drawn from its seed:
flowing or a page per section, fonts, sizes, gaps, alignments, header cells stacked or
wrapped, rules (none, row rules, full grid, zebra, dark header band), thousands
separators, shares in their own column or as "16 (14%)", running headers and footers,
tables split over pages, landscape pages, empty cells. Text layouts take seeds 0, 1, 2,
... for every edition in turn; the scanned layouts are the text layouts of seeds 0 to 4
"scanned" (150-300 dpi, skew, noise, blur, JPEG), so each has a text-layer twin.

`--engine chromium` or `--engine writer` takes the layouts of samples/make_html_layouts.py
instead: the same content as HTML, printed by headless Chromium or LibreOffice Writer, in
the habits of web publishers and word processors. `--split dev` takes the development
part of the seeds (0-5, then 1000 and up), `--split test` the test part (6-999), which no
rule is tuned on; `--write` then writes the block `layouts-<engine>-<part>`.

Each layout is extracted with `extract()` (no cache, one OCR worker; layouts run side by
side) and every truth value of its edition is scored:
    exact           the key is there with the truth's value
    wrong, flagged  a different value that carries a flag (other than `approximate`)
    wrong, silent   a different value without a flag: an undetected error
    missing         the key was not extracted (its table or row is reported missing)
A cell the generator printed empty ("blanked") must stay absent: a value under its key
counts as wrong (flagged or silent as above). Exact % = exact / truth values.

Peers, on a sample: Camelot (lattice, stream, hybrid, network) and pdfplumber's table
finder (by lines, by text) on the first `--peers` text layouts,
img2table on the same text layouts and on as many scanned ones (its Tesseract OCR, `nor`),
and our own spec-less reader (`ams-extract tables`) on both. These readers know nothing of
the report, so they are scored on what a general table reader can give: cell recovery, the
share of printed value cells that come out under their row label in the right place. A
value cell is recovered when some row of some table found on the layout has a cell whose
text matches the printed row label (normalised, fuzzy ratio >= 85) and, counting the
row's non-empty cells after that one, the cell at the value's place among the row's
printed values holds the printed value (whitespace ignored).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "samples", ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import make_html_layouts  # noqa: E402
import make_layouts  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402
from report_file import replace_block  # noqa: E402

# The flag that marks a printed approximation ("vel 2,9 mill."), not a doubt.
NOT_A_WARNING = {"approximate"}
# Features reported one table each: the layout choices a reader could stumble on.
FEATURES = ("flow", "font", "number_font", "rules", "header_mode", "header_valign",
            "value_valign", "number_align", "header_align", "stub_mode", "thousands_sep",
            "workforce_style", "share_format", "prose_align", "table_align", "landscape",
            "running_header", "split", "empty_cells", "gap", "size", "dpi", "skew",
            # make_html_layouts' own choices
            "label_width", "units_row", "group_label", "footnotes", "two_column_prose",
            "toc_leaders", "print_header_footer")
LABEL_MATCH = 85


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- scoring

@dataclass
class Score:
    """One layout's values, counted."""

    name: str
    scanned: bool
    features: dict[str, str]
    values: int = 0
    exact: int = 0
    wrong_flagged: int = 0
    wrong_silent: int = 0
    missing: int = 0
    seconds: float = 0.0
    pages: int = 0
    text_pages: int = 0  # read from their text layer (trusted by readers/text_quality.py)
    error: str = ""
    sampled: bool = False  # the peers read this layout too
    silent: list[str] = field(default_factory=list)  # what went silently wrong, for a look

    @property
    def exact_share(self) -> float:
        return self.exact / self.values if self.values else 0.0


def read_truth(path: Path) -> dict[tuple[str, str, str], Decimal]:
    with path.open(encoding="utf-8") as handle:
        return {(r["table"], r["row"], r["column"]): Decimal(r["value"])
                for r in csv.DictReader(handle)}


def score_extraction(truth: dict[tuple[str, str, str], Decimal], blanked: set,
                     observations: Iterable[Any], score: Score) -> None:
    """Count one extraction's values against the truth (see the module's docstring)."""
    got = {o.key: o for o in observations}
    for key, value in truth.items():
        found = got.get(key)
        flagged = found is not None and bool(set(found.flags) - NOT_A_WARNING)
        if key in blanked:
            if found is not None:  # a value where the page printed nothing
                score.wrong_flagged += flagged
                score.wrong_silent += not flagged
                if not flagged:
                    score.silent.append(f"{'/'.join(key)}: {found.value} in an empty cell")
            continue
        score.values += 1
        if found is None:
            score.missing += 1
        elif found.value == value:
            score.exact += 1
        elif flagged:
            score.wrong_flagged += 1
        else:
            score.wrong_silent += 1
            score.silent.append(f"{'/'.join(key)}: {found.value} for {value}")


def _bucket(features: dict[str, Any]) -> dict[str, str]:
    """The features of one layout as table rows: choices as printed, numbers in bands."""
    out = {k: str(features[k]) for k in FEATURES if k in features and
           not isinstance(features[k], list | dict | float)}
    out["running_header"] = "yes" if features.get("running_header") else "no"
    out["split"] = "yes" if features.get("split_tables") else "no"
    out["landscape"] = "yes" if features.get("landscape_tables") else "no"
    if "label_width_mm" in features:
        out["label_width"] = "wraps" if features["label_width_mm"] else "auto"
    gap = float(features.get("col_gap_pt", 0))
    out["gap"] = "< 8 pt" if gap < 8 else "8-20 pt" if gap < 20 else ">= 20 pt"
    out["size"] = "< 9 pt" if features.get("size", 10) < 9 else ">= 9 pt"
    if "scan_dpi" in features:
        dpi = features["scan_dpi"]
        out["dpi"] = "< 200" if dpi < 200 else "200-249" if dpi < 250 else ">= 250"
        skew = max((abs(a) for a in features.get("scan_angles", [])), default=0.0)
        out["skew"] = "< 1°" if skew < 1 else ">= 1°"
    return out


# ------------------------------------------------------------------- cell recovery

def _norm_label(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def _norm_value(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " ").replace("\u2009", " "))


def cell_recovery(printed: Sequence[dict[str, Any]], tables: Sequence[Sequence[Sequence[str]]]
                  ) -> tuple[int, int]:
    """(recovered, printed value cells): see the module's docstring."""
    rows = [[str(c or "") for c in row] for table in tables for row in table]
    recovered = 0
    for cell in printed:
        label, place, text = _norm_label(cell["label"]), cell["place"], _norm_value(cell["text"])
        for row in rows:
            at = next((i for i, c in enumerate(row) if c.strip() and
                       fuzz.ratio(_norm_label(c), label) >= LABEL_MATCH), None)
            if at is None:
                continue
            after = [c for c in row[at + 1:] if c.strip()]
            if place < len(after) and _norm_value(after[place]) == text:
                recovered += 1
                break
    return recovered, len(printed)


def ours_tables(document: Any) -> list[list[list[str]]]:
    """Our spec-less reader's tables (`ams-extract tables`) as rows of cell texts."""
    from extractor.layout.find_tables import document_tables

    out = []
    for grid in document_tables(document):
        rows = [[""] * grid.n_cols for _ in range(grid.n_rows)]
        for cell in grid.cells:
            rows[cell.row][cell.col] = cell.text
        out.append(rows)
    return out


def camelot_tables(pdf: Path, flavor: str) -> list[list[list[str]]]:
    import camelot

    return [table.df.values.tolist() for table in camelot.read_pdf(str(pdf), pages="all",
                                                                   flavor=flavor)]


def pdfplumber_tables(pdf: Path, strategy: str) -> list[list[list[str]]]:
    """pdfplumber's table finder, by ruling lines ("lines") or by words' alignment ("text")."""
    import pdfplumber

    settings = {"vertical_strategy": strategy, "horizontal_strategy": strategy}
    with pdfplumber.open(pdf) as document:
        return [[[cell or "" for cell in row] for row in table]
                for page in document.pages for table in page.extract_tables(settings)]


def img2table_tables(pdf: Path, scanned: bool) -> list[list[list[str]]]:
    from img2table.document import PDF
    from img2table.ocr import TesseractOCR

    # Text-layer PDFs are read from their text layer; scans by Tesseract, one thread.
    ocr = TesseractOCR(n_threads=1, lang="nor")
    found = PDF(str(pdf), pdf_text_extraction=not scanned).extract_tables(
        ocr=ocr, implicit_rows=True, borderless_tables=True, min_confidence=50)
    return [table.df.fillna("").astype(str).values.tolist()
            for tables in found.values() for table in tables]


# ------------------------------------------------------------------------ one layout

@dataclass(frozen=True)
class Job:
    edition: str
    seed: int
    scanned: bool
    out: str
    peers: bool  # also run the peers on this layout
    footnotes: bool = False  # the layout's variant with footnote markers
    engine: str = "reportlab"  # or one of make_html_layouts.ENGINES


def generate(job: Job) -> make_layouts.Layout:
    if job.engine == "reportlab":
        return make_layouts.generate(Path(job.edition), job.seed, Path(job.out),
                                     scanned=job.scanned, footnotes=job.footnotes)
    return make_html_layouts.generate(Path(job.edition), job.seed, Path(job.out),
                                      engine=job.engine, scanned=job.scanned)


def run_layout(job: Job) -> tuple[Score, dict[str, tuple[int, int]]]:
    """Generate one layout, extract it, score it; the peers too when asked."""
    from extractor import extract
    from extractor.readers.pdf import ReadOptions

    try:
        layout = generate(job)
    except Exception as error:  # an engine that printed nothing: shown, not scored
        score = Score(f"{Path(job.edition).stem}-{job.seed}-{job.engine}", job.scanned, {})
        score.error = f"generator: {type(error).__name__}: {error}"[:200]
        return score, {}
    manifest = json.loads(layout.manifest.read_text(encoding="utf-8"))
    truth_file = layout.truth if layout.truth.is_absolute() else ROOT / layout.truth
    score = Score(layout.pdf.name, job.scanned, _bucket(layout.features), sampled=job.peers)
    started = time.perf_counter()
    try:
        report = extract(layout.pdf, options=ReadOptions(use_cache=False, workers=1))
    except Exception as error:  # scored as all missing, and shown
        score.error = f"{type(error).__name__}: {error}"[:200]
        score.values = len(read_truth(truth_file)) - len(layout.blanked)
        score.missing = score.values
        return score, {}
    score.seconds = time.perf_counter() - started
    score.pages = len(report.document.pages)
    score.text_pages = sum(p.method == "text-layer" for p in report.document.pages)
    score_extraction(read_truth(truth_file), layout.blanked, report.observations, score)
    peers: dict[str, tuple[int, int]] = {}
    if job.peers:
        printed = manifest["cells"]
        peers["ours (tables)"] = cell_recovery(printed, ours_tables(report.document))
        readers = {"img2table": lambda: img2table_tables(layout.pdf, job.scanned)}
        if not job.scanned:
            for flavor in ("lattice", "stream", "hybrid", "network"):
                readers[f"camelot {flavor}"] = (
                    lambda flavor=flavor: camelot_tables(layout.pdf, flavor))
            for strategy in ("lines", "text"):
                readers[f"pdfplumber {strategy}"] = (
                    lambda strategy=strategy: pdfplumber_tables(layout.pdf, strategy))
        for name, read in readers.items():
            try:
                peers[name] = cell_recovery(printed, read())
            except Exception as error:  # a peer failing on a layout recovers nothing
                log(f"  {name} failed on {layout.pdf.name}: {type(error).__name__}")
                peers[name] = (0, len(printed))
    if not os.environ.get("LAYOUTS_KEEP"):
        layout.pdf.unlink(missing_ok=True)
        layout.manifest.unlink(missing_ok=True)
    return score, peers


def seeds(split: str) -> list[int]:
    """The seeds of a split, the same rule for every engine (make_html_layouts.split_of):
    6-999 are the test part no rule is tuned on; 0-5, then 1000 and up, the development
    part."""
    test = make_html_layouts.TEST_SEEDS
    dev = [*range(test.start), *range(test.stop, 10_000)]
    return {"dev": dev, "test": list(test), "all": list(range(10_000))}[split]


def plan(text: int, scanned: int, peers: int, out: Path, footnotes: bool = False,
         engine: str = "reportlab", split: str = "all") -> list[Job]:
    """Text layouts seed by seed (of `split`) over the editions; scans are the first text
    layouts' twins. Peers run on the first `peers` text layouts and the first `peers`
    scans."""
    editions = [str(e) for e in make_layouts.all_editions()]
    pairs = [(e, seed) for seed in seeds(split) for e in editions]
    jobs = [Job(e, s, False, str(out), i < peers, footnotes, engine)
            for i, (e, s) in enumerate(pairs[:text])]
    jobs += [Job(e, s, True, str(out), i < peers, footnotes, engine)
             for i, (e, s) in enumerate(pairs[:scanned])]
    return jobs


# ---------------------------------------------------------------------------- report

def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f} %" if whole else "-"


def _totals(scores: Sequence[Score]) -> tuple[int, int, int, int, int]:
    return (sum(s.values for s in scores), sum(s.exact for s in scores),
            sum(s.wrong_flagged for s in scores), sum(s.wrong_silent for s in scores),
            sum(s.missing for s in scores))


def render(scores: Sequence[Score], peers: dict[str, dict[bool, list[tuple[int, int]]]],
           seconds: float, jobs: int, engine: str = "reportlab", split: str = "all") -> str:
    title = "## Layouts: accuracy over generated layouts of the six editions"
    command = "python benchmarks/layouts.py"
    if engine != "reportlab" or split != "all":
        part = {"dev": "development part (seeds 0-5, 1000 and up)",
                "test": "test part (seeds 6-999)",
                "all": "all seeds"}[split]
        title = f"## Layouts printed by {engine}: {part}"
        command += f" --engine {engine} --split {split}"
    out = [title, "",
           f"`{command}` (method in its docstring); run "
           f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {jobs} layouts side by side, "
           f"{seconds / 60:.1f} min in all.", "",
           "| layouts | count | values | exact | wrong, flagged | wrong, silent | missing "
           "| lowest layout | target |", "|---|--:|--:|--:|--:|--:|--:|--:|---|"]
    for scanned, target in ((False, ">= 99.5 %, no layout < 98 %, none silent"),
                            (True, ">= 97 %, none silent")):
        group = [s for s in scores if s.scanned == scanned]
        if not group:
            continue
        values, exact, flagged, silent, missing = _totals(group)
        lowest = min(group, key=lambda s: s.exact_share)
        out.append(f"| {'scanned' if scanned else 'text layer'} | {len(group)} | {values} | "
                   f"{_pct(exact, values)} | {flagged} | {silent} | {missing} | "
                   f"{100 * lowest.exact_share:.1f} % ({lowest.name}) | {target} |")
    text = [s for s in scores if not s.scanned and not s.error]
    if text:
        pages, read = sum(s.pages for s in text), sum(s.text_pages for s in text)
        out += ["", f"Text-layer layouts' pages read from their text layer (trusted): {read} of "
                f"{pages}" + ("." if read == pages else "; the others OCR'd: " + ", ".join(
                    f"{s.name} {s.pages - s.text_pages}" for s in text
                    if s.text_pages < s.pages) + ".")]
    errors = [s for s in scores if s.error]
    if errors:
        out += ["", "Failed extractions: " + "; ".join(f"{s.name}: {s.error}" for s in errors)]
    silent = [f"{s.name}: {item}" for s in scores for item in s.silent]
    out += ["", "Silently wrong values: " + ("; ".join(silent) if silent else "none") + "."]
    weak = sorted((s for s in scores if s.exact_share < 1), key=lambda s: s.exact_share)[:8]
    if weak:
        out += ["", "Layouts below 100 %: " + ", ".join(
            f"{s.name} {100 * s.exact_share:.1f} %" for s in weak) +
            (" (and more)" if len([s for s in scores if s.exact_share < 1]) > 8 else "") + "."]
    if peers:
        out += ["", "### Peers on a sample: cell recovery", "",
                "Printed value cells that come out under their row label, in their place "
                "(docstring). Camelot reads text layers only.", "",
                "| reader | text-layer layouts | scanned layouts |", "|---|--:|--:|"]
        for name, by_kind in peers.items():
            cells = []
            for scanned in (False, True):
                runs = by_kind.get(scanned, [])
                got, total = sum(r[0] for r in runs), sum(r[1] for r in runs)
                cells.append(f"{_pct(got, total)} ({got}/{total}, {len(runs)} layouts)"
                             if runs else "-")
            out.append(f"| {name} | {cells[0]} | {cells[1]} |")
        exact = {k: _totals([s for s in scores if s.scanned == k and s.sampled])
                 for k in (False, True) if any(s.scanned == k and s.sampled for s in scores)}
        if exact:
            cells = [f"{_pct(exact[k][1], exact[k][0])} of values exact" if k in exact else "-"
                     for k in (False, True)]
            out.append(f"| ours (extract, same layouts) | {cells[0]} | {cells[1]} |")
    for scanned in (False, True):
        group = [s for s in scores if s.scanned == scanned]
        if not group:
            continue
        out += ["", f"### By feature, {'scanned' if scanned else 'text layer'}", "",
                "| feature | value | layouts | values | exact | wrong, flagged | wrong, silent "
                "| lowest layout |", "|---|---|--:|--:|--:|--:|--:|--:|"]
        by: dict[tuple[str, str], list[Score]] = defaultdict(list)
        for s in group:
            for feature, value in s.features.items():
                by[(feature, value)].append(s)
        for (feature, value), members in sorted(by.items()):
            values, exact_n, flagged, silent_n, _ = _totals(members)
            lowest = min(s.exact_share for s in members)
            out.append(f"| {feature} | {value} | {len(members)} | {values} | "
                       f"{_pct(exact_n, values)} | {flagged} | {silent_n} | "
                       f"{100 * lowest:.1f} % |")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------ main

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--text", type=int, default=102, help="text-layer layouts (102)")
    parser.add_argument("--scanned", type=int, default=30, help="scanned layouts (30)")
    parser.add_argument("--peers", type=int, default=12,
                        help="layouts of each kind the peers also read (12)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="layouts extracted side by side (one per core)")
    parser.add_argument("--keep", type=Path, help="keep the generated PDFs and manifests here")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md's block")
    parser.add_argument("--engine", choices=("reportlab", *make_html_layouts.ENGINES),
                        default="reportlab",
                        help="who typesets the layouts: reportlab (samples/make_layouts.py) "
                             "or Chromium or LibreOffice Writer printing generated HTML "
                             "(samples/make_html_layouts.py)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="seeds 0-5 and 1000 and up of each edition (dev), 6-999 (test), "
                             "or all")
    parser.add_argument("--footnotes", action="store_true",
                        help="each layout's variant with footnote markers on a period "
                             "header and a row label (printed only: BENCHMARKS.md's "
                             "layouts-footnotes block compares two trees' runs)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ams-layouts-") as scratch:
        out = args.keep or Path(scratch)
        if args.keep:
            os.environ["LAYOUTS_KEEP"] = "1"
        if args.engine != "reportlab" and not make_html_layouts.available(args.engine):
            parser.error(f"{args.engine} is not installed")
        jobs = plan(args.text, args.scanned, args.peers, out, args.footnotes, args.engine,
                    args.split)
        scores: list[Score] = []
        peers: dict[str, dict[bool, list[tuple[int, int]]]] = defaultdict(
            lambda: defaultdict(list))
        with ProcessPoolExecutor(args.jobs) as pool:
            for index, (score, found) in enumerate(pool.map(run_layout, jobs), 1):
                scores.append(score)
                for name, result in found.items():
                    peers[name][score.scanned].append(result)
                log(f"[{index}/{len(jobs)}] {score.name}: {score.exact}/{score.values} exact, "
                    f"{score.wrong_flagged} flagged, {score.wrong_silent} silent, "
                    f"{score.text_pages}/{score.pages} pages text layer {score.error}"
                    + "".join(f"; {k} {v[0]}/{v[1]}" for k, v in found.items()))
    markdown = render(scores, {k: dict(v) for k, v in peers.items()},
                      time.perf_counter() - started, args.jobs, args.engine, args.split)
    print(markdown, end="")
    if args.write and not args.footnotes:
        block = "layouts" if (args.engine, args.split) == ("reportlab", "all") \
            else f"layouts-{args.engine}-{args.split}"
        replace_block(block, markdown)
        log(f"wrote BENCHMARKS.md (its {block} block)")
    counts = Counter(s.scanned for s in scores)
    log(f"done: {counts[False]} text, {counts[True]} scanned layouts in "
        f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InvalidOperation as error:  # a truth CSV that is not numbers
        sys.exit(f"layouts: bad truth value ({error})")
