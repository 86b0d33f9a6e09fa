"""Every read is bounded in memory (issue 19), through the real command.

The limit is `--max-memory-mb`: how much each process of a run may grow, the main
process over the whole command and each worker from its start. A run that would pass
it ends with one line and exit 3, never the kernel's OOM killer or "internal error".
Peak memory against input size is measured by benchmarks/memory.py (BENCHMARKS.md,
"Memory"), not here: these tests check that the bound holds, not how fast memory grows.

The hostile PDFs are made here, byte by byte, as an attacker would: a FlateDecode
stream of hundreds of megabytes that compresses to one, and a content stream of
millions of drawing operators.
"""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, SEED, assert_one_line_error, run_cli
from test_hardening import SECTION_1, fpdf_file

from extractor.readers.crops import Region, render_regions
from extractor.runtime.limits import Limits


def pdf_with_content(content: bytes) -> bytes:
    """A one-page PDF whose page content is `content`, FlateDecode-compressed."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def flate_bomb(path: Path, megabytes: int) -> Path:
    """`megabytes` of spaces in one content stream: about 1/1000 of that on disk."""
    path.write_bytes(pdf_with_content(b" " * (megabytes << 20)))
    return path


def operator_bomb(path: Path, operators: int) -> Path:
    """`operators` line drawings (`0 0 m 1 1 l S`): each one an object in pdfminer."""
    path.write_bytes(pdf_with_content(b"0 0 m 1 1 l S\n" * operators))
    return path


def repeated_seed(path: Path, copies: int) -> Path:
    path.write_text(SEED.read_text(encoding="utf-8") * copies, encoding="utf-8")
    return path


def test_the_memory_limit_turns_a_runaway_allocation_into_one_error_and_is_lifted():
    script = (
        "from extractor.runtime.limits import memory_limit, OutOfMemory\n"
        "try:\n"
        "    with memory_limit(100, 'x'):\n"
        "        data = bytearray(300 << 20)\n"
        "except OutOfMemory as error:\n"
        "    print(error)\n"
        "print(len(bytearray(300 << 20)) >> 20)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={"PYTHONPATH": str(ROOT)})
    assert result.stdout.splitlines() == [
        "x: needs more than 100 MB of memory (--max-memory-mb)", "300"], result.stderr


def test_a_text_edition_larger_than_memory_allows_is_refused_before_it_is_read(tmp_path):
    """256 MB allow 0.25 MB of text (1/1024: a table of one-number lines takes ~1000 times
    its size); the 30 copies of the seed are 0.28 MB."""
    text = repeated_seed(tmp_path / "big.txt", 30)
    result = run_cli("extract", str(text), "-o", str(tmp_path / "out"),
                     "--max-memory-mb", "256")
    assert_one_line_error(result, 3)
    assert "over the limit of 0.25 MB for a text edition (--max-memory-mb / 1024" \
        in result.stderr
    assert run_cli("extract", str(text), "-o", str(tmp_path / "out")).returncode in (0, 1)


def test_review_of_a_page_of_20000_points_stays_within_512_mb(tmp_path):
    """The review's page crops were whole pages rendered in the main process: this page
    took 7.4 GB there (then MemoryError). Now only the table's region is rendered, in a
    worker, within --max-megapixels and --max-memory-mb."""
    huge = fpdf_file(tmp_path / "huge.pdf", SECTION_1, page_format=(7056, 7056))  # mm
    result = run_cli("review", str(huge), "-o", str(tmp_path / "review.html"),
                     "--max-memory-mb", "512")
    assert result.returncode in (0, 1), result.stderr
    assert "data:image/jpeg;base64," in (tmp_path / "review.html").read_text()


def test_a_region_is_rendered_within_max_megapixels(tmp_path):
    """At a lower resolution when large; left out when even MIN_CROP_DPI is too much."""
    huge = fpdf_file(tmp_path / "huge.pdf", SECTION_1, page_format=(7056, 7056))
    large, whole, corner = (Region(1, 0, 0, 2000, 2000), Region(1, -5, -5, 30000, 30000),
                            Region(1, 0, 0, 400, 100))
    rendered = render_regions(huge, [large, whole, corner], 110, Limits(max_megapixels=2))
    width, height = rendered[0].image.size
    assert width * height <= 2e6 and rendered[0].scale == 50 / 72
    page = rendered[1].region  # clipped to the page: 7056 mm are 20 001.26 points
    assert rendered[1].image is None and (page.x0, page.top) == (0, 0)
    assert round(page.x1) == round(page.bottom) == 20001
    assert rendered[2].image.size == (611, 153) and rendered[2].scale == 110 / 72


@pytest.mark.parametrize("bomb", ["flate", "operators"])
def test_a_pdf_bomb_stops_at_the_memory_limit_with_one_line(tmp_path, bomb):
    """Both used to be "not a readable PDF (PdfminerException)" under a tight cap, and
    with the default took 2.2 GB (flate) and 4.1 GB in 126 s (operators)."""
    path = (flate_bomb(tmp_path / "flate.pdf", 600) if bomb == "flate"
            else operator_bomb(tmp_path / "ops.pdf", 5_000_000))
    result = run_cli("extract", str(path), "-o", str(tmp_path / "out"),
                     "--max-memory-mb", "300")
    assert_one_line_error(result, 3)
    assert "needs more than 300 MB of memory (--max-memory-mb)" in result.stderr
    assert not (tmp_path / "out").exists()

