"""Tesseract, wrapped: settings, page OCR with a timeout, a cache, and a process pool.

The only module that runs Tesseract. A page is rendered, prepared
(`imaging.prepare`), read with `image_to_data` (word boxes and confidences),
and returned as `Word`s in PDF points with the rules found on it. Results
are cached by the rendered page image's hash, so a second run of the same
file does no OCR at all.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, astuple, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..layout.lines import group_lines
from ..model import Word
from ..model.grid import PageGraphics, Rule, Shade
from ..runtime.limits import Deadline, Limits
from ..runtime.workers import spawning, stop_pool, worker_count, worker_errors, worker_pool
from .cache import logger, read_alias, read_entry, write_entry

if TYPE_CHECKING:  # Pillow and numpy load only when a page is OCR'd: text PDFs start faster
    from PIL import Image

    from .imaging import Prepared

INSTALL_HINT = "install Tesseract with Norwegian: apt-get install tesseract-ocr tesseract-ocr-nor"
# Lines whose words Tesseract itself doubts this much, with no digit or % in them, are the
# remains of rules, logos and specks ("nd JE EG MTU ee ea"), not text.
NOISE_CONFIDENCE = 0.45
# Bump when rendering or preprocessing changes, so old cache entries are not reused. The
# cache holds Tesseract's words as read; filtering them happens after, on every run.
CACHE_VERSION = "19"


@dataclass(frozen=True)
class OcrSettings:
    """How pages are OCR'd; every field is recorded in report.json."""

    language: str = "nor"
    dpi: int = 300  # Helvetica 11 pt has an x-height near 24 px at 300 dpi
    psm: int = 4  # one column of variable-size text; psm 3, 4, 6 tie on the samples (BENCHMARKS.md)
    oem: int = 1  # the LSTM engine
    timeout: float = 120.0  # seconds per page
    extra: str = "-c tessedit_do_invert=0"  # pages are black on white: skip the inverted pass

    def config(self) -> str:
        return f"--oem {self.oem} --psm {self.psm} {self.extra}".strip()


@dataclass
class PageOcr:
    """What OCR made of one page: words, rules and dark bands, in points."""

    page: int
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    shades: list[Shade] = field(default_factory=list)
    skew: float = 0.0
    cached: bool = False
    timed_out: bool = False
    seconds: float = 0.0
    cache_problem: str = ""  # what went wrong with this page's cache entry, if anything

    def graphics(self) -> PageGraphics:
        return PageGraphics(self.page, tuple(self.rules), tuple(self.shades))


def tesseract_version() -> str | None:
    """Tesseract's version, or None when it is not installed."""
    if shutil.which("tesseract") is None:
        return None
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def require_tesseract(settings: OcrSettings) -> str:
    """Tesseract's version; InputError with the install command when it cannot run."""
    version = tesseract_version()
    if version is None:
        raise InputError(f"Tesseract is not installed; {INSTALL_HINT}")
    import pytesseract

    if settings.language not in pytesseract.get_languages(config=""):
        raise InputError(f"Tesseract has no '{settings.language}' language data; {INSTALL_HINT}")
    return version


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


# A point or comma after a table's number ("74."): a speck OCR read, never part of a value
# (a sentence's closing point after a bare number is lost with it, harmlessly). One digit
# and a point is an ordinal ("1. kvartal"), kept.
_STRAY_POINT = re.compile(r"^([0-9]{2,3}(?: ?[0-9]{3})*|[0-9](?: ?[0-9]{3})+)[.,]$")
# A word of points and commas alone: a speck of dust or noise, never text.
_SPECK = re.compile(r"^[.,:;'`‘’\"]+$")


def words_from_data(data: dict[str, list], scale: float) -> list[Word]:
    """Tesseract's image_to_data table → words in points (pixels / scale)."""
    words = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"],
        strict=True,
    ):
        text = _STRAY_POINT.sub(r"\1", str(text).strip())
        if not text or float(conf) < 0 or _SPECK.match(text):
            continue
        words.append(Word(text, left / scale, (left + width) / scale,
                          confidence=round(float(conf) / 100, 3),
                          top=top / scale, bottom=(top + height) / scale))
    return words


def drop_noise(words: Sequence[Word]) -> list[Word]:
    """Without lines that are the remains of rules and specks: low confidence, no digit."""
    kept: list[Word] = []
    for line in group_lines(words):
        mean = sum(w.confidence for w in line.words) / len(line.words)
        has_digit = any(ch.isdigit() or ch == "%" for w in line.words for ch in w.text)
        has_text = any(ch.isalnum() for w in line.words for ch in w.text)
        if has_text and (mean >= NOISE_CONFIDENCE or has_digit):
            kept += line.words
    return kept


# At most this many areas of unread ink are read again on one page: each is a Tesseract run.
MAX_UNREAD = 4
# Read again, an area is one block of text (Tesseract's page layout skipped it once).
UNREAD_PSM = 6


def read_unread_ink(prepared: Prepared, data: dict[str, list], scale: float,
                    settings: OcrSettings) -> list[Word]:
    """The words of ink the page's OCR left unread, each area read again on its own."""
    import numpy as np
    import pytesseract

    from .imaging import unread_ink

    read = [(left, top, left + width, top + height) for text, conf, left, top, width, height
            in zip(data["text"], data["conf"], data["left"], data["top"], data["width"],
                   data["height"], strict=True) if str(text).strip() and float(conf) >= 0]
    ink = np.asarray(prepared.image) < 128
    words: list[Word] = []
    pad = round(prepared.text_height / 2)
    for x0, y0, x1, y1 in unread_ink(ink, read, prepared.text_height)[:MAX_UNREAD]:
        x0, y0 = max(x0 - pad, 0), max(y0 - pad, 0)
        crop = prepared.image.crop((x0, y0, x1 + pad, y1 + pad))
        found = pytesseract.image_to_data(
            crop, lang=settings.language, output_type=pytesseract.Output.DICT,
            config=f"--oem {settings.oem} --psm {UNREAD_PSM} {settings.extra}".strip(),
            timeout=settings.timeout)
        found["left"] = [left + x0 for left in found["left"]]
        found["top"] = [top + y0 for top in found["top"]]
        # The crop's box may take in words read the first time: those are kept once.
        words += [w for w in words_from_data(found, scale)
                  if not any(_covers(box, w, scale) for box in read)]
    return words


def _covers(box: tuple[int, int, int, int], word: Word, scale: float) -> bool:
    """Whether a box (pixels) holds most of a word (points)."""
    x0, top, x1, bottom = (v * scale for v in (word.x0, word.top, word.x1, word.bottom))
    width = min(x1, box[2]) - max(x0, box[0])
    height = min(bottom, box[3]) - max(top, box[1])
    return width > 0 and height > 0 and width * height >= 0.5 * (x1 - x0) * (bottom - top)


def ocr_image(image: Image.Image, settings: OcrSettings) -> PageOcr:
    """One rendered page → Tesseract's words (and those of a second look at value cells it
    left empty or unreadable), the rules and dark bands found; coordinates in points."""
    import pytesseract

    from .imaging import prepare
    from .reread import reread_doubtful_cells, second_opinion

    scale = settings.dpi / 72
    prepared = prepare(image)
    data = pytesseract.image_to_data(
        prepared.image, lang=settings.language, config=settings.config(),
        output_type=pytesseract.Output.DICT, timeout=settings.timeout,
    )
    words = words_from_data(data, scale) + read_unread_ink(prepared, data, scale, settings)
    found, replaced = reread_doubtful_cells(prepared.image, words, scale, settings)
    gone = {id(word) for word in replaced}
    words = [word for word in words if id(word) not in gone] + found
    words = second_opinion(prepared.gray, words, scale, settings)
    rules = [Rule(r.x0 / scale, r.y0 / scale, r.x1 / scale, r.y1 / scale)
             for r in prepared.rules]
    shades = [Shade(b.x0 / scale, b.y0 / scale, b.x1 / scale, b.y1 / scale, dark=True)
              for b in prepared.bands]
    return PageOcr(0, words, rules, shades, prepared.skew)


def render_page(path: str, index: int, dpi: int, password: str | None = None) -> Image.Image:
    """Page `index` (0-based) as a grayscale image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path, password=password)
    try:
        bitmap = document[index].render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


# A strip is read as one block of text: it is a few lines cut from a page.
STRIP_PSM = 6


def ocr_strips(path: str, strips: Sequence[tuple[int, float, float]], settings: OcrSettings,
               password: str | None = None) -> dict[int, list[str]]:
    """The words OCR reads in a strip of each page: (page, top, bottom) in points. A quick
    look to check a doubtful text layer against (readers/text_quality.py), so not cached,
    and without the page OCR's preparation: a few lines need no deskewing. Runs in a worker
    process."""
    import pypdfium2 as pdfium
    import pytesseract

    document = pdfium.PdfDocument(path, password=password)
    found: dict[int, list[str]] = {}
    try:
        for number, top, bottom in strips:
            page = document[number - 1]
            height = page.get_height()
            bitmap = page.render(scale=settings.dpi / 72, grayscale=True,
                                 crop=(0, max(height - bottom, 0), 0, max(top, 0)))
            try:
                data = pytesseract.image_to_data(
                    bitmap.to_pil().convert("L"), lang=settings.language,
                    output_type=pytesseract.Output.DICT, timeout=settings.timeout,
                    config=f"--oem {settings.oem} --psm {STRIP_PSM} {settings.extra}".strip())
            except RuntimeError as error:  # pytesseract's timeout: that page stays unchecked
                if "timeout" not in str(error).lower():
                    raise
                continue
            found[number] = [str(text).strip() for text, conf in zip(
                data["text"], data["conf"], strict=True)
                if str(text).strip() and float(conf) >= 0]
    finally:
        document.close()
    return found


@dataclass(frozen=True)
class PageJob:
    path: str
    page: int  # 1-based
    settings: OcrSettings
    version: str
    cache_dir: str | None  # None: no cache
    file_sha256: str = ""
    password: str | None = None
    cache_writable: bool = True  # False: entries are read, never written


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
        read = ocr_image(image, job.settings)
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
                       problem, f" (and {more} more page(s))" if more else "")
