"""Lone surrogates: the code points (U+D800 to U+DFFF) that no UTF-8 text can carry.

A Python string holds one where JSON escaped half of a UTF-16 pair (``"\\ud83d"``, an emoji
cut in two) or where a file name held bytes that are not UTF-8. Sending, hashing or writing
such a string as UTF-8 raises ``UnicodeEncodeError``; the runtime and the generator find them
first, to say where they are instead.
"""

from __future__ import annotations

import re

#: A surrogate code point: in a str, always a lone one (JSON parsing joins escaped pairs).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> str | None:
    """``"holds a lone surrogate (U+D83D, ...)"`` when ``text`` holds one, else ``None``."""
    found = LONE_SURROGATE.search(text)
    if found is None:
        return None
    point = ord(found.group())
    half = "first" if point < 0xDC00 else "second"
    return f"holds a lone surrogate (U+{point:04X}, the {half} half of a UTF-16 pair), which UTF-8 text cannot carry"
