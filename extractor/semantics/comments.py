"""What a table prints under it, kept: its comment sentences, the columns each names, and
what each value measures.

    table_comments   the sentences after a grid's last value ("Kommentar: 2015-tall er sum
                     historisk installert til og med 2015."), each with the column keys it
                     names and whether it calls them running totals (the locale's
                     `cumulative_words`), and the values a footnote marker it begins with
                     marks ("1) Tallene for 2019 ..." for "2019 1)" in the header)
    with_measures    each value's measure: its row's (the spec), else from its unit (a
                     percentage is a share, a count a level); a flow in a column a comment
                     calls cumulative is cumulative

So a series across editions compares like with like: 2017's installations in one edition
and the running total "til og med 2017" in the next are not one series.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..model import ExtractedTable, Line, Marker
from ..model.results import TableComment
from ..model.spec import Locale, TableSpec
from ..model.units import is_share

# How near a column's mention a cumulative word must be, in characters after it ("-tall er
# sum historisk") and before it ("til og med ").
AFTER, BEFORE = 40, 15
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁾⁽", "0123456789)(")
# A sentence ends at a stop after a number or a word of five letters or more ("2015.",
# "tusen."), not after an abbreviation ("inkl. 33 nettselskaper").
_SENTENCE_END = re.compile(r"(?:(?<=\w{5}[.!?])|(?<=\d[.!?]))\s+(?=[A-ZÆØÅ0-9])")


def table_comments(table: ExtractedTable, locale: Locale,
                   markers: Sequence[Marker] = ()) -> list[TableComment]:
    """The sentences printed after the table's last value line, on its lines, in reading
    order (a table may go on over a page, whose lines count from 1 again): a heading
    alone ("Kommentar:") dropped, lines wrapped mid-sentence joined; each linked to the
    values its mark marks (`_marked`)."""
    read = {(obs.page, obs.line) for obs in table.observations}
    last = max((index for index, line in enumerate(table.source_lines)
                if (line.page, line.number) in read), default=None)
    if last is None:
        return []
    after = [line for line in table.source_lines[last + 1:] if line.text.strip()]
    headings = {word.casefold().rstrip(":") for word in locale.tables.comment_headings}
    lines = [line for line in after
             if line.text.strip().casefold().rstrip(":") not in headings]
    if not lines:
        return []
    text = " ".join(line.text.strip() for line in lines)
    comments = []
    for sentence in _SENTENCE_END.split(text):
        if not any(ch.isalpha() for ch in sentence):
            continue  # a page number left over
        first = next((line for line in lines if sentence[:12] in line.text), lines[0])
        comment = _comment(sentence, table.columns, locale, first)
        comments.append(replace(comment, cells=_marked(sentence, table, markers)))
    return comments


def _marker_key(text: str) -> str:
    """"1)", "(1)", "¹⁾", "1" -> "1": a marker as its note begins with it."""
    return text.translate(_SUPERSCRIPTS).strip("()[] ")


def _marked(sentence: str, table: ExtractedTable, markers: Sequence[Marker]
            ) -> tuple[str, ...]:
    """"row/column" of the table's values a mark marks, when the sentence begins with it:
    a footnote marker after a header word marks that column, one on a label's line that
    row; a star ("(*)", "*"), which labels fold away, marks the rows whose printed line
    holds it."""
    first = sentence.split(maxsplit=1)[0] if sentence.split() else ""
    lines = {(line.page, line.number) for line in table.source_lines}
    cells = []
    if first.strip("()") == "*":
        # The words before the star on its line are (the end of) the row's label: a
        # wrapped label may print its values on another line than the star's.
        starred = [line.text.split(first)[0].strip() for line in table.source_lines
                   if first in line.text and not line.text.lstrip().startswith(first)]
        cells += [f"{obs.row}/{obs.column}" for obs in table.observations
                  if any(words and words in obs.label for words in starred)]
    for marker in markers:
        if (marker.page, marker.line) not in lines or \
                _marker_key(marker.text) != _marker_key(first):
            continue
        cells += [f"{obs.row}/{obs.column}" for obs in table.observations
                  if obs.column == marker.after or (obs.line, obs.page) == (marker.line,
                                                                             marker.page)]
    return tuple(dict.fromkeys(cells))


def _comment(sentence: str, columns: Sequence[str], locale: Locale,
             line: Line) -> TableComment:
    """The sentence, the columns it names, and those of them a cumulative word is said of:
    one right after a mention ("2015-tall er sum historisk ...") or right before it
    ("til og med 2015"). Not the whole sentence's: OCR may lose the stop between
    "... til og med 2015" and "Tallene for 2019 og 2020 er opplyst ...", which are no
    running totals."""
    text = sentence.casefold()
    words = [word.casefold() for word in locale.tables.cumulative_words]
    named, cumulative = [], []
    for column in columns:
        mentions = list(re.finditer(rf"(?<![\d-]){re.escape(column.casefold())}(?!\d)", text))
        if not mentions:
            continue
        named.append(column)
        near = [text[max(0, m.start() - BEFORE): m.start()] + " | " + text[m.end(): m.end() + AFTER]
                for m in mentions]
        if any(word in window for window in near for word in words):
            cumulative.append(column)
    return TableComment(sentence, tuple(named), tuple(cumulative), line=line.number,
                        page=line.page)


def with_measures(table: ExtractedTable, table_spec: TableSpec) -> ExtractedTable:
    """Each value's measure set (in place; the table returned): its row's, else by unit;
    a flow in a column a comment calls cumulative is cumulative."""
    by_row = {row.key: row.measure for row in table_spec.rows}
    cumulative = {column for comment in table.comments for column in comment.cumulative}
    for obs in table.observations:
        measure = by_row.get(obs.row) or ("share" if is_share(obs.unit) else "level")
        if measure == "flow" and obs.column in cumulative:
            measure = "cumulative"
        obs.measure = measure
    return table
