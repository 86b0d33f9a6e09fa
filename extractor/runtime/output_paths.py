"""Output paths checked before any work: each problem is one line and exit 2.

The folder that will hold an output must exist or be makeable (no file in the
way), be a folder, and be writable: `os.access` first, then a real probe (a
folder made and removed at once), because access() can say yes where writing
fails (root on a file system that refuses it, some network mounts). What fails
anyway while writing (a full disk, a permission taken away mid-run) is an
`OutputError`: one line and exit 4, see `writing`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError, UsageError
from .file_safety import os_reason


def _first_existing(folder: Path, shown: Path) -> Path:
    """`folder` or its nearest ancestor that exists; UsageError when a file is in the way."""
    for candidate in [folder, *folder.parents]:
        try:
            mode = candidate.stat().st_mode
        except FileNotFoundError:
            continue
        except NotADirectoryError:  # a file further up: found as the loop goes up
            continue
        except OSError as error:
            raise UsageError(f"{shown}: cannot reach {candidate} ({os_reason(error)}); "
                             "nothing was written") from None
        if not stat.S_ISDIR(mode):
            raise UsageError(f"{shown}: {candidate} is a file, not a folder; nothing was "
                             "written")
        return candidate
    raise UsageError(f"{shown}: no folder to write into")  # pragma: no cover (/ exists)


def _why_not_writable(folder: Path) -> str:
    """The real cause access() hides: a read-only file system, else the permissions."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return os.strerror(errno.EROFS)
    except OSError:
        pass
    return "permission denied"


def check_writable_folder(folder: Path, shown: Path) -> None:
    """UsageError unless files can be made in `folder` (or, if it is missing, in the folder
    that will hold it): a real folder made and removed, not only access()'s word."""
    existing = _first_existing(folder, shown)
    where = "" if existing == folder else f" (to make {folder.relative_to(existing)})"
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{shown}: cannot write in {existing}{where} "
                         f"({_why_not_writable(existing)}); nothing was written")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=f".{shown.name or 'output'}.probe.", dir=existing))
    except OSError as error:
        raise UsageError(f"{shown}: cannot write in {existing}{where} ({os_reason(error)}); "
                         "nothing was written") from None


def check_file_target(path: Path) -> None:
    """UsageError unless `path` can be written as a file: missing, or a regular file (never
    a folder or a device: replacing /dev/null is not writing a file), in a writable folder."""
    shown, path = path, path.absolute()
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as error:
        raise UsageError(f"{shown}: cannot reach it ({os_reason(error)})") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{shown} is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(f"{shown} is not a regular file (a device, pipe or socket); give a "
                         "file name")
    check_writable_folder(path.parent, shown)


def check_replaceable(folder: Path, shown: Path) -> None:
    """UsageError unless the old folder (one of ours) can be removed once replaced: each of
    its folders writable, or it would stay behind as debris."""
    for inner in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        if not os.access(inner, os.W_OK | os.X_OK):
            raise UsageError(f"{shown}: cannot replace it, {inner} is not writable; nothing "
                             "was written")


def check_database_paths(db_path: Path, parquet_dir: Path | None) -> None:
    """load's --db (a database file, added to) and --parquet (a folder of files)."""
    check_file_target(db_path)
    if db_path.exists() and not os.access(db_path, os.R_OK | os.W_OK):
        raise UsageError(f"{db_path}: the database is not writable; nothing was loaded")
    if parquet_dir is not None:
        check_writable_folder(parquet_dir.absolute(), parquet_dir)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """An I/O failure while writing `path` as one line and exit 4, never an internal error."""
    try:
        yield
    except BrokenPipeError:  # stdout's reader left: not a failure to write `path`
        raise
    except OSError as error:
        raise OutputError(f"{path}: writing failed ({os_reason(error)}); nothing was left "
                          "half-written") from error
