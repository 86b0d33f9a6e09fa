"""The console entry point, kept light: a Ctrl-C while the tool is still starting up
(importing pandas, pdfplumber, ...) is one line and exit 130, like one at any later moment."""

from __future__ import annotations

from .interrupts import interrupted


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        interrupted()
    run()
