"""Regions of PDF pages as images, for the review page: rendered in a worker process.

Only the region is rendered, never the whole page, and at a resolution capped by
--max-megapixels: a page whose MediaBox is 20 000 points square took 4.6 GB when the
whole page was rendered in the main process. The worker has the run's memory cap, so a
PDF whose streams inflate without end stops there with one line, like every other read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..runtime.limits import Deadline, Limits, capped_dpi
from ..runtime.workers import run_isolated
from .upright import turn_box, turned_size

# Below this a region is too coarse to read; it is left out rather than shown as a blur.
MIN_CROP_DPI = 30


@dataclass(frozen=True)
class Region:
    """A rectangle on a page, in points from the page's top left (as words are placed)."""

    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    turn: int = 0  # the page was read turned this far (upright.py): the region is on it


@dataclass(frozen=True)
class RegionImage:
    """A rendered region (within its page): a grayscale PIL image, or None when the region
    is too large for --max-megapixels at MIN_CROP_DPI; `scale` is pixels per point."""

    region: Region
    image: object | None
    scale: float


def render_regions(path: Path, regions: Sequence[Region], dpi: int, limits: Limits,
                   password: str | None = None) -> list[RegionImage]:
    """Each region rendered at `dpi`, or less where --max-megapixels asks, in one worker."""
    return run_isolated(_render, str(path), tuple(regions), dpi, limits.max_megapixels,
                        password, what=f"{path} (page images for the review)",
                        limits=limits, deadline=Deadline(limits.max_seconds))


def _render(path: str, regions: tuple[Region, ...], dpi: int, max_megapixels: float,
            password: str | None) -> list[RegionImage]:
    """Runs in the worker: pypdfium2 renders only the region (its `crop` cuts points off
    each side: left, bottom, right, top)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path, password=password)
    images = []
    try:
        for region in regions:
            page = document[region.page - 1]
            width, height = page.get_size()  # as shown
            turned_width, turned_height = turned_size(width, height, region.turn)
            x0, x1 = max(region.x0, 0.0), min(region.x1, turned_width)
            top, bottom = max(region.top, 0.0), min(region.bottom, turned_height)
            within = Region(region.page, x0, top, x1, bottom, region.turn)
            used = capped_dpi(x1 - x0, bottom - top, dpi, max_megapixels) \
                if x1 > x0 and bottom > top else 0
            if used < MIN_CROP_DPI:
                images.append(RegionImage(within, None, 0.0))
                continue
            # The region on the page as shown: the turn undone (a quarter turn's inverse
            # is three more, on the turned page's size).
            sx0, stop, sx1, sbottom = turn_box((x0, top, x1, bottom), (360 - region.turn) % 360,
                                               turned_width, turned_height)
            bitmap = page.render(scale=used / 72, grayscale=True,
                                 crop=(sx0, height - sbottom, width - sx1, stop))
            image = bitmap.to_pil().convert("L")
            if region.turn:  # shown as it was read: upright
                image = image.rotate(-region.turn, expand=True)
            images.append(RegionImage(within, image, used / 72))
    finally:
        document.close()
    return images
