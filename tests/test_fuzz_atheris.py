"""The atheris harnesses run briefly in CI; longer runs by hand (README, BENCHMARKS.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.parametrize("harness", ["text", "pdf"])
def test_atheris_finds_no_crash_in_a_short_run(tmp_path, harness):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in (ROOT / "fuzz" / "corpus" / harness).iterdir():
        (corpus / seed.name).write_bytes(seed.read_bytes())
    result = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / f"fuzz_{harness}.py"), str(corpus),
         "-max_total_time=8", "-rss_limit_mb=4096", "-seed=1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done" in result.stderr
