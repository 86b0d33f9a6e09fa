"""Readers: an input file into the `Document` model (pages, lines, words).

    text.py     text editions (a Word "save as text" dump), in any common encoding
    pdf.py      PDFs page by page: pdfplumber's words and graphics, or OCR
    text_quality.py  whether a PDF page's text layer reads like text (else it is OCR'd)
    ocr.py      Tesseract, the only module that runs it
    cache.py    the OCR cache's files: checked on read, never a reason to fail
    imaging.py  page images made ready for OCR
    reread.py   second reads of doubtful value cells

Every reader returns the same `Document`; nothing after this stage knows
which reader ran, except through the words' confidence.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Document
from ..runtime.limits import Deadline
from .pdf import ReadOptions, read_pdf
from .text import decode_text, read_text_bytes, text_lines

__all__ = ["ReadOptions", "decode_text", "read_source", "read_text_bytes", "text_lines"]


def read_source(path: str | Path, options: ReadOptions | None = None) -> Document:
    """Read any supported input into a `Document`; `InputError` when it cannot be."""
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
        return read_pdf(path, data, options, deadline)
    if path.suffix.lower() == ".pdf":
        raise InputError(f"{path}: not a PDF (no %PDF header)")
    return read_text_bytes(data, path)

