"""The build cache: a rerun over unchanged tools skips normalizing and datamodel-code-generator,
and a rerun over unchanged files skips the gate and the formatter.

One file, ``.toolstubs_cache/tools.pickle`` beside the lock (the folder keeps itself out of
git), maps a key per tool to what :func:`codegen.pipeline.generate.build_tool` returned for it, and
holds beside those each tool's code with its gate's verdict, each generated text's formatted
text, and each toolkit's share of a run (its files, reports and tool count). A tool's
key covers its JSON in its own key order (which shapes the output), its toolkit and method
name, and a fingerprint of everything else that shapes the result: the Python, toolstubs,
datamodel-code-generator and ruff versions, the DCG option set and the source of the
generator itself. Each run keeps only the entries it used, so the file never outgrows one
run. Entries are held pickled and compressed (a fifth of the built objects' memory), so a
large first run does not keep a second copy of every tool while it writes the first. A
missing, unreadable or foreign file counts as empty; a file that cannot be written is left
alone (the next run rebuilds). ``TOOLSTUBS_NO_CACHE=1`` turns the cache off."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import zlib
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import codegen
from codegen.build import models
from codegen.build.render import templates_hash
from codegen.shared.durable import atomic_write, staged_path

FOLDER = ".toolstubs_cache"
_FILE = "tools.pickle"


@cache
def fingerprint() -> str:
    """What besides a tool's own schema decides what building it gives."""
    digest = hashlib.sha256()
    for part in (
        f"{sys.version_info[0]}.{sys.version_info[1]}",
        codegen.__version__,
        metadata.version("datamodel-code-generator"),
        metadata.version("ruff"),
        models.OPTIONS_ID,
        templates_hash(),
    ):
        digest.update(part.encode() + b"\0")
    digest.update(sources_digest(Path(codegen.__file__).parent).encode())
    return digest.hexdigest()


def sources_digest(package: Path) -> str:
    """A digest of every module of the generator under ``package``, in every subpackage, by
    path: editing any of them makes every cached build stale."""
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def key(raw: Mapping[str, Any], toolkit_slug: str, method: str) -> str:
    """The cache key of building ``raw`` as ``method`` of ``toolkit_slug``.

    ``raw`` is hashed as it stands, every key in its own order: a finer key than the output
    needs (only the order of ``properties`` shapes it), so at worst a reordered schema is
    built again, and serialising it stays in json's C encoder."""
    text = json.dumps(raw, ensure_ascii=False, separators=(",", ":"), default=repr)
    parts = "\0".join((fingerprint(), toolkit_slug, method, text))
    return hashlib.sha256(parts.encode("utf-8", "surrogatepass")).hexdigest()


def entry_key(kind: str, *parts: str) -> str:
    """The cache key of an entry other than a built tool (a gate verdict, a formatted file, a
    toolkit's files): its kind, then a hash of everything its value depends on."""
    return kind + "\0" + hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class ToolCache:
    """Built tools by key: loaded once, saved once, holding what the last run used."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / _FILE
        self.entries: dict[str, bytes] = {}  # key -> the result, pickled and compressed
        self.used: dict[str, bytes] = {}
        self.hits = 0

    @classmethod
    def beside(cls, lock: Path) -> ToolCache | None:
        """The cache for the project whose lock is ``lock``; ``None`` when turned off."""
        if os.environ.get("TOOLSTUBS_NO_CACHE"):
            return None
        cache = cls(lock.parent / FOLDER)
        cache.load()
        return cache

    def load(self) -> None:
        try:
            staged_path(self.path).unlink(missing_ok=True)  # left by a run killed while saving
            loaded = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, unreadable, or from another version: start empty
            return
        if isinstance(loaded, dict) and loaded.get("fingerprint") == fingerprint():
            self.entries = loaded["entries"]

    def get(self, entry_key: str) -> Any | None:
        found = self.entries.get(entry_key)
        if found is None:
            return None
        try:
            built = pickle.loads(zlib.decompress(found))
        except Exception:  # a damaged entry is a miss: the tool is built again
            return None
        self.hits += 1
        self.used[entry_key] = found
        return built

    def keep(self, *entry_keys: str) -> None:
        """Keep these entries for the next run without reading them."""
        for entry_key in entry_keys:
            found = self.entries.get(entry_key)
            if found is not None:
                self.used[entry_key] = found

    def put(self, entry_key: str, built: Any) -> None:
        self.used[entry_key] = zlib.compress(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL), 1)

    def save(self) -> None:
        if self.used.keys() == self.entries.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                atomic_write(ignore, b"# toolstubs' build cache: safe to delete\n*\n")
            payload = {"fingerprint": fingerprint(), "entries": self.used}
            atomic_write(self.path, lambda handle: pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written only costs the next run time
