"""Ctrl-C at any moment of a real OCR run: one line, exit 130, nothing written.

A terminal's Ctrl-C goes to the whole process group: the command, its OCR
workers and their Tesseract children. The test does the same (a new session,
`killpg`) at 20 random moments of an extraction of the mixed sample, whose
two scanned pages are OCR'd without the cache. Moments start at 0.25 s: the
first tenth of a second is the Python interpreter starting, before any of
the tool's code runs.

Once results are being written (the commit point) a Ctrl-C is ignored by design
and the run finishes. A run can get there sooner than the first, timed run did
(on a busy machine it often does): then the contract is the run's normal end, the
same exit code, output and files as that first run. At least one of the 20 must
have been stopped.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
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


def _written(out: Path) -> dict[str, bytes]:
    """Every file of a run: the output folder's, and the workbook's parts (its zip
    entries carry the time they were written; their content is the run's)."""
    files = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with zipfile.ZipFile(out.with_suffix(".xlsx")) as workbook:
        files.update({f"xlsx:{name}": workbook.read(name) for name in workbook.namelist()})
    return files


def _shown(text: str, out: Path) -> str:
    """A run's printed text with its own output paths (folder and workbook) as OUT."""
    for path in (out.resolve(), out):
        text = text.replace(str(path), "OUT")
    return text


def test_ctrl_c_at_random_moments_of_an_ocr_run(tmp_path):
    started = time.monotonic()
    whole = _start(tmp_path / "whole", tmp_path / "whole-tmp")
    whole_stdout, whole_stderr = whole.communicate(timeout=300)
    duration = time.monotonic() - started
    assert whole.returncode == 1 and (tmp_path / "whole" / "report.json").is_file()
    whole_files = _written(tmp_path / "whole")

    seed = random.randrange(1_000_000)
    moments = sorted(random.Random(seed).uniform(0.25, 0.9 * duration) for _ in range(MOMENTS))
    stopped = 0
    for n, moment in enumerate(moments):
        work = tmp_path / f"run-{n}"
        work.mkdir()
        temporary = tmp_path / f"tmp-{n}"
        process = _start(work / "out", temporary)
        time.sleep(moment)
        with contextlib.suppress(ProcessLookupError):  # a group that has ended
            os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
        where = f"seed {seed}, Ctrl-C at {moment:.2f} s of {duration:.2f} s"
        assert "Traceback" not in stderr and "Exception ignored" not in stderr, where
        assert _group_gone(process.pid), f"{where}: a process of the run is still alive"
        assert list(temporary.iterdir()) == [], f"{where}: left {list(temporary.iterdir())}"
        if process.returncode == 130:
            stopped += 1
            assert stderr.strip().splitlines() == [
                "ams-extract: interrupted; nothing was written"], f"{where}\n{stderr}"
            assert list(work.iterdir()) == [], f"{where}: left {list(work.iterdir())}"
            continue
        # Not stopped: the Ctrl-C came after the commit point, and the run ended as normal.
        assert process.returncode == whole.returncode, \
            f"{where}: exit {process.returncode}\n{stderr}"
        assert stderr == whole_stderr, f"{where}\n{stderr}"
        assert _shown(stdout, work / "out") == _shown(whole_stdout, tmp_path / "whole"), where
        assert sorted(p.name for p in work.iterdir()) == ["out", "out.xlsx"], where
        assert _written(work / "out") == whole_files, f"{where}: the output is not the whole run's"
    assert stopped, f"seed {seed}: none of the {MOMENTS} runs was stopped by its Ctrl-C"
