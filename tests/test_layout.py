"""Layout: positioned words → lines in the order the table parser expects, from any source."""

from __future__ import annotations

from extractor.layout.lines import (
    order_block,
    page_lines,
    split_blocks,
)
from extractor.model import Word, group_lines


def word(text: str, x0: float, top: float, width: float | None = None, size: float = 10) -> Word:
    return Word(text, x0, x0 + (width or 6 * len(text)), 1.0, top, top + size)


def texts(lines) -> list[str]:
    return [" ".join(w.text for w in line.words) for line in lines]


def test_words_at_one_height_form_one_line_in_x_order():
    """Baseline jitter (a value set a point lower) does not split a line."""
    lines = group_lines([word("42", 300, 101), word("Aidon", 50, 100), word("50", 400, 100.5)])
    assert texts(lines) == ["Aidon 42 50"]


def test_rules_and_wide_gaps_split_blocks():
    """A rule between two lines ends a table row even when the gap is small."""
    lines = group_lines([word("A", 50, 100), word("B", 50, 112), word("C", 50, 140)])
    assert [texts(b) for b in split_blocks(lines, rules=[])] == [["A", "B"], ["C"]]
    assert [texts(b) for b in split_blocks(lines, rules=[111.0])] == [["A"], ["B"], ["C"]]


def test_two_lines_each_with_a_label_and_values_are_two_rows_without_a_rule():
    """A scan whose row rules were too faint to find: two rows in one block. Each keeps its
    values; a wrapped label goes with the row its values stand beside (the cut is at the
    widest gap, a cell's padding, not at the label's leading)."""
    block = group_lines([
        word("Kompetanse-/", 50, 100), word("33", 300, 100), word("62", 360, 100),
        word("ressursavgrensing", 50, 111),
        word("IKT-/informasjonstryggleik", 50, 128), word("27", 300, 128), word("67", 360, 128),
        word("Tilkomst", 50, 145),
        word("til", 100, 156), word("målar", 120, 156), word("30", 300, 156),
        word("67", 360, 156),
    ])
    assert texts(order_block(block)) == [
        "Kompetanse-/", "ressursavgrensing", "33 62", "IKT-/informasjonstryggleik 27 67",
        "Tilkomst", "til målar", "30 67"]


def test_values_beside_the_first_line_of_a_wrapped_label_come_after_the_label():
    """Top-aligned values (the alt layout) read like the text edition: label, then values."""
    block = group_lines([
        word("Ved", 50, 100), word("opphør", 75, 100), word("av", 120, 100), word("65", 300, 100),
        word("kraftleveranse", 50, 112),
    ])
    assert texts(order_block(block)) == ["Ved opphør av", "kraftleveranse", "65"]


def test_values_beside_the_last_line_stay_after_the_label():
    block = group_lines([
        word("HAN-port", 50, 100), word("monteres", 110, 100),
        word("installasjon", 50, 112), word("84", 300, 112),
    ])
    assert texts(order_block(block)) == ["HAN-port monteres", "installasjon", "84"]


def test_header_cells_are_read_top_to_bottom_one_line_each():
    """Wrapped header cells keep their words together: 'Antall nettselskap', not mixed rows."""
    block = group_lines([
        word("Antall", 250, 100), word("Andel", 350, 100), word("av", 385, 100),
        word("Kategori", 50, 112), word("nettselskap", 240, 112), word("målepunkt", 350, 112),
    ])
    assert texts(order_block(block)) == ["Kategori", "Antall nettselskap", "Andel av målepunkt"]


def test_prose_lines_are_left_as_they_are():
    """Running text has no column gap: its lines are not reordered."""
    block = group_lines([word("Disse", 50, 100), word("selskapene", 86, 100),
                         word("representerer", 50, 112), word("vel", 134, 112)])
    assert texts(order_block(block)) == ["Disse selskapene", "representerer vel"]


def test_justified_prose_after_a_bullet_is_not_cut_into_columns():
    """A justified line's spaces are all widened alike, but a bullet's space is not: a
    wide last space ("for   AMS-") is prose, not a column gap, when most of the line's
    spaces are as wide (seen on scans of a web publisher's summary)."""
    block = group_lines([
        word("•", 76, 100, width=3), word("Total", 87, 100, width=22),
        word("investeringskostnad", 125, 100, width=91), word("for", 232, 100, width=13),
        word("AMS-", 260, 100, width=25),
        word("prosjektet", 87, 112, width=46), word("er", 136, 112, width=9),
        word("omtrent", 149, 112, width=36), word("11", 189, 112, width=9),
        word("mrd.", 202, 112, width=20), word("kr", 227, 112, width=9),
    ])
    assert texts(order_block(block)) == ["• Total investeringskostnad for AMS-",
                                         "prosjektet er omtrent 11 mrd. kr"]


def test_page_lines_number_lines_from_the_top_and_drop_bullets():
    """Page numbers are dropped later, with the rest of the page furniture (furniture.py)."""
    words = [word("·", 40, 100, width=3), word("Kommentar", 50, 100), word("5", 290, 815)]
    lines = page_lines(words, rules=[], page=3)
    assert [(line.text, line.page, line.number) for line in lines] == [("Kommentar", 3, 1),
                                                                         ("5", 3, 2)]
