"""``toolstubs check``: regenerate in memory and compare with what is on disk.

Any changed, missing or stale file (and a lock that differs) is a difference, shown as
a unified diff. Stale means listed in a toolkit folder's manifest (or, in a tree written
before manifests, carrying the generated note) and no longer generated: files toolstubs
did not write are not its to judge.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.pipeline.generate import Generation, owned_folders
from codegen.write import ownership


@dataclass(frozen=True)
class Difference:
    """One file that is not what generation would produce."""

    path: str
    kind: str  # "changed" | "missing" | "stale"
    diff: str


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def compare(generation: Generation, out: Path, lock_path: Path, legacy: Sequence[str] = ()) -> list[Difference]:
    """Every difference between ``generation`` and the disk, sorted by path.

    ``legacy``: toolkit folders a previous lock names (see :func:`codegen.write.ownership.survey`).
    """
    differences: list[Difference] = []
    folders = owned_folders(generation.packages)
    expected = ownership.with_manifests(generation.files, folders)
    survey = ownership.survey(out.resolve(), folders, legacy)
    for relative in sorted(expected):
        actual = _read(out / relative)
        if actual is None:
            differences.append(Difference(relative, "missing", _diff(relative, "", expected[relative])))
        elif actual != expected[relative]:
            differences.append(Difference(relative, "changed", _diff(relative, actual, expected[relative])))
    for relative in sorted(survey.owned - set(expected)):
        old = _read(out / relative) or ""
        differences.append(Difference(relative, "stale", _diff(relative, old, "")))
    lock_text = generation.lock.text()
    actual_lock = _read(lock_path)
    if actual_lock != lock_text:
        kind = "missing" if actual_lock is None else "changed"
        differences.append(Difference(lock_path.name, kind, _diff(lock_path.name, actual_lock or "", lock_text)))
    return differences
