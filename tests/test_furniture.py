"""Page furniture (running headers and footers, page numbers) never reaches a table."""

from __future__ import annotations

from dataclasses import replace

from extractor.layout.furniture import drop_furniture, furniture, running_key
from extractor.model import Document, Line, PageInfo, PageMethod, Source, Word
from extractor.spec.locale import default_locale

HEIGHT = 842.0


def line(text: str, page: int, top: float, number: int = 1) -> Line:
    words, x = [], 60.0
    for token in text.split():
        words.append(Word(token, x, x + 6 * len(token), 1.0, top, top + 10))
        x += 6 * len(token) + 3
    return Line(text, number, page, tuple(words))


def document(lines: list[Line], pages: int) -> Document:
    infos = tuple(PageInfo(n, 595.0, HEIGHT, PageMethod.TEXT_LAYER) for n in range(1, pages + 1))
    return Document(Source("x.pdf", "x.pdf", "0", "pdf", pages), tuple(lines), infos)


def test_a_running_footer_and_header_are_dropped_on_every_page():
    lines = []
    for page in (1, 2, 3, 4):
        lines += [line("NVE – Status for AMS-innføringen", page, 30),
                  line("Kampanje er planlagt 95", page, 300),
                  line(f"Rapport 22/2016 · side {page}", page, 800)]
    kept = drop_furniture(document(lines, 4))
    assert [ln.text for ln in kept.lines] == ["Kampanje er planlagt 95"] * 4
    assert len(kept.furniture) == 8


def test_a_lone_page_number_in_a_margin_is_dropped_but_a_value_in_the_body_is_not():
    lines = [line("Annet 18", 1, 400), line("7", 1, 810), line("18", 1, 400), line("- 2 -", 1, 20)]
    dropped = furniture(lines, document(lines, 1).pages)
    assert [ln.text for ln in dropped] == ["7", "- 2 -"]


def test_a_table_header_repeated_at_the_top_of_pages_is_kept_below_a_title():
    """A continued table's header near the top of a page has a title or text above it."""
    lines = []
    for page, title in enumerate(("Bruk av brytefunksjonen", "Nettnyttetiltak hos kunde",
                                  "HAN-grensesnitt"), start=1):
        lines += [line(title, page, 30), line("Kategori Antall selskap", page, 50)]
    assert furniture(lines, document(lines, 3).pages) == []


def test_text_repeated_in_the_body_is_kept():
    """"Kommentar:" on every page is body text, not furniture: it is not in a margin."""
    lines = [line("Kommentar:", page, 420) for page in (1, 2, 3)]
    assert furniture(lines, document(lines, 3).pages) == []


def test_a_title_in_the_margin_of_one_page_only_is_kept():
    lines = [line("1 Målepunkter fordelt på kundekategorier", 1, 40),
             line("2 Årlig installasjonsplan", 2, 40),
             line("3 Kvartalsvis installasjonsplan", 3, 40)]
    assert furniture(lines, document(lines, 3).pages) == []


def test_running_texts_ignore_their_numbers_and_word_order():
    """Facing pages put the page number on the outer side."""
    assert running_key("Rapport 22/2016  Side 3") == running_key("Rapport 22/2016 side 14")
    assert running_key("Rapport 22/2016 side 3") == running_key("side 4 Rapport 22/2016")


def test_the_page_words_are_the_locales():
    """"Seite 3" is a page number where the spec's locale says so."""
    lines = [line("Annet 18", 1, 400), line("Seite 3", 1, 810)]
    assert furniture(lines, document(lines, 1).pages) == []
    locale = default_locale()
    german = replace(locale, pages=replace(locale.pages, page=("Seite",), page_of=("von",)))
    found = furniture(lines, document(lines, 1).pages, locale=german)
    assert [ln.text for ln in found] == ["Seite 3"]
