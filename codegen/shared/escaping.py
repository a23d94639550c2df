"""The one way schema text (descriptions, names, defaults, enum values) becomes Python source.

A schema is untrusted input. Text only ever reaches generated code as a string literal or
docstring built here; every character that is not printable is escaped, so no quote,
backslash, newline, NUL or Unicode line separator can end a literal early.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from functools import cache
from typing import Any


def _escape_char(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escaped(char: str, quote: str) -> str:
    if char == "\\":
        return "\\\\"
    if char == "\n":
        return "\\n"
    if char == quote:
        return "\\" + char
    if not char.isprintable() or char.isspace() and char != " ":
        return _escape_char(char)
    return char


@cache
def _special(quote: str) -> re.Pattern[str]:
    """One character that may need escaping inside ``quote``: anything but printable ASCII, a
    backslash or the quote. Everything else stands for itself."""
    return re.compile(r"[^ -~]|[\\" + re.escape(quote) + "]")


def escape(text: str, quote: str) -> str:
    """Escape ``text`` for the inside of a string literal delimited by ``quote``."""
    return _special(quote).sub(lambda match: _escaped(match.group(), quote), text)


def string(text: str) -> str:
    """A Python string literal whose value is exactly ``text``.

    Double-quoted unless single quotes need fewer escapes (the formatters' own rule, so
    they leave it as it is).
    """
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + escape(text, quote) + quote


def value(data: Any) -> str:
    """A Python literal for a JSON value (strings escaped by :func:`string`)."""
    if isinstance(data, str):
        return string(data)
    if data is None or isinstance(data, bool):
        return repr(data)
    if isinstance(data, int):
        return str(data)
    if isinstance(data, float) and math.isfinite(data):
        return repr(data)
    if isinstance(data, list):
        return "[" + ", ".join(value(item) for item in data) + "]"
    if isinstance(data, dict):
        return "{" + ", ".join(f"{string(str(k))}: {value(v)}" for k, v in data.items()) + "}"
    raise TypeError(f"not a JSON value: {type(data).__name__}")


def docstring_lines(text: str, width: int = 88) -> list[str]:
    """``text`` as escaped lines of at most ``width`` columns, paragraphs separated by ``""``.

    Paragraphs (split at blank lines) are re-wrapped; any other whitespace run, line
    and paragraph separators included, becomes one space.
    """
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for paragraph in normalized.split("\n\n"):
        words = paragraph.split()
        if not words:
            continue
        if lines:
            lines.append("")
        escaped = " ".join(escape(word, "") for word in words)
        lines.extend(textwrap.wrap(escaped, width=max(width, 20), break_long_words=False, break_on_hyphens=False))
    return lines or [""]


def docstring_from_lines(lines: list[str], indent: str = "") -> str:
    """A triple-quoted docstring from lines made by :func:`docstring_lines` (escaped already)."""
    body = "\n".join(indent + line if line else "" for line in lines).removeprefix(indent)
    body = body.replace('"""', '\\"\\"\\"')
    backslashes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
    if body.endswith('"') and backslashes % 2 == 0:  # an unescaped quote would touch the closing """
        body = body[:-1] + '\\"'
    if len(lines) > 1:
        return '"""' + body + "\n" + indent + '"""'
    return '"""' + body + '"""'


def docstring(text: str, indent: str = "", width: int = 88) -> str:
    """A triple-quoted docstring for ``text``, wrapped to ``width`` at ``indent``, never closed early."""
    return docstring_from_lines(docstring_lines(text, width - len(indent)), indent)


def canonical_json(data: Any) -> str:
    """Canonical JSON text: sorted keys, no whitespace, UTF-8 (the input of every hash)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


_ORDERED_MAPS = frozenset({"properties", "patternProperties"})


def _schema_ordered(value: Any, keep: bool = False) -> Any:
    if isinstance(value, dict):
        items = value.items() if keep else sorted(value.items())
        return {key: _schema_ordered(item, keep=key in _ORDERED_MAPS and not keep) for key, item in items}
    if isinstance(value, list):
        return [_schema_ordered(item) for item in value]
    return value


def ordered_json(data: Any) -> str:
    """Compact JSON text with sorted keys, except in ``properties`` maps, whose order (the order
    schema authors wrote them in) decides the order of parameters and fields. Used wherever the
    output depends on the schema: the store, the baked schemas, the build cache's keys."""
    return json.dumps(_schema_ordered(data), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
