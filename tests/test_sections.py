"""Tests for extractor.sections: sections found by title, never by number or order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.model import Line, Section
from extractor.readers import text_lines
from extractor.semantics.sections import classify_line, contents_entries, find_sections
from extractor.spec import load_spec

SPEC = load_spec()
SEED = Path(__file__).resolve().parent.parent / "samples" / "nve-ams-status-2016h1.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


def lines(text: str) -> list[Line]:
    return text_lines(text)


def by_table(sections: list[Section]) -> dict[str, list[Section]]:
    found: dict[str, list[Section]] = {}
    for section in sections:
        if section.table_id:
            found.setdefault(section.table_id, []).append(section)
    return found


def body_text(section: Section) -> list[str]:
    return [line.text.strip() for line in section.lines if not line.is_blank]


@pytest.fixture(scope="module")
def seed_sections() -> list[Section]:
    return find_sections(lines(SEED_TEXT), SPEC)


def test_every_spec_table_is_found_exactly_once_in_the_seed(seed_sections) -> None:
    """The seed holds all 16 contract tables; each title must be found once, no more."""
    found = by_table(seed_sections)
    assert sorted(found) == sorted(table.id for table in SPEC.tables)
    assert all(len(sections) == 1 for sections in found.values())


def test_seed_has_no_unknown_sections(seed_sections) -> None:
    """No line of the seed's text is mistaken for an unknown numbered heading."""
    assert all(section.known for section in seed_sections)


def test_cost_section_4_and_5_are_told_apart(seed_sections) -> None:
    """'Kostnader per målepunkt' is a prefix of section 5's title; each maps to its own table."""
    found = by_table(seed_sections)
    assert found["cost_vs_weighted_average"][0].title == "Kostnader per målepunkt"
    assert (
        found["cost_breakdown_large_companies"][0].title
        == "Kostnader per målepunkt for noen større nettselskaper"
    )
    section_4 = found["cost_vs_weighted_average"][0]
    assert any("87 nettselskaper" in text for text in body_text(section_4))
    assert not any("Stolpediagrammet" in text for text in body_text(section_4))


def test_foreword_is_a_known_section_without_a_table(seed_sections) -> None:
    """'Forord' is listed in the spec so its text is not taken for a table."""
    first = seed_sections[0]
    assert first.title == "Forord"
    assert first.table_id is None
    assert first.known
    assert classify_line(first.title_line, SPEC)[0] == "foreword"


def test_section_body_stops_at_the_next_title(seed_sections) -> None:
    """A section's lines end where the next title starts."""
    section = by_table(seed_sections)["meter_vendors"][0]
    assert body_text(section)[-1] == "forskriftskravet."
    assert section.title_line.number == 249


def _renumbered(text: str) -> str:
    """Every numbered title gets the number 7, whatever it had."""
    return re.sub(r"(?m)^ (\d{1,2}) (?=\S)", " 7 ", text)


def _move_to_end(text: str, start_title: str, next_title: str) -> str:
    start, end = text.index(start_title), text.index(next_title)
    start = text.rindex("\n", 0, start) + 1
    end = text.rindex("\n", 0, end) + 1
    block = text[start:end]
    return text[:start] + text[end:].rstrip("\n") + "\n" + block


def test_sections_do_not_depend_on_numbering_or_order(seed_sections) -> None:
    """Renumbered titles and a section moved to the end give the same tables and bodies."""
    text = _move_to_end(
        _renumbered(SEED_TEXT), "Valg av AMS-leverandør", "Gjennomføring av installasjon"
    )
    assert " 7 Valg av AMS-leverandør" in text
    assert text.rstrip().endswith("forskriftskravet.")
    moved = by_table(find_sections(lines(text), SPEC))
    original = by_table(seed_sections)
    assert sorted(moved) == sorted(original)
    for table_id, sections in original.items():
        assert len(moved[table_id]) == 1, table_id
        assert body_text(moved[table_id][0]) == body_text(sections[0]), table_id
    last = find_sections(lines(text), SPEC)[-1]
    assert last.table_id == "meter_vendors"


def test_unknown_numbered_heading_is_its_own_section() -> None:
    """'16 Noe helt nytt' matches no title: listed as unknown, not merged into section 15."""
    text = SEED_TEXT.rstrip("\n") + "\n 16 Noe helt nytt \n\nKategori Antall\nNoe 12\n"
    sections = find_sections(lines(text), SPEC)
    unknown = [s for s in sections if not s.known]
    assert len(unknown) == 1
    assert unknown[0].title == "Noe helt nytt"
    assert unknown[0].table_id is None
    assert body_text(unknown[0]) == ["Kategori Antall", "Noe 12"]
    han = by_table(sections)["han_interface_pki"][0]
    assert "Noe 12" not in body_text(han)


def test_a_sentence_is_not_taken_for_a_title() -> None:
    """A long comment line mentioning a title is body text, not a new section."""
    line = lines("Kostnader per målepunkt er beregnet for alle nettselskapene samlet i 2016.")[0]
    key, _score, is_heading = classify_line(line, SPEC)
    assert key is None
    assert not is_heading


def test_table_of_contents_entries_do_not_start_sections() -> None:
    """A contents page lists every title with dot leaders: only the real titles count."""
    text = (" Innhold\n1 Målepunkter fordelt på kundekategorier ........ 4\n"
            "6 Innkjøpsallianser AMS ...................... 6\n\n"
            " 1 Målepunkter fordelt på kundekategorier\nKategori Antall målepunkt\n")
    sections = find_sections(text_lines(text), SPEC)
    assert [(s.table_id, s.title_line.number) for s in sections] == [
        (None, 1), ("metering_points_by_category", 5)]


# A contents page as OCR reads it off a scan (Chromium 2017-12-mixed seed 3, development
# part): the dot leaders come out as letters, and one page number is lost in them.
OCR_CONTENTS = """ Innhold
4 Kostnader per målepunkt rie
5 Kostnader per målepunkt for noen Større nettselskaper messen sarte enst 6
6 Innkjøpsallianser AMS tester seene ster tester aessdsrtt seter 6
7 Driftsallianser etter AMS-gjennomføringen ——--mmemeseseeesense 7
8 Valg av AMS-leverandør er ——————————————ests 7
"""


def test_a_contents_page_whose_leaders_ocr_read_as_letters_starts_no_section() -> None:
    """Nothing on the entry "4 Kostnader per målepunkt rie" says it is one; its neighbours
    do: numbered headings one after another, ending in page numbers. Taken for the
    title, it started a section (in that scan, the rest of the page) longer than the
    table's own, which "the longer section" then lost."""
    text = SEED_TEXT.replace(" Forord \n", " Forord \n" + OCR_CONTENTS, 1)
    sections = find_sections(lines(text), SPEC)
    entries = OCR_CONTENTS.splitlines()[1:]
    assert not [s.title for s in sections if s.title_line.text in entries]
    cost = by_table(sections)["cost_vs_weighted_average"]
    assert [s.title_line.text.strip() for s in cost] == ["4 Kostnader per målepunkt"]


def test_rows_numbered_like_headings_are_no_contents() -> None:
    """Quarters as row labels ("1. Kvartal 2017 12 345") are numbered and end in numbers,
    but hold values besides a page number: a table's rows, not a table of contents."""
    rows = lines("1. Kvartal 2017 12 345\n2. Kvartal 2017 13 456\n3. Kvartal 2017 14 567\n")
    assert contents_entries(rows, SPEC.locale) == set()
    entries = lines("1 Innledning 3\n2 Metode 4\n3 Resultater 7\n")
    assert contents_entries(entries, SPEC.locale) == {0, 1, 2}


def test_a_numbered_line_sharing_its_printed_line_is_no_heading() -> None:
    """A chart legend ('5 E laveste' beside 'Veiet gj.snitt for alle', its colour key read
    as 'E') is two lines of one printed line: no unknown section starts there."""
    legend = [Line("5 E laveste", 3, page=7), Line("Veiet gj.snitt for alle", 3, page=7)]
    alone = [Line("16 Noe helt nytt", 3, page=7)]
    assert [s for s in find_sections(legend, SPEC) if not s.known] == []
    assert [s.title for s in find_sections(alone, SPEC) if not s.known] == ["Noe helt nytt"]
