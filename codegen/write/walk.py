"""Walking a folder with paths relative to it, as the writer, its survey and its transaction need."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def entries(top: str | Path) -> Iterator[tuple[str, str, list[str]]]:
    """Every folder under ``top`` (links to folders are not entered): its path, its path
    relative to ``top`` as a prefix (``""`` or ``"a/b/"``), and the names in it that are not
    folders, links to folders included."""
    for folder, subfolders, names in os.walk(top):
        inside = os.path.relpath(folder, top)
        prefix = "" if inside == "." else inside.replace(os.sep, "/") + "/"
        yield folder, prefix, names + [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
