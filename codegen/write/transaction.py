"""Swap a fully staged output folder into place, so nobody ever sees a half-written tree.

A run builds the whole new folder beside the old one (``.NAME.toolstubs-new``) and the
files that go with it (the lock) beside theirs (``.FILE.toolstubs-tmp``). Then it writes a
journal (``.NAME.toolstubs-journal``), the commit point, and exchanges the two folders
with one ``renameat2(RENAME_EXCHANGE)``. Killed before the journal is in place, the staged
copies are thrown away by the next run; killed after, the next run finishes the swap. The
folder is fully old or fully new at every instant. Where the system has no atomic
exchange, the folder is renamed away and the new one renamed in; the journal covers the
short moment between the two renames in the same way.

After the exchange, the previous tree is searched for files that are neither toolstubs'
(the journal lists those, with their inodes) nor already linked into the new tree: a file
somebody saved into the folder while the run was staging is moved across, never removed.

Runs on one folder are serialised by an advisory lock on its parent folder, held for a
whole command (reentrant within one process), so no stray files are needed for that either.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.shared.durable import atomic_write, staged_path
from codegen.write import walk

CONFLICT_SUFFIX = ".toolstubs-conflict"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class CleanupError(OSError):
    """The new tree is in place; removing what the swap left behind failed."""


@dataclass(frozen=True)
class Swap:
    """The paths one folder's transaction uses, all beside that folder."""

    out: Path

    @property
    def staging(self) -> Path:
        return self.out.with_name(f".{self.out.name}.toolstubs-new")

    @property
    def retired(self) -> Path:
        return self.out.with_name(f".{self.out.name}.toolstubs-old")

    @property
    def journal(self) -> Path:
        return self.out.with_name(f".{self.out.name}.toolstubs-journal")

    def commit(self, extras: Sequence[Path], *, ours: Mapping[str, int] = {}, generated: Sequence[str] = ()) -> None:
        """Make the staged folder (and each extra's staged file) current.

        ``ours``: the old tree's files toolstubs wrote (relative path -> inode), which may
        go; ``generated``: the new tree's generated paths. Any other file left in the old
        tree is moved into the new one.
        """
        inode = os.stat(self.staging).st_ino
        journal = {
            "staging_inode": inode,
            "extras": [str(path) for path in extras],
            "ours": dict(ours),
            "generated": list(generated),
        }
        with _signals_held():
            atomic_write(self.journal, json.dumps(journal).encode("utf-8"))
            self._finish(journal)

    def discard(self, extras: Sequence[Path]) -> None:
        """Throw away everything staged and not committed."""
        _remove_tree(self.staging)
        _remove_tree(self.retired)
        for path in [*extras, self.journal]:
            _remove_tree(staged_path(path))

    def recover(self, extras: Sequence[Path]) -> None:
        """Finish a committed swap that was interrupted; throw away an uncommitted one
        (``extras``: the files that may have been staged with it)."""
        try:
            journal = json.loads(self.journal.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.discard(extras)
            return
        self._finish(journal)

    def _finish(self, journal: Mapping[str, Any]) -> None:
        try:
            current: int | None = os.stat(self.staging).st_ino
        except FileNotFoundError:
            current = None
        if current == int(journal["staging_inode"]):
            self._swap_in()
        for path in map(Path, journal["extras"]):
            staged = staged_path(path)
            if staged.exists():
                os.replace(staged, path)
        try:
            for previous in (self.staging, self.retired):  # after an exchange, the old tree is at staging
                if previous.is_dir() and not previous.is_symlink():
                    _rescue(previous, self.out, journal.get("ours", {}), set(journal.get("generated", ())))
            _remove_tree(self.staging)
            _remove_tree(self.retired)
            self.journal.unlink()
        except OSError as error:
            raise CleanupError(error.errno, error.strerror, error.filename) from error

    def _swap_in(self) -> None:
        if os.path.lexists(self.out):
            if _exchange(self.staging, self.out):
                return
            os.rename(self.out, self.retired)
        os.rename(self.staging, self.out)


def _rescue(old: Path, new: Path, ours: Mapping[str, int], generated: set[str]) -> None:
    """Move into ``new`` every file of ``old`` that toolstubs did not write and ``new`` lacks.

    Python's caches are not moved. A file put where the new tree has a generated file is
    kept beside it with :data:`CONFLICT_SUFFIX`.
    """
    for folder, prefix, names in walk.entries(old):
        for name in names:
            source = os.path.join(folder, name)
            relative = prefix + name
            if "__pycache__" in relative.split("/"):
                continue
            inode = os.lstat(source).st_ino
            if ours.get(relative) == inode:
                continue
            target = os.path.join(new, relative)
            try:
                if os.lstat(target).st_ino == inode:
                    continue
            except FileNotFoundError:
                pass
            if relative in generated:
                target += CONFLICT_SUFFIX
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C or SIGTERM during a commit take effect once it is complete."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; ``False`` where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


_held: dict[Path, int] = {}  # folder -> how many holders in this process


@contextlib.contextmanager
def exclusive(out: Path, extras: Sequence[Path] = ()) -> Iterator[Swap]:
    """Hold the folder's lock, settle any interrupted run, and hand out its transaction.

    Reentrant: a holder may call it again for the same folder (a command holds it while
    it reads the lock and builds; the write inside takes it again).
    """
    swap = Swap(out)
    if _held.get(out):
        _held[out] += 1
        try:
            yield swap
        finally:
            _held[out] -= 1
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks on folders; runs are not serialised
        swap.recover(extras)
        yield swap
        return
    descriptor = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        _held[out] = 1
        swap.recover(extras)
        yield swap
    finally:
        _held.pop(out, None)
        os.close(descriptor)
