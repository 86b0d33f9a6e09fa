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


def find_sections(lines: Sequence[Line], spec: ReportSpec) -> list[Section]:
    """Split the document into sections at every title line, in reading order."""
    table_ids = {table.id for table in spec.tables}
    # Lines read from one printed line (a chart's legend beside its key, columns of text):
    # an unknown numbered heading stands alone on its printed line.
    shared = Counter((line.page, line.number) for line in lines)
    starts: list[tuple[int, str | None, float, bool]] = []
    for index, line in enumerate(lines):
        key, score, is_heading = classify_line(line, spec)
        if key is None and shared[(line.page, line.number)] > 1:
            is_heading = False
        if is_heading:
            starts.append((index, key, score, key is not None))
    sections = []
    for position, (index, key, score, known) in enumerate(starts):
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
