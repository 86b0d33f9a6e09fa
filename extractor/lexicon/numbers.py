"""Parse numbers as printed in NVE's smart-meter (AMS) reports.

The reports print Norwegian style: space (or no-break / thin space) thousands groups, a
decimal comma, words like "ca." and "mill.", and "%" or "kr". Parts of the input are OCR'd,
so a few letter/digit confusions inside the digits are repaired and flagged.

The words and the thousands separators are the spec's `[locale.numbers]`: every function
takes a `locale` (None: the built-in spec's) and builds its patterns once per locale. The
decimal comma is the grammar's own: its OCR repairs read a point in its place as a slip.

All values are exact `Decimal`s built from the printed digits, never via float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import cache

from ..model.spec import Locale
from .words import NEVER, alternation, resolve, spaced

# NUMBER_REGEX, the built-in spec's number_regex(), is built when first imported.
__all__ = [
    "OCR_DIGITS",
    "NumberError",
    "ParsedNumber",
    "find_multiplier",
    "is_numeric_token",
    "number_regex",
    "parse_number",
]


class NumberError(ValueError):
    """The text is not a number this parser understands."""


@dataclass(frozen=True)
class ParsedNumber:
    """One parsed number; `value` and `rounding_unit` are in base units (multipliers applied)."""

    value: Decimal
    raw: str
    approximate: bool
    percent: bool
    currency: bool
    repaired: bool
    rounding_unit: Decimal


# Longer inputs are not a single printed number; the cap also bounds regex work.
_MAX_LEN = 200
# An approximate integer's trailing zeros count as rounding, but at most one thousands group:
# the report's "ca. 200 000" means "rounded to thousands" (brief: -> 1000), not to 100 000.
_MAX_APPROX_ZEROS = 3

# Letters OCR reads for digits, repaired inside the numeric part only (and compared as those
# digits by the readers' second reads).
OCR_DIGITS = str.maketrans("lI|!OoDSsBZ", "11110005582")
_OCR_CHAR = r"[0-9lI|!OoDSsBZ]"
# Case-sensitive even under IGNORECASE: "d", "b", "z" are not confusions we repair.
_BODY = rf"(?-i:{_OCR_CHAR}(?:[0-9lI|!OoDSsBZ., ]*{_OCR_CHAR})?)"
_POW10_GROUPED = r"1(?:[ .]?000)+"  # 1000, "1 000", "1.000", 1 000 000


def _signs_and_words(words: tuple[str, ...]) -> str:
    """A unit's words: a sign ("%") may touch what follows, a word ("kr.") may not."""
    signs = [w for w in words if not any(ch.isalpha() for ch in w)]
    lettered = [w for w in words if any(ch.isalpha() for ch in w)]
    parts = [alternation(signs)] if signs else []
    parts += [rf"{alternation(lettered)}(?!\w)"] if lettered else []
    return "(?:" + "|".join(parts) + ")" if parts else NEVER


@dataclass(frozen=True)
class NumberSyntax:
    """A locale's number words as the parser's patterns (no capturing groups in the pieces,
    so that NUMBER_REGEX can embed them)."""

    approx: str  # "ca." and signs may touch the digits; words need a space after them
    mult_word: str  # any multiplier word, the largest factor's first
    multiplier_groups: tuple[tuple[str, int], ...]  # (its words' pattern, factor), largest first
    currency: str
    percent: str
    group_space: str  # a character between thousands groups
    number_regex: str
    parse: re.Pattern[str]
    label_multipliers: tuple[re.Pattern[str], ...]


@cache
def number_syntax(locale: Locale | None = None) -> NumberSyntax:
    words = resolve(locale).numbers
    touching = [w for w in words.approximate if not w[-1].isalnum()]  # "ca.", "~"
    apart = [w for w in words.approximate if w[-1].isalnum()]  # "cirka", "om lag"
    approx = "|".join([*([rf"{alternation(touching)}\s*"] if touching else []),
                       *([rf"(?<!\w){alternation(apart, spaced)}\s+"] if apart else [])])
    approx = f"(?:{approx})" if approx else NEVER
    factors = sorted({factor for _, factor in words.multipliers}, reverse=True)
    groups = tuple((alternation(w for w, f in words.multipliers if f == factor), factor)
                   for factor in factors)
    mult_word = "(?:" + "|".join(pattern for pattern, _ in groups) + ")" if groups else NEVER
    currency = _signs_and_words(words.currency)
    percent = _signs_and_words(words.percent)
    group_space = "[" + "".join(re.escape(ch) for ch in words.thousands_separators) + "]"
    # Used with re.IGNORECASE by callers. [0-9] not \d: \d would also match e.g.
    # Arabic-Indic digits.
    number_regex = (
        rf"(?:{approx})?"
        r"(?<![0-9,])[-−]?"  # don't start inside another number ("2010-2019", "1,2,3")
        rf"(?:[1-9][0-9]{{0,2}}(?:{group_space}[0-9]{{3}})+(?![0-9])|[0-9]+)"
        # OCR reads a decimal comma as a point: "0.6 mill." (parse_number flags it repaired).
        rf"(?:,[0-9]+|\.[0-9]{{1,2}}(?=\s*{mult_word}(?!\w)))?"
        rf"(?:\s*{mult_word}(?!\w))?"
        rf"(?:\s*{currency})?"
        rf"(?:\s*{percent})?"
    )
    # Runs on whitespace-normalised text (single ASCII spaces), hence "\ ?" between parts.
    parse = re.compile(
        rf"(?P<approx>{approx})?"
        rf"(?:(?P<cur_pre>{currency}) ?)?"  # "kr 500"
        r"(?P<sign>[-−])?"
        rf"(?P<body>{_BODY})"
        rf"(?: ?(?P<mult>{mult_word}))?"
        rf"(?: ?(?P<cur>{currency}|,-))?"
        rf"(?: ?(?P<pct>{percent}))?",
        re.IGNORECASE,
    )
    scale, whole = alternation(words.scale), alternation(words.whole)
    pieces = alternation(words.pieces)
    # Tried in order on whitespace-normalised text; the first pattern that matches wins.
    label_multipliers = tuple(
        re.compile(p, re.IGNORECASE)
        for p in (
            # "(x 1000)", "(x1000)", "( x 1 000 )", "x 1000", "× 1000", and "x 1 1000" as
            # OCR reads "x 1 000" when it gives the "1" to two words
            r"(?<![^ (])[x×] ?(?:1 (?=1))?(1(?:[ .]?0)+)(?![0-9])",
            # the same as OCR reads the "x" of a bracketed one: "(5 1000)", "(% 1000)"
            r"\( ?[5%*kK] ?(1(?:[ .]?0)+) ?\)",
            # "(1000)", "(mill.)", "(i mill.)", "(mill. kr)", "(i hele tusen)", "(1000 kr)"
            rf"\( ?(?:{scale} )?(?:{whole} )?({mult_word}|{_POW10_GROUPED})"
            rf"(?: ?(?:{currency}|{pieces}))? ?\)",
            # "1000)" whose "(x" OCR lost or read as two other characters glued to it
            # ("101000)"): a closing bracket after a power of ten of at least a thousand
            # with no opening bracket before it (a footnote mark "1)" is never one, nor is
            # "(under 1000)")
            r"^[^()]*?(?<![\w.,])[^\s()]{0,2}?(1(?:[ .]?0){3,}) ?\)",
            # "i tusen", "i hele tusen", "i mill. kr"
            rf"(?<!\w){scale} (?:{whole} )?({mult_word})(?!\w)",
            # "i 1000 kr", or "i 1 000" ending the label (elsewhere "i 1000" is likely a count)
            rf"(?<!\w){scale} (?:{whole} )?({_POW10_GROUPED})(?: ?{currency}| ?$)",
        )
    )
    return NumberSyntax(approx, mult_word, groups, currency, percent, group_space,
                        number_regex, parse, label_multipliers)


def number_regex(locale: Locale | None = None) -> str:
    """A printed number, approximate words, multiplier, currency and percent included, as a
    pattern with no capturing group (to embed; use it with re.IGNORECASE)."""
    return number_syntax(locale).number_regex


def __getattr__(name: str) -> str:
    if name == "NUMBER_REGEX":  # the built-in spec's, built when first asked for
        return number_regex()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_INT_SPACED = r"[1-9][0-9]{0,2}(?: [0-9]{3})+"  # "2 284 127"; later groups exactly 3 digits
_INT_PLAIN = r"[0-9]+"  # "179383": any length
_INT_DOTTED = r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+"  # "2.284.127": only as a valid grouping
# "2 331902": OCR lost a thousands space; a later group of six or nine digits is two or three.
_INT_LOST_SPACE = r"[1-9][0-9]{0,2}(?: (?:[0-9]{3}){1,3})+"
# (pattern, an OCR repair: a dot read for a decimal comma, a lost space); tried in order,
# the first full match wins.
_BODY_FORMS: tuple[tuple[re.Pattern[str], bool], ...] = (
    # No report prints a leading zero: "02" is "0,2" with the comma lost to OCR.
    (re.compile(r"(?P<int>0)(?P<frac>[0-9]{1,2})"), True),
    (re.compile(rf"(?P<int>{_INT_DOTTED})(?:,(?P<frac>[0-9]+))?"), False),
    (re.compile(rf"(?P<int>{_INT_SPACED}|{_INT_PLAIN})(?:,(?P<frac>[0-9]+))?"), False),
    (re.compile(rf"(?P<int>{_INT_SPACED}|{_INT_PLAIN})\.(?P<frac>[0-9]{{1,2}})"), True),
    (re.compile(rf"(?P<int>{_INT_LOST_SPACE})(?:,(?P<frac>[0-9]+))?"), True),
)

# Plenty for 200 printed characters times any sane multiplier: arithmetic stays exact.
_PRECISION = 1000


def parse_number(
    text: str, *, multiplier: Decimal | int = 1, approximate: bool = False,
    locale: Locale | None = None,
) -> ParsedNumber:
    """Parse one printed number. Raises NumberError (and nothing else, on ANY str input) when it
    is not one. `multiplier` (e.g. 1000 from a "(x 1000)" header) applies on top of any word;
    `approximate` says the context (a "Ca." header) marks the number approximate; `locale`
    gives the words (None: the built-in spec's)."""
    extra = _check_multiplier(multiplier)
    syntax = number_syntax(locale)
    raw = text.strip()
    if not raw:
        raise NumberError("not a number: empty text")
    if len(raw) > _MAX_LEN:
        raise NumberError(f"not a number: longer than {_MAX_LEN} characters: {raw[:30]!r}...")

    norm = " ".join(raw.split())  # every kind of space, and runs of them, become one " "
    if norm.startswith("(") and norm.endswith(")"):
        norm = norm[1:-1].strip()  # "(14%)": decoration, not a negative number
    m = syntax.parse.fullmatch(norm)
    if m is None or not re.search("[0-9]", m["body"]):  # "lOO" has no real digit to trust
        raise NumberError(f"not a number: {raw!r}")

    body = m["body"].translate(OCR_DIGITS)
    repaired = body != m["body"]
    for pattern, is_repair in _BODY_FORMS:
        form = pattern.fullmatch(body)
        if form is not None:
            repaired = repaired or is_repair
            break
    else:
        raise NumberError(f"not a number: {raw!r}")

    int_digits = re.sub("[ .]", "", form["int"])
    frac = form["frac"] or ""
    approximate = approximate or m["approx"] is not None
    scale = extra * (_word_multiplier(m["mult"], syntax) if m["mult"] else 1)

    if frac:
        unit = Decimal(1).scaleb(-len(frac))
    elif approximate and int_digits.strip("0"):
        zeros = len(int_digits) - len(int_digits.rstrip("0"))
        unit = Decimal(10) ** min(zeros, _MAX_APPROX_ZEROS)
    else:
        unit = Decimal(1)

    sign = "-" if m["sign"] else ""
    with localcontext(prec=_PRECISION):
        value = Decimal(f"{sign}{int_digits}.{frac or '0'}") * scale
        rounding_unit = unit * scale
    return ParsedNumber(
        value=_tidy(value),
        raw=raw,
        approximate=approximate,
        percent=m["pct"] is not None,
        currency=m["cur_pre"] is not None or m["cur"] is not None,
        repaired=repaired,
        rounding_unit=_tidy(rounding_unit),
    )


def _check_multiplier(multiplier: Decimal | int) -> Decimal:
    # A bad multiplier is the caller's bug, not bad text: plain ValueError, not NumberError.
    scale = Decimal(multiplier)
    if not scale.is_finite() or scale <= 0:
        raise ValueError(f"multiplier must be a positive finite number, got {multiplier!r}")
    return scale


def _word_multiplier(word: str, syntax: NumberSyntax) -> Decimal:
    # Classify with the same case-insensitive regexes that matched, so odd case folds
    # ("ſ", Kelvin sign) can't slip past a dict lookup. The smallest factor is what is left.
    for pattern, factor in syntax.multiplier_groups[:-1]:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return Decimal(factor)
    return Decimal(syntax.multiplier_groups[-1][1])


def _tidy(d: Decimal) -> Decimal:
    """Integral values get exponent 0 ("1200000", not "1.2E+6"); others lose trailing zeros."""
    if d == 0:
        return Decimal(0)  # also drops a "-0"
    with localcontext(prec=_PRECISION):
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d.normalize()


# --- is_numeric_token -----------------------------------------------------------------------

_TOKEN_RE = re.compile(
    rf"[-−]?{_OCR_CHAR}+(?:[.,]{_OCR_CHAR}+)*%?"  # separators between runs keep this linear
)


def is_numeric_token(token: str) -> bool:
    """True when a single whitespace-free token can be (part of) a printed number: digits, a
    grouped part, a decimal-comma number, "(14%)", "14%", "0,5", or a digit run with OCR
    confusions that holds at least one real digit ("30l", "1OO"). False for words ("kWh", "2G)",
    "Annet"), unbalanced parens ("1000)", "(x"), and for tokens without any real digit ("lO")."""
    if not token or len(token) > _MAX_LEN or any(ch.isspace() for ch in token):
        return False
    if token.startswith("(") and token.endswith(")"):
        token = token[1:-1]
    return _TOKEN_RE.fullmatch(token) is not None and re.search("[0-9]", token) is not None


# --- find_multiplier ------------------------------------------------------------------------

def find_multiplier(text: str, locale: Locale | None = None) -> Decimal:
    """The multiplier a header or row label declares: "(x 1000)", "(x1000)", "( x 1 000 )",
    "x 1000", "(1000)", "i tusen", "i hele tusen", "(mill.)", "(i mill.)", "(mill. kr)" -> 1000
    or 1000000 etc.; Decimal(1) when none. Text joined from wrapped lines is fine."""
    syntax = number_syntax(locale)
    # Wrapped lines: newlines are just spaces. A label is short; the cap bounds the work.
    norm = " ".join(text[: _MAX_LEN * 5].split())
    for pattern in syntax.label_multipliers:
        m = pattern.search(norm)
        if m is None:
            continue
        found = m.group(1)
        if found[0] == "1":  # a printed power of ten
            return Decimal(re.sub("[^0-9]", "", found))
        return _word_multiplier(found, syntax)
    return Decimal(1)
