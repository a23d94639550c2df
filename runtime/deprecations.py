"""Toolkit versions the API says are deprecated, read from its ``Composio-Deprecated-Toolkits``
response header and told once per process as a :class:`ToolkitDeprecationWarning`.

The header is an RFC 9651 structured-field list, one item a toolkit version::

    "GMAIL";version="20250114_00";deprecated=@1779840000;sunset=@1787788800;reason="lifecycle"

It is read with the official SDK's limits: a header over 2,048 characters, or holding a
control character, is ignored whole; an item whose slug, ``version``, ``reason`` or dates do
not parse is dropped (unknown parameters are ignored); at most 1,024 toolkit versions are ever
recorded, per process and per client. Stricter than the SDK, as RFC 9651 is: a header holding
any character but printable ASCII is ignored whole (so no terminal escape or bidi control
reaches a warning, the lock or ``check``), and a date's digits are ASCII. Nothing here raises
on what a server sends, and a warning never fails a call, whatever the warnings filter says:
a header that does not parse is no header.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

HEADER = "composio-deprecated-toolkits"
MAX_HEADER_LENGTH = 2048
MAX_TRACKED = 1024

_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]+")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_DATE = re.compile(r"@(-?[0-9]{1,15})")


@dataclass(frozen=True)
class ToolkitDeprecation:
    """One deprecated toolkit version, as the header gave it."""

    slug: str
    version: str
    deprecated_at: datetime | None = None
    sunset_at: datetime | None = None
    reason: str | None = None

    @property
    def key(self) -> str:
        """``SLUG@VERSION``: what is told once per process."""
        return f"{self.slug.upper()}@{self.version}"

    def advice(self) -> str:
        """One sentence: what was deprecated, when it stops working, and what to do."""
        said = f"toolkit {self.slug.lower()} version {self.version} is deprecated"
        if self.deprecated_at is not None:
            said += f" since {_day(self.deprecated_at)}"
        if self.reason is not None:
            said += f" ({self.reason})"
        if self.sunset_at is not None:
            said += f" and stops working on {_day(self.sunset_at)}"
        upgrade = (
            f"`toolstubs upgrade {self.slug.lower()}`" if _PLAIN_SLUG.fullmatch(self.slug) else "`toolstubs upgrade`"
        )
        return (
            f"{said}: move the pin with {upgrade} and regenerate "
            "(`toolstubs check --remote --fail-on-deprecated` finds this in CI)"
        )


class ToolkitDeprecationWarning(UserWarning):
    """A pinned toolkit version the API says is deprecated; ``deprecation`` holds the details.

    A ``UserWarning``, so Python shows it by default (a ``DeprecationWarning`` is hidden outside
    ``__main__``). It never fails a call, even under a filter that turns warnings into errors
    (the request has been answered by then); to act on it, read ``composio.deprecations``, or
    gate CI with ``toolstubs check --fail-on-deprecated``.
    """

    def __init__(self, deprecation: ToolkitDeprecation) -> None:
        super().__init__(deprecation.advice())
        self.deprecation = deprecation


def _day(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).date().isoformat()


def _split(text: str, delimiter: str) -> list[str]:
    """``text`` split on ``delimiter`` outside double quotes (a backslash escapes inside them),
    each piece stripped, empty pieces dropped."""
    pieces: list[str] = []
    start = 0
    quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if quoted and char == "\\":
            index += 1
        elif char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            pieces.append(text[start:index])
            start = index + 1
        index += 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _string(raw: str) -> str | None:
    """An sf-string's text, or ``None`` unless ``raw`` is one whole, with only ``\\"`` and
    ``\\\\`` escaped."""
    match = _STRING.fullmatch(raw)
    if match is None:
        return None
    escapes = _ESCAPE.findall(match.group(1))
    if any(escaped not in ('"', "\\") for escaped in escapes):
        return None
    return _ESCAPE.sub(r"\1", match.group(1))


def _date(raw: str) -> datetime | None:
    """An sf-date (``@`` and Unix seconds) in UTC, or ``None``."""
    match = _DATE.fullmatch(raw)
    if match is None:
        return None
    try:
        return datetime.fromtimestamp(int(match.group(1)), tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _item(text: str) -> ToolkitDeprecation | None:
    head, *parameters = _split(text, ";") or [""]
    slug = _string(head)
    if not slug:
        return None
    found: dict[str, str | datetime] = {}
    for parameter in parameters:
        key, equals, raw = parameter.partition("=")
        key, raw = key.strip(), raw.strip()
        if not equals or key not in ("version", "reason", "deprecated", "sunset"):
            continue
        value = _string(raw) if key in ("version", "reason") else _date(raw)
        if not value:
            return None
        found[key] = value
    version = found.get("version")
    if not isinstance(version, str):
        return None
    reason, deprecated, sunset = found.get("reason"), found.get("deprecated"), found.get("sunset")
    return ToolkitDeprecation(
        slug,
        version,
        deprecated if isinstance(deprecated, datetime) else None,
        sunset if isinstance(sunset, datetime) else None,
        reason if isinstance(reason, str) else None,
    )


def parse(value: str) -> list[ToolkitDeprecation]:
    """Every well-formed item of a header ``value``; none for a header over the length cap or
    holding anything but printable ASCII. Never raises."""
    if len(value) > MAX_HEADER_LENGTH or _NOT_PRINTABLE_ASCII.search(value):
        return []
    return [item for item in map(_item, _split(value, ",")) if item is not None]


_told: set[str] = set()
_told_lock = threading.Lock()


class Deprecations:
    """What one client has seen, in the order seen; each toolkit version is warned about once
    per process, whichever client saw it first."""

    def __init__(self) -> None:
        self._seen: dict[str, ToolkitDeprecation] = {}
        self._lock = threading.Lock()

    def seen(self) -> tuple[ToolkitDeprecation, ...]:
        with self._lock:
            return tuple(self._seen.values())

    def observe(self, headers: Mapping[str, str]) -> None:
        """Record and warn about the deprecations a response's ``headers`` announce."""
        value = headers.get(HEADER)
        if not value:
            return
        fresh: list[ToolkitDeprecation] = []
        for deprecation in parse(value):
            with self._lock:
                if deprecation.key not in self._seen and len(self._seen) < MAX_TRACKED:
                    self._seen[deprecation.key] = deprecation
            with _told_lock:
                if deprecation.key in _told or len(_told) >= MAX_TRACKED:
                    continue
                _told.add(deprecation.key)
            fresh.append(deprecation)
        for deprecation in fresh:
            try:
                warnings.warn(ToolkitDeprecationWarning(deprecation), stacklevel=2)
            except Exception:  # noqa: BLE001 - a filter set to "error": the call has been answered; it stands
                continue
