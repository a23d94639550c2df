"""``toolstubs fetch``: the pinned toolkits' raw schemas, from the Composio API or any
compatible server (the sandbox included), into memory.

A pin without a version (or ``@latest``) keeps the version the lock already holds for
that toolkit; with none, it resolves to the server's current version, and that concrete
version is what gets recorded: the lock never holds ``latest``. Requests go through the
runtime client, so retries and timeouts are those of the runtime.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from codegen.shared.errors import ServerError
from codegen.sources.catalog import CatalogError, Pin
from codegen.sources.lock import Lock
from runtime.errors import ApiKeyNotProvidedError, ComposioError, NotFoundError

if TYPE_CHECKING:
    from runtime.client import Composio
    from runtime.deprecations import ToolkitDeprecation
    from runtime.tool import Tool


class FetchError(CatalogError):
    """A pin names a toolkit or version the server does not have, or there is no API key."""


@dataclass(frozen=True)
class Fetched:
    """One toolkit's tools at one concrete version."""

    toolkit: str
    version: str
    tools: list[dict[str, Any]]
    deprecation: dict[str, str] | None = None  # what the server's deprecation header said of this version


def client(base_url: str | None, api_key: str | None = None) -> Composio[Tool]:
    # Imported here: generate and check never reach a server, so they do not load the client.
    from runtime.client import Composio
    from runtime.providers.raw import RawProvider

    if api_key is None and not os.environ.get("COMPOSIO_API_KEY") and _is_loopback(base_url):
        api_key = "toolstubs-local"  # a loopback server (the sandbox) needs no key of yours
    try:
        return Composio(api_key=api_key, base_url=base_url, provider=RawProvider())
    except ApiKeyNotProvidedError as error:
        raise FetchError(
            "fetching needs a Composio API key: set the environment variable COMPOSIO_API_KEY "
            "(export COMPOSIO_API_KEY=...)"
        ) from error


def _is_loopback(base_url: str | None) -> bool:
    """Whether ``base_url`` names this machine by a loopback address or ``localhost``."""
    host = urlsplit(base_url or os.environ.get("COMPOSIO_BASE_URL") or "").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve(composio: Composio[Tool], pin: Pin, locked: str | None) -> str:
    """The concrete version ``pin`` means, checked against what the server has."""
    wanted = locked if pin.version is None else None if pin.version == "latest" else pin.version
    try:
        toolkit = composio.toolkits.get(pin.toolkit)
    except NotFoundError as error:
        raise FetchError(f"toolkit {pin.toolkit!r} is not on the server: {error}") from error
    except ComposioError as error:
        raise ServerError(f"cannot look up toolkit {pin.toolkit!r}: {error}") from error
    available = [str(v) for v in toolkit["meta"]["available_versions"]]
    version = wanted or str(toolkit["meta"].get("version") or (available[-1] if available else ""))
    if version not in available:
        raise FetchError(
            f"toolkit {pin.toolkit!r} has no version {version} on the server (it has: {', '.join(available) or 'none'})"
        )
    return version


def recorded(deprecation: ToolkitDeprecation) -> dict[str, str]:
    """What the lock keeps of a header item: the dates as ISO 8601 UTC, and the reason."""
    fields = {
        "deprecated_at": deprecation.deprecated_at.isoformat() if deprecation.deprecated_at else None,
        "sunset_at": deprecation.sunset_at.isoformat() if deprecation.sunset_at else None,
        "reason": deprecation.reason,
    }
    return {key: value for key, value in fields.items() if value is not None}


def announced(deprecations: Iterable[ToolkitDeprecation], toolkit: str, version: str) -> dict[str, str] | None:
    """The lock's ``deprecation`` of ``toolkit@version`` from what a client saw, or ``None``."""
    for deprecation in deprecations:
        if deprecation.slug.lower() == toolkit.lower() and deprecation.version == version:
            return recorded(deprecation)
    return None


def fetch(
    composio: Composio[Tool],
    pins: Sequence[Pin],
    previous: Lock | None,
    progress: Callable[[str], None] = lambda line: None,
) -> list[Fetched]:
    """Every pinned toolkit's tools, all pages; nothing is written here."""
    if not pins:
        raise FetchError("nothing to fetch: pass --toolkit SLUG[@VERSION] or set toolkits in [tool.toolstubs]")
    from runtime.deprecations import ToolkitDeprecationWarning

    fetched: list[Fetched] = []
    with warnings.catch_warnings():  # the lock records what the server said, and check says it
        warnings.simplefilter("ignore", ToolkitDeprecationWarning)
        for number, pin in enumerate(pins, 1):
            locked = previous.toolkits.get(pin.toolkit) if previous else None
            version = resolve(composio, pin, locked.version if locked else None)
            try:
                tools = composio.tools.fetch(pin.toolkit, version)
            except ComposioError as error:
                raise ServerError(f"cannot fetch {pin.toolkit}@{version}: {error}") from error
            deprecation = announced(composio.deprecations, pin.toolkit, version)
            said = " (the server says this version is deprecated)" if deprecation is not None else ""
            progress(f"[{number}/{len(pins)}] {pin.toolkit}@{version}: {len(tools)} tools{said}")
            fetched.append(Fetched(pin.toolkit, version, [tool.raw() for tool in tools], deprecation))
    return fetched
