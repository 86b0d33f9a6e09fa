"""Which reading of a scanned page to keep: the one whose tables the checks agree with.

    table_score      a table's values read in rows the spec knows, those that came out
                     whole (no failed check, the column's header read) counting more, less
                     those in rows the spec does not know
    pages_to_reread  OCR'd pages holding a table that did not come out whole, or that
                     left printed values out (warned of)
    better_pages     of those pages read twice, where the second reading's tables score
                     higher
    better_parts     the pages to take whole from the second reading (a table scores higher
                     there, none lower), and on a page where some score higher and others
                     lower, the bands (from the top of the page) of the ones that score
                     higher: each table keeps the reading it came out more whole in

Why: small type on a scan (6-8 pt tables) is read better at a higher resolution on
some pages and worse on others (rendering every page at 450 dpi instead of 300 lost
fewer values on seven development scans, 97 against 149, but more on one of them, and
took twice the time). The checks and the spec's rows say which reading came out whole,
so only the pages whose tables did not are read again, and a page keeps its second
reading only where its tables score higher.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ..model import ExtractedTable, PageMethod, TableStatus
from ..model.extraction import Extraction

UNMATCHED = "unmatched_label"
FAILED = "check_failed:"
ASSUMED = "assumed_column"  # the column's header was not read: its key was guessed


# What a value counts for in its reading's score: read in a row the spec knows (READ),
# and more when it came out whole (WHOLE: no failed check, its column's header read); in
# a row the spec does not know, against its reading (UNKNOWN_ROW). A value not read at
# all counts nothing.
WHOLE, READ, UNKNOWN_ROW = 1.5, 1.0, -1.0


def _worth(flags: Iterable[str]) -> float:
    if UNMATCHED in flags:
        return UNKNOWN_ROW
    doubtful = any(flag.startswith(FAILED) or flag == ASSUMED for flag in flags)
    return READ if doubtful else WHOLE


def table_score(table: ExtractedTable) -> float:
    """A table's values read in rows the spec knows, each whole one (failing no check, its
    column's header read) counting half as much again, less those in rows the spec does
    not know.

    Why a value that fails a check still counts: a check fails over one misread digit
    ("3" for "33") and flags every value it compares, while a reading that loses values
    outright skips the checks they were in, and its other values come out whole. Counting
    whole values alone, a reading that lost three of a row's four quarters scored higher
    than the one that read all four, one wrongly (Writer 2016h1 seed 1000's quarterly
    plan), and a reading that lost a risk table's row than the one that read it with two
    headers unread. Why a guessed column is not whole: a header misread as another year
    ("2016" for "2017 1)") fails no check, and tied with the reading that read it. Why a
    row the spec does not know counts against: a reading that garbles a row's label
    leaves the row's values out of the table, and the reading that lost a row of six
    counts ("Antall målere OSET") was kept over the one that read it."""
    return sum(_worth(obs.flags) for obs in table.observations)


def _pages(table: ExtractedTable) -> set[int]:
    return {line.page for line in table.source_lines if line.page is not None}


def _troubled(table: ExtractedTable) -> bool:
    """A table whose section was found and that gave no values, or some not whole (a
    chart prints no values: it is not one)."""
    return table.status == TableStatus.EMPTY or (
        table.status == TableStatus.EXTRACTED
        and any(_worth(obs.flags) < WHOLE for obs in table.observations))


# Warnings of a table's reading that left printed values out of it: a row's label that
# matched no row, numbers that fit no row, a value cell that is no number.
VALUES_LEFT_OUT = frozenset({UNMATCHED, "stray_numbers", "unreadable_value"})


def pages_to_reread(extraction: Extraction) -> set[int]:
    """OCR'd pages on which a table did not come out whole, or left printed values out
    (a label Tesseract ran together with the next row's matches no row, and its values
    are then in no observation to score)."""
    scanned = {page.number for page in extraction.document.pages
               if page.method == PageMethod.OCR}
    troubled = {page for table in extraction.extracted if _troubled(table)
                for page in _pages(table)}
    left_out = {w.page for w in extraction.warnings
                if w.code in VALUES_LEFT_OUT and w.page is not None}
    return (troubled | left_out) & scanned


def page_scores(extraction: Extraction, pages: Collection[int]) -> dict[int, float]:
    """Per page, the scores of the tables printed on it (a table on two pages counts on
    both)."""
    scores = dict.fromkeys(pages, 0)
    for table in extraction.extracted:
        for page in _pages(table) & set(pages):
            scores[page] += table_score(table)
    return scores


def better_pages(first: Extraction, second: Extraction, pages: Collection[int]) -> set[int]:
    """The pages whose tables score higher in `second` (on a tie the first reading stays)."""
    before, after = page_scores(first, pages), page_scores(second, pages)
    return {page for page in pages if after[page] > before[page]}


Band = tuple[float, float]  # a stretch of a page from the top, in points


def _band(table: ExtractedTable, page: int) -> Band | None:
    words = [w for line in table.source_lines if line.page == page for w in line.words]
    if not words:
        return None
    return min(w.top for w in words), max(w.bottom for w in words)


def _meet(a: Band, b: Band) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def better_parts(first: Extraction, second: Extraction, pages: Collection[int]
                 ) -> tuple[set[int], dict[int, list[Band]]]:
    """Of `pages`, those to take whole from `second` (a table on them scores higher there,
    none lower), and for the others the bands of the tables that score higher there,
    each spanning the table as both readings place it; a band that meets a table scoring
    lower (as either reading places it) is left out."""
    before = {t.id: t for t in first.extracted}
    whole: set[int] = set()
    bands: dict[int, list[Band]] = {}
    for page in pages:
        better: list[Band] = []
        worse: list[Band] = []
        for table in second.extracted:
            old = before.get(table.id)
            if old is None or page not in _pages(table) | _pages(old):
                continue
            placed = [b for b in (_band(table, page), _band(old, page)) if b is not None]
            band = (min(b[0] for b in placed), max(b[1] for b in placed))
            if table_score(table) > table_score(old):
                better.append(band)
            elif table_score(table) < table_score(old):
                worse.append(band)
        kept = [band for band in better if not any(_meet(band, w) for w in worse)]
        if better and not worse:
            whole.add(page)
        elif kept:
            bands[page] = kept
    return whole, bands
