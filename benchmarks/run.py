"""Benchmarks of ams-extract: accuracy per sample, text-layer speed, OCR speed, psm sweep.

Not part of the test suite: nothing here asserts, and the numbers depend on the machine.
Run it from the repository root:

    python3 benchmarks/run.py            # print the Markdown report on stdout
    python3 benchmarks/run.py --write    # ... and write it to BENCHMARKS.md
    python3 benchmarks/run.py --quick    # skip sections 4 to 6 and the OMP reference,
                                         # and run the slow OCR timings once, not three times

Progress goes to stderr. A full run takes about 5 minutes on 2 cores.

What each number means
----------------------
1. Accuracy. Each sample is extracted with `extract()` (OCR where a page has no
   usable text layer, no cache, psm 4) and compared with the reviewed truth,
   fixtures/nve-ams-status-2016h1/observations.csv (123 values keyed by
   table, row, column; values compared as numbers):
     exact          the key is there and the value equals the truth
     wrong, flagged the value differs, and carries `low_confidence` or a
                    `check_failed:…` flag, so a reader is warned
     wrong, silent  the value differs and carries neither: an undetected error
     missing        a truth key that was not extracted
     extra          an extracted key that is not in the truth (or a repeat of one)
2. Text-layer speed, text PDF (17 pages). The target compares whole processes, as a
   user runs them: `ams-extract extract` against a Python process that imports Camelot
   and calls read_pdf stream, alternating, median of 7 after a warm-up round. Then,
   inside this process, wall time with time.perf_counter, after one untimed warm-up run:
     ours           the whole `extract()` (read, find tables, parse, check); median of 5
     pdfplumber     baseline A: `extract_words()` on every page, nothing more; median of 5
     camelot stream `camelot.read_pdf(path, pages="all", flavor="stream")`; median of 3
   Camelot coverage: of the 118 non-summary truth values, how many have their printed
   text (the truth's `raw`, e.g. "2 284 127", "(14%)") inside some Camelot cell
   (whitespace collapsed on both sides), and how many equal a whole cell. A substring
   hit is generous: a short raw such as "6" is found in many cells.
3. OCR speed, scanned PDF (17 image-only pages):
     ours           the whole `extract()` with use_cache=False: render, prepare, Tesseract
                    in a process pool (one worker per core), parse, check
     baseline       plain Tesseract, one page after another: each page rendered with
                    pypdfium2 at 300 dpi grayscale to a PNG (not timed), then
                    `tesseract page.png out -l nor` (default settings, txt output) run with
                    subprocess, timed over all pages
   Both are the median of 3 rounds (ours and baseline alternate) or 1 with --quick.
   Target: ours / baseline <= 0.6. For reference only (not with --quick): the same
   baseline once more with OMP_THREAD_LIMIT=1, Tesseract without its own threads.
   Cache: `extract()` twice with use_cache=True and a fresh temporary cache folder;
   target: second / first <= 0.1.
4. psm sweep (skipped by --quick): the scanned PDF with psm 3, 4, 6 and 11, each one
   run with use_cache=False: exact values (of 123) and time. The best psm is the one
   with the most exact values, then the fewest silent errors, then the least time.
5. Workers (skipped by --quick): the scanned PDF with workers=1 and workers=2, one run
   each, use_cache=False: what the process pool buys.
6. OCR stages (skipped by --quick): every page of the scanned PDF through our render,
   `imaging.prepare` (deskew, rules) and Tesseract `image_to_data`, one after another in
   this process with one OpenMP thread: where a worker's time goes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402
from extractor.readers.ocr import OcrSettings  # noqa: E402
from extractor.readers.pdf import ReadOptions  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from report_file import replace_block  # noqa: E402

TRUTH = ROOT / "fixtures" / "nve-ams-status-2016h1" / "observations.csv"
SAMPLES = {
    "text edition": ROOT / "samples" / "nve-ams-status-2016h1.txt",
    "text PDF": ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-text.pdf",
    "mixed PDF": ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-mixed.pdf",
    "scanned PDF": ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-scanned.pdf",
    "alt PDF": ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-alt.pdf",
}
FAST_REPEATS = 5
CAMELOT_REPEATS = 3
PROCESS_REPEATS = 7
OCR_REPEATS = 3
PSMS = (3, 4, 6, 11)
DEFAULT_PSM = 4
OCR_TARGET = 0.6
CACHE_TARGET = 0.1

Key = tuple[str, str, str]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def options(**changes) -> ReadOptions:
    settings = OcrSettings(psm=changes.pop("psm", DEFAULT_PSM))
    base = {"ocr": "auto", "use_cache": False, "cache_dir": None, "workers": None,
            "settings": settings}
    base.update(changes)
    return ReadOptions(**base)


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def median_time(function: Callable[[], object], repeats: int, warm_up: bool = True) -> float:
    if warm_up:
        function()
    return statistics.median(timed(function)[0] for _ in range(repeats))


# ----------------------------------------------------------------- the machine

def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                                   check=False).stdout.splitlines()[0]
    except (OSError, IndexError):
        tesseract = "not found"
    versions = []
    for name in ("pdfplumber", "pypdfium2", "pytesseract", "camelot-py"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "tesseract": tesseract,
        "libraries": ", ".join(versions),
        "load": load_average(),
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ------------------------------------------------------------------- accuracy

@dataclass
class Truth:
    values: dict[Key, Decimal]
    raw: dict[Key, str]


def load_truth() -> Truth:
    values, raw = {}, {}
    with TRUTH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["table"], row["row"], row["column"])
            values[key] = Decimal(row["value"])
            raw[key] = row["raw"]
    return Truth(values, raw)


@dataclass
class Score:
    exact: int = 0
    wrong_flagged: int = 0
    wrong_silent: int = 0
    missing: int = 0
    extra: int = 0
    details: list[str] = field(default_factory=list)


def warned(flags) -> bool:
    return any(f == "low_confidence" or f.startswith("check_failed") for f in flags)


def score(report, truth: Truth) -> Score:
    got = {}
    result = Score()
    for obs in report.observations:
        key = (obs.table, obs.row, obs.column)
        if key in got or key not in truth.values:
            result.extra += 1
            result.details.append(f"extra `{'/'.join(key)}` = {obs.value}")
            continue
        got[key] = obs
    for key, expected in truth.values.items():
        name = "/".join(key)
        obs = got.get(key)
        if obs is None:
            result.missing += 1
            result.details.append(f"missing `{name}` (truth {expected})")
        elif obs.value == expected:
            result.exact += 1
        elif warned(obs.flags):
            result.wrong_flagged += 1
            result.details.append(f"wrong, flagged `{name}`: {obs.value} for {expected} "
                                  f"({', '.join(obs.flags)})")
        else:
            result.wrong_silent += 1
            flags = f" ({', '.join(obs.flags)})" if obs.flags else ""
            result.details.append(f"wrong, silent `{name}`: {obs.value} for {expected}{flags}")
    return result


def page_methods(report) -> str:
    pages = getattr(report.document, "pages", ()) or ()
    if not pages:
        return "text"
    counts: dict[str, int] = {}
    for page in pages:
        counts[page.method] = counts.get(page.method, 0) + 1
    return ", ".join(f"{n} {method}" for method, n in counts.items())


# --------------------------------------------------------- text-layer speed

def pdfplumber_words(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_words()) for page in pdf.pages)


def camelot_tables(path: Path):
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return camelot.read_pdf(str(path), pages="all", flavor="stream")


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def camelot_coverage(tables, truth: Truth) -> dict[str, tuple[int, int, int]]:
    """Per group: (values found in a cell, values equal to a whole cell, values)."""
    cells = [collapse(cell) for table in tables for row in table.df.values for cell in row]
    cells = [cell for cell in cells if cell]
    joined = "\n".join(cells)
    whole = set(cells)
    groups: dict[str, list[Key]] = {"non-summary (all tables)": [], "grid tables": [],
                                    "prose table cost_vs_weighted_average": []}
    for key in truth.values:
        if key[0] == "summary":
            continue
        groups["non-summary (all tables)"].append(key)
        if key[0] == "cost_vs_weighted_average":
            groups["prose table cost_vs_weighted_average"].append(key)
        else:
            groups["grid tables"].append(key)
    out = {}
    for name, keys in groups.items():
        raws = [collapse(truth.raw[key]) for key in keys]
        found = sum(1 for raw in raws if raw in joined)
        equal = sum(1 for raw in raws if raw in whole)
        out[name] = (found, equal, len(keys))
    return out


def process_times(text_pdf: Path, repeats: int) -> tuple[float, float]:
    """Median wall time of whole processes, ours and Camelot's, run alternately.

    Each is what a user runs: Python starts, imports, reads the PDF, and (ours)
    finds, parses, checks and writes the tables; (Camelot) returns its tables.
    """
    camelot_code = ("import sys, warnings; warnings.simplefilter('ignore'); import camelot; "
                    "camelot.read_pdf(sys.argv[1], pages='all', flavor='stream')")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory() as temporary:
        commands = (
            (ours, [sys.executable, "-m", "extractor", "extract", str(text_pdf), "-o",
                    str(Path(temporary) / "out"), "--force"]),
            (theirs, [sys.executable, "-c", camelot_code, str(text_pdf)]),
        )
        for round_ in range(repeats + 1):
            for times, command in commands:
                started = time.perf_counter()
                done = subprocess.run(command, env=env, capture_output=True, cwd=ROOT)
                seconds = time.perf_counter() - started
                if done.returncode not in (0, 1):
                    raise RuntimeError(f"{command[:4]} failed: {done.stderr[-300:]!r}")
                if round_:  # the first round warms the file cache
                    times.append(seconds)
    return statistics.median(ours), statistics.median(theirs)


# ---------------------------------------------------------------- OCR speed

def render_pngs(path: Path, folder: Path, dpi: int = 300) -> list[Path]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    files = []
    try:
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            file = folder / f"page-{index + 1:02d}.png"
            image.save(file)
            files.append(file)
    finally:
        document.close()
    return files


def tesseract_sequential(pngs: list[Path], folder: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    for png in pngs:
        subprocess.run(["tesseract", str(png), str(folder / png.stem), "-l", "nor"],
                       check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def stage_times(path: Path, settings: OcrSettings) -> dict[str, float]:
    """Seconds per stage of our OCR of every page, in this one process, one thread."""
    import pytesseract

    from extractor.readers.imaging import prepare
    from extractor.readers.ocr import render_page

    totals = {"render": 0.0, "prepare": 0.0, "tesseract": 0.0}
    previous = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"  # as in ours' workers
    try:
        pages = _page_count(path)
        for index in range(pages):
            seconds, image = timed(lambda index=index: render_page(str(path), index,
                                                                   settings.dpi))
            totals["render"] += seconds
            seconds, prepared = timed(lambda image=image: prepare(image).image)
            totals["prepare"] += seconds
            totals["tesseract"] += timed(lambda prepared=prepared: pytesseract.image_to_data(
                prepared, lang=settings.language, config=settings.config(),
                output_type=pytesseract.Output.DICT))[0]
    finally:
        if previous is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = previous
    return totals


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


# ------------------------------------------------------------------ the report

def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def run(quick: bool) -> str:
    truth = load_truth()
    total = len(truth.values)
    out: list[str] = []
    info = machine()
    log(f"machine: {info['cpu']}, {info['cores']} cores, load {info['load']}")
    ocr_repeats = 1 if quick else OCR_REPEATS

    # 3 first (the scanned run also gives its accuracy), then the rest.
    scanned = SAMPLES["scanned PDF"]
    log("OCR speed: ours vs sequential tesseract")
    ours_times, base_times, scanned_report = [], [], None
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        pngs = render_pngs(scanned, folder)
        for round_ in range(ocr_repeats):
            seconds, report = timed(lambda: extract(scanned, options=options()))
            ours_times.append(seconds)
            scanned_report = scanned_report or report
            log(f"  round {round_ + 1}: ours {seconds:.2f} s")
            seconds = tesseract_sequential(pngs, folder)
            base_times.append(seconds)
            log(f"  round {round_ + 1}: baseline {seconds:.2f} s")
        single_thread = None
        if not quick:
            single_thread = tesseract_sequential(pngs, folder,
                                                 {**os.environ, "OMP_THREAD_LIMIT": "1"})
            log(f"  baseline with OMP_THREAD_LIMIT=1: {single_thread:.2f} s")
    ours_ocr, base_ocr = statistics.median(ours_times), statistics.median(base_times)
    assert scanned_report is not None

    log("OCR cache: first and second run")
    with tempfile.TemporaryDirectory() as temporary:
        cached_options = options(use_cache=True, cache_dir=Path(temporary))
        first, _ = timed(lambda: extract(scanned, options=cached_options))
        second, second_report = timed(lambda: extract(scanned, options=cached_options))
    cached_pages = sum(1 for page in second_report.document.pages if page.cached)

    log("accuracy")
    accuracy: list[tuple[str, Path, Score, str, float]] = []
    for name, path in SAMPLES.items():
        if name == "scanned PDF":
            report, seconds = scanned_report, ours_times[0]
        else:
            seconds, report = timed(lambda path=path: extract(path, options=options()))
        accuracy.append((name, path, score(report, truth), page_methods(report), seconds))

    log("text-layer speed")
    text_pdf = SAMPLES["text PDF"]
    ours_text = median_time(lambda: extract(text_pdf, options=options()), FAST_REPEATS)
    from extractor.document_reading import read_source

    ours_read = median_time(lambda: read_source(text_pdf, options()), FAST_REPEATS)
    plumber = median_time(lambda: pdfplumber_words(text_pdf), FAST_REPEATS)
    camelot_time = median_time(lambda: camelot_tables(text_pdf), CAMELOT_REPEATS)
    log("text-layer speed, whole processes")
    ours_process, camelot_process = process_times(text_pdf, PROCESS_REPEATS)
    tables = camelot_tables(text_pdf)
    coverage = camelot_coverage(tables, truth)
    cells = sum(table.df.size for table in tables)

    sweep: list[tuple[int, Score, float]] = []
    workers: list[tuple[int, float]] = []
    stages: dict[str, float] = {}
    if not quick:
        log("psm sweep")
        for psm in PSMS:
            seconds, report = timed(lambda psm=psm: extract(scanned, options=options(psm=psm)))
            sweep.append((psm, score(report, truth), seconds))
            log(f"  psm {psm}: {sweep[-1][1].exact} exact, {seconds:.2f} s")
        log("workers")
        for count in (1, 2):
            seconds, _ = timed(lambda count=count: extract(scanned,
                                                           options=options(workers=count)))
            workers.append((count, seconds))
            log(f"  workers={count}: {seconds:.2f} s")
        log("OCR stages per page, one process")
        stages = stage_times(scanned, options().settings)
    info_end = load_average()

    # ---------------------------------------------------------------- write
    out += [
        "# Benchmarks",
        "",
        "Measured by `python3 benchmarks/run.py --write`"
        + (" (with `--quick`)" if quick else "")
        + ". Not part of the test suite: it asserts nothing, and its numbers depend on "
        "the machine. The machine is shared and noisy: fast timings are the median of "
        f"{FAST_REPEATS} runs after one warm-up (Camelot: {CAMELOT_REPEATS}), the OCR "
        f"timings the median of {ocr_repeats} round(s), and the psm sweep, cache and workers "
        "rows single runs. `benchmarks/run.py`'s docstring says exactly what each number "
        "measures.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| date | {info['date']} |",
        f"| CPU | {info['cpu']} |",
        f"| cores | {info['cores']} |",
        f"| Python | {info['python']} |",
        f"| Tesseract | {info['tesseract']} |",
        f"| libraries | {info['libraries']} |",
        f"| load average (1, 5, 15 min) | {info['load']} at start, {info_end} at end |",
        "",
        "## 1. Accuracy against the reviewed truth",
        "",
        f"Truth: `fixtures/nve-ams-status-2016h1/observations.csv`, {total} values. "
        "*Wrong, flagged* carries `low_confidence` or `check_failed:…`; *wrong, silent* "
        "carries neither. Every sample extracted with `ocr=\"auto\"`, no cache, psm "
        f"{DEFAULT_PSM}.",
        "",
        "| sample | pages | exact | wrong, flagged | wrong, silent | missing | extra | time |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path, result, methods, seconds in accuracy:
        out.append(f"| {name} (`{path.name}`) | {methods} | {result.exact} / {total} | "
                   f"{result.wrong_flagged} | {result.wrong_silent} | {result.missing} | "
                   f"{result.extra} | {fmt(seconds)} |")
    details = [(name, result) for name, _, result, _, _ in accuracy if result.details]
    if details:
        out += ["", "Every value that is not exact:", ""]
        for name, result in details:
            out.append(f"- {name}: " + "; ".join(result.details))
    out += [
        "",
        "## 2. Text-layer PDF speed",
        "",
        f"`{text_pdf.name}`, 17 pages. Ours does the whole job (tables found, labels matched, "
        "numbers parsed, checks run); the baselines only read words or raw cells.",
        "",
        "Whole processes, as a user runs them (Python start-up and imports included), "
        f"alternating, median of {PROCESS_REPEATS} after a warm-up round:",
        "",
        "| what | time | ours / this |",
        "|---|---:|---:|",
        f"| ours: `ams-extract extract` (tables, labels, numbers, checks, files written) | "
        f"{fmt(ours_process)} | 1.00 |",
        f"| Camelot: `python -c 'camelot.read_pdf(..., flavor=\"stream\")'` | "
        f"{fmt(camelot_process)} | {ours_process / camelot_process:.2f} |",
        "",
        f"Target, the whole process no slower than Camelot stream's (ratio <= 1): "
        f"{verdict(ours_process <= camelot_process)} "
        f"(ours / Camelot = {ours_process / camelot_process:.2f}).",
        "",
        "Inside one Python process (imports excluded), the library calls alone:",
        "",
        "| what | time | ours / this |",
        "|---|---:|---:|",
        f"| ours: whole `extract()` (median of {FAST_REPEATS}) | {fmt(ours_text)} | 1.00 |",
        f"| ours, reading stage only: `read_source()` (pdfplumber words + rules + lines, "
        f"median of {FAST_REPEATS}) | {fmt(ours_read)} | {ours_text / ours_read:.2f} |",
        f"| baseline A: pdfplumber `extract_words()`, all pages (median of {FAST_REPEATS}) | "
        f"{fmt(plumber)} | {ours_text / plumber:.2f} |",
        f"| Camelot `read_pdf(pages=\"all\", flavor=\"stream\")` (median of {CAMELOT_REPEATS}) "
        f"| {fmt(camelot_time)} | {ours_text / camelot_time:.2f} |",
        "",
        f"Inside the process, ours takes {ours_text / camelot_time:.2f} times Camelot's "
        "call: the import of Camelot's stack is what ours saves. Reading the PDF "
        "(`read_source()`, pdfplumber) "
        f"is {ours_read / ours_text:.0%} of ours, and pdfplumber's `extract_words()` alone "
        f"takes {plumber / camelot_time:.1f} times as long as all of Camelot stream, whose "
        f"PDF parser is playa {_version('playa-pdf')}, not pdfminer.",
        "",
        f"What Camelot's raw cells hold ({tables.n} tables, {cells} cells): a truth value "
        "counts when its printed text (`raw`, whitespace collapsed) is a substring of some "
        "cell, or equals a whole cell. Camelot gives cells only: no table names, row or "
        "column keys, or numbers.",
        "",
        "| truth values | in some cell (substring) | equal to a whole cell |",
        "|---|---:|---:|",
    ]
    for name, (found, equal, count) in coverage.items():
        out.append(f"| {name} | {found} / {count} | {equal} / {count} |")
    ocr_ratio = ours_ocr / base_ocr
    cache_ratio = second / first
    out += [
        "",
        "## 3. OCR speed, scanned PDF",
        "",
        f"`{scanned.name}`, 17 image-only pages, {os.cpu_count()} cores. Baseline: each page "
        "rendered by pypdfium2 at 300 dpi grayscale to PNG (not timed), then "
        "`tesseract page.png out -l nor` (default settings, txt output, Tesseract's own "
        "OpenMP threading left as it is) one page after another. Ours: the whole `extract()` "
        "with `use_cache=False` (render, deskew and rule detection, Tesseract psm "
        f"{DEFAULT_PSM} in a pool of one process per core with one OpenMP thread each, "
        "parse, checks).",
        "",
        "| what | time | ratio | target |",
        "|---|---:|---:|---|",
        f"| baseline: sequential `tesseract` CLI, 17 pages (median of {ocr_repeats}) | "
        f"{fmt(base_ocr)} | | |",
        f"| ours: `extract()`, no cache (median of {ocr_repeats}) | {fmt(ours_ocr)} | "
        f"ours / baseline = {ocr_ratio:.2f} | "
        f"<= {OCR_TARGET}: {verdict(ocr_ratio <= OCR_TARGET)} |",
        *([f"| for reference: the same baseline with `OMP_THREAD_LIMIT=1` (one run) | "
            f"{fmt(single_thread)} | ours / this = {ours_ocr / single_thread:.2f} | |"]
          if single_thread else []),
        f"| ours, cache on, first run (fresh cache folder) | {fmt(first)} | | |",
        f"| ours, cache on, second run ({cached_pages} of {len(second_report.document.pages)} "
        f"pages from the cache) | {fmt(second)} | second / first = {cache_ratio:.3f} | "
        f"<= {CACHE_TARGET}: {verdict(cache_ratio <= CACHE_TARGET)} |",
        "",
        "The scanned row of section 1 is round 1 of ours. All rounds: ours "
        + ", ".join(f"{t:.2f}" for t in ours_times) + " s; baseline "
        + ", ".join(f"{t:.2f}" for t in base_times) + " s.",
    ]
    if sweep:
        def quality(row):
            return (row[1].exact, -row[1].wrong_silent, -row[1].missing, -row[1].extra)

        top = max(quality(row) for row in sweep)
        tied = [row for row in sweep if quality(row) == top]
        spread = max(row[2] for row in tied) / min(row[2] for row in tied) - 1
        best = min(tied, key=lambda row: row[2])
        out += [
            "",
            "## 4. Page segmentation mode (psm) sweep, scanned PDF",
            "",
            "One run each, `use_cache=False`. The best psm has the most exact values, then the "
            "fewest silent errors, missing and extra values; only then the least time, and a "
            "time difference under 10 % is noise on this machine.",
            "",
            "| psm | exact | wrong, flagged | wrong, silent | missing | extra | time |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for psm, result, seconds in sweep:
            mark = " (default)" if psm == DEFAULT_PSM else ""
            out.append(f"| {psm}{mark} | {result.exact} / {total} | {result.wrong_flagged} | "
                       f"{result.wrong_silent} | {result.missing} | {result.extra} | "
                       f"{fmt(seconds)} |")
        names = ", ".join(f"psm {row[0]}" for row in tied)
        if len(tied) == 1:
            same = "the default" if best[0] == DEFAULT_PSM else f"not the default ({DEFAULT_PSM})"
            line = (f"Best: **psm {best[0]}** ({best[1].exact} / {total} exact, "
                    f"{fmt(best[2])}), {same}.")
        elif spread < 0.10:
            keep = (f"the default psm {DEFAULT_PSM} is among them and stays"
                    if any(row[0] == DEFAULT_PSM for row in tied)
                    else f"psm {best[0]} is the fastest")
            line = (f"Best: **a tie between {names}** ({best[1].exact} / {total} exact each); "
                    f"their times differ by {spread:.0%}, which is noise; {keep}.")
        else:
            line = (f"Best: **psm {best[0]}**, the fastest of {names} ({best[1].exact} / "
                    f"{total} exact each, times {spread:.0%} apart).")
        out += ["", line]
    if workers:
        one = dict(workers)[1]
        two = dict(workers)[2]
        out += [
            "",
            "## 5. Process pool: workers=1 vs workers=2, scanned PDF",
            "",
            "One run each, `use_cache=False`.",
            "",
            "| workers | time | vs workers=1 |",
            "|---:|---:|---:|",
            f"| 1 | {fmt(one)} | 1.00 |",
            f"| 2 | {fmt(two)} | {two / one:.2f} |",
        ]
    if stages:
        pages = _page_count(scanned)
        work = sum(stages.values())
        out += [
            "",
            "## 6. Where ours spends its OCR time, scanned PDF",
            "",
            f"Our OCR stages run one after another over all {pages} pages in this one process "
            "with one OpenMP thread (as in a pool worker), one run. *tesseract* is "
            f"`image_to_data` with psm {DEFAULT_PSM}, TSV output.",
            "",
            "| stage | total | per page | share |",
            "|---|---:|---:|---:|",
        ]
        for name, seconds in stages.items():
            out.append(f"| {name} | {fmt(seconds)} | {fmt(seconds / pages)} | "
                       f"{seconds / work:.0%} |")
        out.append(f"| all | {fmt(work)} | {fmt(work / pages)} | 100% |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--write", action="store_true", help="also write BENCHMARKS.md")
    parser.add_argument("--quick", action="store_true",
                        help="skip the psm sweep, workers and stages; OCR timings run once")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    markdown = run(args.quick)
    print(markdown, end="")
    if args.write:
        replace_block("run", markdown)
        log(f"wrote {ROOT / 'BENCHMARKS.md'} (its block of run.py)")
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
