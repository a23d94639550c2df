"""Put a generation on disk: atomic, write-if-changed, stale files removed only where we own them.

We own the folders of the toolkits we generate (and those a previous lock says we
generated). Nothing else under the output folder is ever deleted or rewritten; the output
folder's ``__init__.py`` is created when missing and then left alone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


class WriteError(Exception):
    """The output could not be written; nothing half-written was left behind."""


@dataclass
class WriteResult:
    """Relative paths written, left unchanged, and removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def owned_files(out: Path, packages: Iterable[str]) -> set[str]:
    """Files currently on disk in the toolkit folders we own (relative to ``out``)."""
    found: set[str] = set()
    for package in packages:
        folder = out / package
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(path.relative_to(out).as_posix())
    return found


def atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.toolstubs-tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _inside(out: Path, relative: str) -> Path:
    target = (out / relative).resolve()
    if out.resolve() not in target.parents:
        raise WriteError(f"refusing to write {relative!r}: it is outside {out}")
    return target


def write(
    out: Path,
    files: Mapping[str, str],
    packages: Iterable[str],
    extra: Mapping[Path, str] = {},
    create_if_missing: Mapping[str, str] = {},
) -> WriteResult:
    """Write ``files`` (relative to ``out``) and ``extra`` (absolute, e.g. the lock) last.

    Stale files in the owned ``packages`` are removed after every new file is in place.
    """
    result = WriteResult()
    owned = sorted(set(packages))
    try:
        out.mkdir(parents=True, exist_ok=True)
        for relative, text in create_if_missing.items():
            target = _inside(out, relative)
            if not target.exists():
                atomic_write(target, text.encode("utf-8"))
                result.written.append(relative)
        stale = owned_files(out, owned) - set(files)
        for relative in sorted(files):
            target = _inside(out, relative)
            data = files[relative].encode("utf-8")
            if target.is_file() and target.read_bytes() == data:
                result.unchanged.append(relative)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
            result.written.append(relative)
        for relative in sorted(stale):
            _inside(out, relative).unlink()
            result.removed.append(relative)
        for package in owned:
            _remove_empty_folders(out / package)
        for path, text in extra.items():
            data = text.encode("utf-8")
            if not (path.is_file() and path.read_bytes() == data):
                atomic_write(path, data)
    except OSError as error:
        raise WriteError(f"cannot write to {out}: {error.strerror or error}") from error
    return result


def _remove_empty_folders(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and path.name == "__pycache__" and not any(p.suffix != ".pyc" for p in path.iterdir()):
            continue
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if folder.is_dir() and all(p.name == "__pycache__" for p in folder.iterdir()):
        shutil.rmtree(folder)
