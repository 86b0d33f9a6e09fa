"""Printed labels → spec keys: OCR letter repair, a comparison key, fuzzy matching.

Three steps, each a pure function:
1. `repair_letters` undoes OCR slips inside words without moving characters
   (`aJJe` → `alle`, `fu]]føres` → `fullføres`), so positions stay valid.
2. `comparison_key` folds what should not matter for a match: case,
   punctuation, footnote marks, sub-row dashes, and characters OCR confuses
   (`rn`/`m`, `0`/`o`, `1`/`l`/`I`). It is applied to both the printed label and
   the spec's aliases, so folding can never create a mismatch.
3. `match_label` picks the best alias with rapidfuzz, with a score cut-off and
   a margin over the runner-up, and says how sure it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from ..lexicon.words import letter_class
from ..model.spec import Locale
from ..runtime.control_characters import remove_controls

_SUBROW_MARK = re.compile(r"^[\s\-–—•\uf0b7·*]+")
_FOOTNOTE = re.compile(r"\(\s*\*+\s*\)|(?<=\w)\*+")
_PUNCT = re.compile(r"[^\w\s>]+")
_SPACES = re.compile(r"\s+")

# Confusions folded in the comparison key only (never in output text).
_CONFUSABLE_FOLDS = (
    ("rn", "m"),
    ("vv", "w"),
    ("0", "o"),
    ("1", "l"),
    ("i", "l"),
    ("|", "l"),
    ("]", "l"),
    ("j", "l"),
)


@cache
def _letter_slips(locale: Locale | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """OCR's slips inside a word of the locale's (lower-case) letters: a run of J, ] or |
    after a letter is an "l" (aJJe, AntaJJ, fu]]føres); a digit wedged between letters is
    a letter (Husho1dninger, K0mmentar)."""
    letter = letter_class(locale)
    return (re.compile(rf"(?<={letter})[J\]|]+"),
            re.compile(rf"(?<={letter})[01](?={letter})"))


def repair_letters(text: str, locale: Locale | None = None) -> str:
    """Undo OCR letter slips inside words; the result has the same length. `locale` gives
    the letters of a word (None: the built-in spec's)."""
    l_run, digit_in_word = _letter_slips(locale)
    text = l_run.sub(lambda m: "l" * len(m.group()), text)
    return digit_in_word.sub(lambda m: "o" if m.group() == "0" else "l", text)


def clean_label(text: str) -> str:
    """The label as a person would write it: no sub-row dash, footnote mark, control
    character (the readers remove them; any other source of text too) or stray spacing."""
    text = _SUBROW_MARK.sub("", remove_controls(text))
    text = _FOOTNOTE.sub("", text)
    text = text.replace("\u00a0", " ").strip().rstrip(":").strip()
    return _SPACES.sub(" ", text)


@lru_cache(maxsize=8192)  # the spec's aliases are keyed again for every line matched
def plain_key(text: str) -> str:
    """Case- and punctuation-insensitive form, without OCR folding."""
    text = clean_label(text).casefold()
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def comparison_key(text: str) -> str:
    """`plain_key` with OCR-confusable characters folded to one representative."""
    key = plain_key(text)
    for confusable, representative in _CONFUSABLE_FOLDS:
        key = key.replace(confusable, representative)
    return key


def _label_similarity(printed: str, alias: str, **_: object) -> float:
    """Edit similarity; for a label made only of the alias's words, the same with the
    words sorted when that is higher: a label wrapped inside its cell can be read with
    its lines interleaved ("%-vis antall installert per målere" for "%-vis antall målere /
    installert per år"). Only the alias's own words: sorting a label with another word
    ("Kampanje er planlagt 1" against "Kampanje er ikke planlagt") brings the wrong row
    closer."""
    similarity = fuzz.ratio(printed, alias)
    if set(printed.split()) <= set(alias.split()):
        similarity = max(similarity, fuzz.token_sort_ratio(printed, alias))
    return similarity


@dataclass(frozen=True)
class LabelMatch:
    """The outcome of matching one printed label."""

    key: str | None  # the spec key, or None when nothing matched surely enough
    score: float  # 0–100 for the best candidate
    how: str  # "exact", "ocr" (exact after folding confusions), "fuzzy", "unmatched"
    closest_key: str | None  # best candidate even when unmatched, for the user's alias list
    closest_alias: str | None


def match_label(
    label: str,
    aliases: Mapping[str, Sequence[str]],
    *,
    cutoff: float = 85.0,
    margin: float = 4.0,
) -> LabelMatch:
    """Match a printed label against `{key: [alias, ...]}`.

    A fuzzy match must reach `cutoff` and beat the best alias of any other key
    by `margin`: a label halfway between two rows is not forced onto either.
    """
    plain = plain_key(repair_letters(label))
    raw_plain = plain_key(label)
    folded = comparison_key(label)
    if not folded:
        return LabelMatch(None, 0.0, "unmatched", None, None)

    alias_owner: list[tuple[str, str]] = [(k, a) for k, names in aliases.items() for a in names]
    for key, alias in alias_owner:
        if plain_key(alias) == raw_plain:
            return LabelMatch(key, 100.0, "exact", key, alias)
    for key, alias in alias_owner:
        if plain_key(alias) == plain or comparison_key(alias) == folded:
            return LabelMatch(key, 100.0, "ocr", key, alias)

    choices = [comparison_key(alias) for _, alias in alias_owner]
    ranked = process.extract(folded, choices, scorer=_label_similarity, processor=None,
                             limit=None)
    best_by_key: dict[str, tuple[float, str]] = {}
    for _, score, index in ranked:
        key, alias = alias_owner[index]
        if key not in best_by_key or score > best_by_key[key][0]:
            best_by_key[key] = (score, alias)
    ordered = sorted(best_by_key.items(), key=lambda item: -item[1][0])
    best_key, (best_score, best_alias) = ordered[0]
    runner_up = ordered[1][1][0] if len(ordered) > 1 else 0.0
    if best_score >= cutoff and best_score - runner_up >= margin:
        return LabelMatch(best_key, best_score, "fuzzy", best_key, best_alias)
    return LabelMatch(None, best_score, "unmatched", best_key, best_alias)
