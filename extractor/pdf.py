"""PDF input, page by page: a usable text layer through pdfplumber, else OCR.

The only module that opens PDFs with pdfplumber. Text-layer pages give words
with boxes and the page's horizontal rules; pages without a usable text layer
are OCR'd in parallel (`ocr.py`). Both become lines through `layout.py`, so
the rest of the pipeline sees one kind of `Document`.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import InputError
from .layout import page_lines
from .model import Document, Line, PageInfo, Source, Word
from .ocr import OcrSettings, PageJob, ocr_pages, require_tesseract
from .progress import terminal_progress

OCR_MODES = ("auto", "always", "never")
# A text layer with fewer real words than this is a scan (or a blank page).
MIN_TEXT_WORDS = 5
# Lines drawn at most this far from horizontal, at least this long, are table rules.
RULE_MIN_WIDTH = 40.0


@dataclass(frozen=True)
class ReadOptions:
    """How to read a PDF; the command line's --ocr, --no-cache and friends."""

    ocr: str = "auto"  # "auto": OCR pages without a usable text layer; "always"; "never"
    use_cache: bool = True
    cache_dir: Path | None = None  # None: the user's cache folder
    workers: int | None = None  # None: one per core
    progress: bool = False
    settings: OcrSettings = field(default_factory=OcrSettings)


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


def read_pdf(path: Path, data: bytes, options: ReadOptions) -> Document:
    """Every page of the PDF as lines, each page read the best way it can be."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    if options.ocr not in OCR_MODES:
        raise InputError(f"--ocr must be one of {', '.join(OCR_MODES)}")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as error:
        raise InputError(f"{path}: the PDF is password-protected") from error
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise InputError(f"{path}: not a readable PDF ({type(error).__name__})") from error
    pages: dict[int, tuple[list[Line], PageInfo]] = {}
    to_ocr: list[tuple[int, float, float]] = []
    with pdf:
        try:
            for number, page in enumerate(pdf.pages, 1):
                started = time.perf_counter()
                words = text_layer_words(page) if options.ocr != "always" else []
                if options.ocr == "always" or not usable(words):
                    to_ocr.append((number, float(page.width), float(page.height)))
                    continue
                lines = page_lines(words, text_layer_rules(page), number, float(page.height))
                info = PageInfo(number, float(page.width), float(page.height), "text-layer",
                                len(words), 1.0, seconds=time.perf_counter() - started)
                pages[number] = (lines, info)
        except InputError:
            raise
        except Exception as error:
            raise InputError(f"{path}: not a readable PDF ({type(error).__name__})") from error
        page_count = len(pdf.pages)
    ocr_record = None
    if to_ocr and options.ocr != "never":
        version = require_tesseract(options.settings)
        ocr_record = {"engine": "tesseract", "version": version, **{
            k: str(v) for k, v in asdict(options.settings).items()}}
        pages.update(_ocr(path, to_ocr, options, version, sha256))
    elif to_ocr:
        for number, width, height in to_ocr:
            pages[number] = ([], PageInfo(number, width, height, "skipped", 0, None,
                                          note="no text layer and --ocr never"))
    ordered = [pages[n] for n in sorted(pages)]
    source = Source(path=str(path), name=path.name, sha256=sha256, kind="pdf", pages=page_count)
    return Document(source, tuple(line for lines, _ in ordered for line in lines),
                    tuple(info for _, info in ordered), ocr_record)


def _ocr(path: Path, pages: list[tuple[int, float, float]], options: ReadOptions,
         version: str, file_sha256: str) -> dict[int, tuple[list[Line], PageInfo]]:
    from .ocr import default_cache_dir

    cache = None
    if options.use_cache:
        cache = str(options.cache_dir or default_cache_dir())
    jobs = [PageJob(str(path), number, options.settings, version, cache, file_sha256)
            for number, _, _ in pages]
    progress = terminal_progress("OCR pages") if options.progress and len(jobs) > 1 else None
    results = ocr_pages(jobs, options.workers, progress)
    out = {}
    for number, width, height in pages:
        result = results[number]
        if result.timed_out:
            info = PageInfo(number, width, height, "ocr-timeout", 0, None,
                            seconds=result.seconds,
                            note=f"OCR took longer than {options.settings.timeout:g} s")
            out[number] = ([], info)
            continue
        lines = page_lines(result.words, result.rules, number, height)
        confidences = [w.confidence for w in result.words]
        mean = round(sum(confidences) / len(confidences), 3) if confidences else None
        out[number] = (lines, PageInfo(number, width, height, "ocr", len(result.words), mean,
                                       cached=result.cached, seconds=round(result.seconds, 3),
                                       note=f"deskewed {result.skew:g} degrees"))
    return out
