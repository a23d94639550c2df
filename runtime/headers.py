"""What an HTTP header carries: checking keys and header values before a request holds them.

A value with a line break, a space or tab at either end, or a character outside printable
ASCII cannot be sent as it is; httpx and h11 refuse it only when the request goes out, and
their error prints the whole value: a key or token read from a file keeps its line break, so
the secret would end up in a message. These checks say what is wrong and where, never the value.
"""

from __future__ import annotations

from runtime.errors import InvalidParamsError

_ADVICE = "; pass it as issued (one read from a file or a terminal may need .strip())"


def header_value(value: str, what: str) -> str:
    """``value`` when a header carries it as it is; else :class:`InvalidParamsError` naming
    ``what`` (``"the API key"``) and the character at fault."""
    for number, char in enumerate(value, 1):
        if char in "\r\n":
            raise InvalidParamsError(f"{what} holds a line break (character {number} of {len(value)}){_ADVICE}")
        if not (" " <= char <= "~" or char == "\t"):
            where = f"U+{ord(char):04X}, character {number} of {len(value)}"
            raise InvalidParamsError(f"{what} holds a character no HTTP header can carry ({where}){_ADVICE}")
    for edge, char in (("start", value[:1]), ("end", value[-1:])):
        if char in (" ", "\t"):
            raise InvalidParamsError(f"{what} has {'a space' if char == ' ' else 'a tab'} at its {edge}{_ADVICE}")
    return value


def header_name(name: str) -> str:
    """``name`` when it is a header name (an HTTP token); else :class:`InvalidParamsError`."""
    for number, char in enumerate(name, 1):
        if char in "\r\n":
            raise InvalidParamsError(f"a header name holds a line break (character {number} of {len(name)})")
        if not ("!" <= char <= "~") or char in '"(),/:;<=>?@[\\]{}':
            where = f"U+{ord(char):04X}, character {number} of {len(name)}"
            raise InvalidParamsError(f"a header name holds a character a header name cannot have ({where})")
    if not name:
        raise InvalidParamsError("a header name is empty")
    return name
