"""The spec's `[locale]`: the report's language, read, checked, merged and built into a
`model.spec.Locale`.

Every key has a kind, which says what it holds and how a user's spec extends it:

    letters   a string of characters          a user's characters are added
    pattern   a regular expression, no groups a user's replaces it
    words     a list of words                 a user's words are added after these
    numbers   a table of words and numbers    a user's words are added (or renumbered)

A spec with `extends = "none"` replaces each key it gives; the keys it leaves out keep the
built-in spec's, so that a spec of its own still reads Norwegian unless it says otherwise.

This module imports only the model: the lexicon and every stage may ask it for the built-in
spec's locale (`default_locale`), which is what they use when called without a spec.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ..model.spec import Locale, NumberWords, PageNumberWords, PeriodWords, TableWords
from .errors import SpecError

BUILTIN_SPEC = Path(__file__).with_name("ams_status.toml")
# Tesseract's language codes, joined by "+": "nor", "nor+eng", "chi_sim".
OCR_LANGUAGE = re.compile(r"[a-z][a-z_]{2,}(?:\+[a-z][a-z_]{2,})*")

# The keys of [locale] and of each of its parts, with their kinds; a part is built into its
# dataclass, whose fields are these keys.
_PARTS: dict[str, tuple[type, dict[str, str]]] = {
    "numbers": (NumberWords, {
        "thousands_separators": "letters", "approximate": "words", "multipliers": "numbers",
        "currency": "words", "percent": "words", "scale": "words", "whole": "words",
        "pieces": "words"}),
    "periods": (PeriodWords, {
        "months": "numbers", "ordinals": "numbers", "half_year": "words", "quarter": "words",
        "as_of": "words", "end_of_leads": "words", "end_of_words": "words",
        "end_of_links": "words"}),
    "tables": (TableWords, {
        "comment_headings": "words", "reporting": "words", "percent_header": "words",
        "percent_sign_header": "words", "total_labels": "words", "cumulative_words": "words"}),
    "pages": (PageNumberWords, {"page": "words", "page_of": "words"}),
}
_KEYS: dict[str, str] = {"letters": "letters", "accented_letters": "letters",
                         "vowels": "letters", "year": "pattern", "title_words": "words",
                         "ocr_language": "language",
                         **{part: "part" for part in _PARTS}}


def _table(raw: Any, where: str, allowed: dict[str, str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: expected a table of keys, got {raw!r}")
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise SpecError(f"{where}: unknown key {unknown[0]!r} "
                          f"(known: {', '.join(sorted(allowed))})")
    return raw


def _check_value(kind: str, value: Any, where: str) -> None:
    if kind == "letters":
        if not isinstance(value, str) or not value:
            raise SpecError(f"{where}: expected a string of characters, got {value!r}")
    elif kind == "pattern":
        if not isinstance(value, str) or not value:
            raise SpecError(f"{where}: expected a regular expression, got {value!r}")
        try:
            groups = re.compile(value).groups
        except re.error as error:
            raise SpecError(f"{where}: not a regular expression ({error})") from None
        if groups:
            raise SpecError(f"{where}: may have no capturing group; write (?:...)")
    elif kind == "language":
        if not isinstance(value, str) or not OCR_LANGUAGE.fullmatch(value):
            raise SpecError(f"{where}: expected Tesseract languages (\"nor\", "
                            f"\"nor+eng\"), got {value!r}")
    elif kind == "words":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            raise SpecError(f"{where}: expected a list of words, got {value!r}")
    elif not isinstance(value, dict) or not all(
            isinstance(k, str) and k.strip() and isinstance(v, int)
            and not isinstance(v, bool) and v > 0 for k, v in value.items()):
        raise SpecError(f"{where}: expected a table of words and whole numbers above 0, "
                          f"got {value!r}")


def check_locale(raw: Any, where: str = "locale") -> dict[str, Any]:
    """`raw` when it is a well-formed [locale], or a part of one (every key it has is known
    and of its kind); SpecError naming the key when not."""
    _table(raw, where, _KEYS)
    for key, value in raw.items():
        if _KEYS[key] == "part":
            _, kinds = _PARTS[key]
            for name, item in _table(value, f"{where}.{key}", kinds).items():
                _check_value(kinds[name], item, f"{where}.{key}.{name}")
        else:
            _check_value(_KEYS[key], value, f"{where}.{key}")
    return raw


def _extend(kind: str, base: Any, extra: Any) -> Any:
    if kind == "letters":
        return base + "".join(dict.fromkeys(ch for ch in extra if ch not in base))
    if kind == "words":
        return [*base, *(word for word in dict.fromkeys(extra) if word not in base)]
    if kind == "numbers":
        return {**base, **extra}
    return extra  # a pattern, a language


def merge_locale(base: dict[str, Any], extra: dict[str, Any], *,
                 replace: bool = False) -> dict[str, Any]:
    """The raw locale `base` extended by `extra` (checked first): words, numbers and letters
    added; or, with `replace`, each key `extra` gives replacing the base's."""
    check_locale(extra)
    merged = {key: dict(value) if isinstance(value, dict) else value
              for key, value in base.items()}
    for key, value in extra.items():
        if _KEYS[key] != "part":
            merged[key] = value if replace or key not in merged else \
                _extend(_KEYS[key], merged[key], value)
            continue
        part = merged.setdefault(key, {})
        kinds = _PARTS[key][1]
        for name, item in value.items():
            part[name] = item if replace or name not in part else \
                _extend(kinds[name], part[name], item)
    return merged


def build_locale(raw: dict[str, Any], where: str = "locale") -> Locale:
    """The model of a whole raw locale; SpecError when a key is missing or malformed."""
    check_locale(raw, where)

    def value(kinds: dict[str, str], table: dict[str, Any], name: str, at: str) -> Any:
        if name not in table:
            raise SpecError(f"{at}: missing key {name!r}")
        item = table[name]
        if kinds[name] == "words":
            return tuple(item)
        if kinds[name] == "numbers":
            return tuple(item.items())
        return item

    parts = {}
    for part, (model, kinds) in _PARTS.items():
        if part not in raw:
            raise SpecError(f"{where}: missing part [{where}.{part}]")
        parts[part] = model(**{name: value(kinds, raw[part], name, f"{where}.{part}")
                               for name in kinds})
    plain = {name: value(_KEYS, raw, name, where) for name, kind in _KEYS.items()
             if kind != "part"}
    return Locale(**plain, **parts)


@cache
def builtin_locale_raw() -> dict[str, Any]:
    """The built-in spec's [locale], as read (do not change it: it is shared)."""
    with BUILTIN_SPEC.open("rb") as file:
        return tomllib.load(file).get("locale", {})


@cache
def default_locale() -> Locale:
    """The built-in spec's locale: the language of a stage called without a spec."""
    return build_locale(builtin_locale_raw())
