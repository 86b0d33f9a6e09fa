"""Page furniture: running headers and footers, and page numbers, dropped before sections.

A report repeats its title, report number or "Side 3" at the same place on
most pages. Left in, such a line is glued into whatever table it touches
("Rapport 22/2016 Side 3" as a row of information campaigns). Only lines at
a page's top or bottom, in its margin, are candidates, peeled from the edge
inward while they are:

    repeated     the same text (digits aside) at the top or bottom of most pages
    page_number  "3", "- 3 -", "Side 3", "side 3 av 17", "3/17" (the words are the spec's
                 `[locale.pages]`)

Text editions have no pages and keep every line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ..lexicon.words import page_number
from ..model import Document, Line, PageInfo
from ..model.spec import Locale
from .settings import DEFAULT, LayoutSettings

_DIGITS = re.compile(r"\d+")
# A page number as OCR may read it, or a separator: left out of the running text.
_NUMBER_LIKE = re.compile(r"[#il|o\-–—·.,:/]{1,3}")


def margin_of(line: Line, height: float, margin: float = DEFAULT.furniture.margin) -> str | None:
    """'top' or 'bottom' when the line lies in a page margin (`margin` of the page's
    `height` at either end), else None."""
    if not line.words:
        return None
    top = min(w.top for w in line.words)
    bottom = max(w.bottom for w in line.words)
    if bottom <= margin * height:
        return "top"
    if top >= (1 - margin) * height:
        return "bottom"
    return None


def running_key(text: str) -> str:
    """A line's words with their numbers blanked, in any order: "Rapport 22/2016 side 3"
    and, on a facing page, "side 4 Rapport 22/2016" are one running text; so is an OCR'd
    "Side I" (a number read as a letter) and a stray "-"."""
    words = _DIGITS.sub("#", text).casefold().split()
    return " ".join(sorted(w for w in words if not _NUMBER_LIKE.fullmatch(w)))


def _margin_runs(lines: Sequence[tuple[int, Line]], height: float, margin: float
                 ) -> list[tuple[str, list[int]]]:
    """A page's lines in its top margin (outermost first) and in its bottom margin."""
    ordered = sorted(lines, key=lambda item: min((w.top for w in item[1].words), default=0.0))
    runs = []
    for zone, run in (("top", ordered), ("bottom", ordered[::-1])):
        indexes = []
        for index, line in run:
            if margin_of(line, height, margin) != zone:
                break
            indexes.append(index)
        runs.append((zone, indexes))
    return runs


def furniture(lines: Sequence[Line], pages: Sequence[PageInfo], *,
              settings: LayoutSettings = DEFAULT, locale: Locale | None = None) -> list[Line]:
    """The lines that are page furniture, in document order.

    Furniture is peeled from each page's edges inward and stops at the first line that
    is not: a table header repeated near the top of pages stays when a title is above it."""
    found = furniture_indexes(lines, pages, settings=settings, locale=locale)
    return [lines[index] for index in found]


def furniture_indexes(lines: Sequence[Line], pages: Sequence[PageInfo], *,
                      settings: LayoutSettings = DEFAULT, locale: Locale | None = None
                      ) -> list[int]:
    """Where the page furniture is among the lines (see `furniture`), in order. `locale`
    gives the page words (None: the built-in spec's)."""
    heights = {page.number: page.height for page in pages}
    if not heights:
        return []
    by_page: dict[int, list[tuple[int, Line]]] = defaultdict(list)
    for index, line in enumerate(lines):
        if line.page in heights and line.words:
            by_page[line.page].append((index, line))
    tolerances = settings.furniture
    runs = {page: _margin_runs(page_lines, heights[page], tolerances.margin)
            for page, page_lines in by_page.items()}
    seen_on: dict[tuple[str, str], set[int]] = defaultdict(set)
    for page, page_runs in runs.items():
        for zone, indexes in page_runs:
            for index in indexes:
                seen_on[(zone, running_key(lines[index].text))].add(page)
    needed = max(tolerances.min_repeats, tolerances.repeated_share * len(heights))
    dropped: set[int] = set()
    for page, page_runs in runs.items():
        for zone, indexes in page_runs:
            numbered = False  # a page has one page number in each margin at most
            for index in indexes:
                text = lines[index].text
                if len(seen_on[(zone, running_key(text))]) >= needed:
                    dropped.add(index)
                elif not numbered and page_number(locale).match(text.strip()) \
                        and not _beside_text(lines[index], by_page[page]):
                    dropped.add(index)
                    numbered = True
                else:
                    break
    return sorted(dropped)


def _beside_text(line: Line, page_lines: Sequence[tuple[int, Line]]) -> bool:
    """True when another line of the page stands level with this one: a lone number
    beside a label ("brukt 7" at a table's foot) is a value, not the page's number."""
    top = min(w.top for w in line.words)
    bottom = max(w.bottom for w in line.words)
    return any(other is not line and any(w.top < bottom and w.bottom > top for w in other.words)
               for _, other in page_lines)


def drop_furniture(document: Document, *, settings: LayoutSettings = DEFAULT,
                   locale: Locale | None = None) -> Document:
    """The document without its page furniture; the dropped lines are kept aside. `locale`
    gives the page words (None: the built-in spec's)."""
    dropped = furniture_indexes(document.lines, document.pages, settings=settings,
                                locale=locale)
    if not dropped:
        return document
    gone = set(dropped)
    kept = tuple(line for index, line in enumerate(document.lines) if index not in gone)
    return replace(document, lines=kept,
                   furniture=tuple(document.lines[index] for index in dropped))
