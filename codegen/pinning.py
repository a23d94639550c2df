"""Moving pins: fetch into the store, detect drift on the server, diff and upgrade versions.

Everything that reaches the network is here; ``generate`` and ``check`` without
``--remote`` never do. Nothing is written before every request has succeeded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen import catalog, compat, store
from codegen.catalog import Pin
from codegen.config import Config
from codegen.fetch import Fetched, FetchError, client, fetch
from codegen.lock import Lock, LockedToolkit, generator_versions
from codegen.writer import atomic_write

Progress = Callable[[str], None]


def _store(config: Config) -> Path:
    if config.store is None:
        raise FetchError("fetch writes a schema store: pass --store DIR or set store in [tool.toolstubs] (not source)")
    return config.store


def updated_lock(previous: Lock | None, fetched: list[Fetched]) -> Lock:
    """``previous`` with the fetched toolkits' versions and tool hashes."""
    toolkits = dict(previous.toolkits) if previous else {}
    for item in fetched:
        toolkits[item.toolkit] = LockedToolkit(item.version, {t["slug"]: store.tool_hash(t) for t in item.tools})
    return Lock(dict(previous.generator) if previous else generator_versions(), toolkits)


def fetch_into_store(
    config: Config, pins: list[Pin], previous: Lock | None, progress: Progress
) -> tuple[list[Fetched], Lock]:
    """Fetch ``pins`` and only then write their store files and the lock."""
    folder = _store(config)
    with client(config.base_url) as composio:
        fetched = fetch(composio, pins, previous, progress)
    lock = updated_lock(previous, fetched)
    replaced = {
        item.toolkit: previous.toolkits[item.toolkit].version
        for item in fetched
        if previous and item.toolkit in previous.toolkits
    }
    store.write(folder, config.lock, {(f.toolkit, f.version): f.tools for f in fetched}, lock, replaced)
    return fetched, lock


@dataclass(frozen=True)
class Drift:
    """How the server's tools at a pinned version differ from the store."""

    toolkit: str
    version: str
    added: list[str]
    removed: list[str]
    changed: list[str]

    def __str__(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.removed)} removed", f"{len(self.changed)} changed"]
        names = [*(f"+{s}" for s in self.added), *(f"-{s}" for s in self.removed), *(f"~{s}" for s in self.changed)]
        return f"{self.toolkit}@{self.version}: {', '.join(parts)} ({', '.join(names)})"


def remote_drift(config: Config, lock: Lock) -> list[Drift]:
    """Per pinned toolkit whose server schemas differ from the lock, what differs."""
    drifts = []
    with client(config.base_url) as composio:
        pins = [Pin(toolkit, locked.version) for toolkit, locked in sorted(lock.toolkits.items())]
        for item in fetch(composio, pins, lock):
            locked = lock.toolkits[item.toolkit].tools
            remote = {t["slug"]: store.tool_hash(t) for t in item.tools}
            drift = Drift(
                item.toolkit,
                item.version,
                added=sorted(set(remote) - set(locked)),
                removed=sorted(set(locked) - set(remote)),
                changed=sorted(s for s in set(remote) & set(locked) if remote[s] != locked[s]),
            )
            if drift.added or drift.removed or drift.changed:
                drifts.append(drift)
    return drifts


def tools_at(config: Config, toolkit: str, version: str) -> dict[str, Mapping[str, Any]]:
    """``toolkit@version``'s tools: from the store, else the catalog, else the server."""
    if config.store is not None:
        path = config.store / store.file_name(toolkit, version)
        if path.is_file():
            return {str(t["slug"]): t for t in json.loads(path.read_text(encoding="utf-8"))}
    if config.source is not None:
        tools, _ = catalog.load(config.source)
        found = {t.slug: t.raw for t in tools if t.toolkit == toolkit and t.version == version}
        if found:
            return found
    with client(config.base_url) as composio:
        (item,) = fetch(composio, [Pin(toolkit, version)], None)
    return {str(t["slug"]): t for t in item.tools}


def upgrade(
    config: Config, pin: Pin, lock: Lock | None, progress: Progress
) -> tuple[str, str, list[compat.Change], Lock]:
    """Move ``pin``'s toolkit to ``pin.version`` (default: the server's latest); refetch it.

    Returns the old and new versions, the changes between them, and the new lock."""
    if lock is None or pin.toolkit not in lock.toolkits:
        raise FetchError(f"{pin.toolkit} is not pinned yet: run `toolstubs fetch --toolkit {pin.toolkit}` first")
    old_version = lock.toolkits[pin.toolkit].version
    old = {t.slug: t.raw for t in store.read(_store(config), lock)[(pin.toolkit, old_version)]}
    target = Pin(pin.toolkit, pin.version or "latest")
    fetched, new_lock = fetch_into_store(config, [target], lock, progress)
    new = {str(t["slug"]): t for t in fetched[0].tools}
    _repin(config, pin.toolkit, old_version, fetched[0].version)
    return old_version, fetched[0].version, compat.diff(old, new), new_lock


def _repin(config: Config, toolkit: str, old: str, new: str) -> None:
    """Rewrite ``"toolkit@old"`` to ``"toolkit@new"`` in pyproject.toml, if it pins it there."""
    if config.pyproject is None or old == new:
        return
    text = config.pyproject.read_text(encoding="utf-8")
    for quote in ('"', "'"):
        text = text.replace(f"{quote}{toolkit}@{old}{quote}", f"{quote}{toolkit}@{new}{quote}")
    atomic_write(config.pyproject, text.encode("utf-8"))
