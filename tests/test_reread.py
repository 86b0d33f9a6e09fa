"""Which table cells OCR reads a second time (extractor.readers.reread), without Tesseract:
the choices are pure functions of the words read the first time."""

from __future__ import annotations

from dataclasses import replace

from extractor.layout.value_cells import _misgrouped, doubtful_cells, empty_cells
from extractor.model import Word, group_lines
from extractor.readers.reread import _letters_as_digits


def word(text: str, x0: float, top: float = 100.0) -> Word:
    return Word(text, x0, x0 + 6 * len(text), 0.9, top, top + 10)


def test_groups_that_make_no_number_are_misgrouped() -> None:
    assert _misgrouped([word("19", 0), word("9092", 20)])
    assert _misgrouped([word("1539", 0), word("247", 40)])  # a lost space: "1 539 247"
    assert not _misgrouped([word("1", 0), word("539", 10), word("247", 40)])
    assert not _misgrouped([word("42", 0)])


def test_a_lone_word_of_digit_like_letters_reads_as_digits_and_is_marked() -> None:
    assert [(w.text, w.reread) for w in _letters_as_digits([word("I", 0)])] == [("1", True)]
    assert [w.text for w in _letters_as_digits([word("H", 0)])] == ["11"]
    assert _letters_as_digits([word("|", 0)]) == []  # as often a rule's remnant
    assert _letters_as_digits([word("Aidon", 0)]) == []
    assert _letters_as_digits([word("I", 0), word("O", 20)]) == []


def test_a_value_cell_holding_letters_is_doubtful_and_a_number_is_not() -> None:
    block = group_lines([word("Aidon", 10), word("42", 100), word("I", 160),
                         word("Kaifa", 10, 120), word("26", 100, 120), word("25", 160, 120)])
    columns = [(10, 40), (100, 112), (160, 172)]
    doubtful = [(line.words[0].text, extent, [w.text for w in old])
                for line, extent, old in doubtful_cells(block, columns)]
    assert doubtful == [("Aidon", (160, 172), ["I"])]


def test_an_empty_cell_is_looked_at_only_where_no_neighbour_was_read() -> None:
    words = [word("Brosjyre", 10, 100), word("92", 100, 100),
             word("Nett", 10, 120),                      # its value not read at all
             word("SMS", 10, 135), word("74", 100, 133)]  # near: a wide crop holds 74
    lines = group_lines(words)
    empty = empty_cells([lines[1]], [(10, 60), (100, 112)], words, pad=2.0)
    assert [(line.words[0].text, extent) for line, extent, _ in empty] == [("Nett", (100, 112))]
    assert empty_cells([lines[2]], [(10, 60), (100, 112)], words, pad=8.0) == []


def test_a_number_that_made_a_column_of_its_own_is_read_again_whole() -> None:
    """'19 9092' in a one-column table: '19' stands where no other row has a value."""
    block = group_lines([word("Aidon", 10), word("19", 70), word("9092", 100),
                         word("Kaifa", 10, 120), word("2600", 100, 120)])
    columns = [(10, 40), (70, 82), (100, 124)]
    doubtful = [(line.words[0].text, extent) for line, extent, _ in doubtful_cells(block, columns)]
    # (Kaifa's cell under '19' is empty, so looked at too: a blank crop reads nothing.)
    assert doubtful == [("Aidon", (70, 124)), ("Kaifa", (70, 82))]


def test_a_line_tesseract_read_twice_over_the_same_ink_is_kept_once() -> None:
    """Tesseract's words for a bold header line read twice (2018-q1-nn seed 0, Writer,
    scanned): the wider reading of each piece of ink stays, in the order given."""
    from extractor.readers.ocr import drop_doubled_words

    def word(text: str, x0: float, x1: float, top: float, height: float) -> Word:
        return Word(text, x0, x1, confidence=0.96, top=top, bottom=top + height)

    first = [word("Tal", 213, 229, 612, 7), word("på", 240, 242, 611, 3),
             word("selskap", 258, 273, 612, 7), word("2018-", 289, 317, 612, 7)]
    second = [word("al", 220, 225, 614, 5), word("på", 232, 244, 614, 7),
              word("s", 262, 266, 614, 13), word("rapportering", 213, 278, 627, 8)]
    kept = drop_doubled_words(first + second)
    # "al" and "s" lie within wider words; the speck "på" 3 pt high overlaps no word's
    # height and stays (layout/markers.raised_first_mark no longer takes it for a mark).
    assert [w.text for w in kept] == ["Tal", "på", "selskap", "2018-", "på", "rapportering"]
    # Words side by side, or a line below, share no ink.
    apart = [word("16", 227, 235, 531, 8), word("(14%)", 239, 262, 531, 8),
             word("43", 226, 235, 558, 8)]
    assert drop_doubled_words(apart) == apart
    # A page read over two or more cells read again on their own ran across cells, and
    # gives way to them (2019-q1-nn seed 1003, Writer, scanned: "040202" over "0,4",
    # "0,2", "0,2"); over one such cell, the wider word stays as before.
    merged = word("040202", 361.4, 487.2, 610.3, 9.1)
    cells = [replace(word("0,4", 361.4, 377.0, 610.3, 9.1), reread=True),
             replace(word("0,2", 472.3, 487.2, 610.3, 9.1), reread=True)]
    assert drop_doubled_words([merged, *cells]) == cells
    assert drop_doubled_words([merged, cells[0]]) == [merged]


def _ocr_word(text: str, x0: float, x1: float, top: float = 176, height: float = 9) -> Word:
    return Word(text, x0, x1, confidence=0.9, top=top, bottom=top + height)


def test_the_ghost_of_a_words_first_letters_touching_it_is_dropped() -> None:
    """Tesseract's words of "1,7 mill." and "1,3 mill." on Writer scans (2018-q1-nn seed 3,
    2018-h1-ocr seed 2): a ghost of the word's start touching or overlapping it. Real
    words stand a printed space apart, even a short one before a longer one."""
    from extractor.readers.ocr import drop_ghost_prefixes

    touching = [_ocr_word("1,7", 438, 453), _ocr_word("m", 457, 467), _ocr_word("mill.", 467, 479)]
    overlapping = [_ocr_word("1,3", 461, 475), _ocr_word("mi", 480, 492),
                   _ocr_word("mill.", 490, 502)]
    assert [w.text for w in drop_ghost_prefixes(touching)] == ["1,7", "mill."]
    assert [w.text for w in drop_ghost_prefixes(overlapping)] == ["1,3", "mill."]
    spaced = [_ocr_word("i", 358, 361), _ocr_word("innkjøpsallianser", 365, 449),
              _ocr_word("av", 135, 147), _ocr_word("avtale", 151, 180)]
    assert drop_ghost_prefixes(spaced) == spaced


def test_digits_cut_in_two_with_no_space_between_are_one_number() -> None:
    """"79" read as "7" and "9" a point apart (2018-q1-nn seed 3, Writer, scanned); numbers
    a printed space apart stay two (a count and a share, thousands groups)."""
    from extractor.readers.ocr import join_split_words

    cut = [_ocr_word("7", 338, 343), _ocr_word("9", 344, 350), _ocr_word("1,3", 438, 453)]
    joined = join_split_words(cut)
    assert [(w.text, w.x0, w.x1) for w in joined] == [("79", 338, 350), ("1,3", 438, 453)]
    apart = [_ocr_word("5", 125, 131, 272, 8), _ocr_word("av", 135, 147, 272, 8),
             _ocr_word("3", 100, 106), _ocr_word("038", 110, 126), _ocr_word("066", 130, 146)]
    assert sorted(w.text for w in join_split_words(apart)) == sorted(w.text for w in apart)
    superscript = [_ocr_word("12", 100, 110), _ocr_word("²", 110, 113)]
    assert [w.text for w in join_split_words(superscript)] == ["12", "²"]


def test_letters_cut_in_two_with_no_space_between_are_one_word() -> None:
    """"2019-rapportering" read as "2019-rapporterin" and "g" a point apart (2019-q1-nn seed
    1003, Writer, scanned): no header pattern knew the year, and the installers table was
    lost. Words a printed space apart stay apart."""
    from extractor.readers.ocr import join_split_words

    cut = [_ocr_word("2019-rapporterin", 206.9, 302.2), _ocr_word("g", 303.1, 309.4)]
    assert [w.text for w in join_split_words(cut)] == ["2019-rapportering"]
    spaced = [_ocr_word("Tal", 206.2, 222.5), _ocr_word("på", 227.3, 239.8),
              _ocr_word("selskap", 244.3, 286.3)]
    assert [w.text for w in join_split_words(spaced)] == ["Tal", "på", "selskap"]
    # A capital after a lower-case word is no piece of it (a speck read as "P", 2018-q1-nn
    # seed 1000, Writer, scanned at 450 dpi: "selskapP" hid the installers' header).
    speck = [_ocr_word("selskap", 396.6, 427.0), _ocr_word("P", 427.5, 432.8)]
    assert [w.text for w in join_split_words(speck)] == ["selskap", "P"]


def test_a_line_of_numbers_whose_label_wraps_around_it_is_a_row_for_the_rereads() -> None:
    """Tesseract read a Writer scan's "6 12 52 30" as "6 v 62 3": its label wraps above and
    below it, so the line is values alone. With the row above it is a table block, and
    the unreadable "v" is a cell to read again (2016h1 seed 0, Writer, scanned)."""
    from extractor.layout.value_cells import ValueCells

    words = [word("Antall", 10, 100), word("179", 100, 100), word("347", 150, 100),
             word("1539", 200, 100), word("873", 250, 100),
             word("%-vis", 10, 118),
             word("6", 100, 124), word("v", 150, 124), word("62", 200, 124), word("3", 250, 124),
             word("år", 10, 130)]
    doubtful = ValueCells().doubtful(words)
    assert [[w.text for w in cell.words] for cell in doubtful] == [["v"]]


def test_two_reads_of_a_number_agree_on_its_decimal_mark_too() -> None:
    """A lost decimal comma is a disagreement: "1,7 mill." read once as "17" became 17
    million with no flag, since the reads were compared by their digits alone (a Writer
    scan of the test part, the one silent value of its 30 scans)."""
    from extractor.readers.reread import _shape

    assert _shape("1,7") != _shape("17")
    assert _shape("0,5") == _shape("0.5")  # either mark is a decimal mark here
    assert _shape("74.") == _shape("74") and _shape("(14%)") == _shape("14")


def test_a_number_read_short_or_long_in_a_box_of_the_printed_width_is_known_by_it() -> None:
    """Digits are as wide as each other in nearly every typeface, so a box Tesseract drew
    around a number counts its digits: "5204" in the box of "561204" (the page's digits
    5.4 pt wide, measured on numbers read surely) misses it by two digits, "561204" fills
    it. A number that fills its box within a digit is left alone either way."""
    from extractor.readers.reread import _digit_width, _fits_box_better

    sure = [Word(t, 0, 5.4 * len(t), 0.96, 0, 8) for t in ("2301455", "325114", "20312")]
    width = _digit_width([*sure, Word("19", 0, 9.1, 0.96, 0, 8)])  # short ones not measured
    assert width is not None and abs(width - 5.4) < 0.01
    box = Word("5204", 197.5, 229.7, 0.10, 688.8, 696.7)
    assert _fits_box_better("561204", box, width)
    assert not _fits_box_better("5204", replace(box, text="561204"), width)
    assert not _fits_box_better("56120", box, width)  # a digit short still: no fit
    assert not _fits_box_better("561204", box, None)  # too few sure numbers to measure
    assert _digit_width(sure[:2]) is None
