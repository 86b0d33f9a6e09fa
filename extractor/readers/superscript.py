"""Superscript footnote markers in a text layer, written as the superscript characters they
are printed as ("Totalt¹⁾"), before words are made of the characters.

Word, Writer and browsers print a footnote marker as smaller, raised characters right
after the word it marks. A text layer gives them as plain "1" and ")": glued to the word
("20161)", "selskap1)") or, when a narrow cell wraps the marker, "20161" and a lone ")".
Read as printed, "2016¹" and "⁾" are annotations (lexicon/marks.py), never a year 20161.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..lexicon.marks import TO_SUPERSCRIPT

MARKER_CHARS = frozenset("0123456789)")
# A superscript is smaller than the text it follows (Word sets it at about 0.65 of it) ...
SMALLER = 0.85
# ... its baseline raised by a share of that text's size (Word: about a third) ...
RAISED = 0.15
# ... and it stands right after it: within this share of the text's size.
ADJACENT = 0.5


def _superscript(char: dict[str, Any], base: dict[str, Any], end: float) -> bool:
    """Is `char` a marker character set as a superscript to `base`, the text character
    before it, when the text so far ends at x = `end`?"""
    size, base_size = float(char.get("size", 0)), float(base.get("size", 0))
    return (char["text"] in MARKER_CHARS and 0 < size < SMALLER * base_size
            and float(base["top"]) < float(char["bottom"])
            < float(base["bottom"]) - RAISED * base_size
            and abs(float(char["x0"]) - end) < ADJACENT * base_size)


def mark_superscripts(chars: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters, each superscript marker digit or ")" written as its superscript
    character. Each is compared with the last character of text size before it, in the
    order the page draws them (a marker after the word it marks, its digits in turn)."""
    out: list[dict[str, Any]] = []
    base: dict[str, Any] | None = None
    end = 0.0
    raised: dict[str, Any] | None = None  # the superscript just before, if any
    for char in chars:
        if base is not None and (_superscript(char, base, end) or _marker_goes_on(char, raised)):
            raised = {**char, "text": char["text"].translate(TO_SUPERSCRIPT)}
            out.append(raised)
            end = float(char["x1"])
            continue
        out.append(char)
        if not char["text"].isspace():
            base, end, raised = char, float(char["x1"]), None
    return out


def _marker_goes_on(char: dict[str, Any], raised: dict[str, Any] | None) -> bool:
    """A marker's ")" right after its digit, in the same small size, wherever it stands:
    a narrow cell may have wrapped it onto the next line."""
    return (raised is not None and char["text"] == ")"
            and abs(float(char.get("size", 0)) - float(raised.get("size", 0)))
            <= 0.05 * float(raised.get("size", 0)))
