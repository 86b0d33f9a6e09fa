"""Limits on what one input may cost, and running risky work in a worker process.

A bad or hostile file must not hang the tool, exhaust the machine's memory,
or take the main process down: parsing a PDF and OCR run in worker processes
with a memory cap and a deadline; a worker that dies or runs out of time
becomes one plain error line.
"""

from __future__ import annotations

import logging
import math
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from .errors import InputError

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Every limit is documented in the README and set from the command line."""

    max_file_mb: float = 200.0  # --max-file-mb
    max_pages: int = 1000  # --max-pages
    max_megapixels: float = 60.0  # --max-megapixels: one rendered page (A4 at 300 dpi: 8.7)
    max_seconds: float = 1800.0  # --max-seconds: the whole input, reading and OCR
    worker_memory_mb: int = 4096  # address space of each worker process


@dataclass
class Deadline:
    """The time an input has left."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def check(self, what: str) -> None:
        if self.remaining() <= 0:
            raise InputError(f"{what}: took longer than {self.seconds:g} s (--max-seconds)")


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space, so a bomb raises MemoryError instead of OOM."""
    cap = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def guard_pillow(max_megapixels: float) -> None:
    """Pillow refuses images over the limit, and its decompression-bomb warning is an error."""
    import warnings

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = int(max_megapixels * 1e6)
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def _ignore(signum: int, frame: object) -> None:
    """A worker's Ctrl-C: the parent decides what happens (it stops the pool)."""


def worker_setup(megabytes: int, max_megapixels: float = Limits.max_megapixels) -> None:
    """Initializer of every worker: one OpenMP thread (the pool owns the cores), a memory
    cap, Pillow's image-size guard, and Ctrl-C left to the parent.

    A handler that does nothing rather than SIG_IGN: a handler is reset when a
    program is started, so Tesseract still stops at a terminal's Ctrl-C.
    """
    signal.signal(signal.SIGINT, _ignore)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by `spawning`
    os.environ["OMP_THREAD_LIMIT"] = "1"
    limit_memory(megabytes)
    # pdfminer logs every oddity of a damaged file; errors reach the user as one line.
    logging.disable(logging.WARNING)
    guard_pillow(max_megapixels)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down now, killing workers that are still busy."""
    # concurrent.futures cannot cancel running work; its worker processes are the only handle.
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


@contextmanager
def spawning() -> Iterator[None]:
    """Ctrl-C held back while worker processes are forked (on a pool's first submit): a
    worker must not get it before `worker_setup` runs, or it prints a traceback. The
    parent receives it as soon as the workers exist."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def worker_pool(workers: int, limits: Limits) -> ProcessPoolExecutor:
    """Processes set up by `worker_setup`; close them with `stop_pool`."""
    return ProcessPoolExecutor(max_workers=workers, initializer=worker_setup,
                               initargs=(limits.worker_memory_mb, limits.max_megapixels))


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
        raise InputError(f"{what}: needs more than {limits.worker_memory_mb} MB of memory "
                         "to read") from None
    except InputError:
        raise
    except Exception as error:
        # A Tesseract that a terminal's Ctrl-C stopped (status -SIGINT) before the parent
        # saw the signal: the user's interrupt, not the file's fault.
        if getattr(error, "status", None) == -signal.SIGINT:
            raise KeyboardInterrupt from None
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


def capped_dpi(width_pt: float, height_pt: float, dpi: int, max_megapixels: float) -> int:
    """The dpi to render a page at: the wanted one, or less when the page is huge."""
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    if pixels <= max_megapixels * 1e6:
        return dpi
    return int(72 * math.sqrt(max_megapixels * 1e6 / (width_pt * height_pt)))
