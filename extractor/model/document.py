"""What was read: a source as pages of positioned words and lines in reading order.

Readers give `SourceWords` (a PDF's pages of positioned words and graphics, each with
provenance and confidence; a text edition's lines as printed); the layout stage makes
them a `Document` (pages → lines in reading order → words), which the later stages only
read. Every coordinate is in PDF points from the page's top-left; a text edition is laid
out as one page of fixed-pitch characters (`TEXT_CHAR_WIDTH` by `TEXT_LINE_HEIGHT`
points), so every stage measures in one unit.

`group_lines` is the one geometric rule both stages need (the OCR reader drops lines of
noise, layout builds lines and cells): words whose middles fall within a line's extent
share that line. It is here, below both, so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .geometry import PageGraphics

# A text edition's character cell, in points: Courier 10 pt is 6 pt wide.
TEXT_CHAR_WIDTH = 6.0
TEXT_LINE_HEIGHT = 12.0


class PageMethod(StrEnum):
    """How a page was read."""

    TEXT_LAYER = "text-layer"
    OCR = "ocr"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Word:
    """One whitespace-separated word, positioned on its line."""

    text: str
    x0: float  # left edge, points from the page's left (a text edition: see TEXT_CHAR_WIDTH)
    x1: float
    confidence: float = 1.0
    top: float = 0.0  # points from the top of the page
    bottom: float = 0.0
    reread: bool = False  # read by a second OCR pass on its cell alone


def words_box(words: Sequence[Word]) -> tuple[float, float, float, float] | None:
    """The box around some words: (x0, top, x1, bottom)."""
    if not words:
        return None
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """A line of words at one height, before it becomes a `Line`."""

    words: tuple[Word, ...]
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def group_lines(words: Sequence[Word]) -> list[PlacedLine]:
    """Words whose vertical middles fall within a line's extent share that line."""
    lines: list[list[Word]] = []
    top = bottom = 0.0  # the extent of the current line, kept as it grows (linear time)
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        if lines and top <= middle <= bottom:
            lines[-1].append(word)
            top, bottom = min(top, word.top), max(bottom, word.bottom)
            continue
        lines.append([word])
        top, bottom = word.top, word.bottom
    placed = []
    for group in lines:
        ordered = tuple(sorted(group, key=lambda w: w.x0))
        placed.append(PlacedLine(ordered, min(w.top for w in group),
                                 max(w.bottom for w in group)))
    return placed


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its text, its words, and where it came from."""

    text: str
    number: int  # 1-based line number within the source (text) or page (PDF)
    page: int | None = None  # 1-based page; None for inputs without pages
    words: tuple[Word, ...] = ()
    confidence: float = 1.0

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Source:
    """What was read: enough to tell two inputs apart and to cite them."""

    path: str
    name: str
    sha256: str
    kind: str  # "text", "pdf"
    pages: int | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class StripCheck:
    """A doubtful text layer compared with a quick OCR of a strip of its page."""

    top: float  # points from the top of the page
    bottom: float
    ocr_words: int  # words of two characters or more OCR read in the strip
    layer_words: int  # the text layer's words there
    agreement: float | None  # share of OCR's words the layer has too; None: OCR read none
    said: str  # "trusted", "junk", or "unchecked" (no OCR: --ocr never, or no Tesseract)


@dataclass(frozen=True)
class DictionaryCheck:
    """A layer doubtful by the report's words, scored again with the dictionaries of the
    languages Tesseract reads here (`readers/dictionaries.py`): a page in another language."""

    languages: tuple[str, ...]
    score: float | None  # as TextLayerCheck.score, any of these languages' words known
    said: str  # "trusted" (read, no strip), "doubtful" (the strip decides) or "junk" (OCR'd)
    # Share of the layer's letters no installed language reads (None: no letters).
    unreadable_letters: float | None = None


@dataclass(frozen=True)
class TextLayerCheck:
    """Whether a page's text layer reads like text (`readers/text_quality.py`)."""

    verdict: str  # "trusted", "junk", "doubtful" (then `strip` decides), "empty" (no layer)
    score: float | None  # 0 to 1, the share of its words that read as text; None: no words
    strip: StripCheck | None = None
    dictionary: DictionaryCheck | None = None  # doubtful and junk layers; before the strip

    @property
    def outcome(self) -> str:
        """What decides before any strip: the dictionaries' word when they were asked,
        else the verdict ("trusted", "doubtful", "junk" or "empty")."""
        return self.dictionary.said if self.dictionary is not None else self.verdict


@dataclass(frozen=True)
class PageInfo:
    """How one PDF page was read."""

    number: int
    width: float  # points
    height: float
    method: PageMethod
    words: int = 0
    mean_confidence: float | None = None
    cached: bool = False
    seconds: float = 0.0
    note: str = ""
    text_layer: TextLayerCheck | None = None  # None: the layer was not read (--ocr always)
    turned: int = 0  # degrees clockwise the page was turned to read its text upright


@dataclass(frozen=True)
class PageWords:
    """One PDF page as a reader gives it: how it was read, its words, what it draws."""

    info: PageInfo
    words: tuple[Word, ...]  # in no particular order: layout places them
    graphics: PageGraphics


@dataclass(frozen=True)
class SourceWords:
    """A source as a reader gives it, before layout: a PDF's pages of positioned words, or
    a text edition's lines as printed (it has no pages, and its lines are its own)."""

    source: Source
    pages: tuple[PageWords, ...] = ()
    lines: tuple[Line, ...] = ()  # a text edition's lines
    ocr: dict[str, str] | None = None  # engine, version, language and settings, when OCR ran


@dataclass(frozen=True)
class Marker:
    """A footnote marker ("1)", "¹⁾") as printed after a word, kept as an annotation of
    that word's line: never part of a label, a header or a number."""

    page: int | None
    line: int
    text: str  # the marker as printed
    after: str  # the word it marks


@dataclass(frozen=True)
class Document:
    """A source read into lines, in reading order."""

    source: Source
    lines: tuple[Line, ...]
    pages: tuple[PageInfo, ...] = ()
    ocr: dict[str, str] | None = None  # engine, version, language and settings, when OCR ran
    graphics: tuple[PageGraphics, ...] = ()  # each page's rules and shading, for tables
    furniture: tuple[Line, ...] = ()  # running headers, footers, page numbers: dropped
    markers: tuple[Marker, ...] = ()  # footnote markers taken off the words they mark


