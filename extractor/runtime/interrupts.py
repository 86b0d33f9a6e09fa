"""Ctrl-C and SIGTERM: one line and their own exit code, however far the run has got.

Both unwind the run as an exception, so every `finally` on the way runs: worker
pools are stopped (their Tesseract children with them), temporary folders removed.
Once results are being written (`commit`), both are ignored: the run finishes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import NoReturn

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Interrupted(BaseException):
    """Ctrl-C. Not a KeyboardInterrupt: click prints an empty line for one of those, and the
    contract's error is one line. A BaseException, so no `except Exception` stops it."""


class Terminated(BaseException):
    """SIGTERM, likewise."""


def _on_interrupt(signum: int, frame: object) -> None:
    """The first Ctrl-C unwinds the run (cleaning up as it goes); later ones are ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Interrupted


def _on_terminate(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Terminated


def install_handlers() -> None:
    """Ctrl-C and SIGTERM unwind the run; a Ctrl-C ignored by the caller stays ignored."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_interrupt)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_terminate)


def commit() -> None:
    """From here on results are written: an interrupt would leave the user unsure what
    was, so both signals are ignored; the rest of the run takes a moment."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _end(message: str, code: int) -> NoReturn:
    """One line, then exit. `os._exit`, because an interpreter shutting down after an
    interrupt can print tracebacks of its own (a worker pool's thread being joined)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"ams-extract: {message}; nothing was written\n")
        sys.stderr.flush()
    os._exit(code)


def interrupted() -> NoReturn:
    _end("interrupted", EXIT_INTERRUPTED)


def terminated() -> NoReturn:
    _end("terminated", EXIT_TERMINATED)
