"""Broken, hostile and odd inputs: one plain line, the contract's exit code, nothing written.

Each bad input below is made for real (fpdf2 writes the PDFs) and run through
the command line as a separate process, as unattended jobs run it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, SEED, assert_one_line_error, pdf_sample, run_cli
from fpdf import FPDF
from fpdf.enums import EncryptionMethod

SECTION_1 = [
    "1 Målepunkter fordelt på kundekategorier",
    "Kategori    Antall målepunkt",
    "Husholdninger    2 284 127",
    "Hytter og fritidshus    322 913",
    "Totalt    2 607 040",
]


def fpdf_file(path: Path, lines: list[str], *, encrypt: str | None = None,
              page_format: tuple[float, float] | str = "A4") -> Path:
    """A small PDF with a text layer; optionally encrypted."""
    pdf = FPDF(format=page_format)
    pdf.set_creation_date(datetime(2016, 10, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    if encrypt:
        pdf.set_encryption(owner_password="eier", user_password=encrypt,
                           encryption_method=EncryptionMethod.RC4)
    pdf.output(str(path))
    return path


def one_page_of(source: Path, index: int, target: Path) -> Path:
    single = pdfium.PdfDocument.new()
    single.import_pages(pdfium.PdfDocument(str(source)), [index])
    single.save(str(target))
    return target


def bad_input(kind: str, folder: Path) -> tuple[Path, list[str]]:
    """(input, extra options) for one kind of bad input."""
    rng = random.Random(kind)
    noise = bytes(rng.randrange(256) for _ in range(8192))
    if kind == "random bytes .txt":
        return _write(folder / "random.txt", noise), []
    if kind == "random bytes .pdf":
        return _write(folder / "random.pdf", noise), []
    if kind == "truncated PDF":
        data = pdf_sample("text").read_bytes()
        return _write(folder / "truncated.pdf", data[: len(data) // 2]), []
    if kind == "password-protected PDF":
        return fpdf_file(folder / "locked.pdf", SECTION_1, encrypt="hemmelig"), []
    if kind == "wrong password":
        return fpdf_file(folder / "locked.pdf", SECTION_1, encrypt="hemmelig"), [
            "--password", "feil"]
    if kind == "PDF that is not a report":
        return fpdf_file(folder / "invoice.pdf", ["Faktura 2024-117", "Beløp 1 250 kr"] * 3), []
    if kind == "text with no sections":
        return _write(folder / "notes.txt", "Møtereferat\nIngen tabeller her.\n".encode()), []
    if kind == "page of billions of pixels":
        return fpdf_file(folder / "huge.pdf", [], page_format=(14400, 14400)), []
    if kind == "page that makes Tesseract time out":
        return one_page_of(pdf_sample("scanned"), 2, folder / "scan.pdf"), [
            "--ocr-timeout", "0.01", "--no-cache"]
    if kind == "more pages than allowed":
        return pdf_sample("text"), ["--max-pages", "3"]
    if kind == "larger than allowed":
        return SEED, ["--max-file-mb", "0.001"]
    if kind == "slower than allowed":
        return pdf_sample("text"), ["--max-seconds", "0.001"]
    raise AssertionError(kind)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_INPUTS = {
    "random bytes .txt": "not a text file",
    "random bytes .pdf": "not a PDF",
    "truncated PDF": "truncated",
    "password-protected PDF": "password-protected (use --password)",
    "wrong password": "wrong password",
    "PDF that is not a report": "no section of an AMS status report",
    "text with no sections": "no section of an AMS status report",
    "page of billions of pixels": "megapixels",
    "page that makes Tesseract time out": "took longer than 0.01 s (--ocr-timeout)",
    "more pages than allowed": "over the limit of 3 (--max-pages)",
    "larger than allowed": "(--max-file-mb)",
    "slower than allowed": "(--max-seconds)",
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_is_one_line_exit_3_and_leaves_nothing(tmp_path, kind):
    folder = tmp_path / "inputs"
    folder.mkdir()
    path, options = bad_input(kind, folder)
    out = tmp_path / "out"
    result = run_cli("extract", str(path), "-o", str(out), *options)
    assert_one_line_error(result, 3)
    assert BAD_INPUTS[kind] in result.stderr and path.name in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs"]  # no temporary folders


def test_verbose_adds_the_traceback(tmp_path):
    result = run_cli("extract", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o"), "-v")
    assert result.returncode == 3
    assert "Traceback" in result.stderr and "no such file" in result.stderr


def test_the_right_password_opens_an_encrypted_pdf(tmp_path):
    path = fpdf_file(tmp_path / "locked.pdf", SECTION_1, encrypt="hemmelig")
    result = run_cli("extract", str(path), "-o", str(tmp_path / "out"), "--password", "hemmelig")
    assert result.returncode in (0, 1), result.stderr
    rows = (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8")
    assert "metering_points_by_category,households,metering_points,2284127" in rows


@pytest.mark.parametrize(("encoding", "name"), [
    ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252"),
])
def test_the_seed_in_any_common_encoding_gives_all_123_values(tmp_path, encoding, name):
    """UTF-8 with BOM, UTF-16 with BOM, Windows-1252 (Word's private-use bullets become '?')."""
    path = tmp_path / f"seed-{name}.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    out = tmp_path / "out"
    assert run_cli("extract", str(path), "-o", str(out)).returncode == 1
    expected = (ROOT / "fixtures/nve-ams-status-2016h1/observations.csv").read_text("utf-8")
    got = (out / "observations.csv").read_text(encoding="utf-8")
    key_value = [line.split(",")[1:5] for line in expected.splitlines()]
    assert [line.split(",")[1:5] for line in got.splitlines()] == key_value
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["source"]["encoding"] == name


def test_ctrl_c_during_ocr_leaves_no_output(tmp_path):
    """Interrupted mid-OCR: exit 130, one line, no output folder, no temporary folder."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AMS_EXTRACT_CACHE": str(tmp_path / "c")}
    process = subprocess.Popen(
        [sys.executable, "-m", "extractor", "extract", str(pdf_sample("scanned")), "-o", str(out),
         "--no-cache"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    time.sleep(3)  # well inside the OCR of 17 pages
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["ams-extract: interrupted; nothing was written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_check_without_update_never_touches_the_golden(tmp_path):
    golden = tmp_path / "golden"
    run_cli("check", str(SEED), "--golden", str(golden), "--update")
    before = {p: p.read_bytes() for p in golden.rglob("*") if p.is_file()}
    path = tmp_path / "edited.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("Kaifa 26 25", "Kaifa 27 25"),
                    encoding="utf-8")
    result = run_cli("check", str(path), "--golden", str(golden))
    assert result.returncode == 1 and "meter_vendors" in result.stdout
    assert {p: p.read_bytes() for p in golden.rglob("*") if p.is_file()} == before


def test_fuzzer_findings_stay_fixed(tmp_path):
    """Each file under tests/data/fuzz-* crashed the tool once (found by atheris)."""
    findings = sorted((ROOT / "tests" / "data").glob("fuzz-*"))
    assert findings
    for finding in findings:
        result = run_cli("extract", str(finding), "-o", str(tmp_path / "out"))
        assert_one_line_error(result, 3)
        assert not (tmp_path / "out").exists()


def test_review_of_an_encrypted_pdf_renders_its_pages(tmp_path):
    """The password reaches the page crops too, not only the text layer."""
    path = fpdf_file(tmp_path / "locked.pdf", SECTION_1, encrypt="hemmelig")
    page = tmp_path / "review.html"
    result = run_cli("review", str(path), "-o", str(page), "--password", "hemmelig")
    assert result.returncode in (0, 1), result.stderr
    assert "data:image/jpeg;base64," in page.read_text(encoding="utf-8")
