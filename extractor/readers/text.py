"""Text editions: a Word "save as text" dump read into lines of positioned words.

A character's column and line number become points (`TEXT_CHAR_WIDTH`,
`TEXT_LINE_HEIGHT`), so a text edition is one tall page of fixed-pitch text
and every later stage measures it in the same unit as a PDF.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import InputError
from ..model import TEXT_CHAR_WIDTH, TEXT_LINE_HEIGHT, Line, Source, SourceWords, Word
from ..runtime.control_characters import remove_controls

# Word's private-use bullet (U+F0B7) and other list marks carry no data.
_BULLETS = re.compile("[\uf0b7\u2022\u25aa\u25cf]")
_WORD = re.compile(r"\S+")
# A text file has few control characters; many mean a binary file renamed .txt.
_MAX_CONTROL_SHARE = 0.01


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


def read_text_bytes(data: bytes, path: Path) -> SourceWords:
    """A text edition's lines as printed: they need no layout."""
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
    return SourceWords(source=source, lines=tuple(text_lines(text)))


def text_lines(text: str) -> list[Line]:
    """Split text into `Line`s of words placed in points (see the module's docstring)."""
    lines = []
    # One float object per column, shared by every word that starts or ends there: a
    # word's own floats were a third of a text edition's memory (BENCHMARKS.md, memory).
    columns: dict[int, float] = {}

    def at(column: int) -> float:
        return columns.setdefault(column, column * TEXT_CHAR_WIDTH)

    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        # Controls go first: a NUL inside a word must not split it (control_characters.py).
        clean = _BULLETS.sub(" ", remove_controls(raw)).replace("\u00a0", " ").replace("\t", " ")
        clean = clean.rstrip()
        top = (number - 1) * TEXT_LINE_HEIGHT
        bottom = top + TEXT_LINE_HEIGHT
        words = tuple(Word(m.group(), at(m.start()), at(m.end()), top=top, bottom=bottom)
                      for m in _WORD.finditer(clean))
        lines.append(Line(text=clean, number=number, page=None, words=words))
    return lines
