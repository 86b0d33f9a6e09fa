"""Sources: read an input file into the `Document` model (lines with words).

Text editions are read here; PDFs (text layer or OCR, page by page) in
`pdf.py`. Both return the same `Document`; nothing after this stage knows
which reader ran, except through the words' confidence.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import InputError
from .limits import Deadline
from .model import Document, Line, Source, Word
from .pdf import ReadOptions, read_pdf

# Word's private-use bullet (U+F0B7) and other list marks carry no data.
_BULLETS = re.compile("[\uf0b7\u2022\u25aa\u25cf]")
_WORD = re.compile(r"\S+")
# A text file has few control characters; many mean a binary file renamed .txt.
_MAX_CONTROL_SHARE = 0.01


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


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text edition; returns (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Word's "save as text" on Windows writes cp1252; every byte decodes.
        return data.decode("cp1252", errors="replace"), "cp1252"


def read_text_bytes(data: bytes, path: Path) -> Document:
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not a readable text file ({error.reason})") from error
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > _MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{path}: not a text file (binary content)")
    source = Source(
        path=str(path),
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        kind="text",
        pages=None,
        encoding=encoding,
    )
    return Document(source=source, lines=tuple(text_lines(text)))


def text_lines(text: str) -> list[Line]:
    """Split text into `Line`s; a word's x is its character column."""
    lines = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        clean = _BULLETS.sub(" ", raw).replace("\u00a0", " ").replace("\t", " ").rstrip()
        words = tuple(Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(clean))
        lines.append(Line(text=clean, number=number, page=None, words=words))
    return lines
