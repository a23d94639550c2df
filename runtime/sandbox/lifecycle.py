"""Toolkit versions the sandbox retires, as the API announces it: every response that resolves
to such a version carries the ``Composio-Deprecated-Toolkits`` header, the tools named say
``is_deprecated``, and ``GET /toolkits/changelog`` says when it stops working.

``Sandbox.deprecate(toolkit, version, sunset_at=...)`` (or ``toolstubs sandbox --deprecate
SLUG@VERSION[=SUNSET]``) marks one, so a sunset can be rehearsed offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

HEADER = "Composio-Deprecated-Toolkits"


@dataclass(frozen=True)
class Retirement:
    """One deprecated toolkit version: since when, until when, and why."""

    toolkit: str
    version: str
    deprecated_at: datetime
    sunset_at: datetime | None = None
    reason: str = "lifecycle"

    def header_item(self) -> str:
        """The item of the header list, e.g. ``"GMAIL";version="20250114_00";deprecated=@...``."""
        item = f"{_quoted(self.toolkit.upper())};version={_quoted(self.version)}"
        item += f";deprecated=@{int(self.deprecated_at.timestamp())}"
        if self.sunset_at is not None:
            item += f";sunset=@{int(self.sunset_at.timestamp())}"
        return item + f";reason={_quoted(self.reason)}"

    def changelog(self) -> str:
        said = f"Deprecated on {self.deprecated_at.date().isoformat()} ({self.reason})"
        if self.sunset_at is not None:
            said += f"; stops working on {self.sunset_at.date().isoformat()}"
        return said + "."


def header_value(retirements: list[Retirement]) -> str:
    return ", ".join(retirement.header_item() for retirement in retirements)


def parse_flag(text: str) -> tuple[str, str, datetime | None]:
    """``SLUG@VERSION[=YYYY-MM-DD]`` of ``--deprecate``: toolkit, version and sunset (midnight UTC)."""
    pin, _, sunset = text.partition("=")
    toolkit, at, version = pin.partition("@")
    if not toolkit or not at or not version:
        raise ValueError(f"--deprecate {text!r}: give SLUG@VERSION, optionally =YYYY-MM-DD for the sunset")
    if not sunset:
        return toolkit.lower(), version, None
    try:
        day = date.fromisoformat(sunset)
    except ValueError:
        raise ValueError(f"--deprecate {text!r}: the sunset {sunset!r} is not a YYYY-MM-DD date") from None
    return toolkit.lower(), version, datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
