"""Footnote markers (issue 17): taken off the words they mark, kept as notes.

Real reports print "2015 1)" over a column and "Andre ¹⁾" beside a row. Before, a marker
on a year header made the annual plan's header read as a row of numbers ("no column
headers found": 12 values lost). Tested on the real text reader's lines and on layouts
the project's own generator prints with markers (samples/make_layouts.py, footnotes=True),
which no rule was tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_layouts import EDITIONS, make_layouts, score

from extractor import extract
from extractor.layout.markers import line_markers
from extractor.readers import text_lines
from extractor.readers.pdf import ReadOptions


def one_line(text: str):
    [line] = text_lines(text)
    return line_markers(line)


@pytest.mark.parametrize(("printed", "kept", "marks"), [
    ("  2015 1) 2016 2017", "  2015    2016 2017", ["1)"]),
    ("  2015¹⁾ 2016 2017²", "  2015   2016 2017", ["¹⁾", "²"]),
    ("Totalt 2)   3 256 101", "Totalt      3 256 101", ["2)"]),
    ("Andre*)  12", "Andre*)  12", []),  # glued "*)": a word's own text, left to the labels
    ("  20151) 2016", "  2015   2016", ["1)"]),  # Word's superscript "1)", glued
    ("Andre1)   12", "Andre     12", ["1)"]),
    ("Andre *)  12", "Andre     12", ["*)"]),
])
def test_a_marker_is_taken_off_and_the_columns_stay(printed, kept, marks):
    line, found = one_line(printed)
    assert line.text == kept and [m.text for m in found] == marks
    assert [w.text for w in line.words] == kept.split()
    for word in line.words:  # every word still stands where it was printed
        assert kept[round(word.x0 / 6):round(word.x1 / 6)] == word.text


@pytest.mark.parametrize("printed", [
    "1) Tallene for 2019 er opplyst av nettselskaper",  # the note itself: its first word
    "Areal 120 m²",  # a unit, not a marker
    "Egne montører 16 (14%)",
    "(*) 5 av de 7 største",
])
def test_what_is_not_a_marker_stays(printed):
    line, found = one_line(printed)
    assert found == [] and line.text == printed


@pytest.mark.parametrize(("edition", "seed"), [("2016h1", 0), ("2018-q1-nn", 1)])
def test_a_layout_with_footnote_markers_reads_as_its_twin_without(tmp_path: Path, edition,
                                                                  seed):
    """The generator's footnote variant: a marker after the first period header of every
    period table and after the last row's label of every grid."""
    plain = make_layouts.generate(EDITIONS[edition], seed, tmp_path / "plain")
    marked = make_layouts.generate(EDITIONS[edition], seed, tmp_path / "marked",
                                   footnotes=True)
    assert marked.features["footnotes"] in ("paren", "glued", "superscript")
    options = ReadOptions(use_cache=False)
    plain_report, marked_report = extract(plain.pdf, options=options), extract(
        marked.pdf, options=options)
    exact, values, silent = score(marked, marked_report)
    assert (exact, values, silent) == (*score(plain, plain_report)[:2], [])
    notes = [n for t in marked_report.extracted for n in t.notes if "footnote marker" in n]
    assert notes, "the markers are kept as the tables' notes"


def page_line(*words: tuple[str, float, float, float, float]):
    """A page's line of (text, x0, x1, top, bottom) words."""
    from extractor.model import Line, Word

    placed = tuple(Word(t, x0, x1, 1.0, top, bottom) for t, x0, x1, top, bottom in words)
    return Line(" ".join(w.text for w in placed), 1, page=1, words=placed)


@pytest.mark.parametrize(("first", "expected"), [(")", "⁾"), ("1", "¹⁾"), ("I", "⁾"),
                                                 ("12", "¹²⁾")])
def test_ocr_of_a_notes_raised_mark_makes_it_a_footnote_line(first, expected):
    """As Tesseract reads a 7 pt note under a table: its superscript "1)" smaller and 2 pt
    higher, read as ")" or "I" (seen on scans of the Chromium layouts)."""
    from extractor.layout.markers import raised_first_mark
    from extractor.lexicon.marks import is_footnote_line

    line = raised_first_mark(page_line((first, 60, 64, 218.2, 223.7),
                                       ("Tallene", 66, 94, 220.3, 226.1),
                                       ("er", 96, 104, 221.5, 226.1),
                                       ("hentet", 106, 130, 220.3, 226.1)))
    assert line.words[0].text == expected and is_footnote_line(line.text)


@pytest.mark.parametrize("words", [
    # a value beside a label with descenders: the digit's foot is higher, its top is not
    [("3", 60, 66, 220.0, 227.0), ("Rasjonering", 70, 120, 220.0, 229.5),
     ("x", 125, 130, 220, 227)],
    # a number, then numbers: no note
    [("3", 60, 66, 218.0, 223.0), ("53", 70, 80, 220.0, 226.0), ("12", 90, 100, 220.0, 226.0)],
    # OCR's "1,3 mill." read as "1 mo mål": two words are no note
    [("1", 60, 64, 218.2, 223.7), ("mo", 66, 76, 220.3, 226.1), ("mål", 78, 90, 220.3, 226.1)],
    # a stacked header cell ("1." over "kvartal" over "2018"): lines apart, not raised
    [("1.", 60, 66, 200.0, 208.0), ("kvartal", 60, 90, 212.0, 220.0), ("2018", 60, 80, 224, 232),
     ("x", 100, 104, 224, 232)],
    # first only by its top: a speck inside a header line (Tesseract's bold line read twice,
    # a 2 pt "på" between "Tal" and "selskap"), not a mark before the line's words
    [("på", 240, 242, 610.0, 613.0), ("Tal", 213, 229, 612, 619), ("på", 232, 244, 614, 621),
     ("selskap", 248, 285, 612, 619)],
])
def test_what_is_not_a_raised_mark_stays(words):
    from extractor.layout.markers import raised_first_mark

    line = page_line(*words)
    assert raised_first_mark(line) == line


@pytest.mark.parametrize(("words", "marks"), [
    (["2016)", "2017", "2018"], [")"]),  # OCR's "2016¹⁾"
    (["2018?", "2019"], ["?"]),
    (["(per", "2016)", "er"], []),  # the bracket's own end
    (["Sum", "2016)"], [")"]),
])
def test_an_ocr_years_unreadable_mark_is_a_marker_outside_brackets(words, marks):
    line = page_line(*[(w, 10 + 40 * i, 40 + 40 * i, 100, 108) for i, w in enumerate(words)])
    _, found = line_markers(line)
    assert [m.text for m in found] == marks


def test_a_marker_inside_a_table_does_not_end_it_a_note_at_the_margin_does():
    """Writer broke a header row over a page: "… Konsentrator 1)" and "end" came first on
    the next page, in the middle of the table. A note's marker stands at the left edge
    (2017-12-mixed seed 1082, Writer: the communication table was lost)."""
    from extractor.semantics.by_lines import table_body

    lines = [page_line(("Kategori", 148, 185, 100, 108), ("Måler", 203, 226, 100, 108)),
             page_line(("1)", 283, 291, 120, 128), ("end", 381, 397, 120, 128)),
             page_line(("Radio", 77, 149, 140, 148), ("104", 195, 210, 140, 148)),
             page_line(("1)", 72, 79, 160, 168), ("Tallene", 81, 105, 160, 168),
                       ("er", 107, 114, 160, 168)),
             # a browser's printed footer, far left of everything: no margin of the section
             page_line(("file:///tmp/report.html", 24, 120, 800, 808))]
    body, rest = table_body(lines)
    assert [line.text for line in body] == ["Kategori Måler", "1) end", "Radio 104"]
    assert [line.text for line in rest] == ["1) Tallene er", "file:///tmp/report.html"]


def test_a_notes_raised_mark_is_written_even_where_no_other_marker_is_taken_off():
    """The raised first mark used to be dropped again when the document had no marker on
    any word: a Chromium scan's notes "1) Sum historisk installert ..." then read as a row
    under the table (2017-12-mixed seed 0, Chromium, scanned)."""
    from extractor.layout.markers import separate_markers
    from extractor.model import Document, Source

    note = page_line(("1", 60, 64, 218.2, 223.7), ("Tallene", 66, 94, 220.3, 226.1),
                     ("er", 96, 104, 221.5, 226.1), ("hentet", 106, 130, 220.3, 226.1))
    document = Document(Source("x.pdf", "x.pdf", "0", "pdf", 1), (note,))
    assert separate_markers(document).lines[0].words[0].text == "¹⁾"
