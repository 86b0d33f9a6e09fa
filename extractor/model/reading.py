"""How an input is read: the choices the command line and the readers share."""

from __future__ import annotations

from enum import StrEnum


class OcrMode(StrEnum):
    """`--ocr`: which pages are OCR'd."""

    AUTO = "auto"  # pages without a trusted text layer
    ALWAYS = "always"  # every page; no text layer is read
    NEVER = "never"  # none: a page without a usable text layer is skipped, with a warning
