"""Many inputs at once: one process per input, across the cores.

Used by `ams-extract load`. Each input is extracted whole in a worker; when
several run side by side, their OCR runs in the worker itself (one process
each, `side_by_side`) so that the machine's cores are shared, not oversubscribed:
the read options' `workers` applies only to inputs extracted one at a time.

Progress is counted in pages across the inputs (`PageProgress`): each worker tells of
its pages as they are read through a queue it inherits when the pool forks it.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .model.spec import ReportSpec
from .pipeline import extract
from .readers.cache import OncePerRun, logger
from .readers.pdf import ReadOptions
from .report import Report
from .runtime.workers import spawning, stop_pool, worker_count, worker_pool

Job = tuple[Path, str | None]  # an input and the edition given for it, if any


class _Collected(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages
        self.addFilter(OncePerRun())

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _readers_warnings() -> Iterator[list[str]]:
    """The readers' warnings of one input (an OCR cache that cannot be used), kept for the
    parent to tell: a worker's own stderr goes nowhere (runtime/workers.py)."""
    messages: list[str] = []
    handler = _Collected(messages)
    silenced = logging.root.manager.disable
    logging.disable(logging.NOTSET)  # workers silence logging (pdfminer's chatter)
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        logging.disable(silenced)


def side_by_side(options: ReadOptions) -> ReadOptions:
    """The read options of an input extracted beside others: its OCR in one process (the
    inputs share the cores) and no progress bar of its own."""
    return replace(options, workers=1, progress=False)


class PageProgress:
    """Pages read across the inputs, for a `(done, total)` progress callback: an input not
    yet opened counts one page, and each input's own count never runs past its pages (a
    page read again is not counted twice)."""

    def __init__(self, inputs: int, progress: Callable[[int, int], None] | None) -> None:
        self.read, self.pages = [0] * inputs, [1] * inputs
        self.progress = progress

    def tell(self, index: int, read: int, pages: int) -> None:
        self.pages[index] = max(pages, 1)
        self.read[index] = max(self.read[index], min(read, self.pages[index]))
        self.show()

    def done(self, index: int) -> None:
        self.read[index] = self.pages[index]
        self.show()

    def show(self) -> None:
        if self.progress:
            self.progress(sum(self.read), sum(self.pages))


# Side by side, the queue the workers tell their pages through: made before the pool
# forks them, so each inherits it (a queue cannot travel as a task's argument).
_PAGES: multiprocessing.queues.SimpleQueue | None = None


def _extract_one(job: tuple[int, Path, str | None, ReadOptions, ReportSpec | None,
                            Sequence[Path] | None]) -> tuple[Report, list[str]]:
    index, path, edition, options, spec, corrections = job
    if _PAGES is not None:
        pages = _PAGES
        options = replace(options, on_pages=lambda read, of: pages.put((index, read, of)))
    with _readers_warnings() as messages:
        report = extract(path, spec=spec, edition=edition, options=options,
                         corrections=corrections)
    return report, messages


def extract_many(
    jobs: Sequence[Job],
    options: ReadOptions,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    spec: ReportSpec | None = None,
    accept: Callable[[Report], None] | None = None,
    corrections: Sequence[Path] | None = None,
) -> list[Report]:
    """Every input extracted, in the order given; the first failure is raised. `workers`
    inputs at a time (None: one per core); when more than one, each reads with the
    options `side_by_side` makes of `options`.

    `accept` sees each report as soon as it is done and may raise to stop the rest
    (a second copy of an edition: no point in OCR'ing what will be refused).
    `corrections`: the corrections files of every input; None: each input's own.
    """
    workers = worker_count(workers, len(jobs))
    count = PageProgress(len(jobs), progress)
    if workers == 1:
        reports = []
        for index, (path, edition) in enumerate(jobs):
            # One bar on the line: the pages across inputs, not each input's OCR bar.
            told = replace(options, progress=options.progress and progress is None,
                           on_pages=lambda read, of, i=index: count.tell(i, read, of))
            reports.append(extract(path, spec=spec, edition=edition, options=told,
                                   corrections=corrections))
            if accept:
                accept(reports[-1])
            count.done(index)
        return reports
    # Side by side, each input's OCR keeps to its own process.
    quiet = side_by_side(options)
    done: dict[Future[tuple[Report, list[str]]], int] = {}
    global _PAGES
    _PAGES = pages = multiprocessing.get_context("fork").SimpleQueue()
    pool = worker_pool(workers, options.limits)
    try:
        with spawning():
            futures = {pool.submit(_extract_one, (n, p, e, quiet, spec, corrections)): n
                       for n, (p, e) in enumerate(jobs)}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            while not pages.empty():
                count.tell(*pages.get())
            for future in finished:
                report, messages = future.result()
                for message in messages:
                    logger.warning("%s", message)
                if accept:
                    accept(report)
                done[future] = futures[future]
                count.done(futures[future])
    finally:
        stop_pool(pool)
        _PAGES = None
        pages.close()
    return [future.result()[0] for future in sorted(done, key=done.__getitem__)]
