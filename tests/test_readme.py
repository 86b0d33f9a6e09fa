"""Every command of the README and of each command's --help runs as written.

The commands run in order, as a new user would type them, in a copy of the
repository with the test run's `.venv/bin` on PATH. A line's trailing comment
says its exit code (`# exit 1: ...`; none means 0). Not run: `make test`
(it is what runs this test) and lines marked `# long:` (opt-in runs of
minutes, documented as such).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, readme_blocks

VENV_BIN = Path(sys.executable).parent


def split_comment(line: str) -> tuple[str, str]:
    """(command, comment): a '#' after whitespace and outside quotes starts the comment."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote and line[index - 1] != "\\":
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1:].strip()
    return line.rstrip(), ""


def readme_commands() -> list[tuple[str, int | None]]:
    """(command, expected exit code) in README order; None: not run (and why, above)."""
    commands = []
    for block in readme_blocks("sh"):
        for line in block.splitlines():
            command, comment = split_comment(line)
            if not command:
                continue
            skip = command == "make test" or comment.startswith("long:")
            code = re.match(r"exit (\d+)", comment)
            commands.append((command, None if skip else int(code[1]) if code else 0))
    return commands


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """The repository's files as a clone has them, with this test run's .venv."""
    return make_checkout(tmp_path_factory.mktemp("checkout"))


@pytest.fixture
def fresh_checkout(tmp_path) -> Path:
    """A checkout of one's own, for commands that must find no earlier output."""
    return make_checkout(tmp_path)


def make_checkout(copy: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)  # mtimes kept: make sees .venv as up to date
    (copy / ".venv").symlink_to(VENV_BIN.parent)
    # The copy shares the test run's .venv: were make to see pyproject.toml newer than the
    # venv's stamp, it would reinstall, and the shared editable install would then point at
    # this temporary copy (gone after the test). The venv is the test run's own: up to date.
    stamp = VENV_BIN.parent / ".installed"
    if stamp.exists():
        older = stamp.stat().st_mtime - 1
        os.utime(copy / "pyproject.toml", (older, older))
    for name in readme_files():
        (copy / name).write_text(readme_files()[name], encoding="utf-8")
    return copy


def readme_files() -> dict[str, str]:
    """Files the README shows whole: a TOML block whose first line names its file."""
    files = {}
    for block in readme_blocks("toml"):
        first = block.splitlines()[0]
        if first.startswith("# ") and first.endswith(".toml"):
            files[first[2:]] = block
    return files


def shell(command: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("VIRTUAL_ENV", None)
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def test_the_readme_has_commands_and_marks_the_ones_not_run():
    commands = readme_commands()
    assert len(commands) > 20
    assert ("make demo", 0) in commands
    not_run = [c for c, code in commands if code is None]
    assert "make test" in not_run and len(not_run) <= 10  # 10th: the 300 short runs


def test_every_readme_command_runs_as_written(checkout):
    """In README order; each exits as its comment says, with no error line unless it fails
    on purpose."""
    ran, before = 0, set(os.listdir(checkout))
    for command, expected in readme_commands():
        if expected is None:
            continue
        result = shell(command, checkout)
        assert result.returncode == expected, (
            f"{command}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}")
        assert "Traceback" not in result.stderr, command
        ran += 1
    assert ran >= 20
    # What the commands left is what the README says they make.
    assert (checkout / "out" / "2016h1" / "report.json").is_file()
    assert (checkout / "out" / "2016h1.xlsx").is_file()
    assert (checkout / "out" / "parquet" / "warnings.parquet").is_file()
    assert (checkout / "out" / "review.html").is_file()
    # Every command writes under out/: the checkout holds nothing else new.
    assert set(os.listdir(checkout)) - before <= {"out"}, set(os.listdir(checkout)) - before


def test_make_demo_prints_what_the_readme_shows(checkout):
    """The README's copy of `make demo`'s summary is the real one."""
    shown = next(b for b in readme_blocks("text") if b.startswith("nve-ams-status-2016h1.txt"))
    result = shell("make demo", checkout)
    assert result.returncode == 0, result.stderr
    for line in shown.splitlines():
        if line.startswith("wrote"):
            assert f"wrote     {checkout / 'out' / '2016h1'}" in result.stdout
        else:
            assert line in result.stdout.splitlines(), line


def test_the_readme_python_runs(checkout):
    [block] = readme_blocks("python")
    result = subprocess.run([sys.executable, "-c", block], cwd=checkout, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (checkout / "out" / "api" / "observations.csv").is_file()


def help_examples(command: str, cwd: Path) -> list[str]:
    """The commands under 'Example:' or 'Examples:' in `ams-extract COMMAND --help`."""
    result = shell(f"ams-extract {command} --help", cwd)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("Example", 1)[1].splitlines()[1:]
    examples: list[str] = []
    for line in lines:
        if not line.strip():
            break
        if examples and examples[-1].endswith("\\"):
            examples[-1] = examples[-1][:-1] + line.strip()
        else:
            examples.append(line.strip())
    return examples


@pytest.mark.parametrize("command", ["extract", "check", "review", "diff", "load", "query",
                                     "series"])
def test_each_help_example_runs_as_written(fresh_checkout, command):
    """Each --help example, in the repository's folder: done (exit 0, or 1 for the 2016
    edition's failed check), never an error line. `query`'s and `series`' examples read
    the database that `load`'s example makes."""
    checkout = fresh_checkout
    examples = help_examples(command, checkout)
    assert examples
    if command in ("query", "series"):
        for example in help_examples("load", checkout):
            assert shell(example, checkout).returncode == 0
    for example in examples:
        assert example.startswith("ams-extract ")
        result = shell(example, checkout)
        assert result.returncode in (0, 1), f"{example}\n{result.stdout}\n{result.stderr}"
        assert "ams-extract:" not in result.stderr, f"{example}\n{result.stderr}"
