"""Opening a local file for upload: once, and checked as opened.

A path is checked by name first (for a clear message), but a name can change between a
check and an open: a symbolic link swapped by another process, a folder renamed. So the
file is opened exactly once, at the path its links resolve to, without following a final
link (``O_NOFOLLOW``; a link swapped in after resolving fails the open), and every rule is
checked again on what was opened:

* the path the open descriptor really has (``/proc/self/fd`` on Linux, ``F_GETPATH`` on
  macOS) against the denylist and the allowlist;
* ``fstat`` of the descriptor: a file that still has a name (one unlinked between the open
  and the check is refused: its name in an allowed folder may have been a second link to a
  secret), a regular file (no device, FIFO or folder), not a kernel
  file (``/proc``, ``/sys``, ``/dev``), and, while sensitive-path protection is on, one
  hard link only: a second name of ``~/.ssh/id_rsa`` in an allowed folder cannot be told
  from an ordinary file, so a file with other names is refused.

Last, the name the descriptor really has must still name that file, as its only name while
protection is on. The md5 is read from that descriptor, every check is made again, and the
bytes uploaded are read from that same descriptor (see
:mod:`runtime.files.transfer`), so what was checked is what is sent.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from runtime.files.safety import outside_reason, sensitive_reason

KERNEL_FOLDERS = ("/proc", "/sys", "/dev")
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)

Kind = Literal["missing", "outside", "sensitive"]


class LocalFileRefused(Exception):
    """The file cannot be uploaded; ``kind`` says which rule refused it."""

    def __init__(self, kind: Kind, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


@dataclass(frozen=True)
class Rules:
    """The rules a local file is held to.

    ``deny``: the extra denylist segments, or ``None`` when sensitive-path protection is
    off; ``folders``: the allowed upload folders, or ``None`` when the caller (not a model)
    chose the path.
    """

    deny: Sequence[str] | None
    folders: Sequence[Path] | None


def real_path(descriptor: int, fallback: str) -> str:
    """The path an open descriptor really has (``fallback`` resolved where the system cannot say)."""
    if sys.platform.startswith("linux") and os.path.isdir("/proc/self/fd"):
        return os.readlink(f"/proc/self/fd/{descriptor}")
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        import fcntl

        found = fcntl.fcntl(descriptor, fcntl.F_GETPATH, b"\0" * 1024)  # type: ignore[attr-defined]
        return os.fsdecode(found.rstrip(b"\0"))
    return os.path.realpath(fallback)  # pragma: no cover - other systems


def _rules_reason(path: Path, rules: Rules) -> tuple[Kind, str] | None:
    if rules.folders is not None:
        outside = outside_reason(path, rules.folders)
        if outside is not None:
            return "outside", outside
    if rules.deny is not None:
        sensitive = sensitive_reason(path, rules.deny)
        if sensitive is not None:
            return "sensitive", f"refused, {sensitive} (pass sensitive_file_upload_protection=False to allow it)"
    return None


def checked_by_name(path: Path, rules: Rules) -> None:
    """The rules on the path as written and as its links resolve now (a first, clear refusal)."""
    if "\0" in str(path):
        raise LocalFileRefused("missing", "holds a NUL character; no file has such a name")
    try:
        os.fsencode(path)
    except UnicodeError:
        raise LocalFileRefused("missing", "holds characters no file name can (a lone surrogate)") from None
    found = _rules_reason(path, rules)
    if found is not None:
        raise LocalFileRefused(*found)


def open_checked(path: Path, rules: Rules) -> tuple[int, os.stat_result]:
    """The file at ``path`` opened for reading, with its ``fstat``; every rule held on what was opened."""
    checked_by_name(path, rules)
    resolved = os.path.realpath(path)
    try:
        descriptor = os.open(resolved, _FLAGS)
    except OSError as error:
        raise LocalFileRefused("missing", _open_failure(path, error)) from None
    try:
        status = held(descriptor, rules, resolved)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return descriptor, status
    except BaseException:
        os.close(descriptor)
        raise


def held(descriptor: int, rules: Rules, resolved: str, opened: os.stat_result | None = None) -> os.stat_result:
    """Every rule on the open ``descriptor``; its ``fstat``. Called again once the bytes are
    read (``opened``: the first ``fstat``), so that a second name made and removed around one
    check (the kernel shows a name being removed for a moment) must fool both."""
    status = os.fstat(descriptor)
    if opened is not None and (status.st_dev, status.st_ino, status.st_size) != (
        opened.st_dev,
        opened.st_ino,
        opened.st_size,
    ):
        raise LocalFileRefused("missing", "changed while it was read; nothing was sent")
    really = real_path(descriptor, resolved)
    found = _rules_reason(Path(really), rules)
    if found is not None:
        raise LocalFileRefused(*found)
    if status.st_nlink == 0 or really.endswith(" (deleted)"):
        raise LocalFileRefused("missing", "was removed while it was opened; nothing was read")
    if not stat.S_ISREG(status.st_mode):
        raise LocalFileRefused("missing", "is not a regular file (a folder, device, FIFO or socket)")
    if any(really == folder or really.startswith(folder + "/") for folder in KERNEL_FOLDERS):
        raise LocalFileRefused("missing", f"is a kernel file ({really}), not a file on disk")
    if rules.deny is not None and status.st_nlink > 1:
        raise LocalFileRefused("sensitive", _LINKED.format(status.st_nlink))
    _still_named(really, status, one_link=rules.deny is not None)
    return status


_LINKED = (
    "refused, it has {} hard links and its other names cannot be checked "
    "(pass sensitive_file_upload_protection=False to allow it)"
)


def _still_named(really: str, status: os.stat_result, *, one_link: bool) -> None:
    """The check on the name: ``really`` still names the opened file (same device and inode)
    and, with ``one_link``, as its only name."""
    try:
        named = os.lstat(really)
    except OSError:
        raise LocalFileRefused("missing", "changed while it was checked; nothing was read") from None
    if (named.st_dev, named.st_ino) != (status.st_dev, status.st_ino):
        raise LocalFileRefused("missing", "changed while it was checked; nothing was read")
    if one_link and named.st_nlink > 1:
        raise LocalFileRefused("sensitive", _LINKED.format(named.st_nlink))


def _open_failure(path: Path, error: OSError) -> str:
    import errno

    if error.errno == errno.ENOENT:
        return "does not exist"
    if error.errno == errno.ELOOP:
        return "changed into a symbolic link while it was checked, or is a link loop"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "is not a readable file"
    return f"cannot be opened ({error.strerror or error})"
