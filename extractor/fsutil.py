"""Files written safely: atomically (never half-written) and with the user's umask.

Used by readers (the OCR cache) and by outputs alike, so neither imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path


def umask() -> int:
    """The process's umask (read without changing it, where Linux tells)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file_atomically(path: Path, data: str | bytes) -> Path:
    """One file, written beside its place and renamed in: never half-written.

    Text is written as UTF-8 with "\\n" line ends. The temporary name carries
    the process id, so workers writing the same cache entry at once do not
    trip over each other. The file follows the umask.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, str):
            with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
        else:
            temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
    return path
