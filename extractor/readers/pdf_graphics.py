"""A text layer's graphics: the rules a table is drawn with and the shaded areas behind
text (header bands, zebra stripes), from pdfplumber's page objects (readers/pdf.py)."""

from __future__ import annotations

from ..model.geometry import Rule, Shade
from ..model.grid import PageGraphics
from .upright import turn_box

# Any drawn edge at least this long may be a cell border.
RULE_MIN_LENGTH = 4.0
# A filled area darker than this is a header band with light text on it.
DARK_FILL = 0.45
# Lighter than this (0 black, 1 white) does not show on white paper.
INVISIBLE = 0.99


def _luminance(color: object) -> float:
    """0 (black) to 1 (white) for pdfplumber's gray, RGB or CMYK fill colours."""
    values = [float(v) for v in color] if isinstance(color, list | tuple) else []
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        return 0.299 * values[0] + 0.587 * values[1] + 0.114 * values[2]
    if len(values) == 4:
        c, m, y, k = values
        return 1 - min(1.0, 0.3 * c + 0.59 * m + 0.11 * y + k)
    return 1.0


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Collinear pieces of one rule as one (a grid drawn cell by cell gives many)."""
    merged: list[Rule] = []
    for horizontal in (True, False):
        lines = sorted((r for r in rules if r.horizontal == horizontal),
                       key=lambda r: (round(r.top if horizontal else r.x0), r.x0, r.top))
        for rule in lines:
            last = merged[-1] if merged and merged[-1].horizontal == horizontal else None
            if last is not None and horizontal and abs(last.top - rule.top) <= 1 \
                    and rule.x0 <= last.x1 + 1:
                merged[-1] = Rule(last.x0, last.top, max(last.x1, rule.x1), last.bottom)
            elif last is not None and not horizontal and abs(last.x0 - rule.x0) <= 1 \
                    and rule.top <= last.bottom + 1:
                merged[-1] = Rule(last.x0, last.top, last.x1, max(last.bottom, rule.bottom))
            else:
                merged.append(rule)
    return merged


def _visible(graphic: dict) -> bool:
    """A drawn line, curve or rectangle that shows on white paper: stroked in a colour, or
    filled with one. Word processors draw white cell backgrounds; their edges are no rules."""
    def shows(color: object) -> bool:  # no colour given is black; a pattern we cannot judge
        return not isinstance(color, list | tuple) or _luminance(color) < INVISIBLE

    stroked = graphic.get("stroke", True) and shows(graphic.get("stroking_color"))
    filled = graphic.get("fill") and shows(graphic.get("non_stroking_color"))
    return bool(stroked or filled)


def visible_edges(page) -> list[dict]:
    """pdfplumber's edges of the page's visible lines, rectangles and curves."""
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    edges = [line_to_edge(line) for line in page.lines if _visible(line)]
    for rect in page.rects:
        if _visible(rect):
            edges.extend(rect_to_edges(rect))
    for curve in page.curves:
        if _visible(curve):
            edges.extend(curve_to_edges(curve))
    return edges


def text_layer_graphics(page, turn: int = 0) -> PageGraphics:
    """The page's rules (drawn lines, rectangle edges, thin filled rectangles) and the filled
    areas behind text (header bands, zebra stripes); `turn`: on the page turned upright."""
    width, height = float(page.width), float(page.height)

    def box(item: dict) -> tuple[float, float, float, float]:
        return turn_box(tuple(float(item[k]) for k in ("x0", "top", "x1", "bottom")),
                        turn, width, height)

    rules = []
    for edge in visible_edges(page):
        x0, top, x1, bottom = box(edge)
        if x1 - x0 >= RULE_MIN_LENGTH or bottom - top >= RULE_MIN_LENGTH:
            if x1 - x0 >= bottom - top:
                rules.append(Rule(x0, (top + bottom) / 2, x1, (top + bottom) / 2))
            else:
                rules.append(Rule((x0 + x1) / 2, top, (x0 + x1) / 2, bottom))
    area = float(page.width) * float(page.height)
    shades = [
        Shade(*box(r), _luminance(r.get("non_stroking_color")) < DARK_FILL)
        for r in page.rects
        if r.get("fill") and float(r["height"]) >= 3 and float(r["width"]) >= 3
        and float(r["width"]) * float(r["height"]) < 0.5 * area
        and _luminance(r.get("non_stroking_color")) < INVISIBLE
    ]
    return PageGraphics(None, tuple(merge_rules(rules)), tuple(shades))
