"""Worker processes that die with the run, whatever ends it.

Parsing a PDF and OCR run in worker processes (a bad file must not take the
main process down; pages run side by side). Every pool of them:

- has workers with a private temporary folder each, where Tesseract's files
  go, removed when the pool stops (by name: the worker makes it, so a parent
  that dies at any moment leaves none);
- is stopped by freezing its workers, killing everything they started
  (`tesseract`, nested pools) and then the workers, so nothing runs on;
- watches its parent: a worker whose parent is gone (even by SIGKILL, which
  no handler sees) kills its own children, removes the temporary folder and
  exits. Two guards, because either alone has a gap: the kernel's
  PR_SET_PDEATHSIG (Linux only, and tied to the thread that forked), and a
  pipe whose write end only the parent holds: it reads EOF the moment the
  parent dies.

Workers run with stdout and stderr on /dev/null: results come back through
the pool, and a worker must never hold a caller's pipe open.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from ..errors import InputError
from .interrupts import Interrupted
from .limits import Deadline, Limits, guard_pillow, limit_memory, reached_memory_limit

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
TEMP_PREFIX = "ams-extract-"


def child_pids(parents: Iterable[int]) -> set[int]:
    """Every living descendant of `parents`, read from /proc (empty where there is none)."""
    parent_of: dict[int, int] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
                    fields = stat.read().rsplit(b")", 1)[1].split()
                parent_of[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue  # it ended while we looked
    found: set[int] = set()
    frontier = set(parents)
    while frontier:
        frontier = {pid for pid, ppid in parent_of.items() if ppid in frontier} - found
        found |= frontier
    return found


def _kill(pids: Iterable[int], signum: int = signal.SIGKILL) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signum)


# --- in the worker ------------------------------------------------------------------------

_temp_dir: str | None = None


def _die(signum: int = 0, frame: object = None) -> None:
    """The parent is gone (or asked us to stop): end what we started, our folder, ourselves."""
    _kill(child_pids([os.getpid()]))
    if _temp_dir is not None:
        shutil.rmtree(_temp_dir, ignore_errors=True)
    os._exit(1)


def _watch_parent(read_end: int) -> None:
    """Blocks until every write end is closed: only the parent holds one, so it has died."""
    with contextlib.suppress(OSError):
        while os.read(read_end, 1):
            pass
    _die()


def _ignore(signum: int, frame: object) -> None:
    """A worker's Ctrl-C: the parent decides what happens (it stops the pool)."""


def _guard_against_orphaning(parent: int, read_end: int, write_end: int) -> None:
    os.close(write_end)  # inherited by fork: the parent's copy must be the only one
    signal.signal(signal.SIGTERM, _die)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # it died before the guard was set
        _die()
    threading.Thread(target=_watch_parent, args=(read_end,), daemon=True,
                     name="parent-watch").start()


def temp_prefix(parent: int, worker: int) -> str:
    """The name a worker's temporary folder starts with: its parent can find it by name."""
    return f"{TEMP_PREFIX}{parent}-{worker}-"


def worker_setup(parent: int, read_end: int, write_end: int, megabytes: int,
                 max_megapixels: float) -> None:
    """Initializer of every worker: guarded against outliving its parent, temporary files
    in the pool's folder, stdout/stderr off the caller's, one OpenMP thread (the pool owns
    the cores), a memory cap, Pillow's image-size guard, and Ctrl-C left to the parent.

    Ctrl-C gets a handler that does nothing rather than SIG_IGN: a handler is reset
    when a program is started, so Tesseract still stops at a terminal's Ctrl-C.
    """
    global _temp_dir
    # The worker makes its own folder, and only then the guard: a parent that dies at any
    # moment leaves no folder behind (none yet, or the guard removes it).
    temp_dir = _temp_dir = tempfile.mkdtemp(prefix=temp_prefix(parent, os.getpid()))
    signal.signal(signal.SIGINT, _ignore)
    _guard_against_orphaning(parent, read_end, write_end)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGALRM})
    tempfile.tempdir = temp_dir  # pytesseract's tess_* files
    os.environ["TMPDIR"] = temp_dir  # and anything Tesseract itself writes
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    limit_memory(megabytes)
    # pdfminer logs every oddity of a damaged file; errors reach the user as one line.
    logging.disable(logging.WARNING)
    guard_pillow(max_megapixels)


# --- in the parent ------------------------------------------------------------------------


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and the --max-seconds alarm wait until the block is done (then
    they arrive): for steps that must not stop half-way."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK,
                                      {signal.SIGINT, signal.SIGTERM, signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _within_memory(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`function` in a worker; whatever it raised after the worker's address space reached
    its cap is a MemoryError (the parent's `worker_errors` names the limit)."""
    try:
        return function(*args, **kwargs)
    except MemoryError:
        raise
    except Exception:
        if reached_memory_limit():
            raise MemoryError from None
        raise


# How long `stop()` waits for the pool's manager thread after its workers are killed.
MANAGER_JOIN_SECONDS = 5.0


class WorkerPool(ProcessPoolExecutor):
    """A process pool whose workers, and all they start, end with `stop()` or the parent."""

    def __init__(self, workers: int, limits: Limits) -> None:
        # Held to the end: a signal inside the executor's own set-up would lose the pool
        # object, and with it the pipe that only `stop()` closes.
        with signals_held():
            self._temp_root = tempfile.gettempdir()  # where the workers make their folders
            self._read_end, self._write_end = os.pipe()
            # fork, named: the inherited pipe is the guard (a forkserver would not pass it
            # on).
            super().__init__(max_workers=workers,
                             mp_context=multiprocessing.get_context("fork"),
                             initializer=worker_setup,
                             initargs=(os.getpid(), self._read_end, self._write_end,
                                       limits.max_memory_mb, limits.max_megapixels))

    def submit(self, function: Callable[..., T], /, *args: object,
               **kwargs: object) -> Future[T]:
        """As ProcessPoolExecutor's, with a failure at the memory cap reported as one."""
        return super().submit(_within_memory, function, *args, **kwargs)

    def stop(self) -> None:
        """Now: freeze the workers (so they start nothing more), kill what they started,
        kill them, close the pipe, remove their temporary folders. Signals wait until it
        is done: one half-way would leave workers running."""
        with signals_held():
            # concurrent.futures cannot cancel running work; its worker processes are the
            # only handle.
            workers = [p.pid for p in list(getattr(self, "_processes", {}).values()) if p.pid]
            _kill(workers, signal.SIGSTOP)
            _kill(child_pids(workers))
            _kill(workers)
            # The pool's manager thread ends once it sees its workers dead. Left running, it
            # raced the interpreter's exit (which wakes it through a pipe it closes): once in
            # 150 runs "Exception ignored in threading._shutdown ... Bad file descriptor"
            # followed the error line. Taken before shutdown(), which forgets it.
            manager = getattr(self, "_executor_manager_thread", None)
            self.shutdown(wait=False, cancel_futures=True)
            if manager is not None and manager is not threading.current_thread():
                manager.join(timeout=MANAGER_JOIN_SECONDS)
            for end in (self._read_end, self._write_end):
                with contextlib.suppress(OSError):
                    os.close(end)
            # A killed process runs no more code: nothing new appears in the folders.
            for worker in workers:
                for folder in Path(self._temp_root).glob(temp_prefix(os.getpid(), worker) + "*"):
                    shutil.rmtree(folder, ignore_errors=True)


def worker_count(asked: int | None, tasks: int) -> int:
    """How many processes a pool of `tasks` gets: the number asked for (None or 0: one per
    core), never more than there are tasks, never fewer than one. The one clamp of
    `--workers` (pages OCR'd side by side) and `--jobs` (inputs loaded side by side)."""
    return max(1, min(asked or os.cpu_count() or 1, tasks))


def worker_pool(workers: int, limits: Limits) -> WorkerPool:
    """Processes set up by `worker_setup`; close them with `stop_pool`."""
    return WorkerPool(workers, limits)


def stop_pool(pool: WorkerPool) -> None:
    pool.stop()


@contextmanager
def spawning() -> Iterator[None]:
    """Ctrl-C, SIGTERM and the --max-seconds alarm held back while worker processes are
    forked (on a pool's first submit): a worker must not get them before `worker_setup`
    runs, or it prints a traceback, and in the parent the alarm must not go off inside
    the fork's own hooks (logging's), where its error is printed and then dropped. The
    parent receives them as soon as the workers exist."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGALRM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


@contextmanager
def worker_errors(what: str, limits: Limits) -> Iterator[None]:
    """Whatever goes wrong in a worker becomes one plain InputError naming the file."""
    try:
        yield
    except FutureTimeout:
        raise InputError(f"{what}: took longer than {limits.max_seconds:g} s "
                         "(--max-seconds)") from None
    except BrokenProcessPool:
        raise InputError(f"{what}: a worker process crashed on this file") from None
    except MemoryError:
        raise InputError(f"{what}: needs more than {limits.max_memory_mb} MB of memory "
                         "(--max-memory-mb)") from None
    except InputError:
        raise
    except Exception as error:
        # A Tesseract that a terminal's Ctrl-C stopped (status -SIGINT) before the parent
        # saw the signal: the user's interrupt, not the file's fault.
        if getattr(error, "status", None) == -signal.SIGINT:
            raise Interrupted from None
        # Whatever else the reader raised, it is this file's fault.
        raise InputError(f"{what}: could not be read ({type(error).__name__}: "
                         f"{str(error)[:80]})") from error


def run_isolated(function: Callable[..., T], *args: object, what: str, limits: Limits,
                 deadline: Deadline) -> T:
    """`function(*args)` in a worker process; its death, memory or time become InputError."""
    pool = worker_pool(1, limits)
    try:
        with worker_errors(what, limits):
            with spawning():
                future = pool.submit(function, *args)
            return future.result(timeout=max(deadline.remaining(), 0.001))
    finally:
        stop_pool(pool)
