"""A user's files are never destroyed: every refusal of an output path, as the real command.

Each refusal must exit 2 with one line, before any work, leaving every file it
was pointed at as it was. Written files and folders follow the umask.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED, assert_one_line_error, run_cli


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to show that nothing was touched."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def foreign(tmp_path):
    """A user's folder: documents and a subfolder, nothing of ours."""
    folder = tmp_path / "reports"
    (folder / "2015").mkdir(parents=True)
    (folder / "notes.txt").write_text("mine\n")
    (folder / "2015" / "budget.csv").write_text("a,b\n1,2\n")
    return folder


def test_force_refuses_a_folder_this_tool_did_not_write(foreign):
    before = snapshot(foreign)
    result = run_cli("extract", str(SEED), "-o", str(foreign), "--force")
    assert_one_line_error(result, 2)
    assert "did not write" in result.stderr and "2015" in result.stderr
    assert snapshot(foreign) == before
    assert sorted(p.name for p in foreign.parent.iterdir()) == ["reports"]  # no debris


def test_force_refuses_our_folder_once_a_user_file_is_in_it(tmp_path):
    out = tmp_path / "out"
    assert run_cli("extract", str(SEED), "-o", str(out)).returncode == 1
    (out / "my-notes.md").write_text("mine\n")
    before = snapshot(out)
    result = run_cli("extract", str(SEED), "-o", str(out), "--force")
    assert_one_line_error(result, 2)
    assert snapshot(out) == before


def test_force_refuses_a_folder_whose_report_json_is_not_ours(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text('{"tool": {"name": "something else"}}\n')
    before = snapshot(out)
    assert_one_line_error(run_cli("extract", str(SEED), "-o", str(out), "--force"), 2)
    assert snapshot(out) == before


def test_force_replaces_our_own_folder_whole(tmp_path):
    out = tmp_path / "out"
    assert run_cli("extract", str(SEED), "-o", str(out), "--review").returncode == 1
    assert (out / "review.html").is_file()
    assert run_cli("extract", str(SEED), "-o", str(out), "--force").returncode == 1
    assert not (out / "review.html").exists()  # replaced, not merged
    assert (out / "observations.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_empty_folder_is_written_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert run_cli("extract", str(SEED), "-o", str(out)).returncode == 1
    assert (out / "report.json").is_file()


def test_the_current_folder_is_refused(foreign):
    before = snapshot(foreign)
    for target in (".", "..", str(foreign)):
        result = run_cli("extract", str(SEED), "-o", target, "--force", cwd=foreign)
        assert_one_line_error(result, 2)
        assert "current folder" in result.stderr
    assert snapshot(foreign) == before


def test_the_root_folder_is_refused(tmp_path):
    result = run_cli("extract", str(SEED), "-o", "/", "--force", cwd=tmp_path)
    assert_one_line_error(result, 2)
    assert "root folder" in result.stderr
    assert not any(p.name.startswith("..old") or p.name.startswith(".tmp")
                   for p in Path("/").iterdir())


def test_the_home_folder_is_refused(tmp_path, foreign):
    """$HOME pointed at a user's folder: `-o ~ --force` touches nothing."""
    before = snapshot(foreign)
    result = run_cli("extract", str(SEED), "-o", str(foreign), "--force", cwd=tmp_path,
                     env={"HOME": str(foreign)})
    assert_one_line_error(result, 2)
    assert "home folder" in result.stderr
    assert snapshot(foreign) == before


def test_a_folder_holding_the_input_is_refused(tmp_path):
    folder = tmp_path / "editions"
    folder.mkdir()
    source = folder / "2016.txt"
    source.write_bytes(SEED.read_bytes())
    before = snapshot(folder)
    result = run_cli("extract", str(source), "-o", str(folder), "--force", cwd=ROOT)
    assert_one_line_error(result, 2)
    assert "holds the input" in result.stderr
    assert snapshot(folder) == before


def test_an_existing_output_file_is_kept_without_force(tmp_path):
    """review -o, --xlsx and diff --csv: an existing file needs --force."""
    page, book, changes = (tmp_path / "review.html", tmp_path / "t.xlsx",
                           tmp_path / "changes.csv")
    for path in (page, book, changes):
        path.write_text("a user's file\n")
    results = [
        run_cli("review", str(SEED), "-o", str(page)),
        run_cli("extract", str(SEED), "-o", str(tmp_path / "out"), "--xlsx", str(book)),
        run_cli("diff", str(SEED), str(SEED), "--csv", str(changes)),
    ]
    for result in results:
        assert_one_line_error(result, 2)
        assert "--force" in result.stderr
    for path in (page, book, changes):
        assert path.read_text() == "a user's file\n"
    assert not (tmp_path / "out").exists()  # refused before any work
    assert run_cli("review", str(SEED), "-o", str(page), "--force").returncode == 1
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_the_input_is_never_an_output_file(tmp_path):
    source = tmp_path / "2016.txt"
    source.write_bytes(SEED.read_bytes())
    for args in (("review", str(source), "-o", str(source), "--force"),
                 ("extract", str(source), "-o", str(tmp_path / "out"), "--xlsx", str(source),
                  "--force")):
        assert_one_line_error(run_cli(*args), 2)
    assert source.read_bytes() == SEED.read_bytes()


def test_the_workbook_may_not_go_inside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    result = run_cli("extract", str(SEED), "-o", str(out), "--xlsx", str(out / "t.xlsx"))
    assert_one_line_error(result, 2)
    assert not out.exists()


def _modes(folder: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
            for p in [folder, *folder.rglob("*")]}


@pytest.mark.parametrize(("mask", "folder_mode", "file_mode"),
                         [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)])
def test_outputs_follow_the_umask(tmp_path, mask, folder_mode, file_mode):
    """Output folders, their files, the workbook and the review page get the modes the
    user's umask gives, like any file the user makes (not 0700 whatever the umask)."""
    out, book, page = tmp_path / "out", tmp_path / "t.xlsx", tmp_path / "review.html"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["extract", str(SEED), "-o", str(out), "--xlsx", str(book), "--review",
                  "--plots"], ["review", str(SEED), "-o", str(page)]):
        subprocess.run([sys.executable, "-m", "extractor", *args], env=environment,
                       capture_output=True, check=False, preexec_fn=lambda: os.umask(mask))
    assert _modes(out) == {("dir", folder_mode), ("file", file_mode)}
    assert stat.S_IMODE(book.stat().st_mode) == file_mode
    assert stat.S_IMODE(page.stat().st_mode) == file_mode


def test_stdout_carries_the_observations_and_stderr_the_summary(tmp_path):
    """`-o -` for pipes: stdout is exactly observations.csv; nothing else is written."""
    result = run_cli("extract", str(SEED), "-o", "-", cwd=tmp_path)
    assert result.returncode == 1  # the 34/33 check, as ever
    golden = (ROOT / "fixtures" / "nve-ams-status-2016h1" / "observations.csv")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert "values    123" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert_one_line_error(run_cli("extract", str(SEED), "-o", "-", "--review"), 2)
