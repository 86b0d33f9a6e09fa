"""Page images made ready for OCR: pure functions over Pillow images and numpy arrays.

    deskew         the small rotation of a scanned page, found by projection profiles
    binarize       Otsu's threshold: black text on white
    ink_line_height  the height of a printed line's ink in pixels (about a capital's),
                   measured on the page: the scale of every kernel below, so that a rule
                   is told from a letter at any dpi
    find_rules     horizontal and vertical table rules: ink runs far longer than a letter
                   (a morphological opening with a long thin kernel, as img2table does)
    faint_rules    rules too faint for find_rules' grey that cross the rules it found
    erase_rules    the rules' pixels cleared, so Tesseract never reads them as "|", "]", "I"
    dark_bands     filled dark areas (a header band with white text), found and inverted so
                   their text reads black on white
    for_tesseract  the grey page with rules cleared and bands inverted: what Tesseract reads
    prepare        the chain: the page for Tesseract and what it found, in pixels
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

# Rotations tried when deskewing, in degrees: scanners tilt pages by under a couple.
MAX_SKEW = 2.0
SKEW_STEP = 0.1
# Hairline rules render as light grey: anything darker than this may be part of one. A
# fainter rule, down to this much darker than the paper, is one where it crosses the sure
# rules (`faint_rules`): a scan's thin inner rules, blurred, come out near 205 on paper
# near 252, its noise a few levels.
RULE_GRAY = 200
RULE_UNDER_PAPER = 30
# A horizontal rule is at least this many letter heights long, a vertical one this many:
# no letter's stroke comes near either.
HORIZONTAL_RULE = 6.0
VERTICAL_RULE = 2.5
# A rule is thin: thicker than this share of a letter's height, it is a bar or a band.
RULE_THICKNESS = 0.5
# A dark band: at least this share of its area dark, and at least a letter high.
BAND_FILL = 0.7
# Pixels at a band's edge, grey where it meets the paper, kept as paper.
BAND_RIM = 2


@dataclass(frozen=True)
class Segment:
    """A rule in pixels: from (x0, y0) to (x1, y1), horizontal (y0 == y1) or vertical."""

    x0: int
    y0: int
    x1: int
    y1: int
    thickness: int

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


@dataclass(frozen=True)
class Band:
    """A dark filled rectangle, in pixels."""

    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(frozen=True)
class Prepared:
    """A page ready for Tesseract and what was found on it (pixels of the deskewed page)."""

    image: Image.Image  # what Tesseract reads: `ink` as black on white, or (`grey`) the
    # grey page with the rules cleared and bands inverted (`for_tesseract`)
    ink: np.ndarray  # True where there is ink (Otsu), rules cleared, bands inverted
    gray: Image.Image  # the deskewed page before thresholding, for a second look
    rules: list[Segment]
    bands: list[Band]
    skew: float
    ink_line_height: float  # pixels (`ink_line_height`)


def clean(image: Image.Image) -> Image.Image:
    return image.convert("L").filter(ImageFilter.MedianFilter(3))


def otsu_threshold(counts: Sequence[int]) -> int:
    """The threshold that best separates ink from paper (Otsu, 1979), from a 256-bin histogram."""
    histogram = np.asarray(counts[:256], dtype=np.float64)
    total = histogram.sum()
    weights = np.cumsum(histogram)
    means = np.cumsum(histogram * np.arange(256))
    between = np.zeros(256)
    valid = (weights > 0) & (weights < total)
    w0 = weights[valid]
    m0 = means[valid] / w0
    m1 = (means[-1] - means[valid]) / (total - w0)
    between[valid] = w0 * (total - w0) * (m0 - m1) ** 2
    return int(np.argmax(between))


def binarize(image: Image.Image) -> np.ndarray:
    """True where there is ink."""
    gray = image.convert("L")
    # Pillow's histogram is some forty times faster than numpy's bincount on a page.
    return np.asarray(gray) < otsu_threshold(gray.histogram())


def _best_angle(image: Image.Image, angles: np.ndarray) -> float:
    """The angle whose rotation gives the sharpest row profile; ties go to the smallest."""
    ink = Image.fromarray((binarize(image) * 255).astype(np.uint8))
    best_angle, best_score = 0.0, -1.0
    for angle in sorted((float(a) for a in angles), key=abs):
        rotated = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST))
        score = float(np.var(rotated.sum(axis=1, dtype=np.int64)))
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def skew_angle(image: Image.Image) -> float:
    """The rotation (degrees) that makes text lines most horizontal.

    Rows of a straight page alternate between ink and paper, so the variance
    of the row sums peaks at the right angle: found coarsely on a quarter-size
    copy, then refined on a half-size one.
    """
    gray = image.convert("L")
    coarse = _best_angle(gray.reduce(4), np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, SKEW_STEP))
    fine = _best_angle(gray.reduce(2), coarse + np.arange(-0.1, 0.1 + 1e-9, 0.025))
    return round(fine, 3)


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    angle = skew_angle(image)
    if angle == 0:
        return image, 0.0
    # Bilinear is a third of bicubic's time, and as good for Tesseract at 300 dpi.
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255), angle


def runs(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every horizontal run of ink: (row, first column, length)."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    changes = np.diff(padded, axis=1)
    rows, starts = np.nonzero(changes == 1)
    _, ends = np.nonzero(changes == -1)
    return rows, starts, ends - starts


def letter_height(ink: np.ndarray) -> float:
    """The median height in pixels of the page's letter-shaped blobs of ink (between a
    small letter's and a capital's), 0 on a page with fewer than ten. Rules, specks and
    glued words are not letter-shaped: a blob counts when it is at least 4 px high and
    neither side is over five times the other."""
    import cv2  # OpenCV is already a dependency (the table-structure model's)

    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    width, height = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    letters = height[(height >= 4) & (width >= 2) & (height <= 5 * width) & (width <= 5 * height)]
    return float(np.median(letters)) if len(letters) >= 10 else 0.0


def ink_line_height(ink: np.ndarray) -> float:
    """The height of a line of text in pixels, measured on the page: about a capital's
    height (a line with descenders reaches a third lower).

    Rows that hold ink come in runs, one per printed line; the median run says it for
    the page. A line is at least as tall as its letters, so a shorter run is no line: a
    blurred scan's rule is several rows thick, and between a full grid's lines only its
    vertical rules hold ink, in so few pixels that the rows flicker in and out of the
    count (a page of such grids measured 12 px for lines of 47)."""
    row_ink = ink.sum(axis=1)
    has_ink = row_ink > max(3, 0.002 * ink.shape[1])
    shortest = max(5.0, letter_height(ink))
    heights = []
    start = None
    for index, flag in enumerate([*has_ink.tolist(), False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            if index - start >= shortest:
                heights.append(index - start)
            start = None
    if len(heights) < 3:
        return 30.0  # a page with next to no text: 10 pt at 300 dpi
    return float(np.median(heights))


def _thicken(ink: np.ndarray, axis: int, by: int = 2) -> np.ndarray:
    """Ink spread a few pixels across the rule's direction, so a rule that drifts over
    its length (a residual skew) is still one run."""
    thick = ink.copy()
    for shift in range(1, by + 1):
        if axis == 0:
            thick[shift:] |= ink[:-shift]
            thick[:-shift] |= ink[shift:]
        else:
            thick[:, shift:] |= ink[:, :-shift]
            thick[:, :-shift] |= ink[:, shift:]
    return thick


def _horizontal_segments(ink: np.ndarray, min_length: float, max_thickness: float
                         ) -> list[Segment]:
    """Long horizontal runs, merged over the consecutive rows of one rule."""
    rows, starts, lengths = runs(_thicken(ink, axis=0))
    keep = lengths >= min_length
    found: list[list[int]] = []  # [x0, y0, x1, y1]
    open_segments: list[list[int]] = []
    for row, start, length in sorted(zip(rows[keep].tolist(), starts[keep].tolist(),
                                         lengths[keep].tolist(), strict=True)):
        end = start + length - 1
        open_segments = [s for s in open_segments if s[3] >= row - 1]
        for segment in open_segments:
            if start <= segment[2] and end >= segment[0]:
                segment[0], segment[2], segment[3] = (min(segment[0], start),
                                                      max(segment[2], end), row)
                break
        else:
            segment = [start, row, end, row]
            found.append(segment)
            open_segments.append(segment)
    segments = []
    for x0, y0, x1, y1 in found:
        thickness = max(y1 - y0 - 3, 1)  # less the thickening on both sides
        if thickness <= max_thickness:
            middle = (y0 + y1) // 2
            segments.append(Segment(x0, middle, x1, middle, thickness))
    return segments


def find_rules(light: np.ndarray, height: float) -> list[Segment]:
    """Horizontal and vertical rules: ink runs many letter heights long and thin."""
    thickness = max(RULE_THICKNESS * height, 4)
    horizontal = _horizontal_segments(light, HORIZONTAL_RULE * height, thickness)
    vertical = [Segment(s.y0, s.x0, s.y1, s.x1, s.thickness)
                for s in _horizontal_segments(light.T, VERTICAL_RULE * height, thickness)]
    return horizontal + vertical


def faint_rules(faint: np.ndarray, sure: Sequence[Segment], height: float) -> list[Segment]:
    """Rules found only in the fainter mask that cross two or more of the `sure` rules
    of the other direction and lie on none of the same: a grid's thin inner rules, which
    blur greys past `RULE_GRAY`, meet the grid its sure rules draw; a line of bold type
    whose letters' grey edges join into one long run meets none."""
    if len(sure) < 2:
        return []  # nothing to cross twice: the fainter mask is not searched
    reach = max(round(RULE_REACH * height), 2)

    def crossings(rule: Segment) -> int:
        return sum(1 for other in sure if other.horizontal != rule.horizontal
                   and _meets(rule, other, reach))

    def doubles(rule: Segment) -> bool:
        return any(other.horizontal == rule.horizontal and _meets(rule, other, reach)
                   for other in sure)

    return [rule for rule in find_rules(faint, height)
            if crossings(rule) >= 2 and not doubles(rule)]


# Two rules meet when they come within this many letter heights of each other.
RULE_REACH = 0.25


def _meets(a: Segment, b: Segment, reach: int) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) >= -reach
            and min(a.y1, b.y1) - max(a.y0, b.y0) >= -reach)


def erase_rules(ink: np.ndarray, light: np.ndarray, rules: Sequence[Segment],
                window: int = 41) -> None:
    """Clear each rule's pixels (a long thin run) along its own extent, not the letters
    touching it: only where the run is dense along the rule's direction."""
    for rule in rules:
        reach = rule.thickness // 2 + 2
        if rule.horizontal:
            x0, x1 = max(rule.x0 - 2, 0), min(rule.x1 + 3, ink.shape[1])
            for row in range(max(rule.y0 - reach, 0), min(rule.y0 + reach + 1, ink.shape[0])):
                ink[row, x0:x1][run_density(light[row, x0:x1], window) > 0.5] = False
        else:
            y0, y1 = max(rule.y0 - 2, 0), min(rule.y1 + 3, ink.shape[0])
            for col in range(max(rule.x0 - reach, 0), min(rule.x0 + reach + 1, ink.shape[1])):
                ink[y0:y1, col][run_density(light[y0:y1, col], window) > 0.5] = False


def run_density(values: np.ndarray, window: int) -> np.ndarray:
    """The share of set pixels in a window around each pixel of a run: as long as the run,
    whatever its length. (np.convolve's "same" gives max(len, window) values: a rule
    segment shorter than the window made an IndexError that ended whole runs.)"""
    if values.size == 0:
        return np.zeros(0)
    width = max(1, min(window, values.size))
    return np.convolve(values.astype(np.float64), np.ones(width) / width, mode="same")


def dark_bands(gray: np.ndarray, height: float) -> list[Band]:
    """Filled dark rectangles at least a letter high and several letters wide (a header
    band): rows dark over a long stretch, then the columns dark through those rows."""
    dark = gray < 110
    window = max(int(3 * height), 8)
    if dark.shape[1] <= window:
        return []
    sums = np.cumsum(dark, axis=1, dtype=np.int32)
    stretch = sums[:, window:] - sums[:, :-window]  # dark pixels in every window of a row
    rows_dark = (stretch > BAND_FILL * window).any(axis=1)
    bands = []
    start = None
    for index, flag in enumerate([*rows_dark.tolist(), False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            if index - start >= 0.8 * height:
                columns = dark[start:index].mean(axis=0) > BAND_FILL
                xs = np.nonzero(columns)[0]
                if xs.size and xs[-1] - xs[0] >= 3 * height:
                    bands.append(Band(int(xs[0]), start, int(xs[-1]), index - 1))
            start = None
    return bands


def invert_bands(ink: np.ndarray, gray: np.ndarray, bands: Sequence[Band]) -> None:
    """Light text on a dark band becomes dark text on paper. The band's own threshold
    (Otsu on its pixels) tells text from band: the page's, set between paper and ink,
    loses the thin light strokes of blurred or JPEG'd white text. A pixel's rim of the
    band, grey where it meets the paper, stays paper."""
    for band in bands:
        area = gray[band.y0:band.y1 + 1, band.x0:band.x1 + 1]
        threshold = otsu_threshold(np.bincount(area.ravel(), minlength=256).tolist())
        text = area > threshold
        text[:BAND_RIM], text[-BAND_RIM:], text[:, :BAND_RIM], text[:, -BAND_RIM:] = \
            False, False, False, False
        ink[band.y0:band.y1 + 1, band.x0:band.x1 + 1] = text


def rule_gray(gray: np.ndarray) -> float:
    """The grey under which a pixel may be part of a rule: `RULE_GRAY`, or on light paper
    (most of a page is paper: its median) `RULE_UNDER_PAPER` under the paper's grey."""
    return max(RULE_GRAY, float(np.median(gray)) - RULE_UNDER_PAPER)


def prepare(image: Image.Image, denoise: bool = False, grey: bool = False) -> Prepared:
    """The page ready for Tesseract, with the rules and dark bands found on it; `grey`
    gives Tesseract the grey page rather than the thresholded one.

    `denoise` adds a median filter against speckle; it costs a third of the
    page's preparation and changed no value on the samples, so it is off.
    """
    straight, angle = deskew(image.convert("L"))
    gray = np.asarray(straight)
    # Rules are found before any filter, which would wipe out one-pixel hairlines.
    light = gray < RULE_GRAY
    faint = gray < rule_gray(gray)
    ink = binarize(straight)
    height = ink_line_height(ink)
    bands = dark_bands(gray, height)
    for band in bands:  # a band's own edges are not rules
        light[band.y0:band.y1 + 1, band.x0:band.x1 + 1] = False
        faint[band.y0:band.y1 + 1, band.x0:band.x1 + 1] = False
    rules = find_rules(light, height)
    rules += faint_rules(faint, rules, height)
    if denoise:
        ink = binarize(clean(straight))
    invert_bands(ink, gray, bands)
    kept = np.ones_like(light)  # False on the rules' pixels
    erase_rules(kept, light, rules)
    ink &= kept
    page = for_tesseract(gray, ink, kept, bands) if grey else np.where(ink, 0, 255)
    return Prepared(Image.fromarray(page.astype(np.uint8)), ink, straight, rules, bands,
                    angle, height)


def for_tesseract(gray: np.ndarray, ink: np.ndarray, kept: np.ndarray,
                  bands: Sequence[Band]) -> np.ndarray:
    """The page Tesseract reads: grey, not thresholded, since its line recogniser reads
    the grey; one threshold for the page cuts the thin strokes of a blurred light digit
    that bold type beside it sets the threshold under ("561" read "Al"). Rules' pixels
    are paper; a dark band's text comes from `ink`, already inverted."""
    page = np.where(kept, gray, 255).astype(np.uint8)
    for band in bands:
        area = np.s_[band.y0:band.y1 + 1, band.x0:band.x1 + 1]
        page[area] = np.where(ink[area], 0, 255)
    return page
