"""The console entry point, kept light: a Ctrl-C while the tool is still starting up
(importing pandas, pdfplumber, ...) is one line and exit 130, like one at any later moment."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import NoReturn

EXIT_INTERRUPTED = 130


def interrupted() -> NoReturn:
    """One line, exit 130. `os._exit`, because an interpreter shutting down after an
    interrupt can print tracebacks of its own (a worker pool's thread being joined)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    sys.stderr.write("ams-extract: interrupted; nothing was written\n")
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        interrupted()
    run()
