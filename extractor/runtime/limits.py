"""Limits on what one input may cost: size, pages, pixels, memory and time.

A bad or hostile file must not hang the tool or exhaust the machine's memory:
the worker processes that read PDFs (`workers.py`) run with a memory cap, and
the whole run with a deadline.
"""

from __future__ import annotations

import math
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..errors import InputError


@dataclass(frozen=True)
class Limits:
    """Every limit is documented in the README and set from the command line."""

    max_file_mb: float = 200.0  # --max-file-mb
    max_pages: int = 1000  # --max-pages
    max_megapixels: float = 60.0  # --max-megapixels: one rendered page (A4 at 300 dpi: 8.7)
    max_seconds: float = 1800.0  # --max-seconds: the whole input, reading and OCR
    worker_memory_mb: int = 4096  # address space of each worker process


# How long `load` waits, by default, while another process holds the database.
LOCK_TIMEOUT = 60.0


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


class OutOfTime(InputError):
    """The run went past --max-seconds."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """The whole run inside, text included, stops with one plain error after `seconds`.

    A deadline checked between steps cannot stop a step that itself runs long (a
    hostile table's search); an alarm can. Only the main thread receives signals:
    elsewhere, and inside an outer limit, this adds nothing (the readers' own
    deadline still holds).
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0):
        yield
        return

    def out_of_time(signum: int, frame: object) -> None:
        raise OutOfTime(f"{what}: took longer than {seconds:g} s (--max-seconds)")

    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def capped_dpi(width_pt: float, height_pt: float, dpi: int, max_megapixels: float) -> int:
    """The dpi to render a page at: the wanted one, or less when the page is huge."""
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    if pixels <= max_megapixels * 1e6:
        return dpi
    return int(72 * math.sqrt(max_megapixels * 1e6 / (width_pt * height_pt)))
