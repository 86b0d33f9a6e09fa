"""Many inputs at once: one process per input, across the cores.

Used by `ams-extract load`. Each input is extracted whole in a worker; when
several run side by side, their OCR runs in the worker itself (one process
each) so that the machine's cores are shared, not oversubscribed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
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
) -> list[Report]:
    """Every input extracted, in the order given; the first failure is raised."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        reports = []
        for path, edition in jobs:
            reports.append(extract(path, spec=spec, edition=edition, options=options))
            if progress:
                progress(len(reports), len(jobs))
        return reports
    # Side by side, each input's OCR keeps to its own process.
    quiet = replace(options, workers=1, progress=False)
    reports = []
    pool = worker_pool(workers, options.limits)
    try:
        with spawning():
            results = pool.map(_extract_one, [(p, e, quiet, spec) for p, e in jobs])
        for report in results:
            reports.append(report)
            if progress:
                progress(len(reports), len(jobs))
    finally:
        stop_pool(pool)
    return reports
