"""Deprecation and sunset of the pinned toolkit versions and tools: what the lock recorded (the
tools a schema marks ``is_deprecated``, and what the server's ``Composio-Deprecated-Toolkits``
header said at fetch time), or what the server says now (``check --remote``); ``check`` says
it, and ``--fail-on-deprecated`` / ``--sunset-within DAYS`` make it exit 5.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from codegen.sources.lock import Lock

#: How many deprecated tools a line names before "and N more".
_SHOWN = 5


def is_deprecated(raw: Mapping[str, Any]) -> bool:
    """The tool object says it is deprecated: ``is_deprecated``, or ``deprecated.is_deprecated``
    (which the official TypeScript SDK reads)."""
    inner = raw.get("deprecated")
    return raw.get("is_deprecated") is True or (isinstance(inner, dict) and inner.get("is_deprecated") is True)


def deprecated_tools(tools: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The slugs of ``tools`` their schemas mark deprecated, sorted."""
    return tuple(sorted(str(tool["slug"]) for tool in tools if is_deprecated(tool)))


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Lifecycle:
    """One pinned toolkit version's deprecation, and its tools'."""

    toolkit: str
    version: str
    deprecation: Mapping[str, str] | None  # the version itself is deprecated (as the lock keeps it)
    tools: tuple[str, ...]  # its tools whose schemas say is_deprecated

    @property
    def sunset_at(self) -> datetime | None:
        return _moment((self.deprecation or {}).get("sunset_at"))

    def lines(self, now: datetime) -> list[str]:
        """What ``check`` says of it: nothing when nothing is deprecated."""
        pinned = f"{self.toolkit}@{self.version}"
        said: list[str] = []
        if self.deprecation is not None:
            line = f"{pinned} is deprecated"
            since = _moment(self.deprecation.get("deprecated_at"))
            if since is not None:
                line += f" since {since.date().isoformat()}"
            if self.deprecation.get("reason"):
                line += f" ({self.deprecation['reason']})"
            sunset = self.sunset_at
            if sunset is not None:
                days = (sunset - now) / timedelta(days=1)
                when = f"in {days:.0f} days" if days >= 0 else f"{-days:.0f} days ago"
                line += f"; it stops working on {sunset.date().isoformat()} ({when})"
            said.append(f"{line}: move the pin with `toolstubs upgrade {self.toolkit}` and regenerate")
        if self.tools:
            shown = ", ".join(self.tools[:_SHOWN]) + (
                f" and {len(self.tools) - _SHOWN} more" if len(self.tools) > _SHOWN else ""
            )
            count = f"{len(self.tools)} tool" + ("s" if len(self.tools) != 1 else "")
            said.append(f"{pinned}: {count} marked deprecated by the pinned schema: {shown}")
        return said

    def fails(self, fail_on_deprecated: bool, sunset_within: float | None, now: datetime) -> bool:
        """Whether the gates make ``check`` fail for it."""
        if fail_on_deprecated and (self.deprecation is not None or self.tools):
            return True
        sunset = self.sunset_at
        return sunset_within is not None and sunset is not None and sunset - now <= timedelta(days=sunset_within)


def of_lock(lock: Lock) -> list[Lifecycle]:
    """Every pinned toolkit's lifecycle as the lock recorded it."""
    return [
        Lifecycle(toolkit, locked.version, locked.deprecation, locked.deprecated_tools)
        for toolkit, locked in sorted(lock.toolkits.items())
    ]
