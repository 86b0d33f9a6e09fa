"""Whether a PDF page's text layer reads like text: trusted, junk, or doubtful.

A text layer is not always the text printed on the page. A scan may carry a bad OCR
layer (garbage words in invisible text over the image); a subset font without a
correct ToUnicode map makes pdfminer give letters that are not the ones drawn. Such a
layer has plenty of "words", so counting them trusts it, and the page is lost. These
pure functions judge the words instead: how many are words of a Norwegian AMS report
(a small word list, `words.txt`), numbers, or at least shaped like Norwegian words.
A page in between is doubtful: the caller OCRs a strip of it and compares
(`strip_agreement`). Nothing here renders, OCRs or opens a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..lexicon.words import vowels, word_letters
from ..model import Word
from ..model.spec import Locale

WORDS_FILE = Path(__file__).with_name("words.txt")
# Fewer readable words than this is no text layer at all (a scan, a blank page).
MIN_TEXT_WORDS = 5
# A word shaped like Norwegian but not in the list counts half: it is most likely a word
# the list lacks (another edition's prose), but a cipher of letters is shaped like it too.
WORDLIKE_WEIGHT = 0.5
# At or above: trusted without a second look; below JUNK_BELOW: junk without one.
TRUSTED_FROM = 0.6
JUNK_BELOW = 0.25
# Of the words the strip's OCR read, at least this share must be in the layer's strip.
STRIP_AGREES_FROM = 0.5
# The strip is this many points high (about six lines of 11 pt text).
STRIP_HEIGHT = 80.0

# 2 284 127 is three words; 18 %, 2,9, 31.12.2016, -5, 1. are numbers too.
NUMBER = re.compile(r"^[-+−–]?\d+(?:[.,]\d+)*[.,]?%?$")
# Codes of a report: Q1, 2016H1, 4G, m3.
CODE = re.compile(r"^(?:[A-Za-z]{1,3}\d{1,4}|\d{1,4}[A-Za-z]{1,3})$")
PUNCTUATION = "\"'«»“”‘’()[]{}.,:;!?*•·–—-/"
# A glyph pdfminer could not map to a character, alone (with punctuation around at most).
UNMAPPED_ALONE = re.compile(r"[^\w(]*\(cid:\d+\)\W*")
# Words with such a glyph in them (a font without a correct ToUnicode map drops its
# æ, ø, å: "m(cid:1)lepunkter") at least this share of the page's: the layer is junk, however
# well the rest reads. Alone, "(cid:127)" is a symbol font's bullet: up to 7 % of the words
# of a real page, and no sign of anything.
UNMAPPED_SHARE = 0.03
# Of a layer's letters, at least this share in scripts no installed OCR language reads
# (Hebrew, Japanese): the layer is the only reading there is (readers/pdf.dictionary_check).
FOREIGN_SCRIPT_FROM = 0.5
# The longest run of consonants a Norwegian compound has ("angstskrik" has 5).
MAX_CONSONANTS = 5


@cache
def vocabulary(path: Path = WORDS_FILE) -> frozenset[str]:
    """The word list, lower case (lines starting with # are comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines
                     if line.strip() and not line.startswith("#"))


def bare(token: str) -> str:
    """The token without the punctuation around it: "(målepunkter)," -> "målepunkter"."""
    return token.strip(PUNCTUATION + " ")


def wordlike(part: str, locale: Locale | None = None) -> bool:
    """Letters shaped like a word of the report's language (the spec's letters and vowels,
    accents of names and loanwords included): a vowel, no long consonant run, and the case
    of a word (lower, Capitalised or CAPITALS), never "xQzT". A cipher of real words
    often passes; random garbage rarely does."""
    vowel = vowels(locale)
    if not word_letters(locale).match(part) or not any(ch in vowel for ch in part.lower()):
        return False
    if not (part.islower() or part.isupper() or (part[0].isupper() and part[1:].islower())):
        return False
    run = 0
    for ch in part.lower():
        run = 0 if ch in vowel else run + 1
        if run > MAX_CONSONANTS:
            return False
    return True


def part_class(part: str, words: Container[str], locale: Locale | None = None) -> str:
    """One piece of a token: "known", "number", "wordlike" or "junk"."""
    if part.lower() in words:
        return "known"
    if NUMBER.match(part):
        return "number"
    if len(part) > 1 and (wordlike(part, locale) or CODE.match(part)):
        return "wordlike"
    return "junk"


def token_class(token: str, words: Container[str], locale: Locale | None = None) -> str:
    """One word of the layer: "known", "number", "wordlike", "junk", or "" (punctuation
    alone, "•", "-", ">", which says nothing). Compounds are judged by their parts:
    "AMS-målere" is known, "Gate-/veilys" too, "2015-rapporteringen" as well."""
    if "(cid:" in token:  # a bullet of a symbol font says nothing; a word with one is wrong
        return "" if UNMAPPED_ALONE.fullmatch(token) else "junk"
    core = bare(token)
    if not any(ch.isalnum() for ch in core):
        return ""
    parts = [p for p in re.split(r"[-/–]+", core) if p]
    classes = {part_class(bare(p), words, locale) if bare(p) else "" for p in parts} - {""}
    for kind in ("junk", "wordlike"):  # the worst part decides
        if kind in classes:
            return kind
    return "known" if "known" in classes else "number"


@dataclass(frozen=True)
class LayerScore:
    """What a page's words are made of, and the score: the share that reads as text."""

    words: int  # tokens judged (punctuation alone is not)
    known: int
    numbers: int
    wordlike: int
    junk: int
    unmapped: int = 0  # of the junk: words with a glyph pdfminer could not map

    @property
    def score(self) -> float:
        """0 (nothing reads) to 1 (every word a known word or a number). Numbers count
        only as far as known words vouch for them: a cipher turns digits into digits, so a
        table's numbers under unknown labels prove nothing."""
        if not self.words:
            return 0.0
        lettered = self.known + self.wordlike + self.junk
        vouched = self.numbers if not lettered else min(
            self.numbers, round(self.numbers * 2 * self.known / lettered))
        return round((self.known + vouched + WORDLIKE_WEIGHT * self.wordlike) / self.words, 3)


def score_words(tokens: Iterable[str], words: Container[str] | None = None,
                locale: Locale | None = None) -> LayerScore:
    """Count the page's tokens by class (`locale`: the spec's; None: the built-in spec's)."""
    words = vocabulary() if words is None else words
    tokens = list(tokens)
    counts = Counter(token_class(t, words, locale) for t in tokens)
    judged = sum(n for kind, n in counts.items() if kind)
    unmapped = sum(1 for t in tokens if "(cid:" in t and not UNMAPPED_ALONE.fullmatch(t))
    return LayerScore(judged, counts["known"], counts["number"], counts["wordlike"],
                      counts["junk"], unmapped)


def unreadable_share(tokens: Iterable[str], readable: frozenset[str]) -> float | None:
    """The share of the tokens' letters that OCR cannot read (not in `readable`, the
    installed languages' characters); None without letters. Private-use characters (a
    font's own codes, not text) are no letters: they never make a layer look foreign."""
    letters = [ch for token in tokens for ch in token
               if unicodedata.category(ch).startswith("L")]
    if not letters:
        return None
    return round(sum(ch not in readable for ch in letters) / len(letters), 3)


def verdict(score: LayerScore) -> str:
    """The page's verdict: "empty" (too few words to be a text layer: OCR the page, as
    ever), "trusted", "junk", or "doubtful" (the caller compares with OCR of a strip)."""
    readable = score.known + score.numbers + score.wordlike
    if readable < MIN_TEXT_WORDS and score.words < MIN_TEXT_WORDS:
        return "empty"
    if readable < MIN_TEXT_WORDS or score.score < JUNK_BELOW:
        return "junk"
    if score.unmapped >= max(2, UNMAPPED_SHARE * score.words):
        return "junk"
    return "trusted" if score.score >= TRUSTED_FROM else "doubtful"


def strip_band(words: Sequence[Word], page_height: float,
               height: float = STRIP_HEIGHT) -> tuple[float, float]:
    """(top, bottom) in points of the band of the page that holds the most of the layer's
    words: where the layer says the most, a comparison with OCR says the most too."""
    if not words:
        return (0.0, min(height, page_height))
    best, best_top = -1, 0.0
    for word in words:  # bands starting at each word's top
        top = min(word.top, max(page_height - height, 0.0))
        inside = sum(1 for w in words if top <= (w.top + w.bottom) / 2 <= top + height)
        if inside > best:
            best, best_top = inside, top
    return (max(best_top - 2, 0.0), min(best_top + height, page_height))


def comparable(tokens: Iterable[str]) -> list[str]:
    """Tokens as OCR and a text layer can both give them: lower case, no punctuation
    around, at least two characters (OCR splits and drops single marks unreliably)."""
    out = []
    for token in tokens:
        core = bare(token).lower()
        if len(core) >= 2 and any(ch.isalnum() for ch in core):
            out.append(core)
    return out


def strip_agreement(layer: Iterable[str], ocr: Iterable[str]) -> float | None:
    """The share of the words OCR read in the strip that the layer has there too (each
    counted once). None when OCR read nothing comparable."""
    read = Counter(comparable(ocr))
    if not read:
        return None
    shared = read & Counter(comparable(layer))
    return round(sum(shared.values()) / sum(read.values()), 3)


def strip_says(agreement: float | None, layer_words: int) -> str:
    """What the strip's comparison says: "trusted" or "junk". OCR reading nothing where the
    layer has words is junk too: the layer holds text the page does not show."""
    if agreement is None:
        return "trusted" if layer_words == 0 else "junk"
    return "trusted" if agreement >= STRIP_AGREES_FROM else "junk"
