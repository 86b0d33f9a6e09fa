"""A second OCR look at table cells that came back empty or unreadable where a value is
expected.

Tesseract reading a whole page sometimes drops a short number ("5", "0") that
stands alone in a wide cell, or reads one as letters ("tl"). Where a row of a
table has values in the other columns, and the column has values in other
rows, such a cell is read again on its own crop, as one line of digits. A
word found that way is marked `reread`; its value is flagged `ocr_repaired`,
so a person can look at it.

Which cells those are is geometry, the layout stage's (layout/value_cells.py): the caller
gives it as a `ValueCellFinder` (model/grid.py), so that readers import no layout.

    reread_doubtful_cells  each empty or unreadable value cell read again
    reread          the crop read as one line of digits; when that reads nothing, a lone
                    word of digit-like letters ("I", "H") is taken as those digits, marked
    second_opinion  every number in a value cell read again, all on one strip: where the
                    two reads disagree, the number is flagged low_confidence
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image

from ..lexicon.numbers import OCR_DIGITS, is_numeric_token
from ..model import Word
from ..model.grid import ValueCellFinder

# A crop with less ink than this share is an empty cell on paper too.
MIN_INK = 0.004
# At most this many cells are read again on one page: each is a Tesseract run.
MAX_CELLS = 16
MIN_CONFIDENCE = 0.5
WHITELIST = "0123456789,.%()"
# Whole words Tesseract reads for a lone "11".
LONE_DIGITS = {"H": "11", "tl": "11", "ll": "11", "Il": "11", "lI": "11", "II": "11"}
# A number two reads disagree on gets this confidence: under the line that flags it.
DISPUTED_CONFIDENCE = 0.5


def reread(image: Image.Image, box: tuple[float, float, float, float], scale: float,
           settings, min_confidence: float = MIN_CONFIDENCE) -> list[Word]:
    """The words of one crop (points) read as a single line of digits."""
    import pytesseract

    x0, top, x1, bottom = (round(v * scale) for v in box)
    crop = image.crop((max(x0, 0), max(top, 0), min(x1, image.width), min(bottom, image.height)))
    if crop.width < 4 or crop.height < 4:
        return []
    if (np.asarray(crop) < 128).mean() < MIN_INK:
        return []
    data = pytesseract.image_to_data(
        crop, lang=settings.language, output_type=pytesseract.Output.DICT,
        config=f"--oem {settings.oem} --psm 7 -c tessedit_char_whitelist={WHITELIST}",
        timeout=settings.timeout)
    words = []
    for text, conf, left, word_top, width, height in zip(
            data["text"], data["conf"], data["left"], data["top"], data["width"],
            data["height"], strict=True):
        text = str(text).strip()
        if text and float(conf) / 100 >= min_confidence and is_numeric_token(text):
            words.append(Word(text, (max(x0, 0) + left) / scale,
                              (max(x0, 0) + left + width) / scale, round(float(conf) / 100, 3),
                              (max(top, 0) + word_top) / scale,
                              (max(top, 0) + word_top + height) / scale, reread=True))
    return words


def reread_doubtful_cells(image: Image.Image, words: Sequence[Word], scale: float,
                          settings, cells: ValueCellFinder) -> tuple[list[Word], list[Word]]:
    """(words found, words they replace) by reading each empty or unreadable value cell of
    the page's tables again (the first MAX_CELLS of them)."""
    found: list[Word] = []
    replaced: list[Word] = []
    for cell in cells.doubtful(words)[:MAX_CELLS]:
        # Misgrouped digits are read again whatever Tesseract's confidence (often 0
        # for a whitelisted line): the number keeps that confidence, so it is flagged.
        new = reread(image, cell.box, scale, settings,
                     0.0 if cell.misgrouped else MIN_CONFIDENCE)
        if not new:
            new = _letters_as_digits(cell.words)
        if new and [w.text for w in new] != [w.text for w in cell.words]:  # else no change
            found += new
            replaced += cell.words
    return found, replaced


def _letters_as_digits(words: Sequence[Word]) -> list[Word]:
    """A value cell holding one short word of letters that look like digits ("I", "lO"):
    those digits, marked reread so the value is flagged. Tesseract reads a lone "1" as "I"
    and, cropped alone, as nothing at all."""
    if len(words) != 1 or len(words[0].text) > 3 or not words[0].text.isalpha():
        return []  # "|" and "!" are as often a rule's remnant
    word = words[0]
    digits = LONE_DIGITS.get(word.text) or word.text.translate(OCR_DIGITS)
    return [replace(word, text=digits, reread=True)] if digits.isdigit() else []


# A second opinion is read from crops this far apart (in text heights), so Tesseract takes
# each for a line of its own.
CROP_GAP = 1.5


def second_opinion(image: Image.Image, words: Sequence[Word], scale: float,
                   settings, cells: ValueCellFinder) -> list[Word]:
    """The page's words, those in table value cells read once more on their own.

    Tesseract reading a whole page is sometimes sure and wrong ("7319" for "7310": a
    slashed zero's dot merged by thresholding). Each number in a value cell is cropped
    from the grey page (`image`, before thresholding), the crops stacked on one strip
    and read in one run as digits. Where the two reads disagree, a third read on the
    number's own crop decides: agreeing with the first, the first stands; with the second
    (and as many digits as the first, or the first no number), the number is the
    second's, marked reread (its value flagged ocr_repaired); with neither, the first
    reading stays at a confidence under the low-confidence line, so its value is flagged
    for a person. Whatever the third read, a second read that fills the box of a number
    Tesseract doubted where the first does not (`_fits_box_better`) is taken, marked
    reread."""
    targets, height = cells.numbers(words)
    if not targets:
        return list(words)
    pad = round(0.25 * height * scale)
    crops = [image.crop((round(w.x0 * scale) - pad, round(w.top * scale) - pad,
                         round(w.x1 * scale) + pad, round(w.bottom * scale) + pad))
             for w in targets]
    gap = round(CROP_GAP * height * scale)
    strip = Image.new("L", (max(c.width for c in crops) + 2 * gap,
                            sum(c.height + gap for c in crops) + gap), 255)
    spans, y = [], gap
    for crop in crops:
        strip.paste(crop, (gap, y))
        spans.append((y, y + crop.height))
        y += crop.height + gap
    read = _read_strip(strip, settings)
    digit_width = _digit_width(targets)
    settled: dict[int, Word] = {}
    disputes = 0
    for word, (top, bottom) in zip(targets, spans, strict=True):
        again = "".join(text for middle, text in read if top <= middle <= bottom)
        if _shape(again) == _shape(word.text):
            continue
        disputes += 1
        third = _third_read(image, word, height, scale, settings) \
            if disputes <= MAX_CELLS else None
        # The box Tesseract drew is a witness too, for a number it doubted itself: a digit
        # dropped or doubled leaves the box the width of the printed number. (A box sure
        # digits stand in may hold a rule's speck beside them, that a read takes for a 1.)
        boxed = (word.confidence < MIN_CONFIDENCE and is_numeric_token(again)
                 and _fits_box_better(again, word, digit_width))
        if third is not None and _shape(third) == _shape(word.text) and not boxed:
            continue  # two reads of three agree with the first
        if boxed or (third is not None and _shape(third) == _shape(again)
                     and is_numeric_token(third)
                     and (not is_numeric_token(word.text)
                          or len(_digits(third)) == len(_digits(word.text)))):
            settled[id(word)] = replace(word, text=again if boxed else third, reread=True)
        else:
            settled[id(word)] = replace(word, confidence=min(word.confidence,
                                                             DISPUTED_CONFIDENCE))
    return [settled.get(id(w), w) for w in words]


# Numbers read with this confidence or more measure the page's digit width.
SURE_CONFIDENCE = 0.9
# A number fills its box within this share of a digit; a digit dropped or doubled misses it
# by at least this share (a whole digit, less the ink's side bearings).
FITS, MISFITS = 0.5, 0.75
# A comma, point or space is about half a digit wide; a percent sign about one and a half.
_NARROW, _WIDE = ",. ()", "%"


def _units(text: str) -> float:
    """How many digits wide a number is printed: figures are as wide as each other in
    nearly every typeface (tabular figures), so a number's width counts its digits."""
    return sum(0.5 if ch in _NARROW else 1.5 if ch in _WIDE else 1.0 for ch in text)


def _digit_width(words: Sequence[Word]) -> float | None:
    """The width of one digit on this page (points): the median over numbers of four
    digits or more read surely (in shorter ones the ink's side bearings weigh: "19" is
    a digit narrower than two); None when too few were."""
    widths = sorted((w.x1 - w.x0) / _units(w.text) for w in words
                    if w.confidence >= SURE_CONFIDENCE and len(_digits(w.text)) >= 4)
    return widths[len(widths) // 2] if len(widths) >= 3 else None


def _fits_box_better(text: str, word: Word, digit_width: float | None) -> bool:
    """Whether `text` fills the box Tesseract drew around `word`, where the word's own text
    misses it by about a digit: a digit dropped or doubled ("5204" in the box of "561204",
    "14783100" in that of "1478310") while the box stayed right."""
    if digit_width is None:
        return False
    width = word.x1 - word.x0
    return (abs(_units(text) * digit_width - width) <= FITS * digit_width
            and abs(_units(word.text) * digit_width - width) >= MISFITS * digit_width)


def _third_read(image: Image.Image, word: Word, height: float, scale: float,
                settings) -> str | None:
    """A disputed number read a third time, on its own crop as one line of digits: two
    reads of three decide it (a line Tesseract's page layout ran together with a wrapped
    label reads "6 v 62 3" for "6 12 52 30"). None when the crop reads nothing."""
    across, down = 0.5 * height, 0.2 * height  # not into the rows above and below
    found = reread(image, (word.x0 - across, word.top - down, word.x1 + across,
                           word.bottom + down), scale, settings, 0.0)
    return "".join(w.text for w in found) or None


def _read_strip(strip: Image.Image, settings) -> list[tuple[float, str]]:
    """(vertical middle, text) of every word Tesseract reads on the strip, as digits."""
    import pytesseract

    data = pytesseract.image_to_data(
        strip, lang=settings.language, output_type=pytesseract.Output.DICT,
        config=f"--oem {settings.oem} --psm 6 -c tessedit_char_whitelist={WHITELIST}",
        timeout=settings.timeout)
    return [(top + height / 2, str(text).strip())
            for text, top, height in zip(data["text"], data["top"], data["height"],
                                         strict=True) if str(text).strip()]


def _shape(text: str) -> str:
    """A number as two reads must agree on it: its digits, and where a comma or point
    stands between them, either being a decimal mark here ("1,7" is not "17": OCR loses a
    comma, and "1,7 mill." became 17 million; "0,5" is "0.5")."""
    kept = "".join(ch for ch in text.translate(OCR_DIGITS) if ch.isdigit() or ch in ",.")
    return kept.strip(",.").replace(",", ".")


def _digits(text: str) -> str:
    return "".join(ch for ch in text.translate(OCR_DIGITS) if ch.isdigit())
