"""The report's language is data: no Norwegian word in a Python string outside the lexicon.

Every word the engine reads meaning from is the spec's `[locale]`; extractor/lexicon/ turns
it into patterns and word sets, and extractor/spec/ reads it. A word of the locale in a
string anywhere else in extractor/ (a regular expression, a word set) is language in code.

The words are drawn from the built-in locale itself, so a word added there is checked
here too. Docstrings and comments are prose, not code, and may quote a report. Modules
that still hold words are listed in NOT_YET_CLEAN with why: the list may only shrink (a
module that becomes clean must leave it, and no other module may join it).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from extractor.spec.locale import default_locale

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
# Where the language lives.
LANGUAGE_HOMES = ("lexicon", "spec")
# Words of the locale that are English (or a code) as well: "side by side", "per core",
# "NOK" (the unit), "AMS" (the product), "smart", month names, a check's "sum" and
# "total", HTML's "alt".
ENGLISH_TOO = frozenset({"alt", "ams", "april", "august", "million", "nok", "november", "of",
                         "page", "per", "september", "side", "smart", "sum", "total"})
# Modules that still hold words, and why; the words move to the locale (lexicon/words.py
# has a function for each of their sets), then the module leaves this list.
NOT_YET_CLEAN = {
    # moved with datapackage() out of outputs/files.py (stop 30): the same text
    "outputs/datapackage.py": "a period quoted in a column's description (output text)",
    "model/units.py": "the workbook's number format for NOK, ' kr' (output text)",
}


def locale_words() -> frozenset[str]:
    """Every word of the built-in locale (lower case, two letters or more), English ones
    left out."""
    locale = default_locale()
    texts: list[str] = list(locale.title_words)
    for part in (locale.numbers, locale.periods, locale.tables, locale.pages):
        for value in vars(part).values():
            if isinstance(value, tuple):
                texts += [item[0] if isinstance(item, tuple) else item for item in value]
    words = {word for text in texts for word in re.findall(r"[^\W\d_]{2,}", text.lower())}
    return frozenset(words - ENGLISH_TOO)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def words_in_code(path: Path, words: frozenset[str]) -> list[tuple[int, str, str]]:
    """(line, word, string) for each string of the module's code that holds a word: every
    str constant, f-strings' parts included, docstrings not. A regular expression's escapes
    ("\\bper", "\\s*kv") do not hide a word."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            plain = re.sub(r"\\[a-zA-Z]", " ", node.value).lower()
            for word in sorted(set(re.findall(r"[^\W\d_]+", plain)) & words):
                found.append((node.lineno, word, node.value))
    return found


def checked_modules() -> list[Path]:
    """Every module of extractor/ outside the language's homes."""
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if path.relative_to(PACKAGE).parts[0] not in LANGUAGE_HOMES)


def test_the_word_list_is_the_locales():
    words = locale_words()
    assert {"kommentar", "kvartal", "rapportering", "januar", "desember", "halvår", "mill",
            "cirka", "sida", "andel"} <= words
    assert not words & ENGLISH_TOO


@pytest.mark.parametrize("path", checked_modules(),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_norwegian_word_in_code(path):
    name = path.relative_to(PACKAGE).as_posix()
    found = words_in_code(path, locale_words())
    if name in NOT_YET_CLEAN:
        assert found, f"{name} is clean now: take it off NOT_YET_CLEAN"
    else:
        assert not found, f"{name}: words of the language in code (put them in the spec's " \
                          f"[locale], read them through extractor/lexicon/): {found}"


def test_the_check_finds_a_word_in_code(tmp_path):
    module = tmp_path / "module.py"
    module.write_text('"""A docstring may say kommentar."""\n'
                      'import re\n'
                      '_COMMENT = re.compile(r"^\\s*(kommentar|merknad)\\s*:?$")\n'
                      'PER = "per core"\n', encoding="utf-8")
    assert [(line, word) for line, word, _ in words_in_code(module, locale_words())] == [
        (3, "kommentar"), (3, "merknad")]
