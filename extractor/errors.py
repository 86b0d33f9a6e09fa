"""Errors the command line turns into one plain line and an exit code."""

from __future__ import annotations

# Exit codes of the output contract.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
# An extension: an output could not be written although its path was checked (disk full,
# a permission taken away mid-run); nothing half-written is left.
EXIT_WRITE_FAILED = 4


class ExtractError(Exception):
    """Something the user can act on; `str()` is the whole message."""

    exit_code = EXIT_UNREADABLE


class InputError(ExtractError):
    """The input cannot be read as an AMS report (missing, empty, corrupt, not a report)."""

    exit_code = EXIT_UNREADABLE


class UsageError(ExtractError):
    """The command was called wrongly (e.g. an output folder exists without --force)."""

    exit_code = EXIT_USAGE


class OutputError(ExtractError):
    """An output could not be written (an I/O failure while writing, not a wrong path)."""

    exit_code = EXIT_WRITE_FAILED
