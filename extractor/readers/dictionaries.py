"""Tesseract's own word lists and character sets: what this machine can OCR.

A text layer the report's word list (`words.txt`) finds doubtful may be a clean page in
another language: an English table, a Nynorsk annex. Each Tesseract language's
`.traineddata` holds a dictionary of its words (the LSTM word DAWG); Debian's
`tesseract-ocr` package brings the two programs that unpack it (`combine_tessdata` and
`dawg2wordlist`). This module wraps them: nothing else runs them. Without them, or for a
language whose data has no dictionary, the answer is an empty list and the caller falls
back on OCR of a strip, as before. The model's character set says which scripts OCR
can read here at all: a layer in any other (Hebrew, Japanese) is the only reading there is.
`dictionary_check` is what they say of a page's layer (readers/pdf.py asks it).
"""

from __future__ import annotations

import mmap
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Container, Sized
from functools import cache
from pathlib import Path

from ..model import DictionaryCheck
from ..runtime.file_safety import write_file_atomically
from .text_quality import (
    FOREIGN_SCRIPT_FROM,
    score_words,
    unreadable_share,
    verdict,
    vocabulary,
)

# Tesseract's data that are no language of words: orientation and script, equations.
NOT_WORDS = frozenset({"osd", "equ"})
# A dictionary is unpacked in well under a second; this bounds a broken install.
TIMEOUT = 30.0
# No Tesseract dictionary comes near this (English: 3.7 MB); a bigger one is not read.
MAX_DAWG_BYTES = 50_000_000
TOOLS = ("tesseract", "combine_tessdata", "dawg2wordlist")
# Shorter words are left out: among half a million, a cipher's short words are words by
# chance (a scrambled-font page of the samples scored 0.64 with them, 0.25 without; the
# ICDAR 2013 EU pages' lowest score went from 0.90 to 0.74).
MIN_WORD_LENGTH = 4
# A kept word list bigger than this is not read (English's is 1.7 MB).
MAX_LIST_BYTES = 50_000_000


@cache
def _tessdata_dir() -> Path | None:
    """Where Tesseract keeps its languages: $TESSDATA_PREFIX, else what it says itself."""
    if os.environ.get("TESSDATA_PREFIX"):
        return Path(os.environ["TESSDATA_PREFIX"])
    try:
        said = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'"([^"]+)"', said.stdout + said.stderr)
    return Path(found.group(1)) if found else None


@cache
def installed_languages() -> tuple[str, ...]:
    """The languages of words this machine's Tesseract reads (`nor`, `eng`, ...)."""
    if not all(shutil.which(tool) for tool in TOOLS):
        return ()
    folder = _tessdata_dir()
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted(p.name.removesuffix(".traineddata")
                        for p in folder.glob("*.traineddata")
                        if p.name.removesuffix(".traineddata") not in NOT_WORDS))


def _unpacked_words(language: str) -> list[str] | None:
    """The words of one installed language's dictionary, lower case, long enough, sorted
    as UTF-8 bytes (the order WordFile searches in); None when the tools fail."""
    folder = _tessdata_dir()
    if folder is None:
        return None
    with tempfile.TemporaryDirectory(prefix="ams-dictionary-") as scratch:
        dawg, charset, words = (Path(scratch) / name for name in (
            f"{language}.lstm-word-dawg", f"{language}.lstm-unicharset", "words.txt"))
        try:
            subprocess.run(["combine_tessdata", "-e", str(folder / f"{language}.traineddata"),
                            str(dawg), str(charset)],
                           capture_output=True, timeout=TIMEOUT, check=True, cwd=scratch)
            if not dawg.is_file() or dawg.stat().st_size > MAX_DAWG_BYTES:
                return None
            subprocess.run(["dawg2wordlist", str(charset), str(dawg), str(words)],
                           capture_output=True, timeout=TIMEOUT, check=True, cwd=scratch)
            text = words.read_text(encoding="utf-8", errors="replace")
        except (OSError, subprocess.SubprocessError):
            return None
    chosen = {word for word in text.lower().split() if len(word) >= MIN_WORD_LENGTH}
    return sorted(chosen, key=lambda word: word.encode("utf-8"))


class WordFile:
    """A sorted word list on disk (one word a line, UTF-8), looked up by binary search
    through a memory map: a run asks for a few hundred words, and reading half a
    million into a set took most of a second, in every process."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or "\n" in word:
            return False
        key, data = word.encode("utf-8"), self._data
        low, high = 0, len(data)  # both at the start of a line
        while low < high:
            start = data.rfind(b"\n", low, (low + high) // 2) + 1 or low
            end = data.find(b"\n", start, high)
            end = high if end < 0 else end
            line = data[start:end]
            if line == key:
                return True
            if line < key:
                low = end + 1
            else:
                high = start
        return False


def _cache_file(language: str, cache_dir: Path) -> Path | None:
    """Where the language's word list is kept: named by its data file's size and time,
    so a new version of the data is unpacked again."""
    folder = _tessdata_dir()
    try:
        stat = (folder / f"{language}.traineddata").stat() if folder else None
    except OSError:
        return None
    if stat is None:
        return None
    return cache_dir / "dictionaries" / f"{language}-{stat.st_size}-{stat.st_mtime_ns}.words"


@cache
def language_words(language: str, cache_dir: Path | None = None) -> Container[str]:
    """The words of one installed language's dictionary (`MIN_WORD_LENGTH` letters and
    more), lower case; empty when it has none or the tools fail. With `cache_dir` the
    list is unpacked once and kept there (`dictionaries/`), then only searched."""
    if language not in installed_languages():
        return frozenset()
    kept = _cache_file(language, cache_dir) if cache_dir is not None else None
    # Read only a regular file, never through a link (as the OCR cache's entries).
    if (kept is not None and kept.is_file() and not kept.is_symlink()
            and 0 < kept.stat().st_size <= MAX_LIST_BYTES):
        try:
            return WordFile(kept)
        except (OSError, ValueError):
            pass
    words = _unpacked_words(language)
    if not words:
        return frozenset()
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            write_file_atomically(kept, "\n".join(words).encode("utf-8"))
            return WordFile(kept)
        except (OSError, ValueError):
            pass
    return frozenset(words)


@cache
def language_characters(language: str) -> frozenset[str]:
    """The characters one installed language's model can read (its LSTM unicharset);
    empty when the tools fail."""
    folder = _tessdata_dir()
    if folder is None or language not in installed_languages():
        return frozenset()
    with tempfile.TemporaryDirectory(prefix="ams-charset-") as scratch:
        charset = Path(scratch) / f"{language}.lstm-unicharset"
        try:
            subprocess.run(["combine_tessdata", "-e", str(folder / f"{language}.traineddata"),
                            str(charset)], capture_output=True, timeout=TIMEOUT, check=True,
                           cwd=scratch)
            lines = charset.read_text(encoding="utf-8", errors="replace").splitlines()
        except (OSError, subprocess.SubprocessError):
            return frozenset()
    # Line 1 counts the entries; each entry starts with its character (or "NULL", " ").
    return frozenset(line.split(" ", 1)[0] for line in lines[1:] if line.split(" ", 1)[0])


def readable_characters(languages: tuple[str, ...] | None = None) -> frozenset[str]:
    """What OCR here can read, in any of the given languages (None: every installed one)."""
    chosen = installed_languages() if languages is None else languages
    characters: frozenset[str] = frozenset()
    for language in chosen:
        characters |= language_characters(language)
    return characters


class Words:
    """Several word lists asked as one (`in`)."""

    def __init__(self, *lists: Container[str]) -> None:
        self.lists = tuple(words for words in lists
                           if not isinstance(words, Sized) or len(words))

    def __contains__(self, word: object) -> bool:
        return any(word in words for words in self.lists)


def dictionary_words(languages: tuple[str, ...] | None = None,
                     cache_dir: Path | None = None) -> Words:
    """The words of the given languages' dictionaries (None: every installed language)."""
    chosen = installed_languages() if languages is None else languages
    return Words(*(language_words(language, cache_dir) for language in chosen))


def dictionary_check(tokens: list[str], cache_dir: Path | None = None
                     ) -> DictionaryCheck | None:
    """A layer's words scored again with the dictionaries of every language Tesseract
    reads here: a clean page in English or any installed language reads as text
    there and needs no OCR; a cipher of words stays doubtful. A layer whose letters are
    mostly of a script no installed language reads (Hebrew, Japanese) is trusted too: OCR
    here could only do worse. None without dictionaries (the verdict stands). The words
    are unpacked only when some page needs them, once into `cache_dir` when given."""
    languages = installed_languages()
    dictionaries = dictionary_words(languages, cache_dir)
    if not dictionaries.lists:
        return None
    score = score_words(tokens, Words(vocabulary(), *dictionaries.lists))
    foreign = unreadable_share(tokens, readable_characters(languages))
    said = verdict(score)
    if said == "trusted" or (foreign is not None and foreign >= FOREIGN_SCRIPT_FROM):
        said = "trusted"
    elif said == "empty":
        said = "junk"
    return DictionaryCheck(languages, score.score if score.words else None, said, foreign)
