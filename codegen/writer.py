"""Put a generation on disk as one transaction: write-if-changed, stale files removed only where we own them.

We own the folders of the toolkits we generate (and those a previous lock says we
generated). Nothing else under the output folder is ever deleted or rewritten; the output
folder's ``__init__.py`` is created when missing and then left alone.

When anything changes, the new folder is built beside the old one: unchanged files and
everything we do not own are hard-linked (same bytes, same mtimes), changed files are
written, stale ones left out. :mod:`codegen.transaction` then swaps it in with the lock,
so an interrupted run, a full disk or a read-only target never leave a partial tree.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from codegen.transaction import atomic_write, exclusive, stage_file, write_durably

__all__ = ["WriteError", "WriteResult", "atomic_write", "owned_files", "write"]


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


def _checked(relative: str) -> str:
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(part in ("", ".", "..") for part in parts):
        raise WriteError(f"refusing to write {relative!r}: it is not a plain path inside the output folder")
    return relative


def _same(path: Path, data: bytes) -> bool:
    return path.is_file() and not path.is_symlink() and path.read_bytes() == data


def _plan(out: Path, files: Mapping[str, bytes], owned: list[str]) -> WriteResult:
    if out.exists() and not out.is_dir():
        raise WriteError(f"the output path {out} is not a folder; point --out (or out in [tool.toolstubs]) elsewhere")
    for package in owned:
        if (out / package).is_symlink():
            raise WriteError(f"refusing to write into {out / package}: it is a symbolic link, not a folder we own")
    result = WriteResult()
    for relative in sorted(files):
        (result.unchanged if _same(out / _checked(relative), files[relative]) else result.written).append(relative)
    result.removed = sorted(owned_files(out, owned) - set(files))
    return result


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _stage_tree(out: Path, staging: Path, files: Mapping[str, bytes], plan: WriteResult, owned: set[str]) -> None:
    """The new folder at ``staging``: what we do not own, unchanged files linked, the rest written."""
    staging.mkdir()
    if out.is_dir():
        os.chmod(staging, out.stat().st_mode)
        for entry in sorted(out.iterdir()):
            if entry.name in owned:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry, staging / entry.name)
    for relative in plan.unchanged:
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(out / relative, target)
    for relative in plan.written:
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_durably(target, files[relative])


def write(
    out: Path,
    files: Mapping[str, str],
    packages: Iterable[str],
    extra: Mapping[Path, str] = {},
    create_if_missing: Mapping[str, str] = {},
) -> WriteResult:
    """Make ``out`` hold ``files`` (relative paths) and each ``extra`` file (e.g. the lock) its text.

    Either everything is in place when this returns, or nothing changed and
    :class:`WriteError` says why.
    """
    out = out.resolve()
    owned = sorted(set(packages))
    data = {relative: text.encode("utf-8") for relative, text in files.items()}
    extras = {path.absolute(): text.encode("utf-8") for path, text in extra.items()}
    try:
        with exclusive(out, list(extras)) as swap:
            for relative, text in create_if_missing.items():
                if not (out / _checked(relative)).exists():
                    data[relative] = text.encode("utf-8")
            plan = _plan(out, data, owned)
            changed_extras = [path for path, content in extras.items() if not _same(path, content)]
            if not plan.written and not plan.removed:
                for path in changed_extras:
                    atomic_write(path, extras[path])
                return plan
            try:
                _stage_tree(out, swap.staging, data, plan, set(owned))
                for path in changed_extras:
                    stage_file(path, extras[path])
            except BaseException:
                swap.discard(changed_extras)
                raise
            swap.commit(changed_extras)
            return plan
    except OSError as error:
        where = error.filename or out
        raise WriteError(
            f"cannot write the generated code to {out} ({where}: {error.strerror or error}); "
            "nothing was changed: free space or fix permissions, then run again"
        ) from error


def settle(out: Path, lock: Path) -> None:
    """Finish or throw away whatever an interrupted run left beside ``out`` and ``lock``."""
    try:
        with exclusive(out.resolve(), [lock.absolute()]):
            pass
    except OSError as error:
        raise WriteError(f"cannot settle {out} after an interrupted run: {error.strerror or error}") from error
