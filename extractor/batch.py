"""Many inputs at once: one process per input, across the cores.

Used by `ams-extract load`. Each input is extracted whole in a worker; when
several run side by side, their OCR runs in the worker itself (one process
each) so that the machine's cores are shared, not oversubscribed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import replace
from pathlib import Path

from .model.spec import ReportSpec
from .pipeline import extract
from .readers.pdf import ReadOptions
from .report import Report
from .workers import spawning, stop_pool, worker_pool

Job = tuple[Path, str | None]  # an input and the edition given for it, if any


def _extract_one(job: tuple[Path, str | None, ReadOptions, ReportSpec | None]) -> Report:
    path, edition, options, spec = job
    return extract(path, spec=spec, edition=edition, options=options)


def extract_many(
    jobs: Sequence[Job],
    options: ReadOptions,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    spec: ReportSpec | None = None,
    accept: Callable[[Report], None] | None = None,
) -> list[Report]:
    """Every input extracted, in the order given; the first failure is raised.

    `accept` sees each report as soon as it is done and may raise to stop the rest
    (a second copy of an edition: no point in OCR'ing what will be refused).
    """
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        reports = []
        for path, edition in jobs:
            reports.append(extract(path, spec=spec, edition=edition, options=options))
            if accept:
                accept(reports[-1])
            if progress:
                progress(len(reports), len(jobs))
        return reports
    # Side by side, each input's OCR keeps to its own process.
    quiet = replace(options, workers=1, progress=False)
    done: dict[Future[Report], int] = {}
    pool = worker_pool(workers, options.limits)
    try:
        with spawning():
            futures = {pool.submit(_extract_one, (p, e, quiet, spec)): n
                       for n, (p, e) in enumerate(jobs)}
        for future in as_completed(futures):
            if accept:
                accept(future.result())
            done[future] = futures[future]
            if progress:
                progress(len(done), len(jobs))
    finally:
        stop_pool(pool)
    return [future.result() for future in sorted(done, key=done.__getitem__)]
