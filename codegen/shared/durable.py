"""One file replaced durably: staged beside itself, flushed to disk, renamed into place.

Readers see the old bytes or the new ones, never a part; a file that could not be
written whole is gone again. The lock, the store, the build cache and the output folder's
extras are written this way (the folder itself is swapped whole by
:mod:`codegen.write.transaction`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

SUFFIX = ".toolstubs-tmp"


def staged_path(path: Path) -> Path:
    """Where the next version of ``path`` waits until it is moved into place."""
    return path.with_name(f".{path.name}{SUFFIX}")


def write_durably(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``data`` to ``path`` (or let it write itself, streamed) and flush it to disk."""
    with open(path, "wb") as handle:
        if callable(data):
            data(handle)
        else:
            handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def stage_file(path: Path, data: bytes | Callable[[BinaryIO], object]) -> Path:
    """Write ``data`` completely beside ``path``; return where it is."""
    staged = staged_path(path)
    try:
        write_durably(staged, data)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Replace one file: readers see the old bytes or the new ones, never a part."""
    staged = stage_file(path, data)
    try:
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
