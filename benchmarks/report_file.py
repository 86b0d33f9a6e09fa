"""BENCHMARKS.md is shared by several benchmarks: each owns one block of it.

A block runs from `<!-- begin NAME -->` to `<!-- end NAME -->`; writing one benchmark's
results replaces its block only, so `run.py --write` keeps the layout and ICDAR results.
A block not in the file yet is appended.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"


def replace_block(name: str, markdown: str, path: Path = BENCHMARKS) -> None:
    """Write `markdown` as block `name` of `path`, the rest of the file untouched."""
    block = f"<!-- begin {name} -->\n{markdown.rstrip()}\n<!-- end {name} -->\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(rf"<!-- begin {re.escape(name)} -->\n.*?<!-- end {re.escape(name)} -->\n",
                         re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip() + ("\n\n" if text.strip() else "") + block
    path.write_text(text, encoding="utf-8")
