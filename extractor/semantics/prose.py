"""Values stated in sentences: the summary, section 4's comment, cross-check facts.

Lines are joined into one flowing text (sentences wrap across lines), OCR
letter slips are repaired in place (same length, so positions still point at
the printed characters), and each spec pattern is searched with its `{name}`
placeholders standing for a Norwegian number expression.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon.numbers import NumberError, ParsedNumber, number_regex, parse_number
from ..model import Line, Word
from ..model.spec import Locale
from .labels import repair_letters

_PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)\}")


@dataclass(frozen=True)
class FlowText:
    """Lines joined by single spaces, with the offset where each line starts."""

    text: str
    starts: tuple[int, ...]
    lines: tuple[Line, ...]

    def line_at(self, offset: int) -> Line:
        return self.lines[bisect.bisect_right(self.starts, offset) - 1]


@dataclass(frozen=True)
class ProseValue:
    name: str  # the placeholder: "row" or "row.column"
    number: ParsedNumber
    line: Line
    repaired_text: bool  # an OCR letter slip was repaired in the matched words
    words: tuple[Word, ...]  # the words the number was printed in

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=1.0)


def span_words(line: Line, start: int, end: int) -> tuple[Word, ...]:
    """The line's words that overlap text[start:end]."""
    found, offset = [], 0
    for word in line.words:
        at = line.text.find(word.text, offset)
        if at < 0:
            continue
        offset = at + len(word.text)
        if at < end and offset > start:
            found.append(word)
    return tuple(found)


def flow_text(lines: Sequence[Line]) -> FlowText:
    parts, starts, offset = [], [], 0
    for line in lines:
        starts.append(offset)
        parts.append(line.text)
        offset += len(line.text) + 1
    return FlowText(" ".join(parts), tuple(starts), tuple(lines))


@lru_cache(maxsize=256)
def compile_pattern(pattern: str, locale: Locale | None = None
                    ) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """A spec pattern → regex; placeholders become named number groups (numbers as the
    locale prints them; None: the built-in spec's)."""
    names: list[str] = []
    number = number_regex(locale)

    def placeholder(match: re.Match[str]) -> str:
        names.append(match[1])
        return f"(?P<g{len(names) - 1}>{number})"

    # A word of the pattern may carry one stray letter OCR read into the space before it
    # ("84 mnettselskap": a wide justified space read as a letter).
    spaced = re.sub(r" (?=[^\W\d_])", r"\\s+[^\\W\\d_]?", pattern)
    # A compound's hyphen may end a line ("AMS-" / "prosjektet"): a line break may follow
    # it. (A hyphen between two letters outside a character class.)
    spaced = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])(?![^\[]*\])", r"-\\s*", spaced)
    body = _PLACEHOLDER.sub(placeholder, spaced.replace(" ", r"\s+"))
    return re.compile(body, re.IGNORECASE), tuple(names)


def find_values(lines: Sequence[Line], patterns: Sequence[str],
                locale: Locale | None = None) -> dict[str, ProseValue]:
    """The first value each placeholder name gets, searching the patterns in order.
    `locale`: the spec's (None: the built-in spec's)."""
    flow = flow_text(lines)
    repaired = repair_letters(flow.text, locale)
    found: dict[str, ProseValue] = {}
    for pattern in patterns:
        regex, names = compile_pattern(pattern, locale)
        for match in regex.finditer(repaired):
            for index, name in enumerate(names):
                start, end = match.span(f"g{index}")
                if name in found:
                    continue
                try:
                    number = parse_number(flow.text[start:end], locale=locale)
                except NumberError:
                    continue
                slipped = repaired[match.start() : match.end()] != flow.text[
                    match.start() : match.end()
                ]
                line = flow.line_at(start)
                line_start = flow.starts[flow.lines.index(line)]
                words = span_words(line, start - line_start, end - line_start)
                found[name] = ProseValue(name, number, line, slipped, words)
            break
    return found
