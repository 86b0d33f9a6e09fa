"""A second OCR look at table cells that came back empty or unreadable where a value is
expected.

Tesseract reading a whole page sometimes drops a short number ("5", "0") that
stands alone in a wide cell, or reads one as letters ("tl"). Where a row of a
table has values in the other columns, and the column has values in other
rows, such a cell is read again on its own crop, as one line of digits. A
word found that way is marked `reread`; its value is flagged `ocr_repaired`,
so a person can look at it.

    value_blocks    the page's runs of table rows (a label, then values), and their columns
    doubtful_cells  (row line, column, words) where a value is expected and none stands
    empty_cells     the value cells of lines between a block's rows that hold nothing
    reread          the crop read as one line of digits; when that reads nothing, a lone
                    word of digit-like letters ("I", "H") is taken as those digits, marked
    second_opinion  every number in a value cell read again, all on one strip: where the
                    two reads disagree, the number is flagged low_confidence
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image

from ..layout.body import is_body_line
from ..layout.columns import find_columns
from ..layout.geometry import median_line_height
from ..layout.lines import PlacedLine, group_lines
from ..layout.phrases import split_phrases
from ..lexicon.numbers import is_numeric_token
from ..model import Word

# Rows of one table are never further apart than this many text heights.
ROW_REACH = 4.0
# A crop with less ink than this share is an empty cell on paper too.
MIN_INK = 0.004
# At most this many cells are read again on one page: each is a Tesseract run.
MAX_CELLS = 16
MIN_CONFIDENCE = 0.5
# A misgrouped number is read again whole when it has at most this many groups.
MISGROUPED_WORDS = 3
WHITELIST = "0123456789,.%()"
# Whole words Tesseract reads for a lone "11".
LONE_DIGITS = {"H": "11", "tl": "11", "ll": "11", "Il": "11", "lI": "11", "II": "11"}
# A number two reads disagree on gets this confidence: under the line that flags it.
DISPUTED_CONFIDENCE = 0.5
# Letters OCR reads for digits, compared as those digits.
OCR_DIGITS = str.maketrans("lI|!OoDSsBZ", "11110005582")


def value_blocks(lines: Sequence[PlacedLine], height: float
                 ) -> list[tuple[list[PlacedLine], list[tuple[float, float]]]]:
    """Runs of at least two table rows (lines with a label and values) close together,
    each with its value columns."""
    anchors = [line for line in lines if is_body_line(split_phrases(line, (), height))]
    blocks: list[list[PlacedLine]] = []
    for previous, line in itertools.pairwise([None, *anchors]):
        if previous is not None and line.top - previous.bottom <= ROW_REACH * height:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    found = []
    for block in blocks:
        if len(block) < 2:
            continue
        columns = find_columns([split_phrases(line, (), height) for line in block], ())
        if len(columns) > 2 or (len(columns) == 2 and len(block) >= 3):
            found.append((block, columns))
    return found


def doubtful_cells(block: Sequence[PlacedLine], columns: Sequence[tuple[float, float]]
                   ) -> list[tuple[PlacedLine, tuple[float, float], list[Word]]]:
    """(row, column extent, the words in it) of every value cell of the block that is
    empty, holds no number, or digit groups that make no number ("19 9092")."""
    cells = []
    rows_in = [{id(line) for line in block for w in line.words if _column(w, columns) == i}
               for i in range(len(columns))]
    for line in block:
        values = [w for w in line.words if (w.x0 + w.x1) / 2 > columns[0][1]]
        # One number misgrouped ("19 9092") may have made two columns of a one-column
        # table: then all of it is read again. (Many groups are many columns' numbers, and
        # so are groups one in each column where other rows have values too.)
        own = [_column(w, columns) for w in values]
        columns_of_the_table = (None not in own and len(set(own)) == len(own)
                                and all(rows_in[i] - {id(line)} for i in own))
        if len(values) <= MISGROUPED_WORDS and _misgrouped(values) \
                and not columns_of_the_table:
            cells.append((line, (columns[1][0], columns[-1][1]), values))
            continue
        for x0, x1 in columns[1:]:
            words = [w for w in line.words if x0 - 2 <= (w.x0 + w.x1) / 2 <= x1 + 2]
            if not any(is_numeric_token(w.text) for w in words) or _misgrouped(words):
                cells.append((line, (x0, x1), words))
    return cells


def _column(word: Word, columns: Sequence[tuple[float, float]]) -> int | None:
    """The value column a word's middle falls in, if any."""
    middle = (word.x0 + word.x1) / 2
    return next((i for i, (x0, x1) in enumerate(columns) if i and x0 - 2 <= middle <= x1 + 2),
                None)


def empty_cells(lines: Sequence[PlacedLine], columns: Sequence[tuple[float, float]],
                words: Sequence[Word], pad: float
                ) -> list[tuple[PlacedLine, tuple[float, float], list[Word]]]:
    """(row, column extent, no words) of every value cell of these lines where no word
    was read, not even one of a neighbouring row (the crop, `pad` around, is clear)."""
    return [(line, (x0, x1), []) for line in lines for x0, x1 in columns[1:]
            if not any(w.x1 > x0 - pad and w.x0 < x1 + pad and w.bottom > line.top - pad
                       and w.top < line.bottom + pad for w in words)]


def _misgrouped(words: Sequence[Word]) -> bool:
    """Digits alone in several groups, a later one not of three or the first of more: a
    space or digit misread ("19 9092", "1539 247")."""
    texts = [w.text for w in words]
    return (len(texts) > 1 and all(t.isdigit() for t in texts)
            and (any(len(t) != 3 for t in texts[1:]) or len(texts[0]) > 3))


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
                          settings) -> tuple[list[Word], list[Word]]:
    """(words found, words they replace) by reading each empty or unreadable value cell of
    the page's tables again."""
    lines = group_lines(words)
    if not lines:
        return [], []
    height = median_line_height(lines)
    found: list[Word] = []
    replaced: list[Word] = []
    budget = MAX_CELLS
    for block, columns in value_blocks(lines, height):
        # A row between the block's rows whose value OCR missed altogether reads as a label
        # alone: its value cells are looked at too (an empty one has no ink to read).
        between = [line for line in lines if block[0].top < line.top < block[-1].top
                   and line not in block]
        pad = 0.4 * height
        for line, (x0, x1), old in (doubtful_cells(block, columns)
                                    + empty_cells(between, columns, words, pad)):
            if budget == 0:
                return found, replaced
            budget -= 1
            # Misgrouped digits are read again whatever Tesseract's confidence (often 0
            # for a whitelisted line): the number keeps that confidence, so it is flagged.
            new = reread(image, (x0 - pad, line.top - pad, x1 + pad, line.bottom + pad),
                         scale, settings, 0.0 if _misgrouped(old) else MIN_CONFIDENCE)
            if not new:
                new = _letters_as_digits(old)
            if new and [w.text for w in new] != [w.text for w in old]:  # else nothing changed
                found += new
                replaced += old
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
                   settings) -> list[Word]:
    """The page's words, those in table value cells read once more on their own.

    Tesseract reading a whole page is sometimes sure and wrong ("7319" for "7310": a
    slashed zero's dot merged by thresholding). Each number in a value cell is cropped
    from the grey page (`image`, before thresholding), the crops stacked on one strip
    and read in one run as digits; a number the two reads disagree on keeps its first
    reading, at a confidence under the low-confidence line, so its value is flagged for
    a person."""
    lines = group_lines(words)
    if not lines:
        return list(words)
    height = median_line_height(lines)
    targets = [w for block, columns in value_blocks(lines, height) for line in block
               for w in line.words if is_numeric_token(w.text)
               and any(x0 - 2 <= (w.x0 + w.x1) / 2 <= x1 + 2 for x0, x1 in columns[1:])]
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
    disputed = set()
    for word, (top, bottom) in zip(targets, spans, strict=True):
        again = "".join(text for middle, text in read if top <= middle <= bottom)
        if _digits(again) != _digits(word.text):
            disputed.add(id(word))
    return [replace(w, confidence=min(w.confidence, DISPUTED_CONFIDENCE))
            if id(w) in disputed else w for w in words]


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


def _digits(text: str) -> str:
    return "".join(ch for ch in text.translate(OCR_DIGITS) if ch.isdigit())
