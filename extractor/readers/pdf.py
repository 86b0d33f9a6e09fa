"""PDF input, page by page: a usable text layer through pdfplumber, else OCR.

The only module that opens PDFs with pdfplumber. Text-layer pages give words
with boxes and the page's horizontal rules; pages without a usable text layer
are OCR'd in parallel (`ocr.py`). Both become lines through `layout.py`, so
the rest of the pipeline sees one kind of `Document`.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..layout.lines import page_lines
from ..limits import Deadline, Limits, capped_dpi, run_isolated
from ..model import Document, Line, PageInfo, Source, Word
from ..progress import terminal_progress
from .ocr import OcrSettings, PageJob, ocr_pages, require_tesseract

OCR_MODES = ("auto", "always", "never")
# A text layer with fewer real words than this is a scan (or a blank page).
MIN_TEXT_WORDS = 5
# Lines drawn at most this far from horizontal, at least this long, are table rules.
RULE_MIN_WIDTH = 40.0
# Below this resolution OCR reads nothing useful: a page that would need less is refused.
MIN_OCR_DPI = 100


@dataclass(frozen=True)
class ReadOptions:
    """How to read an input; the command line's --ocr, --no-cache, limits and friends."""

    ocr: str = "auto"  # "auto": OCR pages without a usable text layer; "always"; "never"
    use_cache: bool = True
    cache_dir: Path | None = None  # None: the user's cache folder
    workers: int | None = None  # None: one per core
    progress: bool = False
    settings: OcrSettings = field(default_factory=OcrSettings)
    password: str | None = None  # for an encrypted PDF
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class PageScan:
    """What the text layer of one page holds (made in a worker process)."""

    number: int
    width: float
    height: float
    words: list[Word] | None  # None: no usable text layer
    rules: list[float]


def text_layer_words(page) -> list[Word]:
    """pdfplumber's words, split at spaces (a thousands space separates words)."""
    return [
        Word(w["text"], float(w["x0"]), float(w["x1"]), 1.0, float(w["top"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]


def text_layer_rules(page) -> list[float]:
    """y of every horizontal rule: drawn lines and thin filled rectangles."""
    rules = [
        (float(line["top"]) + float(line["bottom"])) / 2
        for line in page.lines
        if abs(float(line["top"]) - float(line["bottom"])) < 1.0
        and float(line["x1"]) - float(line["x0"]) >= RULE_MIN_WIDTH
    ]
    rules += [
        (float(rect["top"]) + float(rect["bottom"])) / 2
        for rect in page.rects
        if float(rect["height"]) < 2.0 and float(rect["width"]) >= RULE_MIN_WIDTH
    ]
    return sorted(rules)


def usable(words: list[Word]) -> bool:
    """A text layer worth reading: enough words made of real characters."""
    real = [w for w in words if "(cid:" not in w.text and any(ch.isalnum() for ch in w.text)]
    return len(real) >= MIN_TEXT_WORDS


def scan_text_layers(path: str, password: str | None, mode: str,
                     max_pages: int) -> list[PageScan] | str:
    """Every page's words and rules, or an error message. Runs in a worker process."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path, password=password or "")
    except PDFPasswordIncorrect:
        return "wrong password" if password else "the PDF is password-protected (use --password)"
    except Exception as error:  # pdfminer raises many kinds for a damaged file
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
                words = text_layer_words(page) if mode != "always" else []
                rules = text_layer_rules(page) if usable(words) else []
                scans.append(PageScan(number, float(page.width), float(page.height),
                                      words if usable(words) and mode != "always" else None,
                                      rules))
    except Exception as error:
        return f"not a readable PDF ({type(error).__name__})"
    return scans


def read_pdf(path: Path, data: bytes, options: ReadOptions, deadline: Deadline) -> Document:
    """Every page of the PDF as lines, each page read the best way it can be."""
    if options.ocr not in OCR_MODES:
        raise InputError(f"--ocr must be one of {', '.join(OCR_MODES)}")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(f"{path}: the PDF is truncated (it does not end with %%EOF)")
    sha256 = hashlib.sha256(data).hexdigest()
    scans = run_isolated(scan_text_layers, str(path), options.password, options.ocr,
                         options.limits.max_pages, what=str(path), limits=options.limits,
                         deadline=deadline)
    if isinstance(scans, str):
        raise InputError(f"{path}: {scans}")
    pages: dict[int, tuple[list[Line], PageInfo]] = {}
    to_ocr = [scan for scan in scans if scan.words is None]
    for scan in scans:
        if scan.words is not None:
            lines = page_lines(scan.words, scan.rules, scan.number, scan.height)
            pages[scan.number] = (lines, PageInfo(scan.number, scan.width, scan.height,
                                                  "text-layer", len(scan.words), 1.0))
    ocr_record = None
    if to_ocr and options.ocr != "never":
        version = require_tesseract(options.settings)
        ocr_record = {"engine": "tesseract", "version": version, **{
            k: str(v) for k, v in asdict(options.settings).items()}}
        pages.update(_ocr(path, to_ocr, options, version, sha256, deadline))
    elif to_ocr:
        for scan in to_ocr:
            pages[scan.number] = ([], PageInfo(scan.number, scan.width, scan.height, "skipped",
                                               0, None, note="no text layer and --ocr never"))
    ordered = [pages[n] for n in sorted(pages)]
    source = Source(path=str(path), name=path.name, sha256=sha256, kind="pdf", pages=len(scans))
    return Document(source, tuple(line for lines, _ in ordered for line in lines),
                    tuple(info for _, info in ordered), ocr_record)


def _ocr(path: Path, pages: list[PageScan], options: ReadOptions, version: str,
         file_sha256: str, deadline: Deadline) -> dict[int, tuple[list[Line], PageInfo]]:
    from .ocr import default_cache_dir

    cache = None
    if options.use_cache:
        cache = str(options.cache_dir or default_cache_dir())
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
                            cache, file_sha256, options.password))
    progress = terminal_progress("OCR pages") if options.progress and len(jobs) > 1 else None
    results = ocr_pages(jobs, options.workers, progress, options.limits, deadline)
    out = {}
    for scan in pages:
        result = results[scan.number]
        if result.timed_out:
            raise InputError(f"{path}: OCR of page {scan.number} took longer than "
                             f"{options.settings.timeout:g} s (--ocr-timeout)")
        lines = page_lines(result.words, result.rules, scan.number, scan.height)
        confidences = [w.confidence for w in result.words]
        mean = round(sum(confidences) / len(confidences), 3) if confidences else None
        note = f"deskewed {result.skew:g} degrees"
        if dpis[scan.number] < options.settings.dpi:
            note += f"; rendered at {dpis[scan.number]} dpi (--max-megapixels)"
        out[scan.number] = (lines, PageInfo(scan.number, scan.width, scan.height, "ocr",
                                            len(result.words), mean, cached=result.cached,
                                            seconds=round(result.seconds, 3), note=note))
    return out
