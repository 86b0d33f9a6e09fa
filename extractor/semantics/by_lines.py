"""Tables read by their lines: a section's lines → header → columns → printed rows.

Each step is a small function over plain data:

    table_body     lines up to the comment ("Kommentar:")
    header_lines   leading lines made only of header words (or years/quarters)
    read_columns   column keys, units, multipliers from the header text (columns.py)
    printed_rows   labels (wrapped over lines or not) joined with their values
    value_splits   every way the numbers at a line's end can fill the columns (values.py)

A row whose numbers can be split into the columns more than one way
(`Valider AS 27 734 000`: 27 | 734 000 or 27 734 | 000) keeps every split as
an alternative; the checks choose later (splits.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from ..lexicon import words
from ..lexicon.marks import is_footnote_line
from ..model import Line, ReportWarning
from ..model.spec import TableSpec
from ..model.units import is_share
from .columns import read_columns
from .labels import LabelMatch, comparison_key, match_label, plain_key
from .table_parse import Column, PrintedRow, TableParse
from .values import is_value_word, plausible_shares, value_splits

# A quarter's number may be an OCR slip ("f.kv" for "1.kv"): any one character stands.
# Words that may stand in any header: multipliers such as "(x 1000)" or "i hele tusen".


def table_body(lines: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """Split a section into the table and what follows it. A comment heading
    ("Kommentar:") ends the table, and is left out; so does a footnote's line ("1) Tallene
    gjelder ..."), which is kept, with the rest of the section after it."""
    # The section's left edge: where a quarter of its lines start or further left (a
    # stray line, as a browser's printed footer, further left says nothing of it).
    starts = sorted(line.words[0].x0 for line in lines if line.words)
    margin = starts[len(starts) // 4] if starts else 0.0
    for index, line in enumerate(lines):
        if words.comment_heading().match(line.text):
            return list(lines[:index]), list(lines[index + 1 :])
        if index and is_footnote_line(line.text) and _at_margin(line, margin):
            return list(lines[:index]), list(lines[index:])
    return list(lines), []


def _at_margin(line: Line, margin: float) -> bool:
    """Whether a line starts at the section's left edge, as a footnote does; a marker
    inside the table is a header cell's ("... Konsentrator 1)" wrapped with "end" onto
    the next page), not a note's."""
    if not line.words:
        return True
    height = line.words[0].bottom - line.words[0].top
    return line.words[0].x0 <= margin + 3 * max(height, 1.0)


def footnotes(lines: Sequence[Line]) -> list[str]:
    """The footnotes printed under a table (the lines `table_body` put after it), each
    with its marker: "1) Sum historisk installert til og med året."."""
    notes: list[str] = []
    for line in lines:
        if words.comment_heading().match(line.text):
            break
        if is_footnote_line(line.text):
            notes.append(" ".join(line.text.split()))
        elif notes and line.text.strip()[:1].islower():
            notes[-1] += " " + " ".join(line.text.split())  # a note wrapped over lines
        else:
            break
    return notes


def header_vocabulary(table: TableSpec) -> set[str]:
    """Comparison keys of every word the table's header may print."""
    phrases = [*table.stub_headers, *table.header_words, *words.generic_header_words()]
    phrases += [header for column in table.columns for header in column.headers]
    return {word for phrase in phrases for word in comparison_key(phrase).split()}


# OCR's slips on small header type ("(4)" or "(26)" for "(%)", a stray "p"): a word of at
# most this many letters or digits, one per this many header words, does not end a header.
NOISE_LENGTH = 2
HEADER_WORDS_PER_SLIP = 3
# A header word OCR misread by a letter ("ategori" for "Kategori", bold type's first
# letter lost): a word of at least this many letters this similar (rapidfuzz ratio) to one
# of the header's words is that word. Shorter words are too easily another word.
MISREAD_HEADER_WORD_LENGTH = 5
MISREAD_HEADER_WORD_SIMILARITY = 85


def _header_word(part: str, vocabulary: set[str]) -> bool:
    if part in vocabulary:
        return True
    return len(part) >= MISREAD_HEADER_WORD_LENGTH and process.extractOne(
        part, vocabulary, scorer=fuzz.ratio,
        score_cutoff=MISREAD_HEADER_WORD_SIMILARITY) is not None


def is_header_line(line: Line, vocabulary: set[str], periods: bool) -> bool:
    """True when every word of the line is a header word (or a year or quarter), or one
    OCR misread by a letter, but for a rare short slip of OCR's among several header
    words."""
    known, slips = 0, 0
    for word in line.text.split():
        if periods and (words.year_word().match(word) or words.quarter_word().match(word)):
            known += 1
            continue
        if all(_header_word(part, vocabulary) for part in comparison_key(word).split()):
            known += 1
        elif _slip(word):
            slips += 1
        else:
            return False
    return slips == 0 or known >= HEADER_WORDS_PER_SLIP * slips


def header_lines(lines: Sequence[Line], table: TableSpec) -> tuple[list[Line], list[Line]]:
    """The table's leading header lines (blank ones left out), then the rest."""
    vocabulary = header_vocabulary(table)
    periods = table.header_columns is not None
    printed = [index for index, line in enumerate(lines) if not line.is_blank]
    for order, index in enumerate(printed):
        line = lines[index]
        if is_header_line(line, vocabulary, periods):
            continue
        # A line of slips alone (a header cell "(%)" read "(26)") is header between
        # header lines.
        if order and _slips_only(line) and order + 1 < len(printed) \
                and is_header_line(lines[printed[order + 1]], vocabulary, periods):
            continue
        return [x for x in lines[:index] if not x.is_blank], list(lines[index:])
    return [lines[index] for index in printed], []


def _slip(word: str) -> bool:
    """A word short enough to be OCR's slip: at most NOISE_LENGTH letters or digits."""
    return len("".join(comparison_key(word).split())) <= NOISE_LENGTH


def _slips_only(line: Line) -> bool:
    return all(_slip(word) for word in line.text.split())


def _rank(match: LabelMatch) -> tuple[bool, float]:
    return (match.key is not None, match.score)


def printed_rows(
    lines: Sequence[Line], columns: Sequence[Column], table: TableSpec
) -> tuple[list[PrintedRow], list[ReportWarning]]:
    """Join wrapped labels with the line that carries their values."""
    aliases = table.row_aliases()
    rows: list[PrintedRow] = []
    warnings: list[ReportWarning] = []
    pending: list[Line] = []
    for line in lines:
        if line.is_blank:
            continue
        splits = value_splits(line.words, columns) if columns else {}
        if not splits:
            if line.words and is_value_word(line.words[-1].text) and not pending:
                warnings.append(ReportWarning("stray_numbers",
                                              f"{table.id}: numbers that fit no row "
                                              f"were left out: {line.text.strip()!r}", line.number,
                                              line.page))
                continue
            pending.append(line)
            continue
        candidates = []
        for k, alternatives in splits.items():
            label_words = [w.text for w in line.words[: len(line.words) - k]]
            label = " ".join([*(p.text.strip() for p in pending), *label_words]).strip()
            if not plain_key(label):
                continue
            match = match_label(label, aliases)
            candidates.append(((*_rank(match), k), label, match, alternatives))
        if not candidates:
            warnings.append(ReportWarning("stray_numbers",
                                          f"{table.id}: numbers without a label were "
                                          f"left out: {line.text.strip()!r}", line.number,
                                          line.page))
            continue
        _, label, match, alternatives = max(candidates, key=lambda c: c[0])
        row_spec = table.row(match.key) if match.key else None
        if row_spec is not None and is_share(row_spec.unit):
            alternatives = [groups for groups in alternatives if plausible_shares(groups)]
            if not alternatives:
                warnings.append(ReportWarning("implausible_values", f"{table.id}: {label!r} would "
                                        "have shares over 100 %; its values were left out",
                                        line.number, line.page))
                pending = []
                continue
        rows.append(PrintedRow(label, match, line, list(pending), alternatives,
                               complete=splits.complete))
        pending = []
    if pending:
        text = " ".join(p.text.strip() for p in pending)
        warnings.append(ReportWarning("label_without_values",
                                      f"{table.id}: a label with no values: "
                                      f"{text!r}", pending[0].number, pending[0].page))
    return rows, warnings


def read_body(body: Sequence[Line], table: TableSpec) -> TableParse:
    """A table's body (its section up to the comment) read by its lines."""
    header, rest = header_lines(body, table)
    header_text = " ".join(line.text.strip() for line in header)
    columns, notes = read_columns(table, header_text)
    warnings = []
    if not columns:
        warnings.append(ReportWarning("no_columns", f"{table.id}: no column headers found",
                                header[0].number if header else None))
        return TableParse([], [], header_text, warnings, notes)
    rows, row_warnings = printed_rows(rest, columns, table)
    return TableParse(columns, rows, header_text, warnings + row_warnings, notes)


def parse_lines(lines: Sequence[Line], table: TableSpec) -> TableParse:
    """The whole chain for one section."""
    body, _comment = table_body(lines)
    return read_body(body, table)
