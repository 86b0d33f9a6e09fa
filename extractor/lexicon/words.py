"""The locale's words as the stages use them: word sets and compiled patterns.

Each function takes a `Locale` (a spec's, `spec.locale`) or None for the built-in spec's,
and builds its result once per locale. Words are matched case-insensitively and, in an
alternation, longest first: "kvartal" is tried before "kv".

    letters        text_quality (wordlike words), labels (OCR repair), sections (headings)
    years          every year printed in a header, a cell or a statement
    table words    the comment after a table, quarters and reporting years in headers,
                   header words, a share column's header, the words of a value
    pages          page numbers (layout/furniture.py)
    title          the line that is the report's title (semantics/edition.py)

The number parser's words are lexicon/numbers.py's; the period statements' are periods.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ..model.spec import Locale
from ..spec.locale import default_locale

NEVER = "(?!)"  # the alternation of no words: matches nothing


def resolve(locale: Locale | None) -> Locale:
    """The locale itself, or the built-in spec's for None."""
    return default_locale() if locale is None else locale


def alternation(words: Iterable[str], literal=re.escape) -> str:
    """`(?:a|b|c)` of the words, each made a pattern by `literal`, longest first (so that a
    word is never cut short by a shorter one it starts with); NEVER for no words."""
    unique = list(dict.fromkeys(words))
    if not unique:
        return NEVER
    ordered = sorted(unique, key=len, reverse=True)  # stable: equal lengths keep their order
    return "(?:" + "|".join(literal(word) for word in ordered) + ")"


def spaced(word: str) -> str:
    """A word whose inner spaces may be one whitespace or none: "om lag", "omlag"."""
    return r"\s?".join(re.escape(part) for part in word.split())


def _lower(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


# --- letters --------------------------------------------------------------------------------

@cache
def letter_class(locale: Locale | None = None, *, upper: bool = False,
                 accented: bool = False) -> str:
    """A character class of the language's lower-case letters ("[a-zæøå]" in effect), or
    upper-case ones, with the accented letters of names and loanwords or without."""
    locale = resolve(locale)
    letters = locale.letters + (locale.accented_letters if accented else "")
    if upper:
        letters = letters.upper()
    return "[" + "".join(re.escape(ch) for ch in dict.fromkeys(letters)) + "]"


@cache
def word_letters(locale: Locale | None = None) -> re.Pattern[str]:
    """A token made of letters only, either case, accented ones included."""
    lower = letter_class(locale, accented=True)[1:-1]
    upper = letter_class(locale, accented=True, upper=True)[1:-1]
    return re.compile(f"^[{lower}{upper}]+$")


@cache
def vowels(locale: Locale | None = None) -> frozenset[str]:
    return frozenset(resolve(locale).vowels)


# --- years ----------------------------------------------------------------------------------

def year(locale: Locale | None = None) -> str:
    """A printed year, a pattern without groups: "(?:19|20)\\d\\d"."""
    return resolve(locale).year


@cache
def year_word(locale: Locale | None = None) -> re.Pattern[str]:
    """A word that is a year, maybe with a hyphen: "2016", "2016-" (of "2016-rapportering")."""
    return re.compile(rf"^{year(locale)}-?$")


@cache
def year_in_header(locale: Locale | None = None) -> re.Pattern[str]:
    """A year in a header's text, not inside a number or a date; group 1 is the year."""
    return re.compile(rf"(?<![\d.])({year(locale)})(?!\d)")


@cache
def year_in_cell(locale: Locale | None = None) -> re.Pattern[str]:
    """A year in a header cell, maybe glued to its quarter ("1.kv.2017"); group 1."""
    return re.compile(rf"(?<!\d)({year(locale)})(?!\d)")


# --- the words of a table -------------------------------------------------------------------

@cache
def comment_heading(locale: Locale | None = None) -> re.Pattern[str]:
    """A line that ends a table, its comment following: "Kommentar:"."""
    words = alternation(resolve(locale).tables.comment_headings)
    return re.compile(rf"^\s*{words}\s*:?\s*$", re.I)


def _quarter(locale: Locale | None) -> str:
    return alternation(resolve(locale).periods.quarter)


@cache
def quarter_word(locale: Locale | None = None) -> re.Pattern[str]:
    """A header word that is a quarter: "1.kv", "kvartal", "f.kv" (its number an OCR slip),
    or a number alone with its point ("1.")."""
    return re.compile(rf"^(?:\S\.?)?{_quarter(locale)}\.?$|^\d\.$", re.I)


@cache
def quarter_in_header(locale: Locale | None = None) -> re.Pattern[str]:
    """A quarter and its year in a header's text, "1.kv 2017": group 1 is the quarter's
    number (any one character: OCR may misread it), group 2 the year. OCR may lose the
    point after the number ("3 kvartal 2017"), as the cell pattern allows."""
    return re.compile(rf"(?<!\S)(\S)\s*\.?\s*{_quarter(locale)}\.?\s*({year(locale)})(?!\d)",
                      re.I)


@cache
def quarter_mark(locale: Locale | None = None) -> re.Pattern[str]:
    """Where a header prints a quarter ("1.kv", "3 kvartal"), to count them."""
    return re.compile(rf"(?<!\S)\S\s*\.?\s*{_quarter(locale)}", re.I)


@cache
def quarter_in_cell(locale: Locale | None = None) -> re.Pattern[str]:
    """A quarter in a header cell: "1.kv", "1. kvartal", "Q1"; group 1 holds the quarter's
    number among OCR specks ("d3", "IL"), group 2 the number of a "Q1"."""
    after = letter_class(locale)
    return re.compile(rf"(\S*?)\s*\.?\s*{_quarter(locale)}\.?(?!{after})"
                      r"|(?<![A-Za-z])Q([1-4])\b", re.I)


@cache
def reporting_word(locale: Locale | None = None) -> re.Pattern[str]:
    """The word of a reporting year's header, "2016-rapportering"."""
    return re.compile(alternation(resolve(locale).tables.reporting), re.I)


@cache
def reporting_year(locale: Locale | None = None) -> re.Pattern[str]:
    """A reporting year in a header's text, "2016-rapportering": group 1 is the year."""
    words = alternation(resolve(locale).tables.reporting)
    return re.compile(rf"({year(locale)})\s*-\s*{words}", re.I)


@cache
def total_label(locale: Locale | None = None) -> re.Pattern[str]:
    """A row label that is a total ("Sum", "Totalt:"), matched against the whole label."""
    words = alternation(resolve(locale).tables.total_labels)
    return re.compile(rf"^\s*{words}\s*:?\s*$", re.I)


@cache
def percent_header(locale: Locale | None = None) -> re.Pattern[str]:
    """A header that only says its column holds shares: "(%)", "Andel (%)", "Prosent"."""
    tables = resolve(locale).tables
    with_sign, alone = alternation(tables.percent_sign_header), alternation(tables.percent_header)
    return re.compile(rf"^\W*{with_sign}?\W*%\W*$|^\W*{alone}\W*$", re.I)


@cache
def generic_header_words(locale: Locale | None = None) -> tuple[str, ...]:
    """Words any header may print beside its own, those of a multiplier: "(x 1000)",
    "(1 000 kr)", "i hele tusen", "(mill. kr)", "(stk.)"."""
    numbers = resolve(locale).numbers
    return tuple(dict.fromkeys(["x", "1000", "1 000", *numbers.scale, *numbers.whole,
                                *numbers.pieces, *(word for word, _ in numbers.multipliers),
                                *numbers.currency]))


@cache
def approximate_header_words(locale: Locale | None = None) -> tuple[str, ...]:
    """A column header whose first word is one of these makes its values approximate ("Ca.
    antall"): the number parser's approximate words, those of one word."""
    return tuple(word for word in resolve(locale).numbers.approximate if " " not in word)


@cache
def value_prefixes(locale: Locale | None = None) -> frozenset[str]:
    """Words (lower case) of a value before its number: "ca.", "cirka", "~" (the number
    parser's words that mark it approximate, those of one word)."""
    return _lower(word for word in resolve(locale).numbers.approximate if " " not in word)


@cache
def value_suffixes(locale: Locale | None = None) -> frozenset[str]:
    """Words (lower case) of a value after its number: multipliers, currency, percent."""
    numbers = resolve(locale).numbers
    return _lower([*(word for word, _ in numbers.multipliers), *numbers.currency,
                   *numbers.percent])


@cache
def value_words(locale: Locale | None = None) -> frozenset[str]:
    """Words (lower case) that belong to a number beside them: "ca.", "mill.", "kr", "%"."""
    return value_prefixes(locale) | value_suffixes(locale)


# --- pages and title ------------------------------------------------------------------------

@cache
def page_number(locale: Locale | None = None) -> re.Pattern[str]:
    """A page number as a line of its own: "3", "- 3 -", "Side 3", "side 3 av 17", "3/17"."""
    pages = resolve(locale).pages
    return re.compile(rf"^(?:[-–—]\s*)?(?:{alternation(pages.page)}\s*)?\d{{1,4}}"
                      rf"(?:\s*{alternation(pages.page_of)}\s*\d{{1,4}})?(?:\s*[-–—])?$", re.I)


@cache
def title(locale: Locale | None = None) -> re.Pattern[str]:
    """A word of the report's title, at a word's start: "AMS", "smarte mål"."""
    return re.compile(rf"\b{alternation(resolve(locale).title_words)}", re.I)
