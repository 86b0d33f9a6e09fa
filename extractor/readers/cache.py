"""The OCR cache, as files: it can only help.

A cache is an optimisation, so no problem with it may fail a run or change
what it reads: a folder that cannot be used, an entry that cannot be read
(damaged, not UTF-8, valid JSON of the wrong shape) or written (read-only,
disk full) is a miss, and the run carries on without it. The problem is
told once, as a warning on the `ams_extract` logger (the command line prints
it as one line on stderr). Entries are written atomically and checked field
by field on read.

What the entries are keyed by (the page image and the OCR settings) is
`ocr.py`'s business; this module only stores and checks.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..runtime.file_safety import os_reason, write_file_atomically

logger = logging.getLogger("ams_extract")

# A warning logged with `extra={ONCE: kind}` is told once per run for its kind, whatever
# its details (a scanned page read a second time meets the same cache again).
ONCE = "once"


class OncePerRun(logging.Filter):
    """Lets each warning through once: by its kind when it has one, else by its text."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        key = getattr(record, ONCE, None) or record.getMessage()
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

_KEY = re.compile(r"^[0-9a-f]{64}$")
# An entry is one page's words: a dense page is well under 1 MB. Anything larger, and
# anything that is not a regular file (a link, a FIFO, a device), is not ours to read.
MAX_ENTRY_BYTES = 16 * 1024 * 1024
MAX_ALIAS_BYTES = 1024
# Coordinates are PDF points of a rendered page: finite, and no page is larger than this
# (PDF's own limit is 14 400 points a side; a margin either way for deskewed words).
MAX_COORDINATE = 100_000.0


class NotARegularFile(OSError):
    """A cache path that is a link, a FIFO, a device or a folder, or over its size."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, read without following a
    link and without blocking on a FIFO; `NotARegularFile` otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise NotARegularFile(f"{path.name} is over {limit} bytes")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise NotARegularFile(f"{path.name} is over {limit} bytes")
        return data
    finally:
        os.close(fd)


def default_cache_dir() -> Path | None:
    """$AMS_EXTRACT_CACHE, else $XDG_CACHE_HOME/ams-extract, else ~/.cache/ams-extract;
    None when there is no home folder to find."""
    if os.environ.get("AMS_EXTRACT_CACHE"):
        return Path(os.environ["AMS_EXTRACT_CACHE"])
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no $HOME and no password entry
        return None
    return Path(base) / "ams-extract"


def usable_cache_dir(folder: Path | None) -> tuple[str | None, bool]:
    """(the cache folder, whether entries can be written in it); (None, False) when it
    cannot be used at all. Anything short of a writable folder is one warning: a
    read-only cache (one shared, or a CI's mounted cache) is still read."""
    if folder is None:
        logger.warning("no OCR cache: there is no home folder (set AMS_EXTRACT_CACHE)",
                       extra={ONCE: "cache-missing"})
        return None, False
    try:
        pages = folder / "ocr" / "pages"
        pages.mkdir(parents=True, exist_ok=True)
        probe = pages / f".probe.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        if (folder / "ocr").is_dir() and os.access(folder / "ocr", os.R_OK | os.X_OK):
            logger.warning("the OCR cache %s cannot be written (%s); its entries are read, "
                           "new pages are not kept", folder, os_reason(error))
            return str(folder), False
        logger.warning("the OCR cache %s cannot be used (%s); OCR runs without it",
                       folder, os_reason(error))
        return None, False
    return str(folder), True


def _number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _coordinate(value: object) -> bool:
    return _number(value) and -MAX_COORDINATE <= value <= MAX_COORDINATE


def _confidence(value: object) -> bool:
    return _number(value) and 0 <= value <= 1


def _text(value: object) -> bool:
    return isinstance(value, str)


def _flag(value: object) -> bool:
    return isinstance(value, bool)


# A `Word` as stored: each field and the test of its type.
_WORD_FIELDS = {"text": _text, "x0": _coordinate, "x1": _coordinate,
                "confidence": _confidence, "top": _coordinate, "bottom": _coordinate,
                "reread": _flag}


def valid_entry(stored: Any) -> bool:
    """An entry of the shape `ocr.py` writes, every field of its type."""
    if not isinstance(stored, dict) or set(stored) != {"words", "rules", "shades", "skew"}:
        return False
    words, rules, shades = stored["words"], stored["rules"], stored["shades"]
    if not (isinstance(words, list) and isinstance(rules, list) and isinstance(shades, list)
            and _number(stored["skew"]) and abs(stored["skew"]) <= 90):
        return False
    for word in words:
        if not isinstance(word, dict) or set(word) != set(_WORD_FIELDS):
            return False
        if not all(test(word[name]) for name, test in _WORD_FIELDS.items()):
            return False
    if not all(isinstance(r, list) and len(r) == 4 and all(map(_coordinate, r)) for r in rules):
        return False
    return all(isinstance(s, list) and len(s) == 5 and all(map(_coordinate, s[:4]))
               and _flag(s[4]) for s in shades)


def read_entry(path: Path) -> tuple[dict[str, Any] | None, str]:
    """(the entry, "") when it is there and whole; (None, "") when there is none;
    (None, what is wrong) when it is damaged (it is redone and rewritten)."""
    try:
        data = read_bounded(path, MAX_ENTRY_BYTES)
    except FileNotFoundError:
        return None, ""
    except NotARegularFile as error:
        return None, f"entry {error}; not read"
    except OSError as error:
        return None, f"entry {path.name} cannot be read ({os_reason(error)})"
    try:
        stored = json.loads(data.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
        return None, f"entry {path.name} is damaged"
    if not valid_entry(stored):
        return None, f"entry {path.name} is not an OCR result"
    return stored, ""


def read_alias(path: Path) -> tuple[str | None, str]:
    """(the entry key an alias names, ""), or (None, what is wrong) when it is missing
    ("") or damaged: the page is rendered and looked up by its image instead."""
    try:
        key = read_bounded(path, MAX_ALIAS_BYTES).decode("ascii").strip()
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError):
        key = ""
    if not _KEY.match(key):
        return None, f"page index {path.name} is damaged"
    return key, ""


def write_entry(path: Path, text: str) -> str:
    """Store one file; "" when done, else what went wrong (the run goes on without it)."""
    try:
        write_file_atomically(path, text)
    except OSError as error:
        return f"{path.name} cannot be written ({os_reason(error)})"
    return ""
