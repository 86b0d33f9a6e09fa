#!/usr/bin/env python3
"""Everything the tool writes for a fixed set of inputs, to prove a restructuring changed nothing.

A restructuring issue promises no change in behaviour. Goldens compare values; this compares
every byte of every output (report.json with its provenance, every CSV, the review page, the
spec-less `tables` files, exit codes and the printed summary) on the committed samples, on a
folder of generated layouts, and on the ICDAR 2013 benchmark's per-document forms.

    python benchmarks/snapshot.py --out /tmp/snap-before [--layouts DIR] [--icdar DATA_DIR]
    ... change the code ...
    python benchmarks/snapshot.py --out /tmp/snap-after  [same options]
    diff -r /tmp/snap-before /tmp/snap-after && echo unchanged

To snapshot another checkout (say, the commit before the change) with this venv, put that
checkout first on the path: `PYTHONPATH=/path/to/checkout python benchmarks/snapshot.py ...`.
`--layouts DIR` takes PDFs made once by `samples/make_layouts.py` (both sides must read the
same files); `--scans N` limits how many of its scans are read (OCR is slow). OCR runs with a
fresh cache folder, so no result is taken from an earlier run.

Only what is expected to differ between two runs of the same code is rewritten: absolute paths
of this run's folders, and the tool's timings. It is not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import extractor  # light: its names load on first use

# The checkout whose package runs: this one, or the one PYTHONPATH puts first.
ROOT = Path(extractor.__file__).resolve().parent.parent
SAMPLES = [
    "samples/nve-ams-status-2016h1.txt",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples/editions").glob("*.txt")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples/pdf").glob("*.pdf")),
]
# Durations the tool reports are the machine's, not the code's.
TIMING = re.compile(rb'("(?:seconds|elapsed|duration|time)[a-z_]*":\s*)[0-9.e-]+')


def run(args: list[str], out: Path, name: str, env: dict[str, str]) -> None:
    """Run the command line, keep its exit code and both streams."""
    result = subprocess.run([sys.executable, "-m", "extractor", *args], cwd=ROOT, env=env,
                            capture_output=True, timeout=1800, check=False)
    (out / f"{name}.exit").write_text(f"{result.returncode}\n")
    (out / f"{name}.stdout").write_bytes(result.stdout)
    (out / f"{name}.stderr").write_bytes(result.stderr)


def normalise(folder: Path, replacements: dict[bytes, bytes]) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for old, new in replacements.items():
                data = data.replace(old, new)
            path.write_bytes(TIMING.sub(rb"\g<1>0", data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="a new folder for the snapshot")
    parser.add_argument("--layouts", type=Path, help="generated layout PDFs to read too")
    parser.add_argument("--scans", type=int, default=4, help="at most this many layout scans")
    parser.add_argument("--icdar", type=Path, help="ICDAR 2013 EU data folder")
    options = parser.parse_args()
    out = options.out.resolve()
    if out.exists():
        sys.exit(f"{out}: exists; give a new folder")
    out.mkdir(parents=True)
    cache = Path(tempfile.mkdtemp(prefix="snapshot-cache-"))
    env = {**os.environ, "AMS_EXTRACT_CACHE": str(cache), "COLUMNS": "100"}
    try:
        for sample in SAMPLES:
            name = Path(sample).stem
            print(name, file=sys.stderr)
            run(["extract", sample, "-o", str(out / "extract" / name), "--no-cache"],
                out, f"extract-{name}", env)
            if sample.endswith(".pdf"):
                run(["tables", sample, "-o", str(out / "tables" / name)], out,
                    f"tables-{name}", env)
        run(["review", "samples/pdf/nve-ams-status-2016h1-mixed.pdf", "-o",
             str(out / "review.html")], out, "review", env)
        if options.layouts:
            pdfs = sorted(options.layouts.glob("*.pdf"))
            scans = [p for p in pdfs if p.stem.endswith("-scan")][: options.scans]
            for pdf in [p for p in pdfs if not p.stem.endswith("-scan")] + scans:
                print(pdf.name, file=sys.stderr)
                run(["extract", str(pdf), "-o", str(out / "layouts" / pdf.stem)], out,
                    f"layout-{pdf.stem}", env)
        if options.icdar:
            print("icdar2013", file=sys.stderr)
            subprocess.run([sys.executable, str(ROOT / "benchmarks/icdar2013.py"),
                            str(options.icdar), "--readers", "ours", "--keep",
                            str(out / "icdar-forms")], cwd=ROOT, env=env, check=False,
                           stdout=(out / "icdar.md").open("wb"), stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    normalise(out, {str(out).encode(): b"OUT", str(ROOT).encode(): b"ROOT",
                    str(cache).encode(): b"CACHE"})
    icdar = out / "icdar.md"
    if icdar.exists():  # the run's date and each reader's seconds are the machine's
        text = re.sub(r"(?m)^Run .*$", "Run", icdar.read_text())
        icdar.write_text(re.sub(r"(?m)^(\| .*\| )[0-9.]+ \|$", r"\1 |", text))


if __name__ == "__main__":
    main()
