"""Ink on a prepared page that no word OCR read covers: Tesseract's page layout now and
then skips the right end of a wide table or a column of one-digit values, which is then
read again (readers/ocr.read_unread_ink).

    unread_ink     areas of text-like ink, a letter high, that no word read covers
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

# Unread ink: squares a letter high with at least this share of ink, in a run of at least
# this many (a word or more; a lone missed number is the cell re-read's business).
UNREAD_FILL = 0.03
UNREAD_SQUARES = 3


def unread_ink(ink: np.ndarray, read: Sequence[tuple[int, int, int, int]], height: float
               ) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1, pixels) around ink that no read word's box covers: text the
    page's OCR skipped (Tesseract's page layout sometimes drops the right end of a wide
    table, or a column of one-digit values). The page is cut in squares a letter high;
    squares with ink are joined with their neighbours along a line (a square's gap
    allowed) and then down a column (two squares' gap allowed); groups of a word or more,
    or of a column of digits, are kept."""
    left = ink.copy()
    pad = int(height / 2)
    for x0, y0, x1, y1 in read:
        left[max(y0 - pad, 0):y1 + pad, max(x0 - pad, 0):x1 + pad] = False
    size = max(int(height), 4)
    rows, cols = left.shape[0] // size, left.shape[1] // size
    squares = left[:rows * size, :cols * size].reshape(rows, size, cols, size).mean(axis=(1, 3))
    groups = _join_squares(squares >= UNREAD_FILL, ((0, 1), (0, -1), (0, 2), (0, -2),
                                                    (1, 0), (-1, 0)))
    groups = _join_columns(groups)
    return [(c0 * size, r0 * size, (c1 + 1) * size, (r1 + 1) * size)
            for (r0, c0, r1, c1), count in groups if count >= UNREAD_SQUARES]


def _join_squares(marked: np.ndarray, steps: Sequence[tuple[int, int]]
                  ) -> list[tuple[tuple[int, int, int, int], int]]:
    """Connected groups of marked squares: (their box (r0, c0, r1, c1), how many)."""
    rows, cols = marked.shape
    seen = np.zeros(marked.shape, dtype=bool)
    groups = []
    for start in zip(*np.nonzero(marked), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        stack, members = [start], []
        while stack:
            r, c = stack.pop()
            members.append((r, c))
            for dr, dc in steps:
                nr, nc = r + dr, c + dc
                if 0 <= nr < rows and 0 <= nc < cols and marked[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    stack.append((nr, nc))
        rs, cs = [r for r, _ in members], [c for _, c in members]
        groups.append(((min(rs), min(cs), max(rs), max(cs)), len(members)))
    return groups


def _join_columns(groups: list[tuple[tuple[int, int, int, int], int]]
                  ) -> list[tuple[tuple[int, int, int, int], int]]:
    """Groups one above the other (columns overlapping, at most two squares between) as one."""
    groups = sorted(groups)
    merged = True
    while merged:
        merged = False
        for i, j in itertools.combinations(range(len(groups)), 2):
            (a0, b0, a1, b1), m = groups[i]
            (c0, d0, c1, d1), n = groups[j]
            if b0 <= d1 and d0 <= b1 and (c0 - a1 <= 3 and a0 - c1 <= 3):
                groups[i] = ((min(a0, c0), min(b0, d0), max(a1, c1), max(b1, d1)), m + n)
                del groups[j]
                merged = True
                break
    return groups
