"""Readers: an input file into words and graphics (`SourceWords`), for the layout stage.

    text.py     text editions (a Word "save as text" dump), in any common encoding: lines
    pdf.py      PDFs page by page: pdfplumber's words and graphics, or OCR
    text_quality.py  whether a PDF page's text layer reads like text (else it is OCR'd)
    ocr.py      Tesseract on one page image
    ocr_pages.py  pages OCR'd in worker processes, through the cache
    cache.py    the OCR cache's files: checked on read, never a reason to fail
    imaging.py  page images made ready for OCR
    unread.py   ink on a prepared page that no word OCR read covers
    reread.py   second reads of doubtful value cells (which cells: the layout stage's)

Every reader returns the same `SourceWords`; the layout stage makes it a `Document`
(document_reading.py runs both). Nothing after this stage knows which reader ran,
except through the words' confidence. Readers import no layout.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import SourceWords
from ..model.grid import ValueCellFinder
from ..runtime.limits import TEXT_MEMORY_FACTOR, Deadline
from .pdf import ReadOptions, read_pdf
from .text import decode_text, read_text_bytes, text_lines

__all__ = ["ReadOptions", "decode_text", "read_text_bytes", "read_words", "text_lines"]


def read_words(path: str | Path, options: ReadOptions | None = None, *,
               cells: ValueCellFinder) -> SourceWords:
    """Read any supported input into words and graphics; `InputError` when it cannot be.
    `cells` (the layout stage's) finds the value cells OCR reads a second time."""
    path = Path(path)
    options = options or ReadOptions()
    deadline = Deadline(options.limits.max_seconds)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    size_mb = path.stat().st_size / 1e6
    if size_mb > options.limits.max_file_mb:
        raise InputError(f"{path}: {size_mb:.0f} MB, over the limit of "
                         f"{options.limits.max_file_mb:g} MB (--max-file-mb)")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    if data[:1024].lstrip().startswith(b"%PDF"):
        return read_pdf(path, data, options, deadline, cells)
    if path.suffix.lower() == ".pdf":
        raise InputError(f"{path}: not a PDF (no %PDF header)")
    if size_mb > options.limits.max_text_mb:
        # Checked before decoding: a text edition's words take many times its size.
        raise InputError(f"{path}: {size_mb:.2f} MB of text, over the limit of "
                         f"{options.limits.max_text_mb:g} MB for a text edition "
                         "(--max-memory-mb / " f"{TEXT_MEMORY_FACTOR}, at most --max-file-mb)")
    return read_text_bytes(data, path)

