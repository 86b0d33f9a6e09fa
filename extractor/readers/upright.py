"""A page whose text runs sideways or upside down, read as if turned upright.

A wide table is often printed turned on a portrait sheet: drawn with rotated text, or
drawn upright and turned with the page's /Rotate. pdfplumber gives the page as shown,
so its words ran down the page and the text layer read as junk. The page's text
direction is the one most of its characters share (their text matrix, as shown); its
characters and graphics are turned by that many quarter turns before words are made,
so every later stage sees an upright page. `turn` is in degrees, clockwise, as the
page is shown: 90 when the text runs upwards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

TURNS = (0, 90, 180, 270)
# Most characters must agree before a page is turned: a page with a turned table
# among upright prose keeps its prose.
MIN_SHARE = 0.6

Box = tuple[float, float, float, float]  # x0, top, x1, bottom, points from the top left


def char_turn(matrix: Sequence[float]) -> int:
    """The quarter turn that makes a character upright, from its text matrix (PDF space,
    y up): (1, 0) reads left to right, (0, 1) upwards, (0, -1) downwards, (-1, 0)
    upside down."""
    a, b = float(matrix[0]), float(matrix[1])
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b > 0 else 270


def page_turn(chars: Sequence[dict[str, Any]]) -> int:
    """The turn most of the page's printed characters need; 0 when none has a majority."""
    turns = Counter(char_turn(c["matrix"]) for c in chars
                    if c.get("matrix") and str(c.get("text", "")).strip())
    if not turns:
        return 0
    turn, count = turns.most_common(1)[0]
    return turn if count >= MIN_SHARE * sum(turns.values()) else 0


def turned_size(width: float, height: float, turn: int) -> tuple[float, float]:
    return (height, width) if turn in (90, 270) else (width, height)


def turn_box(box: Box, turn: int, width: float, height: float) -> Box:
    """A box of the page as shown, on the page turned upright (`width`, `height`: as
    shown)."""
    x0, top, x1, bottom = box
    if turn == 90:  # text ran upwards: what was at the bottom is now at the left
        return height - bottom, x0, height - top, x1
    if turn == 270:  # text ran downwards
        return top, width - x1, bottom, width - x0
    if turn == 180:
        return width - x1, height - bottom, width - x0, height - top
    return box


def upright_chars(chars: Sequence[dict[str, Any]], turn: int, width: float,
                  height: float) -> list[dict[str, Any]]:
    """The characters on the page turned upright, as pdfplumber's word finder reads them."""
    if turn == 0:
        return list(chars)
    turned = []
    for char in chars:
        x0, top, x1, bottom = turn_box((float(char["x0"]), float(char["top"]),
                                        float(char["x1"]), float(char["bottom"])),
                                       turn, width, height)
        turned.append({**char, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                       "doctop": top, "upright": True, "width": x1 - x0,
                       "height": bottom - top})
    return turned
