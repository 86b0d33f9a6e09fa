"""Ctrl-C at any moment of a real OCR run: one line, exit 130, nothing written.

A terminal's Ctrl-C goes to the whole process group: the command, its OCR
workers and their Tesseract children. The test does the same (a new session,
`killpg`) at 20 random moments of an extraction of the mixed sample, whose
two scanned pages are OCR'd without the cache. Moments start at 0.25 s: the
first tenth of a second is the Python interpreter starting, before any of
the tool's code runs.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import pdf_sample

COMMAND = Path(sys.executable).parent / "ams-extract"
MOMENTS = 20


def _start(out: Path, temporary: Path) -> subprocess.Popen[str]:
    """The run, with a temporary folder of its own: what it leaves there can be seen."""
    temporary.mkdir()
    return subprocess.Popen([str(COMMAND), "extract", str(pdf_sample("mixed")), "-o", str(out),
                             "--no-cache", "--xlsx", str(out.with_suffix(".xlsx"))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            env={**os.environ, "TMPDIR": str(temporary)})


def _group_gone(pgid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_at_random_moments_of_an_ocr_run(tmp_path):
    started = time.monotonic()
    whole = _start(tmp_path / "whole", tmp_path / "whole-tmp")
    whole.communicate(timeout=300)
    duration = time.monotonic() - started
    assert whole.returncode == 1 and (tmp_path / "whole" / "report.json").is_file()

    seed = random.randrange(1_000_000)
    moments = sorted(random.Random(seed).uniform(0.25, 0.9 * duration) for _ in range(MOMENTS))
    for n, moment in enumerate(moments):
        work = tmp_path / f"run-{n}"
        work.mkdir()
        temporary = tmp_path / f"tmp-{n}"
        process = _start(work / "out", temporary)
        time.sleep(moment)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        where = f"seed {seed}, Ctrl-C at {moment:.2f} s of {duration:.2f} s"
        assert process.returncode == 130, f"{where}: exit {process.returncode}\n{stderr}"
        assert stderr.strip().splitlines() == ["ams-extract: interrupted; nothing was written"], \
            f"{where}\n{stderr}"
        assert "Traceback" not in stderr and "Exception ignored" not in stderr, where
        assert list(work.iterdir()) == [], f"{where}: left {list(work.iterdir())}"
        assert _group_gone(process.pid), f"{where}: a process of the run is still alive"
        assert list(temporary.iterdir()) == [], f"{where}: left {list(temporary.iterdir())}"
