"""Atheris harness: any bytes as a text edition. Nothing may escape but the tool's own error.

    mkdir -p /tmp/corpus-text
    python fuzz/fuzz_text.py /tmp/corpus-text fuzz/corpus/text -max_total_time=600

Ten minutes, by hand. libFuzzer adds what it finds to the first folder: keep the
committed seeds (fuzz/corpus) second, so the checkout stays clean.
    (CI runs it for a few seconds: tests/test_fuzz_atheris.py)
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

with atheris.instrument_imports(include=["extractor"]):
    from extractor import extract
    from extractor.errors import ExtractError

FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-text-"))


def test_one_input(data: bytes) -> None:
    path = FOLDER / "input.txt"
    path.write_bytes(data)
    with contextlib.suppress(ExtractError):  # a plain, expected refusal
        extract(path)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
