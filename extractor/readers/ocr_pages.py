"""Pages OCR'd in worker processes, through the OCR cache.

Each page is a `PageJob`: rendered, looked up in the cache by the rendered image's hash
(with the OCR settings), read (`ocr.ocr_image`) on a miss and stored. A second run of the
same file finds its pages through an alias (this file's hash and page number) without
rendering them, so it does no OCR at all. The job carries the layout stage's
`ValueCellFinder` to the worker, for the second reads of doubtful value cells.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, astuple, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Word
from ..model.grid import Rule, Shade, ValueCellFinder
from ..runtime.limits import Deadline, Limits
from ..runtime.workers import spawning, stop_pool, worker_count, worker_errors, worker_pool
from .cache import ONCE, logger, read_alias, read_entry, write_entry
from .ocr import OcrSettings, PageOcr, drop_noise, ocr_image, render_page

if TYPE_CHECKING:  # Pillow loads only when a page is OCR'd: text PDFs start faster
    from PIL import Image

# Bump when rendering or preprocessing changes, so old cache entries are not reused. The
# cache holds Tesseract's words as read; filtering them happens after, on every run.
CACHE_VERSION = "26"


@dataclass(frozen=True)
class PageJob:
    path: str
    page: int  # 1-based
    settings: OcrSettings
    version: str
    cache_dir: str | None  # None: no cache
    cells: ValueCellFinder  # the layout stage's value cells, for the second reads
    file_sha256: str = ""
    password: str | None = None
    cache_writable: bool = True  # False: entries are read, never written


def _settings_digest(settings: OcrSettings, version: str) -> str:
    # The time limit changes whether OCR finishes, never what it reads.
    what_is_read = {k: v for k, v in asdict(settings).items() if k != "timeout"}
    return json.dumps([what_is_read, version, CACHE_VERSION])


def cache_key(image: Image.Image, settings: OcrSettings, version: str) -> str:
    """The cache entry's name: the rendered page image's hash, with the OCR settings."""
    digest = hashlib.sha256(image.tobytes())
    digest.update(_settings_digest(settings, version).encode())
    digest.update(repr(image.size).encode())
    return digest.hexdigest()


def page_alias(job: PageJob) -> str:
    """An index entry: this page of this file (by content hash) → its image's entry.

    It lets a second run of the same file skip rendering, while entries stay
    keyed by the image, so the same page in another file is found too.
    """
    digest = hashlib.sha256(f"{job.file_sha256}:{job.page}".encode())
    digest.update(_settings_digest(job.settings, job.version).encode())
    return digest.hexdigest()


def _entry_path(cache_dir: str, key: str) -> Path:
    return Path(cache_dir) / "ocr" / f"{key}.json"


def _alias_path(cache_dir: str, job: PageJob) -> Path:
    return Path(cache_dir) / "ocr" / "pages" / f"{page_alias(job)}.txt"


def _load_entry(path: Path, page: int, started: float) -> tuple[PageOcr | None, str]:
    """A cached page, or None when there is none or it is damaged (it is redone); and
    what was wrong with it, if anything."""
    stored, problem = read_entry(path)
    if stored is None:
        return None, problem
    words = drop_noise([Word(**w) for w in stored["words"]])
    return PageOcr(page, words, [Rule(*r) for r in stored["rules"]],
                   [Shade(*s) for s in stored["shades"]], stored["skew"], cached=True,
                   seconds=time.perf_counter() - started), ""


def cached_page(job: PageJob) -> tuple[PageOcr | None, str]:
    """The page from the cache through its alias, without rendering it; and what was wrong
    with the alias, if anything (the page is then rendered and looked up by its image)."""
    if job.cache_dir is None:
        return None, ""
    started = time.perf_counter()
    key, problem = read_alias(_alias_path(job.cache_dir, job))
    if key is None:
        return None, problem
    return _load_entry(_entry_path(job.cache_dir, key), job.page, started)[0], ""


def ocr_page(job: PageJob) -> PageOcr:
    """Render, look up the cache, OCR on a miss. Runs in a worker process."""
    started = time.perf_counter()
    image = render_page(job.path, job.page - 1, job.settings.dpi, job.password)
    key = cache_key(image, job.settings, job.version)
    cache_file = _entry_path(job.cache_dir, key) if job.cache_dir else None
    problems: list[str] = []
    if cache_file is not None:
        found, problem = _load_entry(cache_file, job.page, started)
        if found is not None:
            if job.cache_writable:
                problem = write_entry(_alias_path(job.cache_dir, job), key)
            return replace(found, cache_problem=problem)
        problems.append(problem)
    try:
        read = ocr_image(image, job.settings, job.cells)
    except RuntimeError as error:  # pytesseract's timeout
        if "timeout" not in str(error).lower():
            raise
        return PageOcr(job.page, timed_out=True, seconds=time.perf_counter() - started)
    if cache_file is not None and job.cache_writable:
        problems.append(write_entry(cache_file, json.dumps({
            "words": [asdict(w) for w in read.words],
            "rules": [astuple(r) for r in read.rules],
            "shades": [astuple(s) for s in read.shades], "skew": read.skew})))
        if not problems[-1]:
            problems.append(write_entry(_alias_path(job.cache_dir, job), key))
    return replace(read, page=job.page, words=drop_noise(read.words),
                   seconds=time.perf_counter() - started,
                   cache_problem="; ".join(p for p in problems if p))


def ocr_pages(
    jobs: Sequence[PageJob],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
) -> dict[int, PageOcr]:
    """OCR pages in worker processes (one per core), results by page.

    Pages this file already had OCR'd come straight from the cache, in this
    process: no rendering, no pool. The others run in workers with one
    OpenMP thread and a memory cap, so a page that crashes a worker or runs
    past the deadline stops the run with a plain error, not the process.
    """
    limits = limits or Limits()
    deadline = deadline or Deadline(limits.max_seconds)
    results: dict[int, PageOcr] = {}
    problems: list[tuple[int, str]] = []
    for job in jobs:
        hit, problem = cached_page(job)
        if hit is not None:
            results[job.page] = hit
        elif problem:
            problems.append((job.page, problem))
    jobs = [job for job in jobs if job.page not in results]
    total = len(results) + len(jobs)
    if progress and results:
        progress(len(results), total)
    if not jobs:
        _warn_of_cache_problems(problems)
        return results
    pool = worker_pool(worker_count(workers, len(jobs)), limits)
    try:
        with worker_errors(f"{jobs[0].path} (OCR)", limits):
            with spawning():
                futures = [pool.submit(ocr_page, job) for job in jobs]
            for future in futures:
                result = future.result(timeout=max(deadline.remaining(), 0.001))
                results[result.page] = result
                if progress:
                    progress(len(results), total)
    finally:
        stop_pool(pool)
    _warn_of_cache_problems(problems + [(page.page, page.cache_problem)
                                        for page in results.values() if page.cache_problem])
    return results


def _warn_of_cache_problems(problems: Sequence[tuple[int, str]]) -> None:
    """One warning for the run, however many pages met a problem."""
    if problems:
        (page, problem), more = min(problems), len({page for page, _ in problems}) - 1
        logger.warning("the OCR cache: page %d: %s%s; the run went on without it", page,
                       problem, f" (and {more} more page(s))" if more else "",
                       extra={ONCE: "cache-entries"})
