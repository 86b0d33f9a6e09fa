"""A one-line progress bar on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def terminal_progress(what: str, eta: bool = False) -> Callable[[int, int], None]:
    """A callback `(done, total)` that redraws "<what> [####....] done/total", and with
    `eta` the time left at the pace so far ("about 2 min left")."""
    started = time.monotonic()
    last: list[object] = [None, 0]  # the (done, total) shown last, the longest line's length

    def show(done: int, total: int) -> None:
        if not sys.stderr.isatty() or last[0] == (done, total):
            return  # a page told twice (read again) redraws nothing
        width = 30
        filled = int(width * done / total) if total else width
        line = f"{what} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if eta:
            line = f"{line}  {time_left(time.monotonic() - started, done, total)}".rstrip()
        longest = max(int(last[1]), len(line))  # a shorter line wipes a longer one
        sys.stderr.write("\r" + line.ljust(longest) + ("\n" if done == total else ""))
        sys.stderr.flush()
        last[:] = [(done, total), 0 if done == total else longest]

    return show


def time_left(elapsed: float, done: int, total: int) -> str:
    """"about 3 min left" at the pace so far; "" before anything is done or once all is."""
    if done <= 0 or done >= total:
        return ""
    seconds = elapsed / done * (total - done)
    if seconds < 90:
        return f"about {max(1, round(seconds))} s left"
    return f"about {round(seconds / 60)} min left"
