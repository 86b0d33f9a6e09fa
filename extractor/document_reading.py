"""Reading an input into a `Document`: the readers' words and graphics, then layout's lines.

    read_source   readers.read_words (a PDF's pages of positioned words and graphics, or a
                  text edition's lines) → layout.lines.document_lines (each page's words
                  as lines in reading order) → `Document`
    read_again    some scanned pages read again with other OCR settings (a resolution, the
                  grey page)
    with_pages    a reading with some of its pages taken from another
    with_bands    a reading with some stretches of some pages taken from another

The one place the two stages meet. Readers import no layout: the OCR pass's second reads
of doubtful value cells are given layout's `ValueCells` here. Layout imports no readers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from .layout.lines import document_lines
from .layout.settings import DEFAULT, LayoutSettings
from .layout.value_cells import ValueCells
from .model import Document, PageWords, SourceWords
from .readers import ReadOptions, read_words
from .readers.ocr import OcrSettings


def read_source(path: str | Path, options: ReadOptions | None = None,
                settings: LayoutSettings = DEFAULT) -> Document:
    """Read any supported input into a `Document`; `InputError` when it cannot be."""
    return lay_out(read_source_words(path, options, settings), settings)


def read_source_words(path: str | Path, options: ReadOptions | None = None,
                      settings: LayoutSettings = DEFAULT) -> SourceWords:
    """The readers' words and graphics of any supported input."""
    return read_words(path, options, cells=ValueCells(settings))


def lay_out(read: SourceWords, settings: LayoutSettings = DEFAULT) -> Document:
    """Words as lines in reading order."""
    return document_lines(read, settings)


def read_again(path: str | Path, options: ReadOptions, pages: Collection[int],
               ocr: OcrSettings, settings: LayoutSettings = DEFAULT) -> SourceWords:
    """The scanned pages `pages` OCR'd again with `ocr` (the other pages left out)."""
    again = replace(options, ocr_only=frozenset(pages), settings=ocr)
    return read_source_words(path, again, settings)


def with_pages(read: SourceWords, other: SourceWords, pages: Collection[int],
               why: str) -> SourceWords:
    """`read` with its pages `pages` as `other` read them, each page's note saying `why`."""
    def noted(page: PageWords) -> PageWords:
        note = "; ".join(n for n in (page.info.note, why) if n)
        return replace(page, info=replace(page.info, note=note))

    taken = {page.info.number: noted(page) for page in other.pages
             if page.info.number in pages}
    return replace(read, pages=tuple(taken.get(page.info.number, page)
                                     for page in read.pages))


def with_bands(read: SourceWords, other: SourceWords,
               bands: Mapping[int, Sequence[tuple[float, float]]], why: str) -> SourceWords:
    """`read` with the words, rules and shades of some stretches of some pages (by page:
    (top, bottom) in points, each as wide as the page) as `other` read them; a word is in
    a stretch when its middle is. Each page changed says `why`."""
    others = {page.info.number: page for page in other.pages}

    def swapped(mine: Sequence, theirs: Sequence, page: int) -> tuple:
        """`mine` outside the page's bands and `theirs` inside them (by their middles)."""
        def inside(item) -> bool:
            return any(a <= (item.top + item.bottom) / 2 <= b for a, b in bands[page])
        return tuple([m for m in mine if not inside(m)] + [t for t in theirs if inside(t)])

    def mixed(page: PageWords) -> PageWords:
        number = page.info.number
        if number not in bands or number not in others:
            return page
        theirs = others[number]
        words = swapped(page.words, theirs.words, number)
        graphics = replace(page.graphics,
                           rules=swapped(page.graphics.rules, theirs.graphics.rules, number),
                           shades=swapped(page.graphics.shades, theirs.graphics.shades, number))
        shown = ", ".join(f"{a:.0f}-{b:.0f} pt" for a, b in bands[number])
        note = "; ".join(n for n in (page.info.note, f"{why} (from the top: {shown})") if n)
        return replace(page, words=words, graphics=graphics,
                       info=replace(page.info, note=note))

    return replace(read, pages=tuple(mixed(page) for page in read.pages))
