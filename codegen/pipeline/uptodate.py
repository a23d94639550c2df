"""Skip a run whose inputs and outputs are exactly as the last successful run left them.

After a successful ``generate`` (or a clean ``check``) the run records, beside the lock in
``.toolstubs_cache/last-run.json``: a digest of every input (the generator's fingerprint,
the settings (the MCP servers configured among them), the bytes of the catalog or of the store files and the lock) and the stat
stamp (size, modification time, inode) of every file it owns in the output folder and of
the lock. A later ``generate`` or ``check`` whose digest matches and whose files all still
carry their stamps has nothing to do: it repeats the recorded reports and summary and
stops, in a fraction of a second. Any difference (an input, an edited, missing or replaced
file, another generator) means a full run, as does ``TOOLSTUBS_NO_CACHE=1`` or
``check --remote``. A file the user adds beside the generated ones changes nothing toolstubs
writes, so it does not force a run.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from codegen.build import cache
from codegen.pipeline.config import Config
from codegen.shared.durable import atomic_write
from codegen.shared.report import Level, Report
from codegen.sources import catalog, store
from codegen.sources.lock import Lock

_FILE = "last-run.json"


@dataclass
class Outcome:
    """What a run printed and counted, to say again when nothing needs doing."""

    packages: list[str]
    tool_count: int
    files: int
    empty: list[str]
    reports: list[Report] = field(default_factory=list)


def _path(config: Config) -> Path:
    return config.lock.parent / cache.FOLDER / _FILE


def _input_files(config: Config, lock: Lock | None) -> list[Path]:
    if config.source is not None:
        return catalog.source_files(config.source)
    assert config.store is not None
    return [
        config.store / store.file_name(slug, locked.version)
        for slug, locked in sorted((lock.toolkits if lock else {}).items())
    ]


def digest(config: Config, lock: Lock | None) -> str:
    """Everything a run's output depends on, hashed."""
    parts = hashlib.sha256()
    pins = [str(p) for p in config.pins]
    servers = [(server.name, server.record()) for server in config.mcp]
    settings = (
        config.source,
        config.store,
        config.output(),
        config.lock,
        pins,
        config.strict,
        config.typed_toolkits,
        servers,
    )
    parts.update(cache.fingerprint().encode() + b"\0" + repr(settings).encode() + b"\0")
    for path in [*_input_files(config, lock), config.lock]:
        parts.update(str(path).encode() + b"\0")
        try:
            with open(path, "rb") as handle:  # in blocks: a catalog of 20,000 tools is 66 MB
                for block in iter(lambda: handle.read(1 << 20), b""):
                    parts.update(block)
        except OSError:
            parts.update(b"<missing>")
    return parts.hexdigest()


def _stamp(path: Path) -> list[int] | None:
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ino]


def record(config: Config, lock: Lock | None, owned: list[str], outcome: Outcome) -> None:
    """Remember this successful run (a record that cannot be written only costs the next run time)."""
    if os.environ.get("TOOLSTUBS_NO_CACHE"):
        return
    out = config.output().resolve()
    stamps = {relative: _stamp(out / relative) for relative in owned}
    stamps[str(config.lock)] = _stamp(config.lock)
    data = {"digest": digest(config, lock), "stamps": stamps, "outcome": asdict(outcome)}
    try:
        _path(config).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(_path(config), json.dumps(data).encode("utf-8"))
    except OSError:
        pass


def unchanged(config: Config, lock: Lock | None) -> Outcome | None:
    """The recorded outcome when nothing changed since the last successful run, else ``None``."""
    if os.environ.get("TOOLSTUBS_NO_CACHE"):
        return None
    try:
        data: dict[str, Any] = json.loads(_path(config).read_text(encoding="utf-8"))
        if data["digest"] != digest(config, lock):
            return None
        out = config.output().resolve()
        for name, stamp in data["stamps"].items():
            path = Path(name) if os.path.isabs(name) else out / name
            if stamp is None or _stamp(path) != stamp:
                return None
        outcome = data["outcome"]
        reports = [Report(r["toolkit"], r["slug"], Level(r["level"]), r["message"]) for r in outcome.pop("reports")]
        return Outcome(**outcome, reports=reports)
    except (OSError, ValueError, KeyError, TypeError):
        return None
