"""Parse numbers as printed in NVE's smart-meter (AMS) reports.

The reports print Norwegian style: space (or no-break / thin space) thousands groups, a
decimal comma, words like "ca." and "mill.", and "%" or "kr". Parts of the input are OCR'd,
so a few letter/digit confusions inside the digits are repaired and flagged.

All values are exact `Decimal`s built from the printed digits, never via float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

__all__ = [
    "NUMBER_REGEX",
    "NumberError",
    "ParsedNumber",
    "find_multiplier",
    "is_numeric_token",
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

# --- Shared regex pieces (no capturing groups, so NUMBER_REGEX can embed them). -------------

# "ca." and the symbols may touch the digits; the words need a space after them.
_APPROX = (
    r"(?:(?:ca\.|~|≈)\s*"
    r"|(?<!\w)(?:cirka|ca|vel|om\s?lag|omtrent|nesten|knappe|knapt)\s+)"
)
_THOUSAND = r"tusen"
_MILLION = r"(?:millioner|million|mill\.?)"
_BILLION = r"(?:milliarder|milliard|mrd\.?)"
_MULT_WORD = rf"(?:{_BILLION}|{_MILLION}|{_THOUSAND})"
_CURRENCY = r"(?:kr\.?|nok)(?!\w)"
_PERCENT = r"(?:%|(?:prosent|pst\.?)(?!\w))"
_GROUP_SPACE = "[ \u00a0\u2009\u202f]"  # ASCII, no-break, thin, narrow no-break space

# Used with re.IGNORECASE by callers. [0-9] not \d: \d would also match e.g. Arabic-Indic digits.
NUMBER_REGEX: str = (
    rf"(?:{_APPROX})?"
    r"(?<![0-9,])[-−]?"  # don't start inside another number ("2010-2019", "1,2,3")
    rf"(?:[1-9][0-9]{{0,2}}(?:{_GROUP_SPACE}[0-9]{{3}})+(?![0-9])|[0-9]+)"
    # OCR reads a decimal comma as a point: "0.6 mill." (parse_number flags it repaired).
    rf"(?:,[0-9]+|\.[0-9]{{1,2}}(?=\s*{_MULT_WORD}(?!\w)))?"
    rf"(?:\s*{_MULT_WORD}(?!\w))?"
    rf"(?:\s*{_CURRENCY})?"
    rf"(?:\s*{_PERCENT})?"
)

# --- parse_number ---------------------------------------------------------------------------

# OCR confusions repaired inside the numeric part only.
_OCR_TABLE = str.maketrans("lI|!OoDSsBZ", "11110005582")
_OCR_CHAR = r"[0-9lI|!OoDSsBZ]"
# Case-sensitive even under IGNORECASE: "d", "b", "z" are not confusions we repair.
_BODY = rf"(?-i:{_OCR_CHAR}(?:[0-9lI|!OoDSsBZ., ]*{_OCR_CHAR})?)"

# Runs on whitespace-normalised text (single ASCII spaces), hence "\ ?" between parts.
_PARSE_RE = re.compile(
    rf"(?P<approx>{_APPROX})?"
    rf"(?:(?P<cur_pre>{_CURRENCY}) ?)?"  # "kr 500"
    r"(?P<sign>[-−])?"
    rf"(?P<body>{_BODY})"
    rf"(?: ?(?P<mult>{_MULT_WORD}))?"
    rf"(?: ?(?P<cur>{_CURRENCY}|,-))?"
    rf"(?: ?(?P<pct>{_PERCENT}))?",
    re.IGNORECASE,
)

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
    text: str, *, multiplier: Decimal | int = 1, approximate: bool = False
) -> ParsedNumber:
    """Parse one printed number. Raises NumberError (and nothing else, on ANY str input) when it
    is not one. `multiplier` (e.g. 1000 from a "(x 1000)" header) applies on top of any word;
    `approximate` says the context (a "Ca." header) marks the number approximate."""
    extra = _check_multiplier(multiplier)
    raw = text.strip()
    if not raw:
        raise NumberError("not a number: empty text")
    if len(raw) > _MAX_LEN:
        raise NumberError(f"not a number: longer than {_MAX_LEN} characters: {raw[:30]!r}...")

    norm = " ".join(raw.split())  # every kind of space, and runs of them, become one " "
    if norm.startswith("(") and norm.endswith(")"):
        norm = norm[1:-1].strip()  # "(14%)": decoration, not a negative number
    m = _PARSE_RE.fullmatch(norm)
    if m is None or not re.search("[0-9]", m["body"]):  # "lOO" has no real digit to trust
        raise NumberError(f"not a number: {raw!r}")

    body = m["body"].translate(_OCR_TABLE)
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
    scale = extra * (_word_multiplier(m["mult"]) if m["mult"] else 1)

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


def _word_multiplier(word: str) -> Decimal:
    # Classify with the same case-insensitive regexes that matched, so odd case folds
    # ("ſ", Kelvin sign) can't slip past a dict lookup.
    if re.fullmatch(_BILLION, word, re.IGNORECASE):
        return Decimal(10**9)
    if re.fullmatch(_MILLION, word, re.IGNORECASE):
        return Decimal(10**6)
    return Decimal(1000)


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

_POW10_GROUPED = r"1(?:[ .]?000)+"  # 1000, "1 000", "1.000", 1 000 000
# Tried in order on whitespace-normalised text; the first pattern that matches wins.
_LABEL_MULTIPLIERS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "(x 1000)", "(x1000)", "( x 1 000 )", "x 1000", "× 1000"
        r"(?<![^ (])[x×] ?(1(?:[ .]?0)+)(?![0-9])",
        # the same as OCR reads the "x" of a bracketed one: "(5 1000)", "(% 1000)"
        r"\( ?[5%*kK] ?(1(?:[ .]?0)+) ?\)",
        # "(1000)", "(mill.)", "(i mill.)", "(mill. kr)", "(i hele tusen)", "(1000 kr)"
        rf"\( ?(?:i )?(?:hele )?({_MULT_WORD}|{_POW10_GROUPED})"
        rf"(?: ?(?:{_CURRENCY}|stk\.?))? ?\)",
        # "i tusen", "i hele tusen", "i mill. kr"
        rf"(?<!\w)i (?:hele )?({_MULT_WORD})(?!\w)",
        # "i 1000 kr", or "i 1 000" ending the label (elsewhere "i 1000" is likely a count)
        rf"(?<!\w)i (?:hele )?({_POW10_GROUPED})(?: ?{_CURRENCY}| ?$)",
    )
)


def find_multiplier(text: str) -> Decimal:
    """The multiplier a header or row label declares: "(x 1000)", "(x1000)", "( x 1 000 )",
    "x 1000", "(1000)", "i tusen", "i hele tusen", "(mill.)", "(i mill.)", "(mill. kr)" -> 1000
    or 1000000 etc.; Decimal(1) when none. Text joined from wrapped lines is fine."""
    # Wrapped lines: newlines are just spaces. A label is short; the cap bounds the work.
    norm = " ".join(text[: _MAX_LEN * 5].split())
    for pattern in _LABEL_MULTIPLIERS:
        m = pattern.search(norm)
        if m is None:
            continue
        found = m.group(1)
        if found[0] == "1":  # a printed power of ten
            return Decimal(re.sub("[^0-9]", "", found))
        return _word_multiplier(found)
    return Decimal(1)
