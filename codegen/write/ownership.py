"""What toolstubs owns in an output folder, and which paths it refuses to write at all.

Every toolkit folder toolstubs writes holds a manifest, ``.toolstubs-manifest``, that lists
the files it generated there. Only those files are ever replaced or removed: anything
else in a toolkit folder (a user's ``helpers.py``, notes, Python's ``__pycache__``) is
kept, and an existing folder without a manifest is the user's, never taken over. Trees
written before manifests existed are recognised by the previous lock naming the toolkit
*and* its files carrying the generated-code note; from then on their manifest decides.

:func:`guard` refuses, before anything is read or written, the output folders and lock
paths that would put a user's files at risk: ``/``, the home folder, the working
directory or the project root (or a folder above them), a lock that is a folder or some
other file, a lock, store or catalog inside the output folder, and an output folder that
is a mount point. :func:`survey` refuses a mount point (or any other file system) inside
the output folder, since the whole-folder swap would cross it.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from codegen.shared.errors import UserError
from codegen.shared.note import GENERATED_NOTE
from codegen.write import walk

MANIFEST = ".toolstubs-manifest"
_MANIFEST_FORMAT = 1
_NOTE_BYTES = 4096  # the generated note sits in a module's docstring, near the top


class RefusedError(UserError):
    """toolstubs will not write here; nothing was changed. The message says what to do."""


@dataclass
class Survey:
    """One look at an output folder before a run writes it."""

    owned: set[str] = field(default_factory=set)  # files toolstubs wrote, relative to the folder
    foreign: list[str] = field(default_factory=list)  # other files inside toolkit folders toolstubs owns
    toolkits: set[str] = field(default_factory=set)  # top-level folders toolstubs owns


def manifest_text(files: Iterable[str]) -> str:
    """The manifest of one toolkit folder, listing ``files`` (relative to that folder)."""
    data = {"format": _MANIFEST_FORMAT, "generated_by": "toolstubs", "files": sorted(files)}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def with_manifests(
    files: Mapping[str, str], packages: Iterable[str], more: Mapping[str, str] = {}
) -> Mapping[str, str]:
    """``files`` (relative to the output folder) plus the manifest of each toolkit package (and
    ``more``): a view, which reads ``files`` (held compressed in a large run) only as it is read."""
    manifests = dict(more)
    for package in packages:
        inside = [path[len(package) + 1 :] for path in files if path.startswith(package + "/")]
        manifests[f"{package}/{MANIFEST}"] = manifest_text(inside)
    return _Joined(files, manifests)


class _Joined(Mapping[str, str]):
    """``files`` then ``more``, read through: neither is copied."""

    def __init__(self, files: Mapping[str, str], more: Mapping[str, str]) -> None:
        self._files, self._more = files, more

    def __getitem__(self, relative: str) -> str:
        return self._more[relative] if relative in self._more else self._files[relative]

    def __iter__(self) -> Iterator[str]:
        yield from self._files
        yield from (relative for relative in self._more if relative not in self._files)

    def __len__(self) -> int:
        return len(self._files) + sum(relative not in self._files for relative in self._more)


def plain_relative(relative: str) -> bool:
    """``relative`` names a path inside a folder (no ``..``, no absolute path, no empty part)."""
    path = PurePosixPath(relative)
    return bool(path.parts) and not path.is_absolute() and all(part not in ("", ".", "..") for part in path.parts)


def _manifest_files(folder: Path) -> list[str] | None:
    """The files the manifest in ``folder`` lists, ``None`` when it has none."""
    path = folder / MANIFEST
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if data.get("generated_by") != "toolstubs" or not isinstance(files, list):
            raise ValueError("not a toolstubs manifest")
        if not all(isinstance(name, str) and plain_relative(name) for name in files):
            raise ValueError("it lists a path outside the folder")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise RefusedError(
            f"{path} cannot be read ({error}), so toolstubs cannot tell which files there it wrote; "
            "restore it (git checkout) or move the folder away, then run again; nothing was changed"
        ) from error
    return files


def _carries_note(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return GENERATED_NOTE.encode() in handle.read(_NOTE_BYTES)
    except OSError:
        return False


def _legacy_files(folder: Path) -> list[str] | None:
    """A toolkit folder written before manifests: the generated files in it, or ``None``."""
    if not _carries_note(folder / "_toolkit.py"):
        return None
    found = []
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or path.is_symlink() or not path.is_file():
            continue
        generated = path.name == "py.typed" and path.stat().st_size == 0
        if generated or (path.suffix in (".py", ".pyi") and _carries_note(path)):
            found.append(path.relative_to(folder).as_posix())
    return found


def _is_cache(relative: str) -> bool:
    return "__pycache__" in PurePosixPath(relative).parts


def _check_device(path: Path, device: int, out: Path) -> None:
    if os.lstat(path).st_dev != device:
        raise RefusedError(
            f"{path} is on another file system (a mount point inside the output folder {out}); toolstubs "
            "replaces the output folder as a whole and never crosses into another file system: unmount it "
            "or move it out of the output folder, then run again; nothing was changed"
        )


def survey(out: Path, packages: Iterable[str], legacy: Iterable[str] = ()) -> Survey:
    """What toolstubs owns in ``out``; refuses when a package it must write is somebody else's.

    ``packages``: the toolkit folders this run writes; ``legacy``: the toolkit folders a
    previous lock names (recognised without a manifest when their files carry the note).
    """
    result = Survey()
    if not out.is_dir():
        return result
    device = os.lstat(out).st_dev
    for folder, subfolders, _ in os.walk(out):
        for name in subfolders:
            _check_device(Path(folder) / name, device, out)
    wanted, old = set(packages), set(legacy)
    for entry in sorted(out.iterdir()):
        if entry.is_symlink() or not entry.is_dir():
            if entry.name in wanted:
                raise RefusedError(
                    f"{entry} is not a folder toolstubs created (it is a "
                    f"{'symbolic link' if entry.is_symlink() else 'file'}); move it away or choose another "
                    "--out, then run again; nothing was changed"
                )
            continue
        files = _manifest_files(entry)
        if files is None and entry.name in old:
            files = _legacy_files(entry)
        if files is None:
            if entry.name in wanted and any(entry.iterdir()):
                raise RefusedError(
                    f"{entry} already exists and toolstubs did not create it (it has no {MANIFEST}); "
                    f"toolstubs will not take over a folder it did not write: move it away, or generate into "
                    "another --out, then run again; nothing was changed"
                )
            continue
        result.toolkits.add(entry.name)
        listed = {f"{entry.name}/{name}" for name in files}
        result.owned |= {path for path in listed if _mode(os.path.join(out, path), stat.S_ISREG)}
        if (entry / MANIFEST).is_file():
            result.owned.add(f"{entry.name}/{MANIFEST}")
        found = sorted(_files_and_links(entry, entry.name + "/"), key=lambda relative: relative.split("/"))
        result.foreign += [relative for relative in found if relative not in result.owned and not _is_cache(relative)]
    return result


def _mode(path: str, test: Callable[[int], bool]) -> bool:
    """``test`` holds for the mode of ``path`` itself (a link is not followed); ``False`` if there is nothing."""
    try:
        return test(os.lstat(path).st_mode)
    except OSError:
        return False


def _files_and_links(folder: Path, prefix: str) -> Iterator[str]:
    """Every regular file and link under ``folder``, at any depth, as ``prefix`` + its relative
    path; links to folders are not entered."""
    for inside, at, names in walk.entries(folder):
        for name in names:
            if _mode(os.path.join(inside, name), lambda mode: stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                yield prefix + at + name


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def guard(
    out: Path,
    lock: Path,
    *,
    cwd: Path,
    project: Path | None,
    inputs: Mapping[str, Path | None] = {},
) -> None:
    """Refuse an output folder or lock path that could cost a user's files, before any work.

    ``inputs``: what the run reads (``"store"``, ``"catalog"``), which must not live inside
    the output folder that is about to be replaced.
    """
    out, lock = out.resolve(), lock.absolute()
    home = Path.home().resolve()
    protected = [(Path(out.anchor), "the file-system root"), (home, "your home folder")]
    protected += [(cwd.resolve(), "the working directory")]
    if project is not None:
        protected.append((project.resolve(), "the project root"))
    for place, what in protected:
        if _inside(place, out):
            relation = "is" if place == out else "contains"
            raise RefusedError(
                f"the output folder {out} {relation} {what} ({place}); toolstubs replaces its output folder "
                "as a whole, so it must be a folder of its own, such as generated/ or src/myapp/tools: "
                "pass another --out (or set out in [tool.toolstubs])"
            )
    if out.exists() and not out.is_dir():
        raise RefusedError(f"the output path {out} is not a folder; point --out (or out in [tool.toolstubs]) elsewhere")
    if out.is_dir() and not out.is_symlink() and os.lstat(out).st_dev != os.lstat(out.parent).st_dev:
        raise RefusedError(
            f"the output folder {out} is a mount point; toolstubs swaps its output folder in one step, "
            "which cannot replace a mount point: generate into a folder inside it"
        )
    if _inside(lock, out):
        raise RefusedError(
            f"the lock {lock} is inside the output folder {out}, which toolstubs replaces as a whole: "
            "keep the lock beside it (the default is toolstubs.lock beside pyproject.toml)"
        )
    for what, path in inputs.items():
        if path is not None and _inside(path.resolve(), out):
            raise RefusedError(
                f"the {what} {path} is inside the output folder {out}, which toolstubs replaces as a whole: "
                "move it out, or generate into another --out"
            )
    if lock.is_dir():
        raise RefusedError(f"the lock path {lock} is a folder; pass --lock with a file path (e.g. toolstubs.lock)")
