"""Writes under faults and hostile input, as the real command (issue 11).

A bad output path is one line and exit 2 before any work; an I/O failure
while writing is one line and exit 4; neither leaves anything behind (no
`.NAME.*` folder or file, no half-written output, the old output intact).
Writers into one folder take turns. Control characters in an edition reach no
key and no workbook.
"""

from __future__ import annotations

import csv
import io
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOLDEN, ROOT, SEED, assert_one_line_error, run_cli

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
IS_ROOT = os.geteuid() == 0


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def command(tmp: Path, kind: str, target: str) -> list[str]:
    """The command that writes `target` as its output of one `kind`."""
    seed = str(SEED)
    return {
        "extract -o": ["extract", seed, "-o", target],
        "extract --xlsx": ["extract", seed, "-o", str(tmp / "out"), "--xlsx", target],
        "review -o": ["review", seed, "-o", target],
        "tables -o": ["tables", str(ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-text.pdf"),
                      "-o", target],
        "check --update": ["check", seed, "--golden", target, "--update"],
        "diff --csv": ["diff", seed, seed, "--csv", target],
        "load --db": ["load", seed, "--db", target],
        "load --parquet": ["load", seed, "--db", str(tmp / "ams.duckdb"), "--parquet", target],
    }[kind]


ALL_OUTPUTS = ["extract -o", "extract --xlsx", "review -o", "tables -o", "check --update",
               "diff --csv", "load --db", "load --parquet"]
FILE_OUTPUTS = ["extract --xlsx", "review -o", "diff --csv", "load --db"]


@pytest.mark.parametrize("kind", ALL_OUTPUTS)
def test_a_file_in_the_path_is_refused_before_any_work(tmp_path, kind):
    (tmp_path / "somefile").write_text("a user's file\n")
    result = run_cli(*command(tmp_path, kind, "somefile/out"), cwd=tmp_path)
    assert_one_line_error(result, 2)
    assert "somefile is a file, not a folder" in result.stderr
    assert listing(tmp_path) == ["somefile"]  # not even the extract's OUTDIR
    assert (tmp_path / "somefile").read_text() == "a user's file\n"


@pytest.mark.parametrize("kind", FILE_OUTPUTS)
def test_a_folder_where_a_file_goes_is_refused(tmp_path, kind):
    (tmp_path / "folder").mkdir()
    for target in ("folder", ".."):
        result = run_cli(*command(tmp_path, kind, target), cwd=tmp_path)
        assert_one_line_error(result, 2)
        assert "is a folder" in result.stderr
    assert listing(tmp_path) == ["folder"] and listing(tmp_path / "folder") == []


@pytest.mark.parametrize("kind", ["extract -o", "tables -o", "check --update"])
def test_dot_dot_as_an_output_folder_is_refused(tmp_path, kind):
    inner = tmp_path / "inner"
    inner.mkdir()
    result = run_cli(*command(tmp_path, kind, ".."), cwd=inner)
    assert_one_line_error(result, 2)
    assert listing(tmp_path) == ["inner"] and listing(inner) == []


def test_a_device_or_pipe_is_never_replaced(tmp_path):
    """`--xlsx /dev/null --force` (as root, /dev is writable) must not rename a file over the
    device. A named pipe stands in for it: the same check, and a regression here cannot
    break the machine's /dev/null."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for kind in FILE_OUTPUTS:
        force = [] if kind == "load --db" else ["--force"]
        result = run_cli(*command(tmp_path, kind, str(pipe)), *force)
        assert_one_line_error(result, 2)
        assert "not a regular file" in result.stderr
        assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert listing(tmp_path) == ["pipe"]


def _run_read_only(folder: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """The command with `folder` read-only: chmod for a user; as root (whom permissions do
    not stop) a read-only bind mount in a private mount namespace, so EROFS is real."""
    if not IS_ROOT:
        folder.chmod(0o555)
        try:
            return run_cli(*args)
        finally:
            folder.chmod(0o755)
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: no way to make a folder read-only "
                    "for root, and a chmod test would pass without testing anything")
    return _with_mount(folder, 'mount --bind -o ro "$0" "$0"', args,
                       "running as root and no read-only bind mount here")


def _with_mount(folder: Path, mount: str, args: list[str],
                unavailable: str) -> subprocess.CompletedProcess[str]:
    """The command after `mount` (a shell command; "$0" is `folder`) in a mount namespace
    of its own, so the mount ends with it; skipped when the mount cannot be made."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(["unshare", "-m", "sh", "-c", f'{mount} && exec "$@"',
                             str(folder), sys.executable, "-m", "extractor", *args],
                            cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=300)
    if "mount" in result.stderr and "ams-extract" not in result.stderr:
        pytest.skip(f"{unavailable}: {result.stderr}")
    return result


@pytest.mark.parametrize("kind", ALL_OUTPUTS)
def test_an_unwritable_folder_is_refused_before_any_work(tmp_path, kind):
    locked = tmp_path / "locked"
    locked.mkdir()
    result = _run_read_only(locked, command(tmp_path, kind, str(locked / "out")))
    assert_one_line_error(result, 2)
    assert "cannot write in" in result.stderr
    assert listing(locked) == [] and listing(tmp_path) == ["locked"]


@pytest.mark.skipif(not (IS_ROOT and os.access("/sys", os.W_OK)),
                    reason="needs root, where access() says /sys is writable though it is not")
def test_a_folder_that_access_calls_writable_is_probed():
    result = run_cli("extract", str(SEED), "-o", "/sys/ams-extract-test-out")
    assert_one_line_error(result, 2)
    assert "cannot write in /sys" in result.stderr


def _run_with_file_limit(args: list[str], cwd: Path,
                         max_bytes: int) -> subprocess.CompletedProcess[str]:
    """The command with RLIMIT_FSIZE: a write past `max_bytes` fails with EFBIG midway, as on a
    full disk (Python ignores SIGXFSZ, so the write returns an error)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], cwd=cwd, env=environment,
        capture_output=True, text=True, timeout=300,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes)))


@pytest.mark.parametrize("limit", [4096, 120_000])
def test_a_failing_write_keeps_the_old_folder_and_leaves_no_debris(tmp_path, limit):
    """4 KB: building the workbook fails; 120 KB: the workbook (40 KB, its largest sheet
    100 KB) is built and staged, and OUTDIR fails at review.html (149 KB) midway."""
    out = tmp_path / "out"
    assert run_cli("extract", str(SEED), "-o", str(out)).returncode == 1
    before = tree(out)
    result = _run_with_file_limit(["extract", str(SEED), "-o", "out", "--force", "--review",
                                   "--xlsx", "t.xlsx"], tmp_path, limit)
    assert_one_line_error(result, 4)
    assert "writing failed (File too large)" in result.stderr
    assert result.stderr.startswith(f"ams-extract: error: {'t.xlsx' if limit < 10_000 else 'out'}")
    assert tree(out) == before
    assert listing(tmp_path) == ["out"]  # no workbook, no .out.* staging, no .t.xlsx.*


@pytest.mark.parametrize("kind", ["extract -o", "extract --xlsx", "review -o", "tables -o",
                                  "check --update", "diff --csv"])
def test_a_failing_write_is_one_line_and_exit_4(tmp_path, kind):
    work = tmp_path / "work"
    work.mkdir()
    # A PDF (tables reads PDFs only) starts a worker pool, whose semaphores are small files
    # of /dev/shm: 64 bytes let them be, and no output fits.
    limit = 64 if kind == "tables -o" else 1
    result = _run_with_file_limit(command(work, kind, "new/target"), work, limit)
    assert_one_line_error(result, 4)
    assert listing(work) == []  # neither the output, nor the folder made for it, nor debris


def _concurrent(out: Path, force: bool,
                writers: int = 4) -> list[subprocess.CompletedProcess[str]]:
    """`writers` runs of `extract SEED -o out`, started at once."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "extractor", "extract", str(SEED), "-o", str(out),
            *(["--force"] if force else [])]
    processes = [subprocess.Popen(args, env=environment, cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(writers)]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    return results


def test_concurrent_force_writers_take_turns(tmp_path):
    """Four `--force` runs into one folder, twice (missing, then ours): each ends as the seed
    does (exit 1, the 34/33 check), the folder is whole and ours, nothing else is left."""
    out = tmp_path / "out"
    for _ in range(2):
        for result in _concurrent(out, force=True):
            assert result.returncode == 1, result.stderr
            assert result.stderr == ""
        assert listing(tmp_path) == ["out"]
        assert (out / "observations.csv").read_bytes() == \
            (GOLDEN / "observations.csv").read_bytes()
        assert listing(out) == ["datapackage.json", "observations.csv", "report.json",
                                "tables"]
        assert listing(out / "tables") == listing(GOLDEN / "tables")


def test_concurrent_writers_without_force_one_wins(tmp_path):
    """Without --force the first to finish writes; the others see its folder under the lock
    and are refused as a run after it would be."""
    out = tmp_path / "out"
    results = _concurrent(out, force=False)
    assert sorted(r.returncode for r in results) == [1, 2, 2, 2]
    for result in results:
        if result.returncode == 2:
            assert_one_line_error(result, 2)
            assert "use --force" in result.stderr
    assert listing(tmp_path) == ["out"]
    assert (out / "observations.csv").read_bytes() == (GOLDEN / "observations.csv").read_bytes()


STRESS = """
import sys
from pathlib import Path
from extractor import extract
report = extract(Path(sys.argv[1]))
for _ in range(int(sys.argv[3])):
    report.write(Path(sys.argv[2]), force=True)
"""


def test_writers_in_a_tight_loop_never_collide_and_the_folder_never_goes_missing(tmp_path):
    """The race behind the fault-injection's ENOTEMPTY and FileNotFoundError: four processes
    each replace one folder 100 times (the same write as the command's) while this test
    watches that the folder is there at every moment and that no `.out.*` is left."""
    out = tmp_path / "out"
    assert run_cli("extract", str(SEED), "-o", str(out)).returncode == 1
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", STRESS, str(SEED), str(out), "100"],
                                env=environment, stderr=subprocess.PIPE, text=True)
               for _ in range(4)]
    missing = 0
    while any(w.poll() is None for w in writers):
        missing += not out.is_dir()
    for writer in writers:
        assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    assert missing == 0
    assert listing(tmp_path) == ["out"]
    assert (out / "observations.csv").read_bytes() == (GOLDEN / "observations.csv").read_bytes()


def test_without_renameat2_the_old_folder_is_retired_and_removed(tmp_path, monkeypatch,
                                                                  seed_report):
    """Where the system cannot swap two folders in one step, two renames do it; nothing of
    the old folder stays."""
    from extractor.outputs import files

    monkeypatch.setattr(files, "exchange", lambda a, b: False)
    out = tmp_path / "out"
    files.write_report(seed_report, out)
    files.write_report(seed_report, out, force=True)
    assert listing(tmp_path) == ["out"]
    assert (out / "observations.csv").read_bytes() == (GOLDEN / "observations.csv").read_bytes()


def control_edition(tmp: Path) -> Path:
    """The seed with a NUL in a row label, an ESC in a table's title, DEL and C1 controls."""
    text = SEED.read_text(encoding="utf-8")
    for printed, damaged in (("Husholdninger  2 284 127", "Hus\x00holdninger  2 284 127"),
                             (" 1 Målepunkter fordelt", " 1 Målepunkter\x1b fordelt"),
                             ("Hytter og fritidshus 322 913",
                              "Hytter og\x7f fritidshus 322 913"),
                             ("Gate-/veilys 20 025", "Gate-/veilys\x85 20 025")):
        assert printed in text
        text = text.replace(printed, damaged, 1)
    path = tmp / "controls.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_control_characters_reach_no_key_and_no_workbook(tmp_path):
    from openpyxl import load_workbook

    source = control_edition(tmp_path)
    result = run_cli("extract", str(source), "-o", str(tmp_path / "out"), "--xlsx",
                     str(tmp_path / "t.xlsx"))
    assert result.returncode == 1, result.stderr  # the seed's 34/33 check, nothing more
    rows = _rows((tmp_path / "out" / "observations.csv").read_text(encoding="utf-8"))
    seed = _rows((GOLDEN / "observations.csv").read_text(encoding="utf-8"))
    keys = [(r["table"], r["row"], r["column"], r["value"]) for r in rows]
    assert keys == [(r["table"], r["row"], r["column"], r["value"]) for r in seed]
    assert not any(CONTROL.search(value) for r in rows for value in r.values())
    report = (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
    assert "\\u001b" not in report and "\\u0000" not in report
    assert "Målepunkter fordelt på kundekategorier" in report

    workbook = load_workbook(tmp_path / "t.xlsx")
    sheet = workbook["metering_points_by_category"]
    printed = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert printed["households"] == "Husholdninger"
    assert printed["cabins_and_holiday_homes"] == "Hytter og fritidshus"
    assert printed["street_and_road_lighting"] == "Gate-/veilys"
    observations = list(workbook["observations"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[3]) for r in observations] == [k[:3] for k in keys]


def test_control_characters_in_a_pdf_text_layer_are_removed():
    """Characters as pdfplumber gives them, some of them control characters (a broken
    font's ToUnicode map; pdfminer itself writes "(cid:0)" for a standard font, so no
    small PDF gives these): pdfplumber's own word finder, then the reader's cleaning."""
    from extractor.readers.pdf import text_layer_words

    def made(text: str, x: float) -> list[dict]:
        return [{"text": ch, "x0": x + 6 * i, "x1": x + 6 * i + 6, "top": 0.0,
                 "bottom": 10.0, "doctop": 0.0, "upright": True, "matrix": (1, 0, 0, 1, 0, 0)}
                for i, ch in enumerate(text)]

    class Page:
        width, height = 595.0, 842.0

        def __init__(self) -> None:
            self.chars = [*made("Hus\x00holdninger", 0), *made("\x1b", 200),
                          *made("2\x7f284", 300)]

    assert [w.text for w in text_layer_words(Page())] == ["Husholdninger", "2284"]


def test_the_workbook_takes_a_control_character_from_any_source(seed_report):
    """A file name or a spec may still carry one (a warning's message here): the workbook
    removes it instead of failing."""
    from dataclasses import replace

    from openpyxl import load_workbook

    from extractor.model.results import ReportWarning
    from extractor.outputs.workbook import sheet_names, workbook_bytes

    assert sheet_names(["a\x00b"]) == {"a\x00b": "ab"}
    report = replace(seed_report, warnings=[ReportWarning("edition_guessed", "from a\x1bb.txt")])
    workbook = load_workbook(io.BytesIO(workbook_bytes(report)))
    assert workbook["warnings"]["B2"].value == "from ab.txt"


def _run_on_a_full_disk(folder: Path, args: list[str], size: str = "16k"
                        ) -> subprocess.CompletedProcess[str]:
    """The command with `folder` a tiny tmpfs of its own (a private mount namespace): a
    real full disk, ENOSPC from the kernel, not a simulated one."""
    if not IS_ROOT or shutil.which("unshare") is None:
        pytest.skip("a tmpfs of one's own needs root and unshare")
    return _with_mount(folder, f'mount -t tmpfs -o size={size} tmpfs "$0"', args,
                       "no tmpfs mount here")


@pytest.mark.parametrize("kind", ["extract -o", "load --db", "load --parquet"])
def test_a_full_disk_is_named_as_such_and_leaves_nothing(tmp_path, kind):
    """DuckDB's failed commit used to be hidden behind its rollback's "no transaction is
    active", and a --parquet folder the run made was left empty."""
    full = tmp_path / "full"
    full.mkdir()
    target = full / ("ams.duckdb" if kind == "load --db" else "new")
    result = _run_on_a_full_disk(full, command(tmp_path, kind, str(target)))
    assert_one_line_error(result, 4)
    assert "No space left on device" in result.stderr
    assert "rollback" not in result.stderr
    assert listing(full) == []  # the mount is gone with its namespace: this is the folder
    if kind == "load --parquet":
        assert "was loaded" in result.stderr  # the database, outside the full disk


def test_a_read_only_file_system_is_named_as_such(tmp_path):
    if not IS_ROOT:
        pytest.skip("as a user, a read-only folder is a permission; as root, EROFS is real")
    locked = tmp_path / "locked"
    locked.mkdir()
    result = _run_read_only(locked, command(tmp_path, "extract -o", str(locked / "out")))
    assert_one_line_error(result, 2)
    assert "Read-only file system" in result.stderr
