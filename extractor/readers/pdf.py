"""PDF input, page by page: a text layer that reads like text through pdfplumber, else OCR.

The only module that opens PDFs with pdfplumber. Text-layer pages give words
with boxes and the page's horizontal rules. A text layer is trusted only when
its words read like a report's (`text_quality.py`); a doubtful one is compared
with a quick OCR of a strip of its page. Pages without a trusted text layer
are OCR'd in parallel (`ocr_pages.py`). Both give a page's words and graphics
(`PageWords`); the layout stage makes them lines (layout/lines.py), so the rest of the
pipeline sees one kind of `Document`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..model import (
    PageInfo,
    PageMethod,
    PageWords,
    Source,
    SourceWords,
    StripCheck,
    TextLayerCheck,
    Word,
)
from ..model.grid import PageGraphics, ValueCellFinder
from ..model.reading import OcrMode
from ..runtime.control_characters import remove_controls
from ..runtime.limits import Deadline, Limits, capped_dpi, reached_memory_limit
from ..runtime.progress import terminal_progress
from ..runtime.workers import run_isolated
from .cache import default_cache_dir, usable_cache_dir
from .dictionaries import dictionary_check
from .ocr import OcrSettings, ocr_strips, require_tesseract
from .ocr_pages import PageJob, ocr_pages
from .pdf_graphics import text_layer_graphics
from .superscript import mark_superscripts
from .text_quality import comparable, score_words, strip_agreement, strip_band, strip_says, verdict
from .upright import page_turn, turned_size, upright_chars

OCR_MODES = tuple(OcrMode)  # read_pdf refuses any other --ocr in options made by hand
# Below this resolution OCR reads nothing useful: a page that would need less is refused.
MIN_OCR_DPI = 100


@dataclass(frozen=True)
class ReadOptions:
    """How to read an input; the command line's --ocr, --no-cache, limits and friends."""

    ocr: OcrMode = OcrMode.AUTO
    use_cache: bool = True
    cache_dir: Path | None = None  # None: the user's cache folder
    workers: int | None = None  # None: one per core
    progress: bool = False
    settings: OcrSettings = field(default_factory=OcrSettings)
    password: str | None = None  # for an encrypted PDF
    limits: Limits = field(default_factory=Limits)
    ocr_language: str | None = None  # --ocr-lang; None: the spec's `[locale] ocr_language`
    # Pages that need OCR are OCR'd only when listed here (None: all of them); the others
    # are left out of what is read. For a second reading of some pages (pipeline.py).
    ocr_only: frozenset[int] | None = None
    # Scanned pages whose tables come out incomplete are read again at this resolution
    # (pipeline.py); 0: never.
    second_dpi: int = 450
    # Told (pages read, pages of the input) as a PDF's pages are read: `load`'s progress
    # across its inputs (batch.py). Set in the process that reads; never pickled along.
    on_pages: Callable[[int, int], None] | None = field(default=None, compare=False)

    def with_language(self, spec_language: str) -> ReadOptions:
        """The options with OCR in --ocr-lang, or else in the spec's language."""
        language = self.ocr_language or spec_language
        return replace(self, settings=replace(self.settings, language=language))


@dataclass(frozen=True)
class PageScan:
    """What the text layer of one page holds (made in a worker process)."""

    number: int
    width: float
    height: float
    words: list[Word] | None  # None: no text layer to read (none, junk, or --ocr always)
    graphics: PageGraphics
    check: TextLayerCheck | None = None  # None: the layer was not read (--ocr always)
    turn: int = 0  # degrees the page was turned to read its text upright (upright.py)


def text_layer_words(page, turn: int = 0) -> list[Word]:
    """pdfplumber's words, split at spaces (a thousands space separates words), without
    control characters (a broken font's NUL is not text); a word of nothing else is dropped.
    A superscript footnote marker reads as the superscript it is printed as (superscript.py).
    `turn`: the page read turned upright (upright.py)."""
    from pdfplumber.utils import extract_words

    chars = mark_superscripts(upright_chars(page.chars, turn, float(page.width),
                                            float(page.height)))
    words = [(remove_controls(w["text"]), w)
             for w in extract_words(chars, keep_blank_chars=False, use_text_flow=False)]
    return [Word(text, float(w["x0"]), float(w["x1"]), 1.0, float(w["top"]), float(w["bottom"]))
            for text, w in words if text.strip()]


def judge_layer(words: list[Word], cache_dir: Path | None = None) -> TextLayerCheck:
    """The text layer's verdict and score (`text_quality.py`), and for a layer the report's
    words do not trust, what the installed languages say (`dictionary_check`); a layer
    still doubtful is settled later, by OCR of a strip, outside this worker."""
    tokens = [w.text for w in words]
    score = score_words(tokens)
    check = TextLayerCheck(verdict(score), score.score if score.words else None)
    if check.verdict in ("doubtful", "junk"):
        check = replace(check, dictionary=dictionary_check(tokens, cache_dir))
    return check


def readable(check: TextLayerCheck) -> bool:
    """Whether the layer's words are worth keeping: trusted, or doubtful until checked."""
    return check.outcome in ("trusted", "doubtful")


def out_of_memory(error: BaseException) -> bool:
    """Whether the error is, or wraps, a MemoryError (pdfplumber's PdfminerException holds
    the original in its args and context)."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        if isinstance(item, MemoryError):
            return True
        seen.add(id(item))
        pending += [item.__cause__, item.__context__, *item.args]
    return False


def scan_text_layers(path: str, password: str | None, mode: OcrMode,
                     max_pages: int, cache_dir: Path | None = None) -> list[PageScan] | str:
    """Every page's words and rules, or an error message (`cache_dir`: where the
    dictionaries' word lists are kept, `judge_layer`). Runs in a worker process."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path, password=password or "")
    except PDFPasswordIncorrect:
        return "wrong password" if password else "the PDF is password-protected (use --password)"
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        if out_of_memory(error):
            raise MemoryError from None
        if "PDFPasswordIncorrect" in repr(error):
            return ("wrong password" if password
                    else "the PDF is password-protected (use --password)")
        return f"not a readable PDF ({type(error).__name__})"
    scans = []
    try:
        # Closing a damaged PDF can fail too (atheris found one): inside the try.
        with pdf:
            if len(pdf.pages) > max_pages:
                return f"{len(pdf.pages)} pages, over the limit of {max_pages} (--max-pages)"
            for number, page in enumerate(pdf.pages, 1):
                turn = page_turn(page.chars) if mode != OcrMode.ALWAYS else 0
                found = text_layer_words(page, turn) if mode != OcrMode.ALWAYS else []
                check = judge_layer(found, cache_dir) if mode != OcrMode.ALWAYS else None
                words = found if check and readable(check) else None
                if words is None:
                    turn = 0  # OCR reads the page as shown
                graphics = (replace(text_layer_graphics(page, turn), page=number) if words
                            else PageGraphics(number))
                width, height = turned_size(float(page.width), float(page.height), turn)
                scans.append(PageScan(number, width, height, words, graphics, check, turn))
                page.close()  # its parsed objects: a worker's memory grew with every page
    except Exception as error:
        if out_of_memory(error) or reached_memory_limit():  # the limit's, not the file's
            raise MemoryError from None
        return f"not a readable PDF ({type(error).__name__})"
    return scans


def read_pdf(path: Path, data: bytes, options: ReadOptions, deadline: Deadline,
             cells: ValueCellFinder) -> SourceWords:
    """Every page of the PDF as words and graphics, each page read the best way it can be
    (`cells` finds the value cells OCR reads a second time)."""
    if options.ocr not in OCR_MODES:
        raise InputError(f"--ocr must be one of {', '.join(OCR_MODES)}")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(f"{path}: the PDF is truncated (it does not end with %%EOF)")
    sha256 = hashlib.sha256(data).hexdigest()
    kept_lists = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    scans = run_isolated(scan_text_layers, str(path), options.password, options.ocr,
                         options.limits.max_pages, kept_lists, what=str(path),
                         limits=options.limits, deadline=deadline)
    if isinstance(scans, str):
        raise InputError(f"{path}: {scans}")
    scans = settle_doubtful(path, scans, options, deadline)
    text_pages = sum(scan.words is not None for scan in scans)

    def told(ocr_done: int) -> None:  # pages read so far: the text layers, then OCR's
        if options.on_pages:
            options.on_pages(text_pages + ocr_done, len(scans))

    told(0)
    pages: dict[int, PageWords] = {}
    to_ocr = [scan for scan in scans if scan.words is None
              and (options.ocr_only is None or scan.number in options.ocr_only)]
    for scan in scans:
        if scan.words is not None:
            pages[scan.number] = PageWords(PageInfo(
                scan.number, scan.width, scan.height, PageMethod.TEXT_LAYER, len(scan.words),
                1.0, text_layer=scan.check, turned=scan.turn), tuple(scan.words),
                scan.graphics)
    ocr_record = None
    if to_ocr and options.ocr != OcrMode.NEVER:
        version = require_tesseract(options.settings)
        ocr_record = {"engine": "tesseract", "version": version, **{
            k: str(v) for k, v in asdict(options.settings).items()}}
        pages.update(_ocr(path, to_ocr, options, version, sha256, deadline, cells, told))
    elif to_ocr:
        for scan in to_ocr:
            what = "a junk text layer" if scan.check and scan.check.outcome == "junk" \
                else "no text layer"
            pages[scan.number] = PageWords(PageInfo(
                scan.number, scan.width, scan.height, PageMethod.SKIPPED, 0, None,
                note=f"{what} and --ocr never", text_layer=scan.check), (),
                PageGraphics(scan.number))
    if options.on_pages:
        options.on_pages(len(scans), len(scans))
    source = Source(path=str(path), name=path.name, sha256=sha256, kind="pdf", pages=len(scans))
    return SourceWords(source, tuple(pages[n] for n in sorted(pages)), ocr=ocr_record)


def can_ocr(settings: OcrSettings) -> bool:
    """Whether Tesseract runs here with the language asked for."""
    try:
        require_tesseract(settings)
    except InputError:
        return False
    return True


def settle_doubtful(path: Path, scans: list[PageScan], options: ReadOptions,
                    deadline: Deadline) -> list[PageScan]:
    """Doubtful text layers (those no dictionary trusts: `dictionary_check`) compared with
    a quick OCR of a strip of their page: where the OCR's words are the layer's, it is
    trusted; else it is junk and the page is OCR'd.
    Without OCR (--ocr never, or no Tesseract) a doubtful layer is read, marked unchecked:
    a text PDF must not need Tesseract."""
    doubtful = {scan.number: scan for scan in scans
                if scan.check is not None and scan.check.outcome == "doubtful"}
    if not doubtful:
        return scans
    bands = {number: strip_band(scan.words or [], scan.height)
             for number, scan in doubtful.items()}
    read: dict[int, list[str]] = {}
    if options.ocr == OcrMode.AUTO and can_ocr(options.settings):
        read = run_isolated(ocr_strips, str(path),
                            [(number, *band) for number, band in bands.items()],
                            options.settings, options.password,
                            what=f"{path} (OCR of a strip)", limits=options.limits,
                            deadline=deadline)
    settled = []
    for scan in scans:
        if scan.number not in doubtful:
            settled.append(scan)
            continue
        top, bottom = bands[scan.number]
        layer = comparable(w.text for w in scan.words or []
                           if top <= (w.top + w.bottom) / 2 <= bottom)
        if scan.number in read:
            agreement = strip_agreement(layer, read[scan.number])
            said = strip_says(agreement, len(layer))
            ocr_words = len(comparable(read[scan.number]))
        else:
            agreement, said, ocr_words = None, "unchecked", 0
        check = replace(scan.check, strip=StripCheck(
            round(top, 1), round(bottom, 1), ocr_words, len(layer), agreement, said))
        if said == "junk":
            settled.append(replace(scan, words=None, graphics=PageGraphics(scan.number),
                                   check=check))
        else:
            settled.append(replace(scan, check=check))
    return settled


def _ocr(path: Path, pages: list[PageScan], options: ReadOptions, version: str,
         file_sha256: str, deadline: Deadline, cells: ValueCellFinder,
         told: Callable[[int], None]) -> dict[int, PageWords]:
    cache, writable = None, False
    if options.use_cache:
        cache, writable = usable_cache_dir(options.cache_dir or default_cache_dir())
    jobs, dpis = [], {}
    for scan in pages:
        dpi = capped_dpi(scan.width, scan.height, options.settings.dpi,
                         options.limits.max_megapixels)
        if dpi < MIN_OCR_DPI:
            raise InputError(
                f"{path}: page {scan.number} is {scan.width / 72:.0f} x {scan.height / 72:.0f} "
                f"inches; OCR at {MIN_OCR_DPI} dpi would need more than "
                f"{options.limits.max_megapixels:g} megapixels (--max-megapixels)")
        dpis[scan.number] = dpi
        jobs.append(PageJob(str(path), scan.number, replace(options.settings, dpi=dpi), version,
                            cache, cells, file_sha256, options.password, writable))
    bar = terminal_progress("OCR pages") if options.progress and len(jobs) > 1 else None

    def progress(done: int, total: int) -> None:
        if bar:
            bar(done, total)
        told(done)

    results = ocr_pages(jobs, options.workers, progress, options.limits, deadline)
    out = {}
    for scan in pages:
        result = results[scan.number]
        if result.timed_out:
            raise InputError(f"{path}: OCR of page {scan.number} took longer than "
                             f"{options.settings.timeout:g} s (--ocr-timeout)")
        confidences = [w.confidence for w in result.words]
        mean = round(sum(confidences) / len(confidences), 3) if confidences else None
        note = f"deskewed {result.skew:g} degrees"
        if dpis[scan.number] < options.settings.dpi:
            note += f"; rendered at {dpis[scan.number]} dpi (--max-megapixels)"
        out[scan.number] = PageWords(PageInfo(
            scan.number, scan.width, scan.height, PageMethod.OCR, len(result.words), mean,
            cached=result.cached, seconds=round(result.seconds, 3), note=note,
            text_layer=scan.check), tuple(result.words), result.graphics())
    return out
