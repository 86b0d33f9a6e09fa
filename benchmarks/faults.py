"""Faults and hostile input: bounded time, clean deaths (issue 11).

    python benchmarks/faults.py                # print the block
    python benchmarks/faults.py --write        # ... and write BENCHMARKS.md's faults block
    python benchmarks/faults.py --signals 10   # fewer signal deliveries
    python benchmarks/faults.py --short-runs 300   # more short runs (default 150)

Two measurements, both of the real command (`ams-extract`, a process per run):

- Hostile tokens: `extract` of the seed, of the seed with a line of fifty `1`s in the
  annual plan (once about 100 s: every partition of the numbers was tried) and of the
  seed with a megabyte of `1 ` in a one-column table (once over 300 s: quadratic
  line grouping). The median of 3 runs each, as a ratio to the seed's own time.
- Signals: SIGKILL, SIGTERM and Ctrl-C (to the command alone) at a random moment within
  0.8 s of the first `tesseract` of a run, in turn in `extract --review --plots` and in
  `load` of the mixed sample (two scanned pages) without the cache. Counted: the exits,
  processes of the run alive 5 s after it ended, files left in its $TMPDIR, outputs
  that are neither whole nor absent. The same checks as tests/test_faults.py, which CI
  runs 9 times.
- Short runs: `extract` of a damaged copy of the text sample, left to end or stopped by
  SIGTERM or Ctrl-C within its first two seconds. Counted: exits, and whether stderr
  was more than the one line (an "Exception ignored" after the error line, once in
  150 runs before the pool's thread was joined). CI runs 12 of them.

Memory has its own benchmark, benchmarks/memory.py.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

import test_faults as faults  # noqa: E402  (the tests' helpers: one definition of "clean")
from conftest import SEED, pdf_sample  # noqa: E402
from report_file import replace_block  # noqa: E402
from test_tables import seed_with_line  # noqa: E402

COMMAND = [sys.executable, "-m", "extractor"]


def timed_extract(path: Path) -> tuple[float, int]:
    runs, code = [], 0
    for _ in range(3):
        out = Path(tempfile.mkdtemp()) / "out"
        started = time.perf_counter()
        code = subprocess.run([*COMMAND, "extract", str(path), "-o", str(out)],
                              capture_output=True, env={**os.environ,
                                                        "PYTHONPATH": str(HERE.parent)}
                              ).returncode
        runs.append(time.perf_counter() - started)
        shutil.rmtree(out.parent)
    return statistics.median(runs), code


def hostile_tokens() -> list[str]:
    work = Path(tempfile.mkdtemp())
    inputs = {
        "the seed": SEED,
        "a line of fifty `1`s in the annual plan": seed_with_line(
            work / "fifty.txt", "installert per år", "Andre " + "1 " * 50),
        "a megabyte of `1 ` in a one-column table": seed_with_line(
            work / "megabyte.txt", "Husholdninger", "Andre " + "1 " * 500_000),
    }
    rows = ["| input | bytes | median of 3 | × the seed | exit |", "|---|---|---|---|---|"]
    seed_seconds = 0.0
    for name, path in inputs.items():
        seconds, code = timed_extract(path)
        seed_seconds = seed_seconds or seconds
        rows.append(f"| {name} | {path.stat().st_size:,} | {seconds:.2f} s | "
                    f"{seconds / seed_seconds:.1f} | {code} |")
    shutil.rmtree(work)
    return rows


def one_signal(n: int, rng: random.Random) -> tuple[str, ...]:
    command, signum = ("extract", "load")[n % 2], faults.SIGNALS[n % 3]
    work = Path(tempfile.mkdtemp()) / "work"
    if command == "extract":
        args = ["extract", str(pdf_sample("mixed")), "-o", "out", "--review", "--plots",
                "--no-cache"]
    else:
        args = ["load", str(pdf_sample("mixed")), str(faults.EDITION_2017), "--db",
                "ams.duckdb", "--no-cache", "--jobs", "2"]
    process = faults.start(args, work)
    reached = faults.wait_for_ocr(process)
    time.sleep(rng.uniform(0.0, 0.8))
    process.send_signal(signum)
    process.communicate(timeout=120)
    survivors = faults.ends_alone(process.pid)
    temporary = os.listdir(work / "tmp")
    left = set(os.listdir(work)) - {"tmp"}
    whole = True
    if command == "extract" and left:
        whole = left == {"out"} and (work / "out" / "report.json").is_file()
    elif left:
        try:
            faults.whole_editions(work / "ams.duckdb")
        except AssertionError:
            whole = False
    shutil.rmtree(work.parent)
    return (command, signal.Signals(signum).name, str(process.returncode),
            "during OCR" if reached else "before OCR", f"{len(survivors)} alive",
            f"{len(temporary)} temporary", "whole or none" if whole else "HALF-WRITTEN")


def signals(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    outcomes = Counter(one_signal(n, rng) for n in range(count))
    rows = ["| runs | command | signal | exit | when | processes left | files left in "
            "$TMPDIR | outputs |", "|---|---|---|---|---|---|---|---|"]
    rows += [f"| {n} | " + " | ".join(key) + " |" for key, n in sorted(outcomes.items())]
    return rows


def short_runs(count: int) -> list[str]:
    outcomes: Counter[tuple[str, ...]] = Counter()
    for n in range(count):
        work = Path(tempfile.mkdtemp()) / "work"
        what, code, stderr, session = faults.one_short_run(n, random.Random(n), work)
        lines = stderr.strip().splitlines()
        extra = ("nothing" if not lines else "one line" if len(lines) == 1
                 else "MORE THAN ONE LINE")
        left = "none" if not faults.ends_alone(session) and not os.listdir(work / "tmp") \
            else "SOME"
        outcomes[(what.split(": ", 1)[1].split(" at ")[0], str(code), extra, left)] += 1
        shutil.rmtree(work.parent)
    rows = ["| runs | done to it | exit | stderr | processes or files left |",
            "|---|---|---|---|---|"]
    rows += [f"| {n} | " + " | ".join(key) + " |" for key, n in sorted(outcomes.items())]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=50)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--short-runs", type=int, default=150)
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md's block")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    markdown = "\n".join([
        "## Faults and hostile input",
        "",
        f"Measured by `python benchmarks/faults.py --write` ({started}, "
        f"{os.cpu_count()} cores; see its docstring).",
        "",
        "### Hostile tokens: time as a ratio to the seed's",
        "",
        *hostile_tokens(),
        "",
        f"### {args.signals} signals at random moments of OCR (seed {args.seed})",
        "",
        *signals(args.signals, args.seed),
        "",
        f"### {args.short_runs} short runs of damaged PDFs: one line, nothing after it",
        "",
        *short_runs(args.short_runs),
        "",
    ])
    print(markdown)
    if args.write:
        replace_block("faults", markdown)


if __name__ == "__main__":
    main()
