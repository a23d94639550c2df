"""Put a generation on disk as one transaction: write-if-changed, and only what toolstubs wrote.

toolstubs owns the files its manifests list (:mod:`codegen.write.ownership`); those, and only
those, are replaced or removed. Everything else under the output folder (a user's files
in a toolkit folder or beside it, ``__pycache__``) is carried into the new tree as it is,
and a file the user put where a generated file would go is refused, not overwritten. The
output folder's ``__init__.py`` is created when missing and then left alone.

When anything changes, the new folder is built beside the old one: unchanged files and
everything toolstubs does not own are hard-linked (same bytes, same mtimes), changed
files are written, stale ones left out. :mod:`codegen.write.transaction` then swaps it in with
the lock, so an interrupted run, a full disk or a read-only target never leave a partial
tree, and a file somebody saves into the folder during the run is moved across.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from codegen.shared.durable import atomic_write, stage_file, write_durably
from codegen.shared.errors import UserError
from codegen.write import ownership, walk
from codegen.write.ownership import RefusedError, Survey
from codegen.write.transaction import CleanupError, exclusive

__all__ = ["RefusedError", "WriteError", "WriteResult", "atomic_write", "session", "write"]


class WriteError(UserError):
    """The output could not be written; nothing half-written was left behind."""


@dataclass
class WriteResult:
    """Relative paths written, left unchanged, removed, and kept because toolstubs did not write them."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


class _Encoded(Mapping[str, bytes]):
    """Generated texts as the bytes written, encoded when read, so a large run never holds a
    second, encoded copy of its whole output."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts

    def __getitem__(self, relative: str) -> bytes:
        return self._texts[relative].encode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def _checked(relative: str) -> str:
    if not ownership.plain_relative(relative):
        raise WriteError(f"refusing to write {relative!r}: it is not a plain path inside the output folder")
    return relative


_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # what pathlib's is_file() reads as "no file"


def _same(path: str | Path, data: bytes) -> bool:
    """``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        found = os.lstat(path)
    except OSError as error:
        if error.errno in _MISSING:
            return False
        raise
    if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
        return False
    with open(path, "rb") as handle:
        return handle.read() == data


def _plan(out: Path, files: Mapping[str, bytes], survey: Survey) -> WriteResult:
    result = WriteResult(kept=survey.foreign)
    for relative in sorted(files):
        target = os.path.join(out, _checked(relative))
        if _same(target, files[relative]):
            result.unchanged.append(relative)
            continue
        if os.path.lexists(target) and relative not in survey.owned:
            raise RefusedError(
                f"{target} exists and toolstubs did not write it, but the generated code needs that path; "
                "move your file away, then run again; nothing was changed"
            )
        result.written.append(relative)
    result.removed = sorted(survey.owned - set(files))
    return result


def _module_cache(relative: str) -> tuple[str, str] | None:
    """(folder, module stem) for ``pkg/__pycache__/stem.cpython-311.pyc``."""
    path = PurePosixPath(relative)
    if len(path.parts) >= 2 and path.parts[-2] == "__pycache__" and path.suffix == ".pyc":
        return path.parent.parent.as_posix(), path.name.split(".", 1)[0]
    return None


def _dropped(relative: str, removed: set[tuple[str, str]]) -> bool:
    """The file is Python's cache of a module this run removes."""
    if not removed or "__pycache__" not in relative:
        return False
    cached = _module_cache(relative)
    return cached is not None and cached in removed


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _into(root: Path, relative: str, made: set[str]) -> str:
    """The path of ``relative`` under ``root``, its folder made (once per folder)."""
    folder = relative.rpartition("/")[0]
    if folder not in made:
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        made.add(folder)
    return os.path.join(root, relative)


def _stage_tree(out: Path, staging: Path, files: Mapping[str, bytes], plan: WriteResult, owned: set[str]) -> None:
    """The new folder at ``staging``: what toolstubs does not own as it is, unchanged files linked, the rest written."""
    staging.mkdir()
    made: set[str] = set()
    removed = {(path.parent.as_posix(), path.stem) for path in map(PurePosixPath, plan.removed) if path.suffix == ".py"}
    if out.is_dir():
        os.chmod(staging, out.stat().st_mode)
        for folder, inside, names in walk.entries(out):
            for name in names:
                relative = inside + name
                if relative not in owned and not _dropped(relative, removed):
                    _link_or_copy(os.path.join(folder, name), _into(staging, relative, made))
    for relative in plan.unchanged:
        target = _into(staging, relative, made)
        _link_or_copy(os.path.join(out, relative), target)
    for relative in plan.written:
        write_durably(Path(_into(staging, relative, made)), files[relative])


def write(
    out: Path,
    files: Mapping[str, str],
    packages: Iterable[str],
    extra: Mapping[Path, str] = {},
    create_if_missing: Mapping[str, str] = {},
    legacy: Iterable[str] = (),
) -> WriteResult:
    """Make ``out`` hold ``files`` (relative paths) and each ``extra`` file (e.g. the lock) its text.

    ``packages``: the toolkit folders generated; each gets its manifest. ``legacy``: toolkit
    folders a previous lock names, recognised without a manifest (see :mod:`codegen.write.ownership`).
    Either everything is in place when this returns, or nothing changed and
    :class:`WriteError` (or :class:`RefusedError`) says why.
    """
    out = out.resolve()
    packages = sorted(set(packages))
    extras = {path.absolute(): text.encode("utf-8") for path, text in extra.items()}
    try:
        with exclusive(out, list(extras)) as swap:
            missing = {
                relative: text
                for relative, text in create_if_missing.items()
                if not os.path.lexists(out / _checked(relative))
            }
            data = _Encoded(ownership.with_manifests(files, packages, missing))
            survey = ownership.survey(out, packages, legacy)
            plan = _plan(out, data, survey)
            changed_extras = [path for path, content in extras.items() if not _same(path, content)]
            if not plan.written and not plan.removed:
                for path in changed_extras:
                    atomic_write(path, extras[path])
                return plan
            try:
                _stage_tree(out, swap.staging, data, plan, survey.owned)
                for path in changed_extras:
                    stage_file(path, extras[path])
            except BaseException:
                swap.discard(changed_extras)
                raise
            ours = {relative: os.lstat(out / relative).st_ino for relative in survey.owned}
            swap.commit(changed_extras, ours=ours, generated=sorted(data))
            return plan
    except CleanupError as error:
        raise WriteError(
            f"the new generated code is in place in {out}, but tidying up after it failed "
            f"({error.filename or out}: {error.strerror or error}); the next run finishes it"
        ) from error
    except OSError as error:
        where = error.filename or out
        raise WriteError(
            f"cannot write the generated code to {out} ({where}: {error.strerror or error}); "
            "nothing was changed: free space or fix permissions, then run again"
        ) from error


@contextlib.contextmanager
def session(out: Path, lock: Path) -> Iterator[None]:
    """Hold ``out``'s lock for a whole command (read the lock, build, write), so two runs
    never interleave; first finish or throw away whatever an interrupted run left."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(exclusive(out.resolve(), [lock.absolute()]))
        except CleanupError as error:
            raise WriteError(
                f"cannot finish tidying up after an interrupted run ({error.filename}: {error.strerror or error}); "
                "the generated code in place is the new one: remove that path by hand"
            ) from error
        except OSError as error:
            raise WriteError(
                f"cannot settle {out} after an interrupted run ({error.filename}: {error.strerror or error}); "
                "fix permissions or free space, then run again"
            ) from error
        yield
