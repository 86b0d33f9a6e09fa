"""Ctrl-C: one line and exit 130, however far the run has got."""

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
