"""Control characters removed from text as it enters, so no key, label or workbook holds one.

A NUL or ESC in an edition is damage, never data: left in, it would reach the
row keys, DuckDB and Excel (which refuses the file). Tab and newline are
layout and are kept; every other C0 control, DEL and the C1 controls are
removed, as are U+FFFE and U+FFFF, which no XML file (an .xlsx) may hold.
"""

from __future__ import annotations

import re

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Vertical tab and form feed separate words like a space; the rest joins what it split.
_SPACING = str.maketrans({"\x0b": " ", "\x0c": " "})


def remove_controls(text: str) -> str:
    """`text` without control characters (tab and newline kept; VT and FF become spaces)."""
    return CONTROLS.sub("", text.translate(_SPACING))
