"""Many inputs at once: one process per input, across the cores.

Used by `ams-extract load`. Each input is extracted whole in a worker; when
several run side by side, their OCR runs in the worker itself (one process
each) so that the machine's cores are shared, not oversubscribed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from .pdf import ReadOptions
from .pipeline import extract
from .report import Report


def _extract_one(job: tuple[Path, ReadOptions]) -> Report:
    path, options = job
    return extract(path, options=options)


def extract_many(
    paths: Sequence[Path],
    options: ReadOptions,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Report]:
    """Every input extracted, in the order given; the first failure is raised."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    if workers == 1:
        reports = []
        for path in paths:
            reports.append(extract(path, options=options))
            if progress:
                progress(len(reports), len(paths))
        return reports
    # Side by side, each input's OCR keeps to its own process.
    quiet = replace(options, workers=1, progress=False)
    reports = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for report in pool.map(_extract_one, [(path, quiet) for path in paths]):
            reports.append(report)
            if progress:
                progress(len(reports), len(paths))
    return reports
