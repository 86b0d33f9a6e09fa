"""Atheris harness: any bytes as a text edition. Nothing may escape but the tool's own error.

    python fuzz/fuzz_text.py fuzz/corpus/text -max_total_time=600    # ten minutes, by hand
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
