"""Memory: peak resident memory against input size, for text, text-layer PDFs and scans,
and for hostile inputs at the default limit (issue 19).

    python benchmarks/memory.py            # print the block (about 4 minutes)
    python benchmarks/memory.py --write    # ... and write BENCHMARKS.md's memory block

Each input is run through the real command (`ams-extract extract`, a process per run,
in a session of its own). Every 20 ms the peak resident size (VmHWM) of each process
of the session is read from /proc: "main" is the command's own process, "worker" the
largest of the processes it started. The baseline is the same measurement of
`extract` on the seed (9 KB): what the tool takes before any input is large. "MB per
input MB" is (main - baseline) / input size for text editions, the slope the text
limit is set from (runtime/limits.py, TEXT_MEMORY_FACTOR); a PDF's memory goes with its
pages, shown beside its size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

import pypdfium2 as pdfium  # noqa: E402
from conftest import SEED, pdf_sample  # noqa: E402
from report_file import replace_block  # noqa: E402
from test_faults import session_processes  # noqa: E402
from test_hardening import SECTION_1, fpdf_file  # noqa: E402
from test_memory import flate_bomb, operator_bomb, repeated_seed  # noqa: E402

COMMAND = [sys.executable, "-m", "extractor"]


def _peak_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def measure(args: list[str], cwd: Path) -> tuple[float, float, int, float]:
    """(main's peak MB, the largest other process's peak MB, exit, seconds)."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    started = time.perf_counter()
    process = subprocess.Popen([*COMMAND, *args], cwd=cwd, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for pid in (int(p.split(" ", 1)[0]) for p in session_processes(process.pid)):
            peak = _peak_kb(pid)
            if peak is not None:
                peaks[pid] = max(peaks.get(pid, 0), peak)
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    main = peaks.pop(process.pid, 0) / 1024
    worker = max(peaks.values(), default=0) / 1024
    return main, worker, process.returncode, seconds


def pdf_copies(source: Path, copies: int, target: Path) -> Path:
    """`source`'s pages `copies` times over, as one PDF."""
    out = pdfium.PdfDocument.new()
    pages = len(pdfium.PdfDocument(str(source)))
    for _ in range(copies):
        out.import_pages(pdfium.PdfDocument(str(source)), list(range(pages)))
    out.save(str(target))
    return target


def first_pages(source: Path, count: int, target: Path) -> Path:
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(source)), list(range(count)))
    out.save(str(target))
    return target


def one_number_rows(path: Path, megabytes: float) -> Path:
    """The seed with `megabytes` of one-number lines inside its first table: every line
    becomes a row, every number a value (the costliest text per byte found)."""
    text = SEED.read_text(encoding="utf-8")
    end = text.index("\n", text.index("Husholdninger")) + 1
    path.write_text(text[:end] + "1\n" * int(megabytes * 1e6 / 2) + text[end:],
                    encoding="utf-8")
    return path


def inputs(work: Path) -> list[tuple[str, Path, list[str]]]:
    """(kind, input, extra options), smallest first within each kind."""
    made: list[tuple[str, Path, list[str]]] = []
    seed_size = SEED.stat().st_size
    for megabytes in (0.5, 1, 2, 3.9):
        copies = int(megabytes * 1e6 / seed_size)
        made.append(("text: the seed repeated", repeated_seed(
            work / f"seed-{megabytes}.txt", copies), []))
    for megabytes in (0.25, 0.5, 1, 2):
        made.append(("text: one-number rows", one_number_rows(
            work / f"rows-{megabytes}.txt", megabytes), []))
    for copies in (1, 4, 16):
        made.append(("text-layer PDF", pdf_copies(
            pdf_sample("text"), copies, work / f"text-{copies}.pdf"), []))
    for count in (2, 4, 8):
        made.append(("scan, OCR'd (2 workers, no cache)", first_pages(
            pdf_sample("scanned"), count, work / f"scan-{count}.pdf"),
            ["--no-cache", "--workers", "2"]))
    return made


def hostile(work: Path) -> list[tuple[str, list[str]]]:
    huge = fpdf_file(work / "huge.pdf", SECTION_1, page_format=(7056, 7056))
    return [
        ("`review` of a page 20 000 points square", ["review", str(huge), "-o",
                                                      str(work / "review.html")]),
        ("a flate bomb (1 GB in 1 MB)", ["extract", str(flate_bomb(work / "flate.pdf", 1024)),
                                         "-o", str(work / "out-flate")]),
        ("an operator bomb (20 million operators)", [
            "extract", str(operator_bomb(work / "ops.pdf", 20_000_000)),
            "-o", str(work / "out-ops")]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md's block")
    parser.add_argument("--no-hostile", action="store_true", help="skip the bombs (slow)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ams-memory-"))
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    try:
        base, _, _, _ = measure(["extract", str(SEED), "-o", str(work / "out")], work)
        rows = ["| input | size | main peak | largest worker | MB per input MB (text) |"
                " exit | seconds |", "|---|---|---|---|---|---|---|"]
        for kind, path, extra in inputs(work):
            out = work / "out"
            shutil.rmtree(out, ignore_errors=True)
            main_mb, worker_mb, code, seconds = measure(
                ["extract", str(path), "-o", str(out), *extra], work)
            size = path.stat().st_size / 1e6
            is_pdf = path.suffix == ".pdf"
            shown = (f"{size:.2f} MB, {len(pdfium.PdfDocument(str(path)))} pages" if is_pdf
                     else f"{size:.2f} MB")
            slope = "" if is_pdf else f"{(main_mb - base) / size:.0f}"
            rows.append(f"| {kind} | {shown} | {main_mb:.0f} MB | {worker_mb:.0f} MB | "
                        f"{slope} | {code} | {seconds:.1f} |")
        hostile_rows = ["| input | main peak | largest worker | exit | seconds |",
                        "|---|---|---|---|---|"]
        if not args.no_hostile:
            for name, command in hostile(work):
                main_mb, worker_mb, code, seconds = measure(command, work)
                hostile_rows.append(f"| {name} | {main_mb:.0f} MB | {worker_mb:.0f} MB | "
                                    f"{code} | {seconds:.1f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    markdown = "\n".join([
        "## Memory",
        "",
        f"Measured by `python benchmarks/memory.py --write` ({started}, {os.cpu_count()} "
        f"cores; see its docstring). Baseline: `extract` of the seed, {base:.0f} MB.",
        "Each process of a run may grow by `--max-memory-mb` (4096 by default); a text",
        "edition may be 1/1024 of it in size (4 MB), the slope below with headroom.",
        "",
        *rows,
        "",
        "### Hostile inputs at the default limit",
        "",
        *hostile_rows,
        "",
    ])
    print(markdown)
    if args.write:
        replace_block("memory", markdown)


if __name__ == "__main__":
    main()
