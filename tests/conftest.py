"""Shared fixtures: the seed edition and its golden folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "nve-ams-status-2016h1.txt"
GOLDEN = ROOT / "fixtures" / "nve-ams-status-2016h1"
PDF_SAMPLES = ("text", "mixed", "scanned", "alt")


def pdf_sample(name: str) -> Path:
    return ROOT / "samples" / "pdf" / f"nve-ams-status-2016h1-{name}.pdf"


@pytest.fixture(scope="session")
def seed_report():
    """The seed extracted once per test session (the pipeline is pure; reports are not mutated)."""
    from extractor import extract

    return extract(SEED)


@pytest.fixture(autouse=True, scope="session")
def private_ocr_cache(tmp_path_factory):
    """Tests never read or fill the user's OCR cache."""
    import os

    previous = os.environ.get("AMS_EXTRACT_CACHE")
    os.environ["AMS_EXTRACT_CACHE"] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    if previous is None:
        os.environ.pop("AMS_EXTRACT_CACHE", None)
    else:
        os.environ["AMS_EXTRACT_CACHE"] = previous


@pytest.fixture(scope="session")
def pdf_reports():
    """Each PDF sample extracted once per session, without the OCR cache, so OCR really runs."""
    from extractor import extract
    from extractor.readers.pdf import ReadOptions

    options = ReadOptions(use_cache=False)
    return {name: extract(pdf_sample(name), options=options) for name in PDF_SAMPLES}


def readme_blocks(language: str) -> list[str]:
    """The README's code blocks in one language, in order (indented ones in lists too)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pattern = re.compile(rf"^( *)```{language}\n(.*?)^\1```", re.M | re.S)
    return [textwrap.dedent(m[2]) if m[1] else m[2] for m in pattern.finditer(text)]


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`ams-extract ARGS` as a real process, as users and CI run it."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "extractor", *args], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int) -> None:
    """The contract's error shape: one plain line on stderr, the exit code, no traceback."""
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ams-extract: ")
    assert "Traceback" not in result.stderr
