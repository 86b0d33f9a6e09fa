"""The command line: one module per command, sharing the options and printing of `common.py`."""

from .commands import cli, main

__all__ = ["cli", "main"]
