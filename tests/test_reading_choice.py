"""Which reading of a scanned page is kept (semantics/reading_choice.py), and the readers'
part of a second reading (document_reading.with_pages). The whole pipeline with a real
second OCR pass at a higher resolution runs in test_html_layouts.py."""

from __future__ import annotations

from decimal import Decimal

from extractor.document_reading import with_pages
from extractor.model import (
    Document,
    ExtractedTable,
    Line,
    Observation,
    PageInfo,
    PageMethod,
    PageWords,
    Source,
    SourceWords,
    TableStatus,
    Word,
)
from extractor.model.extraction import Extraction
from extractor.model.grid import PageGraphics
from extractor.model.results import Edition
from extractor.semantics.reading_choice import (
    better_pages,
    page_scores,
    pages_to_reread,
    table_score,
)

SOURCE = Source("scan.pdf", "scan.pdf", "0" * 64, "pdf", pages=3)
EDITION = Edition("2016-06", None, None, None, None, 2016)


def obs(*flags: str, page: int = 1) -> Observation:
    return Observation("t", "r", "c", Decimal(1), "meters", "1", 1, page, flags=list(flags))


def table(status: TableStatus, observations: list[Observation], *pages: int,
          table_id: str = "t") -> ExtractedTable:
    lines = [Line("x", 1, page) for page in pages]
    return ExtractedTable(table_id, status, observations=observations, source_lines=lines)


def extraction(tables: list[ExtractedTable], methods: dict[int, PageMethod]) -> Extraction:
    pages = tuple(PageInfo(n, 595, 842, method) for n, method in sorted(methods.items()))
    return Extraction(Document(SOURCE, (), pages), EDITION, "ams", "1", tables)


OCR, TEXT = PageMethod.OCR, PageMethod.TEXT_LAYER


def test_a_value_is_whole_in_a_known_row_failing_no_check() -> None:
    """low_confidence or approximate values count: the checks and rows decide."""
    t = table(TableStatus.EXTRACTED, [obs(), obs("low_confidence"), obs("unmatched_label"),
                                      obs("check_failed:sum")], 1)
    assert table_score(t) == 2


def test_only_scanned_pages_of_tables_not_whole_are_read_again() -> None:
    whole = table(TableStatus.EXTRACTED, [obs()], 1, table_id="a")
    failing = table(TableStatus.EXTRACTED, [obs("check_failed:sum")], 2, table_id="b")
    empty = table(TableStatus.EMPTY, [], 3, table_id="c")
    chart = table(TableStatus.CHART_WITHOUT_VALUES, [], 1, table_id="d")
    on_text_layer = table(TableStatus.EMPTY, [], 4, table_id="e")
    read = extraction([whole, failing, empty, chart, on_text_layer],
                      {1: OCR, 2: OCR, 3: OCR, 4: TEXT})
    assert pages_to_reread(read) == {2, 3}


def test_a_page_keeps_the_reading_whose_tables_score_higher_and_the_first_on_a_tie() -> None:
    first = extraction([
        table(TableStatus.EMPTY, [], 1, table_id="a"),
        table(TableStatus.EXTRACTED, [obs(), obs("unmatched_label")], 2, table_id="b"),
        table(TableStatus.EXTRACTED, [obs(), obs()], 3, 2, table_id="c"),
    ], {1: OCR, 2: OCR, 3: OCR})
    second = extraction([
        table(TableStatus.EXTRACTED, [obs(), obs()], 1, table_id="a"),  # better
        table(TableStatus.EXTRACTED, [obs(), obs("unmatched_label")], 2, table_id="b"),
        table(TableStatus.EXTRACTED, [obs(), obs("check_failed:x")], 3, 2, table_id="c"),
    ], {1: OCR, 2: OCR, 3: OCR})
    assert page_scores(first, {1, 2, 3}) == {1: 0, 2: 3, 3: 2}
    assert page_scores(second, {1, 2, 3}) == {1: 2, 2: 2, 3: 1}
    assert better_pages(first, second, {1, 2, 3}) == {1}
    assert better_pages(first, first, {1, 2, 3}) == set()


def page(number: int, text: str, note: str = "") -> PageWords:
    return PageWords(PageInfo(number, 595, 842, OCR, 1, 0.9, note=note),
                     (Word(text, 10, 40, 0.9, 10, 20),), PageGraphics(number))


def test_with_pages_takes_the_chosen_pages_from_the_second_reading_and_says_why() -> None:
    read = SourceWords(SOURCE, (page(1, "2017"), page(2, "217", "deskewed 1 degrees"),
                                page(3, "Z017")))
    again = SourceWords(SOURCE, (page(2, "2017", "deskewed 1 degrees"), page(3, "2017")))
    merged = with_pages(read, again, {2}, "read again at 450 dpi")
    assert [p.words[0].text for p in merged.pages] == ["2017", "2017", "Z017"]
    assert merged.pages[1].info.note == "deskewed 1 degrees; read again at 450 dpi"
    assert merged.pages[2] == read.pages[2]
