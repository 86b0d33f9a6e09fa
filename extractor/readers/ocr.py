"""Tesseract, wrapped: settings, and one page image read with a timeout.

A page is rendered, prepared (`imaging.prepare`), read with `image_to_data` (word boxes
and confidences), and returned as `Word`s in PDF points with the rules found on it; ink
left unread and doubtful value cells are read again (`reread.py`). Pages are OCR'd in
worker processes, through the cache, by `ocr_pages.py`; a strip of a page, to check a
doubtful text layer, by `ocr_strips` here.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError
from ..lexicon.numbers import is_numeric_token
from ..model import Word, group_lines
from ..model.grid import PageGraphics, Rule, Shade, ValueCellFinder

if TYPE_CHECKING:  # Pillow and numpy load only when a page is OCR'd: text PDFs start faster
    from PIL import Image

    from .imaging import Prepared

INSTALL_HINT = "install Tesseract with Norwegian: apt-get install tesseract-ocr tesseract-ocr-nor"
# Lines whose words Tesseract itself doubts this much, with no digit or % in them, are the
# remains of rules, logos and specks ("nd JE EG MTU ee ea"), not text.
NOISE_CONFIDENCE = 0.45


@dataclass(frozen=True)
class OcrSettings:
    """How pages are OCR'd; every field is recorded in report.json."""

    language: str = "nor"
    dpi: int = 300  # Helvetica 11 pt has an x-height near 24 px at 300 dpi
    psm: int = 4  # one column of variable-size text; psm 3, 4, 6 tie on the samples (BENCHMARKS.md)
    oem: int = 1  # the LSTM engine
    timeout: float = 120.0  # seconds per page
    extra: str = "-c tessedit_do_invert=0"  # pages are black on white: skip the inverted pass
    grey: bool = False  # Tesseract reads the grey page, not the one thresholded here

    def config(self) -> str:
        return f"--oem {self.oem} --psm {self.psm} {self.extra}".strip()


@dataclass
class PageOcr:
    """What OCR made of one page: words, rules and dark bands, in points."""

    page: int
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    shades: list[Shade] = field(default_factory=list)
    skew: float = 0.0
    cached: bool = False
    timed_out: bool = False
    seconds: float = 0.0
    cache_problem: str = ""  # what went wrong with this page's cache entry, if anything

    def graphics(self) -> PageGraphics:
        return PageGraphics(self.page, tuple(self.rules), tuple(self.shades))


def tesseract_version() -> str | None:
    """Tesseract's version, or None when it is not installed."""
    if shutil.which("tesseract") is None:
        return None
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def require_tesseract(settings: OcrSettings) -> str:
    """Tesseract's version; InputError with the install command when it cannot run."""
    version = tesseract_version()
    if version is None:
        raise InputError(f"Tesseract is not installed; {INSTALL_HINT}")
    import pytesseract

    installed = set(pytesseract.get_languages(config=""))
    for language in settings.language.split("+"):
        if language not in installed:
            package = "tesseract-ocr-" + language.replace("_", "-")
            raise InputError(f"Tesseract has no '{language}' language data; install it: "
                             f"apt-get install {package}")
    return version


# A point or comma after a table's number ("74."): a speck OCR read, never part of a value
# (a sentence's closing point after a bare number is lost with it, harmlessly). One digit
# and a point is an ordinal ("1. kvartal"), kept.
_STRAY_POINT = re.compile(r"^([0-9]{2,3}(?: ?[0-9]{3})*|[0-9](?: ?[0-9]{3})+)[.,]$")
# A word of points and commas alone: a speck of dust or noise, never text.
_SPECK = re.compile(r"^[.,:;'`‘’\"]+$")


def words_from_data(data: dict[str, list], scale: float) -> list[Word]:
    """Tesseract's image_to_data table → words in points (pixels / scale)."""
    words = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"],
        strict=True,
    ):
        text = _STRAY_POINT.sub(r"\1", str(text).strip())
        if not text or float(conf) < 0 or _SPECK.match(text):
            continue
        words.append(Word(text, left / scale, (left + width) / scale,
                          confidence=round(float(conf) / 100, 3),
                          top=top / scale, bottom=(top + height) / scale))
    return words


# Two words share their ink when they overlap this much of the narrower one's width
# while standing in the same band (half the lower one's height).
SHARED_INK = 0.6


def drop_doubled_words(words: Sequence[Word]) -> list[Word]:
    """Without words that read ink another word reads too: Tesseract now and then gives a
    line twice, as two lines of one paragraph (bold header text beside a taller cell:
    "Tal på selskap 2018-" and, over the same ink, "al", "på", "s", "ap"). Of two words
    sharing their ink the wider is kept (on a tie, the more confident); but a word over
    the ink of two or more cells read again on their own (`reread`) ran across cells
    ("040202" over "0,4", "0,2" and "0,2"), and the cells' reads are kept."""
    reread = [w for w in words if w.reread]
    words = [w for w in words
             if w.reread or sum(_shares_ink(w, cell) for cell in reread) < 2]
    ranked = sorted(words, key=lambda w: (w.x1 - w.x0, w.confidence), reverse=True)
    kept: list[Word] = []
    bands: dict[int, list[Word]] = {}  # kept words by the 10 pt bands they touch
    for word in ranked:
        touched = range(int(word.top // 10), int(word.bottom // 10) + 1)
        if not any(_shares_ink(word, other) for band in touched for other in bands.get(band, ())):
            kept.append(word)
            for band in touched:
                bands.setdefault(band, []).append(word)
    order = {id(w): i for i, w in enumerate(words)}
    return sorted(kept, key=lambda w: order[id(w)])


def _shares_ink(a: Word, b: Word) -> bool:
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    down = min(a.bottom, b.bottom) - max(a.top, b.top)
    narrower = min(a.x1 - a.x0, b.x1 - b.x0)
    lower = min(a.bottom - a.top, b.bottom - b.top)
    return across > 0 and across >= SHARED_INK * narrower and down >= 0.5 * lower


# A ghost is at most this long, and touches its word within this share of its height.
GHOST_LENGTH = 2
GHOST_GAP = 0.12


def drop_ghost_prefixes(words: Sequence[Word]) -> list[Word]:
    """Without the ghost of a word's first letters just left of it: Tesseract now and then
    gives a word's start a second time as a word of its own, touching or overlapping the
    whole word ("1,3 mi mill.", "1,7 m mill.", "h har"); a printed space is wider than
    that, so two real words never touch so. The ghost, in a value cell, makes the
    cell unreadable."""
    ghosts = set()
    for line in group_lines(words):
        for left, right in itertools.pairwise(line.words):
            height = max(left.bottom - left.top, right.bottom - right.top)
            if (len(left.text) <= GHOST_LENGTH and left.text.isalpha()
                    and len(right.text) > len(left.text)
                    and right.text.lower().startswith(left.text.lower())
                    and right.x0 - left.x1 <= GHOST_GAP * height
                    and left.x1 < right.x1):
                ghosts.add(id(left))
    return [w for w in words if id(w) not in ghosts]


# Two runs of digits, or of letters, this close (a share of their height) are one word: a
# printed space between words, thousands groups included, leaves about half the height.
SPLIT_WORD_GAP = 0.2
_DIGITS = re.compile(r"[0-9]+")  # not str.isdigit: superscript footnote digits are not
_LETTER = re.compile(r"[^\W\d_]")


def join_split_words(words: Sequence[Word]) -> list[Word]:
    """Words Tesseract cut in two with no space between them as one word, line by line:
    digits ("7" "9" for "79"; were they two thousands groups after all, the number is the
    same), or letters ("2019-rapporterin" "g", which no header pattern knows)."""
    out: list[Word] = []
    for line in group_lines(words):
        run: Word | None = None
        for word in line.words:
            if run is not None and _cut_in_two(run, word):
                run = Word(run.text + word.text, run.x0, word.x1,
                           min(run.confidence, word.confidence), min(run.top, word.top),
                           max(run.bottom, word.bottom), run.reread or word.reread)
                continue
            if run is not None:
                out.append(run)
            run = word
        if run is not None:
            out.append(run)
    return out


def _cut_in_two(left: Word, right: Word) -> bool:
    height = max(left.bottom - left.top, right.bottom - right.top)
    digits = _DIGITS.fullmatch(left.text) is not None and _DIGITS.fullmatch(right.text) is not None
    # A word goes on in its own case: "selskap" "P" (a speck read as a capital) is not
    # one word.
    letters = (_LETTER.fullmatch(left.text[-1]) is not None
               and _LETTER.fullmatch(right.text[0]) is not None
               and not (left.text[-1].islower() and right.text[0].isupper()))
    return (digits or letters) and 0 <= right.x0 - left.x1 <= SPLIT_WORD_GAP * height


def drop_noise(words: Sequence[Word]) -> list[Word]:
    """Without lines that are the remains of rules and specks: low confidence, no digit;
    and without words doubled (`drop_doubled_words`) or ghosts of a word's start
    (`drop_ghost_prefixes`); words cut in two joined (`join_split_words`)."""
    words = join_split_words(drop_ghost_prefixes(drop_doubled_words(words)))
    kept: list[Word] = []
    for line in group_lines(words):
        mean = _mean_confidence(line.words)
        has_digit = any(ch.isdigit() or ch == "%" for w in line.words for ch in w.text)
        has_text = any(ch.isalnum() for w in line.words for ch in w.text)
        if has_text and (mean >= NOISE_CONFIDENCE or has_digit):
            kept += line.words
    return kept


# At most this many areas of unread ink are read again on one page: each is a Tesseract run.
MAX_UNREAD = 6
# Read again, an area is one block of text (Tesseract's page layout skipped it once).
UNREAD_PSM = 6
# A word (not a number) Tesseract gives less confidence than this has not been read: its ink
# is read again with what is unread around it. Its page layout mixes the lines of a header
# cell set on two or three lines beside one-line cells into a string like "eg" over a whole
# "Antall selskap 2016-rapportering", or runs a label into the value beside it
# ("eksterne," over "eksterne 50"); such words come back under 0.1-0.3.
UNREAD_CONFIDENCE = 0.35


def read_unread_ink(prepared: Prepared, words: Sequence[Word], scale: float,
                    settings: OcrSettings) -> tuple[list[Word], list[Word]]:
    """(words found, words they replace) by reading again, each area on its own, the ink
    the page's OCR left unread or read with almost no confidence."""
    import pytesseract

    from .unread import unread_ink

    boxes = [(word, _pixel_box(word, scale), _doubted(word)) for word in words]
    read = [box for _, box, doubted in boxes if not doubted]
    doubted = [(word, box) for word, box, doubted in boxes if doubted]
    ink = prepared.ink
    found: list[Word] = []
    replaced: list[Word] = []
    pad = round(prepared.ink_line_height / 2)
    for x0, y0, x1, y1 in unread_ink(ink, read, prepared.ink_line_height)[:MAX_UNREAD]:
        x0, y0 = max(x0 - pad, 0), max(y0 - pad, 0)
        area = (x0, y0, x1 + pad, y1 + pad)
        data_again = pytesseract.image_to_data(
            prepared.image.crop(area), lang=settings.language,
            output_type=pytesseract.Output.DICT,
            config=f"--oem {settings.oem} --psm {UNREAD_PSM} {settings.extra}".strip(),
            timeout=settings.timeout)
        data_again["left"] = [left + x0 for left in data_again["left"]]
        data_again["top"] = [top + y0 for top in data_again["top"]]
        # The crop's box may take in words read the first time: those are kept once.
        again = [w for w in words_from_data(data_again, scale)
                 if not any(_covers(box, w, scale) for box in read)]
        inside = [word for word, box in doubted if _covers(area, word, scale)]
        if inside and _mean_confidence(again) <= _mean_confidence(inside):
            continue  # the second read is no surer than the first: the first stands
        found += again
        replaced += inside
    return found, replaced


def _doubted(word: Word) -> bool:
    """A word read with almost no confidence, not a number: numbers in tables have reads
    of their own (reread.py), and a crop read as text trades a low-confidence "68" for
    letters as readily as it mends a garbled header."""
    return word.confidence < UNREAD_CONFIDENCE and not is_numeric_token(word.text)


def _pixel_box(word: Word, scale: float) -> tuple[int, int, int, int]:
    return (round(word.x0 * scale), round(word.top * scale), round(word.x1 * scale),
            round(word.bottom * scale))


def _mean_confidence(words: Sequence[Word]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def _covers(box: tuple[int, int, int, int], word: Word, scale: float) -> bool:
    """Whether a box (pixels) holds most of a word (points)."""
    x0, top, x1, bottom = (v * scale for v in (word.x0, word.top, word.x1, word.bottom))
    width = min(x1, box[2]) - max(x0, box[0])
    height = min(bottom, box[3]) - max(top, box[1])
    return width > 0 and height > 0 and width * height >= 0.5 * (x1 - x0) * (bottom - top)


def ocr_image(image: Image.Image, settings: OcrSettings, cells: ValueCellFinder) -> PageOcr:
    """One rendered page → Tesseract's words (and those of a second look at value cells it
    left empty or unreadable, which `cells` finds), the rules and dark bands found;
    coordinates in points."""
    import pytesseract

    from .imaging import prepare
    from .reread import reread_doubtful_cells, second_opinion

    scale = settings.dpi / 72
    prepared = prepare(image, grey=settings.grey)
    data = pytesseract.image_to_data(
        prepared.image, lang=settings.language, config=settings.config(),
        output_type=pytesseract.Output.DICT, timeout=settings.timeout,
    )
    words = words_from_data(data, scale)
    found, replaced = read_unread_ink(prepared, words, scale, settings)
    words = _without(words, replaced) + found
    found, replaced = reread_doubtful_cells(prepared.image, words, scale, settings, cells)
    words = _without(words, replaced) + found
    words = second_opinion(prepared.gray, words, scale, settings, cells)
    rules = [Rule(r.x0 / scale, r.y0 / scale, r.x1 / scale, r.y1 / scale)
             for r in prepared.rules]
    shades = [Shade(b.x0 / scale, b.y0 / scale, b.x1 / scale, b.y1 / scale, dark=True)
              for b in prepared.bands]
    return PageOcr(0, words, rules, shades, prepared.skew)


def _without(words: Sequence[Word], gone: Sequence[Word]) -> list[Word]:
    ids = {id(word) for word in gone}
    return [word for word in words if id(word) not in ids]


def render_page(path: str, index: int, dpi: int, password: str | None = None) -> Image.Image:
    """Page `index` (0-based) as a grayscale image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path, password=password)
    try:
        bitmap = document[index].render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


# A strip is read as one block of text: it is a few lines cut from a page.
STRIP_PSM = 6


def ocr_strips(path: str, strips: Sequence[tuple[int, float, float]], settings: OcrSettings,
               password: str | None = None) -> dict[int, list[str]]:
    """The words OCR reads in a strip of each page: (page, top, bottom) in points. A quick
    look to check a doubtful text layer against (readers/text_quality.py), so not cached,
    and without the page OCR's preparation: a few lines need no deskewing. Runs in a worker
    process."""
    import pypdfium2 as pdfium
    import pytesseract

    document = pdfium.PdfDocument(path, password=password)
    found: dict[int, list[str]] = {}
    try:
        for number, top, bottom in strips:
            page = document[number - 1]
            height = page.get_height()
            bitmap = page.render(scale=settings.dpi / 72, grayscale=True,
                                 crop=(0, max(height - bottom, 0), 0, max(top, 0)))
            try:
                data = pytesseract.image_to_data(
                    bitmap.to_pil().convert("L"), lang=settings.language,
                    output_type=pytesseract.Output.DICT, timeout=settings.timeout,
                    config=f"--oem {settings.oem} --psm {STRIP_PSM} {settings.extra}".strip())
            except RuntimeError as error:  # pytesseract's timeout: that page stays unchecked
                if "timeout" not in str(error).lower():
                    raise
                continue
            found[number] = [str(text).strip() for text, conf in zip(
                data["text"], data["conf"], strict=True)
                if str(text).strip() and float(conf) >= 0]
    finally:
        document.close()
    return found
