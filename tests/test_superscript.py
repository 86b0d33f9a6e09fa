"""Superscript footnote markers in a text layer (readers/superscript.py), as pdfplumber
gives a page's characters: Chromium and Writer print "selskap¹⁾" as "selskap" in 11.5 pt,
then "1" and ")" in 7.5 pt, 3 pt higher. Read plainly they make "selskap1)", or "20161"
and a lone ")" when a narrow cell wraps the mark; read as printed, they are "selskap¹⁾"."""

from __future__ import annotations

from extractor.readers.superscript import mark_superscripts


def chars(*items: tuple[str, float, float, float]) -> list[dict]:
    """(text, x0, size, bottom) each; a glyph is 0.55 of its size wide."""
    return [{"text": t, "x0": x0, "x1": x0 + 0.55 * size, "top": bottom - size,
             "bottom": bottom, "size": size} for t, x0, size, bottom in items]


def text(found: list[dict]) -> str:
    return "".join(c["text"] for c in found)


def test_a_raised_small_marker_after_a_word_is_a_superscript() -> None:
    word = [(ch, 100 + 6.3 * i, 11.5, 227.0) for i, ch in enumerate("selskap")]
    end = 100 + 6.3 * 7
    mark = [("1", end + 0.2, 7.5, 223.5), (")", end + 4.4, 7.5, 223.5)]
    assert text(mark_superscripts(chars(*word, *mark))) == "selskap¹⁾"


def test_a_markers_wrapped_bracket_goes_on_from_its_digit() -> None:
    year = [(ch, 100 + 6.3 * i, 11.5, 227.0) for i, ch in enumerate("2016")]
    found = mark_superscripts(chars(*year, ("1", 125.4, 7.5, 223.5), (")", 100.0, 7.5, 239.5)))
    assert text(found) == "2016¹⁾"


def test_digits_of_text_size_stay_digits() -> None:
    """A number after a word, a footnote's own "1)" at the start of its line, a unit."""
    same = [(ch, 100 + 6.3 * i, 11.5, 227.0) for i, ch in enumerate("Anna 5")]
    start = [("1", 60.0, 7.5, 300.0), (")", 64.2, 7.5, 300.0),
             ("S", 70.0, 7.5, 300.0)]
    assert text(mark_superscripts(chars(*same))) == "Anna 5"
    assert text(mark_superscripts(chars(*start))) == "1)S"
    # lowered and small (a subscript, an index) is no superscript
    assert text(mark_superscripts(chars(("x", 100, 11.5, 227.0), ("2", 106.4, 7.5, 229.0)))) \
        == "x2"
