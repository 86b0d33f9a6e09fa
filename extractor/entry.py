"""The console entry point, kept light: a Ctrl-C or SIGTERM while the tool is still
starting up (importing pandas, pdfplumber, ...) is one line and its exit code, like one
at any later moment."""

from __future__ import annotations

from .runtime.interrupts import Interrupted, Terminated, install_handlers, interrupted, terminated


def main() -> None:
    install_handlers()
    try:
        from .cli import main as run
    except (KeyboardInterrupt, Interrupted):
        interrupted()
    except Terminated:
        terminated()
    run()
