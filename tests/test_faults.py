"""Faults done to the real command, as an operator would before putting it in a pipeline.

- Signals at random moments of OCR (SIGKILL, SIGTERM and Ctrl-C to the command alone,
  not its process group: a supervisor or `kill` does that), in `extract --review
  --plots` and in `load`: afterwards no process of the run is alive, its temporary
  folder ($TMPDIR) is empty, and the output is whole or absent, never half; the
  database holds whole editions only.
- Caches that cannot help (a file, read-only, damaged, the wrong shape): the same
  values as a run without a cache, and one warning.
- `--max-seconds` on a text input; `load`'s refusals before any OCR, its wait for a
  locked database, and a Parquet failure after the database was loaded.

CI delivers 9 signals; `AMS_FAULT_RUNS=50 pytest tests/test_faults.py` delivers 50.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, SEED, assert_one_line_error, pdf_sample, run_cli
from test_tables import seed_with_line

COMMAND = [sys.executable, "-m", "extractor"]
RUNS = int(os.environ.get("AMS_FAULT_RUNS", "9"))
SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)
EXITS = {signal.SIGKILL: -signal.SIGKILL, signal.SIGTERM: 143, signal.SIGINT: 130}
EDITION_2017 = ROOT / "samples" / "editions" / "nve-ams-status-2017-06.txt"


def session_processes(session: int) -> list[str]:
    """The living (not zombie) processes of a session, as 'pid command'."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session and fields[0] not in (b"Z", b"X"):
            found.append(f"{entry} {command.decode(errors='replace')[:80]}")
    return found


def ends_alone(session: int, within: float = 5.0) -> list[str]:
    """What of the session still runs after `within` seconds (nothing, we hope)."""
    deadline = time.monotonic() + within
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def start(args: list[str], work: Path) -> subprocess.Popen[str]:
    """The command in a new session (so every process it starts can be found), with a
    temporary folder of its own (so every file it leaves there can be seen)."""
    (work / "tmp").mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(work / "tmp")}
    return subprocess.Popen([*COMMAND, *args], cwd=work, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def wait_for_ocr(process: subprocess.Popen[str], within: float = 60.0) -> bool:
    """Until a `tesseract` of the run is running (False: the run ended first)."""
    deadline = time.monotonic() + within
    while process.poll() is None and time.monotonic() < deadline:
        if any(" tesseract " in f" {p.split(' ', 1)[1]}".replace("/", " ")
               for p in session_processes(process.pid)):
            return True
        time.sleep(0.01)
    return False


def whole_editions(db: Path) -> None:
    """Every edition in the database has every value its `editions` row counts."""
    with duckdb.connect(str(db), read_only=True) as con:
        editions = con.execute('SELECT edition, "values" FROM editions').fetchall()
        for edition, values in editions:
            count = con.execute("SELECT count(*) FROM observations WHERE edition = ?",
                                [edition]).fetchone()[0]
            assert count == values, f"{edition}: {count} of {values} values"


def _deliveries() -> list[tuple[int, str, int]]:
    return [(n, ("extract", "load")[n % 2], SIGNALS[n % 3]) for n in range(RUNS)]


@pytest.mark.parametrize(("n", "command", "signum"), _deliveries(),
                         ids=[f"{n}-{c}-{signal.Signals(s).name}" for n, c, s in _deliveries()])
def test_a_signal_during_ocr_leaves_no_process_and_no_debris(tmp_path, n, command, signum):
    work = tmp_path / "work"
    if command == "extract":
        args = ["extract", str(pdf_sample("mixed")), "-o", "out", "--review", "--plots",
                "--no-cache"]
    else:
        args = ["load", str(pdf_sample("mixed")), str(EDITION_2017), "--db", "ams.duckdb",
                "--no-cache", "--jobs", "2"]
    process = start(args, work)
    seed = random.randrange(1 << 30)
    moment = random.Random(seed).uniform(0.0, 0.8)
    reached_ocr = wait_for_ocr(process)
    if reached_ocr:
        time.sleep(moment)
        process.send_signal(signum)
    else:
        process.kill()
    _, stderr = process.communicate(timeout=120)
    where = f"seed {seed}: {signal.Signals(signum).name} {moment:.2f} s into OCR of {command}"

    assert reached_ocr, f"{where}: the run ended before any OCR\n{stderr}"
    assert ends_alone(process.pid) == [], f"{where}: processes of the run survive"
    assert os.listdir(work / "tmp") == [], f"{where}: temporary files left"
    assert "Traceback" not in stderr, f"{where}\n{stderr}"
    left = sorted(os.listdir(work))
    finished = process.returncode in (0, 1)  # the signal came after the run's commit point
    if not finished:
        assert process.returncode == EXITS[signum], f"{where}\n{stderr}"
    if command == "extract":
        if finished or left != ["tmp"]:
            assert left == ["out", "tmp"], f"{where}: {left}"
            assert {"report.json", "review.html", "plots"} <= set(os.listdir(work / "out"))
    elif "ams.duckdb" in left:
        assert set(left) <= {"ams.duckdb", "ams.duckdb.wal", "tmp"}, f"{where}: {left}"
        whole_editions(work / "ams.duckdb")
    else:
        assert left == ["tmp"], f"{where}: {left}"
    if signum != signal.SIGKILL and not finished:
        word = "interrupted" if signum == signal.SIGINT else "terminated"
        assert stderr.splitlines() == [f"ams-extract: {word}; nothing was written"], stderr


# --- a cache that can only help -------------------------------------------------------


def _damage_entries(cache: Path, content: bytes, pattern: str = "ocr/*.json") -> None:
    for path in cache.glob(pattern):
        path.write_bytes(content)


def _replace_entries(cache: Path, make: Callable[[Path], None],
                     pattern: str = "ocr/*.json") -> None:
    for path in cache.glob(pattern):
        path.unlink()
        make(path)


def _entries_with(cache: Path, field: str, value: str) -> None:
    """Every entry with one field of every word set to a raw JSON value."""
    for path in cache.glob("ocr/*.json"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf'"{field}": [^,}}]+', f'"{field}": {value}', text),
                        encoding="utf-8")


CACHE_FAULTS = {
    "a file": lambda cache: (shutil.rmtree(cache), cache.write_text("not a folder")),
    "entries not UTF-8": lambda cache: _damage_entries(cache, b"\xff\xfe{\x00"),
    "entries cut short": lambda cache: _damage_entries(cache, b'{"words": [{"text": "19'),
    "entries of the wrong types": lambda cache: _damage_entries(
        cache, b'{"words": [{"text": 1, "x0": "a"}], "rules": [], "shades": [], "skew": 0}'),
    "entries of the wrong shape": lambda cache: _damage_entries(cache, b"[1, 2, 3]"),
    "page index damaged": lambda cache: _damage_entries(cache, b"\xff" * 64,
                                                        "ocr/pages/*.txt"),
    "page index naming a missing entry": lambda cache: _damage_entries(
        cache, b"0" * 64, "ocr/pages/*.txt"),
    # Issue 19: reads are bounded; values are checked as values.
    "entries linked to /dev/zero": lambda cache: _replace_entries(
        cache, lambda path: path.symlink_to("/dev/zero")),
    "entries that are FIFOs": lambda cache: _replace_entries(cache, os.mkfifo),
    "page index linked to /dev/zero": lambda cache: _replace_entries(
        cache, lambda path: path.symlink_to("/dev/zero"), "ocr/pages/*.txt"),
    "page index a FIFO": lambda cache: _replace_entries(cache, os.mkfifo, "ocr/pages/*.txt"),
    "entries with NaN coordinates": lambda cache: _entries_with(cache, "x0", "NaN"),
    "entries with infinite coordinates": lambda cache: _entries_with(cache, "top", "Infinity"),
    "entries with huge coordinates": lambda cache: _entries_with(cache, "x1", "1e308"),
    "entries with a confidence of -5": lambda cache: _entries_with(cache, "confidence", "-5"),
}


# The cache tests read the mixed sample without its second reading at a higher resolution
# (`--second-dpi 0`): its scanned page fails one check, a real inconsistency of the report,
# so each run would OCR it twice more for the same values. The fault of a file where the
# cache should be keeps the second reading, to guard that a run warns once of its cache.
FIRST_READING_ONLY = ("--second-dpi", "0")
SECOND_READING_FAULT = "a file"


@pytest.fixture(scope="module")
def uncached_run(tmp_path_factory):
    """The mixed sample (two scanned pages) read without any cache: the values to match."""
    out = tmp_path_factory.mktemp("uncached") / "out"
    result = run_cli("extract", str(pdf_sample("mixed")), "-o", str(out), "--no-cache",
                     *FIRST_READING_ONLY)
    return result.returncode, (out / "observations.csv").read_text(encoding="utf-8")


def _with_cache(cache: Path, out: Path, *wrapper: str, options: tuple[str, ...] = FIRST_READING_ONLY
                ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AMS_EXTRACT_CACHE": str(cache)}
    return subprocess.run([*wrapper, *COMMAND, "extract", str(pdf_sample("mixed")), "-o",
                           str(out), *options], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("fault", CACHE_FAULTS)
def test_a_cache_fault_gives_the_values_of_a_run_without_cache(tmp_path, uncached_run, fault):
    cache = tmp_path / "cache"
    assert _with_cache(cache, tmp_path / "fill").returncode == uncached_run[0]
    assert list(cache.glob("ocr/*.json")), "the first run filled the cache"
    CACHE_FAULTS[fault](cache)
    result = _with_cache(cache, tmp_path / "out",
                         options=() if fault == SECOND_READING_FAULT else FIRST_READING_ONLY)
    assert result.returncode == uncached_run[0], result.stderr
    assert (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8") \
        == uncached_run[1]
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    expected = 0 if fault == "page index naming a missing entry" else 1  # a plain miss
    assert len(warnings) == expected, result.stderr
    assert all(line.startswith("ams-extract: warning: ") for line in warnings)
    if fault not in ("a file",):
        # A damaged entry is redone and written again: the next run reads it whole.
        again = _with_cache(cache, tmp_path / "again")
        assert again.stderr == "" and again.returncode == uncached_run[0]


@pytest.mark.parametrize("filled", [False, True], ids=["empty", "filled"])
def test_a_read_only_cache_gives_the_values_of_a_run_without_cache(tmp_path, uncached_run,
                                                                   filled):
    """Root writes through any mode bits: the cache is made read-only by a bind mount in
    a mount namespace of the run's own. A filled read-only cache is still read."""
    cache = tmp_path / "cache"
    cache.mkdir()
    if filled:
        assert _with_cache(cache, tmp_path / "fill").returncode == uncached_run[0]
    before = sorted(str(p.relative_to(cache)) for p in cache.rglob("*"))
    if shutil.which("unshare") is None:
        pytest.skip("no unshare: no way to make a folder read-only for root here")
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    result = _with_cache(cache, tmp_path / "out", "unshare", "-m", "sh", "-c", script,
                         str(cache))
    if "mount" in result.stderr and "ams-extract" not in result.stderr:
        pytest.skip(f"no read-only bind mount here: {result.stderr}")
    assert result.returncode == uncached_run[0], result.stderr
    assert (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8") \
        == uncached_run[1]
    if filled:
        assert result.stderr.splitlines() == [
            f"ams-extract: warning: the OCR cache {cache} cannot be written (Read-only file "
            "system); its entries are read, new pages are not kept"]
        assert "(2 from the OCR cache)" in result.stdout
    else:
        assert result.stderr.splitlines() == [
            f"ams-extract: warning: the OCR cache {cache} cannot be used (Read-only file "
            "system); OCR runs without it"]
    assert sorted(str(p.relative_to(cache)) for p in cache.rglob("*")) == before


def test_a_cache_warning_of_a_load_worker_reaches_the_user(tmp_path):
    """`load --jobs 2` reads each input in a worker whose stderr goes nowhere: its
    warnings are handed to the parent, which prints them."""
    cache = tmp_path / "a-file"
    cache.write_text("not a folder")
    result = run_cli("load", str(pdf_sample("mixed")), str(EDITION_2017), "--db",
                     str(tmp_path / "ams.duckdb"), "--jobs", "2",
                     env={"AMS_EXTRACT_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"ams-extract: warning: the OCR cache {cache} cannot be used (Not a directory); OCR "
        "runs without it"]


# --- time, and load's refusals ---------------------------------------------------------


def test_max_seconds_holds_for_a_text_input(tmp_path):
    """A megabyte of numbers in one table takes seconds: --max-seconds stops it anyway,
    with one line, exit 3 and nothing written. (Before, the limit held for PDFs only.)"""
    path = seed_with_line(tmp_path / "megabyte.txt", "Husholdninger",
                          "Andre " + "1 " * 500_000)
    result = run_cli("extract", str(path), "-o", str(tmp_path / "out"), "--max-seconds",
                     "0.3")
    assert_one_line_error(result, 3)
    assert "took longer than 0.3 s (--max-seconds)" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["megabyte.txt"]


def test_load_refuses_the_same_scanned_file_twice_before_any_ocr(tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(pdf_sample("scanned"), copy)
    cache = tmp_path / "cache"
    result = run_cli("load", str(pdf_sample("scanned")), str(copy), "--db",
                     str(tmp_path / "ams.duckdb"), env={"AMS_EXTRACT_CACHE": str(cache)})
    assert_one_line_error(result, 2)
    assert "are the same file" in result.stderr
    assert not cache.exists(), "no page was OCR'd"
    assert sorted(os.listdir(tmp_path)) == ["copy.pdf"]


def test_load_stops_at_a_second_copy_of_an_edition_without_reading_the_rest(tmp_path):
    """Two different files of one edition: refused as soon as the second is read; the
    scanned input after them is never OCR'd (one job: inputs in the order given)."""
    other = tmp_path / "same-edition.txt"
    other.write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    result = run_cli("load", str(SEED), str(other), str(pdf_sample("scanned")), "--db",
                     str(tmp_path / "ams.duckdb"), "--jobs", "1",
                     env={"AMS_EXTRACT_CACHE": str(cache)})
    assert_one_line_error(result, 2)
    assert "are the same edition (2016-06)" in result.stderr
    assert not cache.exists()


def test_load_waits_for_a_locked_database_then_gives_up_with_one_line(tmp_path):
    db = tmp_path / "ams.duckdb"
    assert run_cli("load", str(SEED), "--db", str(db)).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               f"c = duckdb.connect({str(db)!r}); print('held', flush=True); "
                               "time.sleep(float(sys.argv[1]))", "3"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = run_cli("load", str(EDITION_2017), "--db", str(db), "--lock-timeout", "0.5")
        assert_one_line_error(refused, 4)
        assert "in use by another process" in refused.stderr
        waited = run_cli("load", str(EDITION_2017), "--db", str(db), "--lock-timeout", "60")
        assert waited.returncode == 0, waited.stderr
    finally:
        holder.kill()
        holder.wait()
    with duckdb.connect(str(db), read_only=True) as con:
        editions = con.execute("SELECT edition FROM editions ORDER BY 1").fetchall()
    assert editions == [("2016-06",), ("2017-06",)]
    whole_editions(db)


def test_a_parquet_failure_after_the_commit_says_the_database_was_loaded(tmp_path):
    parquet = tmp_path / "parquet"
    (parquet / "editions.parquet").mkdir(parents=True)  # a folder where a file must go
    db = tmp_path / "ams.duckdb"
    result = run_cli("load", str(SEED), "--db", str(db), "--parquet", str(parquet))
    assert_one_line_error(result, 4)
    assert f"the database {db} was loaded (1 edition(s))" in result.stderr
    whole_editions(db)
    assert sorted(os.listdir(parquet)) == ["editions.parquet"], "no staged file is left"


def test_a_load_that_fails_leaves_no_new_database(tmp_path):
    """A database the load itself created is removed when the load fails before its
    commit: the edition below is refused (guessed), so nothing may be left."""
    undated = tmp_path / "undated.txt"
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines()
             if "2016" not in line]
    undated.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("load", str(undated), "--db", str(tmp_path / "ams.duckdb"))
    assert result.returncode == 2, result.stderr
    assert sorted(os.listdir(tmp_path)) == ["undated.txt"]


# --- clean exits: nothing after the one line ----------------------------------------------

STRESS_RUNS = int(os.environ.get("AMS_STRESS_RUNS", "12"))


def mutant_pdf(path: Path, rng: random.Random) -> Path:
    """The text sample with a few bytes changed (its end kept, so it is not "truncated"):
    a PDF that a worker tries to read, and that usually fails there."""
    data = bytearray(pdf_sample("text").read_bytes())
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(data) - 2048)
        data[at] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return path


def one_short_run(n: int, rng: random.Random, work: Path) -> tuple[str, int, str, int]:
    """An `extract` of a damaged PDF, left to finish or killed at a random moment of its
    first two seconds: (what was done, exit, stderr, session)."""
    source = mutant_pdf(work.parent / f"mutant-{n}.pdf", rng)
    process = start(["extract", str(source), "-o", "out", "--no-cache"], work)
    signum = (None, signal.SIGTERM, signal.SIGINT)[n % 3]
    moment = rng.uniform(0.0, 2.0)
    if signum is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=moment)
        if process.poll() is None:
            process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    what = f"run {n}: " + (f"{signal.Signals(signum).name} at {moment:.2f} s"
                           if signum else "left to finish")
    return what, process.returncode, stderr, process.pid


@pytest.mark.parametrize("n", range(STRESS_RUNS))
def test_short_runs_end_with_one_line_and_nothing_after_it(tmp_path, n):
    work = tmp_path / "work"
    what, code, stderr, session = one_short_run(n, random.Random(n), work)
    # Killed by the signal itself (-15): it came while Python was starting, before the
    # tool's handlers exist; the tool printed nothing and started nothing.
    assert code in (0, 1, 3, 130, 143) or (code == -signal.SIGTERM and not stderr), \
        f"{what}: exit {code}\n{stderr}"
    lines = stderr.strip().splitlines()
    if code == 3:
        assert len(lines) == 1 and lines[0].startswith("ams-extract: "), f"{what}\n{stderr}"
    if code in (130, 143):
        assert len(lines) == 1, f"{what}\n{stderr}"
    assert "Exception ignored" not in stderr and "Traceback" not in stderr, f"{what}\n{stderr}"
    assert ends_alone(session) == [], f"{what}: processes of the run survive"
    assert os.listdir(work / "tmp") == [], f"{what}: temporary files left"
