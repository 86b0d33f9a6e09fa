"""The model passed from stage to stage: one dataclass vocabulary for every module.

    document   what was read: pages, words, lines, provenance; a reader's words before layout
    grid       a table as geometry: cells with boxes, rows, columns, spans
    results    what the stages make of it: sections, observations, checks, warnings
    spec       what the report spec says to look for
"""

from .document import (
    TEXT_CHAR_WIDTH,
    TEXT_LINE_HEIGHT,
    DictionaryCheck,
    Document,
    Line,
    Marker,
    PageInfo,
    PageMethod,
    PageWords,
    PlacedLine,
    Source,
    SourceWords,
    StripCheck,
    TextLayerCheck,
    Word,
    group_lines,
    words_box,
)
from .results import (
    SEVERE_FLAGS,
    CheckResult,
    CheckStatus,
    Edition,
    ExtractedTable,
    Fact,
    Observation,
    ReportWarning,
    Section,
    TableStatus,
)

__all__ = [
    "SEVERE_FLAGS",
    "TEXT_CHAR_WIDTH",
    "TEXT_LINE_HEIGHT",
    "CheckResult",
    "CheckStatus",
    "DictionaryCheck",
    "Document",
    "Edition",
    "ExtractedTable",
    "Fact",
    "Line",
    "Marker",
    "Observation",
    "PageInfo",
    "PageMethod",
    "PageWords",
    "PlacedLine",
    "ReportWarning",
    "Section",
    "Source",
    "SourceWords",
    "StripCheck",
    "TableStatus",
    "TextLayerCheck",
    "Word",
    "group_lines",
    "words_box",
]
