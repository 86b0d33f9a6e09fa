"""Footnote markers taken off the words they mark, before sections and tables are read.

A report prints "2015 1)" over a column and "Andre ¹⁾" beside a row to point at a note
under the table. Left in place, the marker is a word of the header (which then reads as
a row of numbers: "no column headers found") or of the label (which then matches no row).
Taken off here, once, every later stage sees "2015" and "Andre", whatever read the page;
the markers are kept in the `Document` (and the tables' notes) with where they were.

A marker is a word of its own after another word on the line (lexicon/marks.py), or
glued to its word ("Totalt¹⁾"), or a line of markers alone (a label's marker wrapped
onto a line of its own, marking the line above). Otherwise a line's first word is never
one: "1) Tallene for 2019 ..." is the note itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..lexicon.marks import (
    GLUED_MARKER,
    MARKER_WORD,
    OCR_YEAR_MARK,
    TO_SUPERSCRIPT,
)
from ..model import TEXT_CHAR_WIDTH, Document, Line, Marker, Word

# A share of a line's word height: a first word whose foot stands this much above the next
# word's is raised, a superscript (text on one baseline differs by OCR's jitter only).
RAISED_MARK = 0.25
# ... and whose top stands this much above the next word's (OCR gives a superscript a box
# of its own height, higher up)
RAISED_TOP = 0.15


def line_markers(line: Line) -> tuple[Line, list[Marker]]:
    """The line without its footnote markers, and the markers."""
    kept: list[Word] = []
    markers: list[Marker] = []
    removed: list[tuple[Word, int]] = []  # a word, and how many of its last characters went
    brackets = 0  # brackets the kept words open and do not close
    for word in line.words:
        if kept and MARKER_WORD.match(word.text):
            markers.append(Marker(line.page, line.number, word.text, kept[-1].text))
            removed.append((word, len(word.text)))
            continue
        glued = GLUED_MARKER.search(word.text) or (
            None if brackets > 0 else OCR_YEAR_MARK.search(word.text))
        if glued:
            text = word.text[:glued.start()]
            markers.append(Marker(line.page, line.number, glued.group(), text))
            removed.append((word, len(glued.group())))
            share = len(text) / len(word.text)
            word = replace(word, text=text, x1=word.x0 + (word.x1 - word.x0) * share)
        kept.append(word)
        brackets += word.text.count("(") - word.text.count(")")
    if not markers:
        return line, []
    return replace(line, text=_text_without(line, kept, removed), words=tuple(kept)), markers


def _text_without(line: Line, kept: Sequence[Word], removed: Sequence[tuple[Word, int]]) -> str:
    """A text edition's line keeps its columns (its marks become spaces); a page's line is
    its words, as layout/lines.py joins them."""
    if line.page is not None:
        return " ".join(w.text for w in kept)
    text = list(line.text)
    for word, count in removed:
        end = round(word.x1 / TEXT_CHAR_WIDTH)
        for column in range(max(end - count, 0), min(end, len(text))):
            text[column] = " "
    return "".join(text).rstrip()


def raised_first_mark(line: Line) -> Line:
    """A note's line whose first word is a superscript mark, as OCR reads it: small, raised
    above the words after it, and misread (")", "I", "U", "1"). The mark is written as a
    superscript ("¹⁾", or "⁾" when it holds no digit), so the line reads as a footnote
    (lexicon/marks.is_footnote_line), not a row or a numbered heading ("1 Sum historisk")."""
    note = [w for w in line.words[1:] if any(ch.isalpha() for ch in w.text)]
    if line.page is None or len(note) < 3:  # a note is words (OCR's "1,3 mill." is not)
        return line
    first, second = line.words[0], line.words[1]
    height = second.bottom - second.top
    # Raised at both ends: a digit's foot stands above a word's that has descenders ("3"
    # beside "Rasjonering"), but its top does not. The note after it is words.
    if (len(first.text) > 2 or height <= 0 or second.x0 - first.x1 > height
            or first.x0 >= second.x0  # first only by its top: a speck inside the line
            or first.bottom <= second.top  # on a line above: a cell's stacked text
            or not any(ch.isalpha() for ch in second.text)
            or first.bottom > second.bottom - RAISED_MARK * height
            or first.top > second.top - RAISED_TOP * height):
        return line
    digits = "".join(ch for ch in first.text if ch.isdigit())
    mark = (digits + ")").translate(TO_SUPERSCRIPT)
    words = (replace(first, text=mark), *line.words[1:])
    return replace(line, text=" ".join(w.text for w in words), words=words)


def separate_markers(document: Document) -> Document:
    """The document with its footnote markers taken off their words and kept aside."""
    lines: list[Line] = []
    markers: list[Marker] = []
    for line in map(raised_first_mark, document.lines):
        if line.words and lines and lines[-1].page == line.page and lines[-1].words and all(
                MARKER_WORD.match(word.text) for word in line.words):
            above = lines[-1]
            markers += [Marker(line.page, above.number, word.text, above.words[-1].text)
                        for word in line.words]
            continue
        clean, found = line_markers(line)
        lines.append(clean)
        markers += found
    # A note's raised first mark is rewritten even where no marker is taken off a word.
    return replace(document, lines=tuple(lines), markers=tuple(markers))
