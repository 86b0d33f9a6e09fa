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
    # --max-memory-mb: the address space each process of a run may take for one input:
    # each worker, and the main process while it extracts (beyond what it held before).
    max_memory_mb: int = 4096

    @property
    def max_text_mb(self) -> float:
        """The largest text edition: what the memory limit allows (TEXT_MEMORY_FACTOR),
        never more than --max-file-mb."""
        return min(self.max_file_mb, self.max_memory_mb / TEXT_MEMORY_FACTOR)


# A text edition takes up to this many times its size in the main process's address
# space, reading to writing (BENCHMARKS.md, "Memory"): about 40 for a report's text, near
# 1000 for lines of one number each inside a table (each line a row, each row a value).
# The default limit of 4096 MB so allows 4 MB of text; an edition has about 10 KB.
TEXT_MEMORY_FACTOR = 1024


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


class OutOfMemory(InputError):
    """The input needs more memory than --max-memory-mb."""


def _address_space() -> int:
    """This process's address space now, in bytes (Linux's /proc; 0 where there is none)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _growth_cap(megabytes: int, *outer: int) -> int:
    """An address-space cap `megabytes` above this process's size now, within any `outer`
    limit that is set."""
    cap = _address_space() + megabytes * 1024 * 1024
    return min([cap, *(limit for limit in outer if limit != resource.RLIM_INFINITY)])


def reached_memory_limit(margin_mb: int = 64) -> bool:
    """Whether this process's address space ever came within `margin_mb` of its cap. A
    failure after that is the limit's, whatever a C library called it: pdfminer gave
    SystemError ("error return without exception set") for an operator bomb."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return False
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status
                        if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return False
    return peak >= soft - margin_mb * 1024 * 1024


@contextmanager
def memory_limit(megabytes: int, what: str) -> Iterator[None]:
    """Inside, this process may grow by at most `megabytes` of address space; beyond it
    Python raises MemoryError, which becomes one plain OutOfMemory (exit 3) instead of the
    kernel's OOM killer. A tighter limit already set (a worker's) is kept."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_growth_cap(megabytes, soft, hard), hard))
    try:
        yield
    except MemoryError:
        raise OutOfMemory(f"{what}: needs more than {megabytes} MB of memory "
                          "(--max-memory-mb)") from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def input_limits(limits: Limits, what: str) -> Iterator[None]:
    """The limits on reading one input in this process: its time and its memory."""
    with time_limit(limits.max_seconds, what), memory_limit(limits.max_memory_mb, what):
        yield


def limit_memory(megabytes: int) -> None:
    """Let this process grow by at most `megabytes` of address space from now (a worker,
    forked from the main process, starts with its size), so a bomb raises MemoryError
    instead of meeting the OOM killer."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_growth_cap(megabytes, hard), hard))


def guard_pillow(max_megapixels: float) -> None:
    """Pillow refuses images over the limit, and its decompression-bomb warning is an error."""
    import warnings

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = int(max_megapixels * 1e6)
    warnings.simplefilter("error", Image.DecompressionBombWarning)


# Tesseract refuses an image with a side over 32 767 pixels ("Image too large": a real
# report's page 53 817 pixels tall ended its run); a margin below that.
MAX_SIDE_PIXELS = 30_000


def capped_dpi(width_pt: float, height_pt: float, dpi: int, max_megapixels: float) -> int:
    """The dpi to render a page at: the wanted one, or less when the page is huge (more
    than `max_megapixels`, or a side longer than MAX_SIDE_PIXELS)."""
    by_side = int(72 * MAX_SIDE_PIXELS / max(width_pt, height_pt, 1e-9))
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    if pixels <= max_megapixels * 1e6:
        return min(dpi, by_side)
    return min(by_side, int(72 * math.sqrt(max_megapixels * 1e6 / (width_pt * height_pt))))
