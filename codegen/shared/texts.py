"""A run's generated texts, held compressed once there are many: the output of 20,000 tools is
about 250 MB of text, a quarter of a run's memory, and a fifth of that compressed.

Up to :data:`PLAIN` characters are held as they are, so a run of a few thousand tools (and a
rerun that changed one of them) spends nothing on compression; past that, each text added is
compressed (zlib, level 1: about 200 MB a second) and decompressed when read. What is held
never changes what is read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, MutableMapping

#: Characters held uncompressed before texts added after them are compressed.
PLAIN = 64_000_000


class Texts(MutableMapping[str, str]):
    """Path -> text, in the order added; compressed past :data:`PLAIN` characters."""

    def __init__(self) -> None:
        self._held: dict[str, str | bytes] = {}
        self._plain = 0  # characters held uncompressed

    def __getitem__(self, path: str) -> str:
        held = self._held[path]
        return held if isinstance(held, str) else zlib.decompress(held).decode("utf-8")

    def __setitem__(self, path: str, text: str) -> None:
        replaced = self._held.get(path)  # a path set again keeps its place in the order
        if isinstance(replaced, str):
            self._plain -= len(replaced)
        if self._plain + len(text) <= PLAIN:
            self._held[path] = text
            self._plain += len(text)
        else:
            self._held[path] = zlib.compress(text.encode("utf-8"), 1)

    def __delitem__(self, path: str) -> None:
        held = self._held.pop(path)
        if isinstance(held, str):
            self._plain -= len(held)

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)
