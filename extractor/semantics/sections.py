"""Find sections by their titles (fuzzy), never by number or order.

A title line is any short line whose text, without a leading section number,
matches a title in the spec. A numbered heading that matches nothing starts
an unknown section: listed, never merged into its neighbour.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from ..lexicon.words import letter_class
from ..model import Line, Section
from ..model.spec import Locale, ReportSpec
from .labels import match_label

_SECTION_NUMBER = re.compile(r"^\s*\d{1,2}\.?\s+(?=\D)")
# Dot leaders mark a table-of-contents entry ("6 Innkjøpsallianser AMS ...... 6"): a title
# printed there does not start the section.
_CONTENTS_ENTRY = re.compile(r"\.{4,}|…{2,}|(?:\. ){4,}")
# A table of contents whose leaders OCR read as letters ("5 Kostnader per målepunkt for noen
# større nettselskaper messen sarte 6"): at least CONTENTS_RUN numbered headings one after
# another, at least CONTENTS_PAGED of them ending in their page number.
CONTENTS_RUN = 3
CONTENTS_PAGED = 2
_PAGE_NUMBER = re.compile(r"\s\d{1,3}$")
_NUMBER = re.compile(r"(?<!\S)\d")
_MAX_TITLE_LENGTH = 90
TITLE_CUTOFF = 88.0


@cache
def _numbered_heading(locale: Locale) -> re.Pattern[str]:
    """A numbered heading: "16 Noe nytt" — short, capitalised (a capital of the spec's
    letters), no digits after the number."""
    return re.compile(rf"^\s*\d{{1,2}}\.?\s+{letter_class(locale, upper=True)}[^\d]{{2,80}}$")


def title_text(line: Line) -> str:
    """A line's text as a title: without section number and trailing spaces."""
    return _SECTION_NUMBER.sub("", line.text).strip()


def classify_line(line: Line, spec: ReportSpec) -> tuple[str | None, float, bool]:
    """(table or section id, score, is_heading) for one line; id None when not a title."""
    text = title_text(line)
    if not text or len(text) > _MAX_TITLE_LENGTH or _CONTENTS_ENTRY.search(text):
        return None, 0.0, False
    match = match_label(text, spec.titles(), cutoff=TITLE_CUTOFF)
    if match.key is not None:
        return match.key, match.score, True
    return None, match.score, bool(_numbered_heading(spec.locale).match(line.text))


def contents_entries(lines: Sequence[Line], locale: Locale) -> set[int]:
    """The indexes of lines that are entries of a table of contents (dot leaders say so
    alone, `_CONTENTS_ENTRY`; OCR often reads them as letters): a run on one page of at
    least CONTENTS_RUN numbered headings, at least CONTENTS_PAGED of them ending in a page
    number. A heading with values after it is a table's row ("1. Kvartal 2017 12 345"),
    not an entry: an entry holds no number but its page."""
    heading = re.compile(rf"^\s*\d{{1,2}}(?:\.\d{{1,2}})*\.?\s+{letter_class(locale, upper=True)}")

    def entry(line: Line) -> bool:
        title = _SECTION_NUMBER.sub("", line.text)
        numbers = len(_NUMBER.findall(title))
        return bool(heading.match(line.text)) and (
            numbers == 0 or (numbers == 1 and bool(_PAGE_NUMBER.search(title))))

    entries: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, None]):
        if line is not None and entry(line) and (not run or lines[run[-1]].page == line.page):
            run.append(index)
            continue
        paged = sum(bool(_PAGE_NUMBER.search(lines[i].text)) for i in run)
        if len(run) >= CONTENTS_RUN and paged >= CONTENTS_PAGED:
            entries.update(run)
        run = [index] if line is not None and entry(line) else []
    return entries


def find_sections(lines: Sequence[Line], spec: ReportSpec) -> list[Section]:
    """Split the document into sections at every title line, in reading order."""
    table_ids = {table.id for table in spec.tables}
    # Lines read from one printed line (a chart's legend beside its key, columns of text):
    # an unknown numbered heading stands alone on its printed line.
    shared = Counter((line.page, line.number) for line in lines)
    contents = contents_entries(lines, spec.locale)
    starts: list[tuple[int, str | None, float, bool]] = []
    for index, line in enumerate(lines):
        if index in contents:  # ends the section before it, starts none
            starts.append((index, None, 0.0, False))
            continue
        key, score, is_heading = classify_line(line, spec)
        if key is None and shared[(line.page, line.number)] > 1:
            is_heading = False
        if is_heading:
            starts.append((index, key, score, key is not None))
    sections = []
    for position, (index, key, score, known) in enumerate(starts):
        if index in contents:
            continue
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        sections.append(
            Section(
                title=title_text(lines[index]),
                title_line=lines[index],
                lines=list(lines[index + 1 : end]),
                table_id=key if key in table_ids else None,
                spec_id=key,
                score=score,
                known=known,
            )
        )
    return sections
