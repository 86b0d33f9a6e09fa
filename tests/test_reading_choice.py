"""Which reading of a scanned page is kept (semantics/reading_choice.py), and the readers'
part of a second reading (document_reading.with_pages). The whole pipeline with a real
second OCR pass at a higher resolution runs in test_html_layouts.py."""

from __future__ import annotations

from decimal import Decimal

from extractor.document_reading import with_bands, with_pages
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
from extractor.model.results import Edition, ReportWarning
from extractor.semantics.reading_choice import (
    better_pages,
    better_parts,
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
    """low_confidence or approximate values count whole: the checks and rows decide. A
    value failing a check, or whose column was guessed, counts as read but not whole; one
    in a row the spec does not know counts against its reading."""
    t = table(TableStatus.EXTRACTED, [obs(), obs("low_confidence"), obs("unmatched_label"),
                                      obs("check_failed:sum"), obs("assumed_column")], 1)
    assert table_score(t) == 1.5 + 1.5 - 1 + 1 + 1


def test_a_reading_that_read_a_row_with_one_slip_scores_over_one_that_lost_values() -> None:
    """Writer 2016h1 seed 1000's quarterly plan: one reading read a row's four 2018
    quarters, "33" as "3", and the check against the annual plan flagged all four; the
    grey page's reading lost three of them and failed no check. The first read more of
    the row right, and scores higher."""
    read_all = table(TableStatus.EXTRACTED, [obs(), obs(), *[obs("check_failed:agree")] * 4], 1)
    lost_three = table(TableStatus.EXTRACTED, [obs(), obs(), obs()], 1)
    assert table_score(read_all) > table_score(lost_three)


def test_a_reading_that_read_a_header_scores_over_one_that_guessed_its_columns() -> None:
    """Writer 2018-h1 seed 1008's annual plan (development scan): at 450 dpi the header
    "2017 1)" went unread and its column was guessed as 2016 from its neighbours
    (`assumed_column`, no check failing); at 300 dpi the header was read. The two tied, and
    the page's other tables took the 450 dpi reading with the wrong year."""
    read = table(TableStatus.EXTRACTED, [obs()] * 7 + [obs("low_confidence")] * 3, 1)
    guessed = table(TableStatus.EXTRACTED, [obs("assumed_column")] * 2 + [obs()] * 8, 1)
    assert table_score(read) > table_score(guessed)


def test_a_row_whose_label_a_reading_garbled_scores_under_a_row_failing_a_check() -> None:
    """Writer 2016h1 seed 1000's annual plan: read from the grey page, the counts' label
    came out "Antall målere OSET" (no known row); at 450 dpi the label was read and a
    check failed. The reading that read the row is kept."""
    garbled = table(TableStatus.EXTRACTED, [obs(), obs("unmatched_label"),
                                            obs("unmatched_label")], 1)
    read = table(TableStatus.EXTRACTED, [obs(), obs("check_failed:sum"),
                                         obs("check_failed:sum")], 1)
    assert table_score(read) > table_score(garbled)


def test_only_scanned_pages_of_tables_not_whole_are_read_again() -> None:
    whole = table(TableStatus.EXTRACTED, [obs()], 1, table_id="a")
    failing = table(TableStatus.EXTRACTED, [obs("check_failed:sum")], 2, table_id="b")
    empty = table(TableStatus.EMPTY, [], 3, table_id="c")
    chart = table(TableStatus.CHART_WITHOUT_VALUES, [], 1, table_id="d")
    on_text_layer = table(TableStatus.EMPTY, [], 4, table_id="e")
    guessed = table(TableStatus.EXTRACTED, [obs("assumed_column")], 5, table_id="f")
    read = extraction([whole, failing, empty, chart, on_text_layer, guessed],
                      {1: OCR, 2: OCR, 3: OCR, 4: TEXT, 5: OCR})
    assert pages_to_reread(read) == {2, 3, 5}


def test_a_page_where_a_table_left_printed_values_out_is_read_again() -> None:
    """A label Tesseract ran together with the next row matches no row: its values are in
    no observation, so the table's score cannot show them missing; the warning does."""
    whole = table(TableStatus.EXTRACTED, [obs()], 1, 2, 3, table_id="a")
    read = extraction([whole], {1: OCR, 2: OCR, 3: TEXT})
    read.warnings += [ReportWarning("unmatched_label", "a: no known row for 'x'", page=2),
                      ReportWarning("stray_numbers", "a: '9'", page=3),
                      ReportWarning("label_without_values", "a: 'Herav:'", page=1)]
    assert pages_to_reread(read) == {2}


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
    assert page_scores(first, {1, 2, 3}) == {1: 0, 2: 3.5, 3: 3}
    assert page_scores(second, {1, 2, 3}) == {1: 3, 2: 3, 3: 2.5}
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



def placed(status: TableStatus, observations: list[Observation], page_number: int,
           top: float, bottom: float, table_id: str) -> ExtractedTable:
    """A table whose lines stand from `top` to `bottom` on one page."""
    lines = [Line("x", 1, page_number, words=(Word("x", 10, 20, 1.0, top, top + 10),)),
             Line("y", 2, page_number, words=(Word("y", 10, 20, 1.0, bottom - 10, bottom),))]
    return ExtractedTable(table_id, status, observations=observations, source_lines=lines)


def test_a_page_whose_tables_read_better_and_worse_keeps_each_tables_better_reading() -> None:
    """Chromium 2018-q1-nn seed 3, scanned (development): at 450 dpi page 6's risk table
    came out whole (0 -> 16 values) and the grid-benefit table below it lost 3 of its
    4; the page as a whole scored higher, so the second reading took it and the table
    was lost. Now the page takes the second reading only where the risk table stands."""
    first = extraction([
        placed(TableStatus.EXTRACTED, [obs("unmatched_label")], 1, 60, 270, "risk"),
        placed(TableStatus.EXTRACTED, [obs(), obs()], 1, 600, 760, "benefit"),
        placed(TableStatus.EXTRACTED, [obs("check_failed:x")], 2, 100, 200, "plan"),
    ], {1: OCR, 2: OCR})
    second = extraction([
        placed(TableStatus.EXTRACTED, [obs(), obs()], 1, 62, 275, "risk"),
        placed(TableStatus.EXTRACTED, [obs()], 1, 600, 760, "benefit"),
        placed(TableStatus.EXTRACTED, [obs()], 2, 100, 200, "plan"),
    ], {1: OCR, 2: OCR})
    whole, bands = better_parts(first, second, {1, 2})
    assert whole == {2} and bands == {1: [(60, 275)]}
    # A better table whose band meets a worse one's is left in its first reading.
    overlapping = extraction([
        placed(TableStatus.EXTRACTED, [obs(), obs()], 1, 62, 275, "risk"),
        placed(TableStatus.EXTRACTED, [obs()], 1, 250, 760, "benefit"),
    ], {1: OCR})
    assert better_parts(first, overlapping, {1}) == (set(), {})


def test_with_bands_takes_the_words_and_rules_within_the_bands_from_the_second_reading() -> None:
    from extractor.model.grid import Rule

    def words(*texts_at: tuple[str, float]) -> tuple[Word, ...]:
        return tuple(Word(text, 10, 40, 0.9, top, top + 8) for text, top in texts_at)

    first = PageWords(PageInfo(1, 595, 842, OCR, 1, 0.9, note="deskewed 1 degrees"),
                      words(("Kategori", 100), ("217", 150), ("Jordfeil", 650)),
                      PageGraphics(1, rules=(Rule(10, 140, 500, 140), Rule(10, 640, 500, 640))))
    second = PageWords(PageInfo(1, 595, 842, OCR, 1, 0.9),
                       words(("Kategori", 101), ("2017", 151), ("Jordfei", 651)),
                       PageGraphics(1, rules=(Rule(10, 141, 500, 141), Rule(10, 641, 500, 641))))
    merged = with_bands(SourceWords(SOURCE, (first,)), SourceWords(SOURCE, (second,)),
                        {1: [(60, 275)]}, "read again at 450 dpi")
    page_read = merged.pages[0]
    assert sorted(w.text for w in page_read.words) == ["2017", "Jordfeil", "Kategori"]
    assert [w.top for w in page_read.words if w.text == "Kategori"] == [101]
    assert sorted(r.top for r in page_read.graphics.rules) == [141, 640]
    assert page_read.info.note == ("deskewed 1 degrees; read again at 450 dpi "
                                   "(from the top: 60-275 pt)")
