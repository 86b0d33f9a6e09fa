"""Atheris harness: any bytes as a PDF, through the text-layer reader and the pipeline.

The reader runs in this process here (in use it runs in a worker), so that a crash
is seen with its traceback. Pages without a text layer are skipped, not OCR'd.

    mkdir -p /tmp/corpus-pdf
    python fuzz/fuzz_pdf.py /tmp/corpus-pdf fuzz/corpus/pdf -max_total_time=600

Ten minutes, by hand. libFuzzer adds what it finds to the first folder: keep the
committed seeds (fuzz/corpus) second, so the checkout stays clean.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

with atheris.instrument_imports(include=["extractor"]):
    from extractor.errors import ExtractError
    from extractor.layout.grids import build_grid
    from extractor.layout.lines import horizontal_rule_ys, page_lines
    from extractor.readers.pdf import scan_text_layers
    from extractor.semantics.sections import find_sections
    from extractor.spec import load_spec

FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-pdf-"))
SPEC = load_spec()


def test_one_input(data: bytes) -> None:
    path = FOLDER / "input.pdf"
    path.write_bytes(data)
    try:
        scans = scan_text_layers(str(path), None, "auto", 50)
    except ExtractError:
        return
    if isinstance(scans, str):
        return  # the reader's own, one-line reason
    for scan in scans:
        if scan.words is not None:
            rules = horizontal_rule_ys(scan.graphics)
            find_sections(page_lines(scan.words, rules, scan.number), SPEC)
            build_grid(scan.words, scan.graphics.rules, scan.graphics.shades, scan.number)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
