"""Footnote markers: what a report prints after a header or a label to point at a note
below its table ("2015 1)", "Andre ¹⁾", "Totalt 2)"). Marks, not words: one set for
every locale. "(*)" is not among them: labels have always folded it (semantics/labels.py).
"""

from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = "\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u2070"
SUPERSCRIPT_PAREN = "\u207e"  # ⁾
# A marker's digits and bracket written as the superscripts they are printed as.
TO_SUPERSCRIPT = str.maketrans("0123456789)", SUPERSCRIPT_DIGITS[-1] + SUPERSCRIPT_DIGITS[:-1]
                               + SUPERSCRIPT_PAREN)

# A word that is a marker and nothing else: "1)", "12)", "*)", "¹", "¹⁾"; or a lone "⁾",
# the end of a superscript marker that a narrow cell wrapped onto a line of its own.
MARKER_WORD = re.compile(rf"^(?:\d{{1,2}}\)|\*{{1,3}}\)|[{SUPERSCRIPT_DIGITS}]{{1,2}}"
                         rf"{SUPERSCRIPT_PAREN}?|{SUPERSCRIPT_PAREN})$")
# A marker glued to the word it marks: "Totalt¹⁾", superscript digits after a year
# ("2015¹"), or a "1)" that Word set in superscript, which a text layer gives glued to its
# word ("Andre1)", "20151)": a year and its marker, never a number). Not superscript digits
# after any letter: "m²" is a unit.
GLUED_MARKER = re.compile(rf"(?:(?<=\S)[{SUPERSCRIPT_DIGITS}]{{1,2}}{SUPERSCRIPT_PAREN}"
                          rf"|(?<=\d{{4}})[{SUPERSCRIPT_DIGITS}]{{1,2}}"
                          r"|(?<=[^\W\d_])\d{1,2}\)"
                          r"|(?<=^(?:19|20)\d\d)\d{1,2}\))$")
# What OCR makes of a superscript marker after a year, a mark too small to read: the
# year and a stray ")", "?", "*" or quote ("2016)", "2018?"). Only outside brackets: in
# "(per 2016)" the ")" closes them (layout/markers.py looks at the line).
OCR_YEAR_MARK = re.compile(r"(?<=^(?:19|20)\d\d)[)?*'\"\u2019\u201d]{1,2}$")


def is_footnote_line(text: str) -> bool:
    """True for a footnote's own line: a marker, then its note ("1) Tallene gjelder ...",
    "¹⁾ Sum historisk installert"). Under a table, such a line ends the table's rows."""
    first, _, rest = text.strip().partition(" ")
    return bool(MARKER_WORD.match(first)) and any(ch.isalpha() for ch in rest)
