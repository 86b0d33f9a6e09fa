"""Files written safely: atomically (never half-written) and with the user's umask.

Used by readers (the OCR cache) and by outputs alike, so neither imports the other.
Temporary names are `.NAME.*` beside the target; every path out of these functions,
an exception included, removes them (only SIGKILL can leave one).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

try:  # POSIX; elsewhere writers are not serialised
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

# renameat2(2)'s flag: swap two paths in one step (Linux 3.15+, most local file systems).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def os_reason(error: OSError) -> str:
    """An OS error's reason in a few words ("Read-only file system"), for one-line messages."""
    return error.strerror or type(error).__name__


def umask() -> int:
    """The process's umask (read without changing it, where Linux tells)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_folder(folder: Path) -> Path | None:
    """Make `folder` and its missing parents; returns the topmost folder made (None: none)."""
    top = None
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            break
        top = candidate
    folder.mkdir(parents=True, exist_ok=True)
    return top


def remove_made(folder: Path, top: Path | None) -> None:
    """Undo `make_folder` after a failure: remove `folder` up to `top` while they are empty."""
    if top is None:
        return
    for candidate in [folder, *folder.parents]:
        try:
            candidate.rmdir()
        except OSError:  # not empty (another writer is using it) or gone: leave it
            return
        if candidate == top:
            return


@contextlib.contextmanager
def staged_file(path: Path, data: str | bytes) -> Iterator[Path]:
    """Write `data` beside `path`; renamed into place when the block ends without an error,
    removed otherwise, so a failure later in the block leaves no file and no debris.

    Text is written as UTF-8 with "\\n" line ends. The temporary name carries the
    process id, so processes writing one file at once do not trip over each other.
    The file follows the umask.
    """
    top = make_folder(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, str):
            with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
        else:
            temporary.write_bytes(data)
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        remove_made(path.parent, top)
        raise


def write_file_atomically(path: Path, data: str | bytes) -> Path:
    """One file, written beside its place and renamed in: never half-written."""
    with staged_file(path, data):
        pass
    return path


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` itself (flock on its descriptor): writers into one
    folder take turns, and no lock file is left behind. Where a folder cannot be
    opened or locked (no read permission, no flock) the block runs unlocked."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield
        return
    try:
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _renameat2() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without it
        return None


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step, so `b` never goes missing; False where the
    system cannot (then the caller renames twice)."""
    function = _renameat2()
    if function is None:
        return False
    done = function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(b))
