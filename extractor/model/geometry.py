"""What a page draws besides its words: boxes, ruling lines and shaded areas.

Coordinates are PDF points from the page's top-left. Documents hold these per page,
grids are built from them, so both build on this module.
"""

from __future__ import annotations

from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class Rule:
    """A ruling line of a page: horizontal (top == bottom) or vertical (x0 == x1)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass(frozen=True)
class Shade:
    """A filled area behind text: a header band, a zebra stripe."""

    x0: float
    top: float
    x1: float
    bottom: float
    dark: bool  # light text on it (a dark header band)


@dataclass(frozen=True)
class PageGraphics:
    """What a page draws besides text, for finding tables."""

    page: int | None  # None: a text edition
    rules: tuple[Rule, ...] = ()
    shades: tuple[Shade, ...] = ()
