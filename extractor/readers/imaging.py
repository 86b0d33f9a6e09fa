"""Page images made ready for OCR: pure functions over Pillow images and numpy arrays.

    clean        grayscale, a median filter against scanner speckle
    deskew       the small rotation of a scanned page, found by projection profiles
    binarize     Otsu's threshold: black text on white
    find_rules   horizontal table rules (long dark runs), returned and erased so
                 that Tesseract does not read them as letters ("nd JE EG MTU ee ea")
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageFilter

# Rotations tried when deskewing, in degrees: scanners tilt pages by under a couple.
MAX_SKEW = 2.0
SKEW_STEP = 0.1
# A rule is a dark run at least this share of the page width.
RULE_SHARE = 0.15
# Hairline rules render as light grey: anything darker than this may be part of one.
RULE_GRAY = 200


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


def _longest_runs(ink: np.ndarray) -> np.ndarray:
    """Per row, the longest run of ink pixels."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    changes = np.diff(padded, axis=1)
    longest = np.zeros(ink.shape[0], dtype=np.int64)
    rows_start, cols_start = np.nonzero(changes == 1)
    _, cols_end = np.nonzero(changes == -1)
    np.maximum.at(longest, rows_start, cols_end - cols_start)
    return longest


def find_rules(ink: np.ndarray) -> list[tuple[int, int]]:
    """(first row, last row) of every horizontal rule in a mask of (light) ink."""
    # Let a rule that drifts two pixels over its length (a residual skew) count as one run.
    thick = ink.copy()
    for shift in (1, 2):
        thick[shift:] |= ink[:-shift]
        thick[:-shift] |= ink[shift:]
    is_rule = _longest_runs(thick) >= RULE_SHARE * ink.shape[1]
    rules, start = [], None
    for row, flag in enumerate(is_rule):
        if flag and start is None:
            start = row
        elif not flag and start is not None:
            rules.append((start, row - 1))
            start = None
    if start is not None:
        rules.append((start, len(is_rule) - 1))
    # A rule is thin; a tall dark band is a picture or a bar of a chart.
    return [(a, b) for a, b in rules if b - a <= 12]


def erase_rules(ink: np.ndarray, light: np.ndarray, rules: list[tuple[int, int]],
                window: int = 41) -> None:
    """Clear the pixels of each rule (long horizontal ink), not the letters touching it."""
    kernel = np.ones(window) / window
    for first, last in rules:
        for row in range(max(first - 1, 0), min(last + 2, ink.shape[0])):
            density = np.convolve(light[row].astype(np.float64), kernel, mode="same")
            ink[row, density > 0.5] = False


def prepare(image: Image.Image, denoise: bool = False) -> tuple[Image.Image, list[float], float]:
    """The page ready for Tesseract, the rules' middles (pixel rows), and the skew fixed.

    `denoise` adds a median filter against speckle; it costs a third of the
    page's preparation and changed no value on the samples, so it is off.
    """
    straight, angle = deskew(image.convert("L"))
    # Rules are found before the median filter, which would wipe out one-pixel hairlines.
    light = np.asarray(straight) < RULE_GRAY
    rules = find_rules(light)
    ink = binarize(clean(straight) if denoise else straight)
    erase_rules(ink, light, rules)
    page = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))
    return page, [(a + b) / 2 for a, b in rules], angle
