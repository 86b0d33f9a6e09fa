"""Words printed without the space between them: a count and its share, "16(14%)".

A table of installers prints each reporting year as "16 (14%)"; set without the space,
or read so by a text layer, the pair is one word, which is no number: the row became a
label without values. Split here, once, into the two words a reader expects, each with
its share of the word's width; the line's text is left as printed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Document, Line, Word

# A count, then a share in brackets: "16(14%)", "1 539(52,3 %)" is two words already.
_COUNT_AND_SHARE = re.compile(r"^(\d[\d.,]*)(\(\d[\d.,]*\s?%\))$")


def split_word(word: Word) -> tuple[Word, ...]:
    """The word as a count and a share, or as it is."""
    found = _COUNT_AND_SHARE.match(word.text)
    if not found:
        return (word,)
    width = (word.x1 - word.x0) / len(word.text)
    cut = word.x0 + width * len(found[1])
    return (replace(word, text=found[1], x1=cut), replace(word, text=found[2], x0=cut))


def split_line(line: Line) -> Line:
    words = tuple(part for word in line.words for part in split_word(word))
    if len(words) == len(line.words):
        return line
    text = line.text if line.page is None else " ".join(w.text for w in words)
    return replace(line, text=text, words=words)


def split_glued_values(document: Document) -> Document:
    """The document with every count glued to its share split in two."""
    lines = tuple(split_line(line) for line in document.lines)
    if all(new is old for new, old in zip(lines, document.lines, strict=True)):
        return document
    return replace(document, lines=lines)
