"""Property: whatever the tree, the previous run and the next one, a file toolstubs did not write is never lost.

Each example writes a random generation, scatters the user's files over the output folder
(beside the toolkit folders, inside them, in folders of their own, where a later run
would generate a file), sometimes drops the manifests (a tree from before manifests, with
or without the previous lock naming its toolkits), then writes a second random
generation. Either the run is refused and the whole tree is byte-identical, or every
user file is byte-identical and the generated files are exactly the new generation.
Thousands of examples under CI (``TOOLSTUBS_WRITER_EXAMPLES``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.build.emit import GENERATED_NOTE
from codegen.write import writer
from codegen.write.ownership import MANIFEST, RefusedError

EXAMPLES = int(os.environ.get("TOOLSTUBS_WRITER_EXAMPLES", "1000" if os.environ.get("CI") else "200"))
PACKAGES = ["alpha", "beta", "gamma"]
MODULES = ["__init__.py", "_toolkit.py", "a.py", "b.py", "sub/c.py", "py.typed"]
USER_PATHS = [
    "mine.txt",
    "alpha/helpers.py",
    "alpha/NOTES.md",
    "alpha/a.py",
    "beta/sub/deep.txt",
    "beta/b.py",
    "gamma/__pycache__/a.cpython-311.pyc",
    "delta/x.py",
    "alpha/__init__.py",
]


def _text(package: str, module: str, version: int) -> str:
    if module == "py.typed":
        return ""
    return f'"""{package}.{module} v{version}.\n\n{GENERATED_NOTE}\n"""\n'


@st.composite
def generations(draw: st.DrawFn) -> tuple[dict[str, str], list[str]]:
    packages = draw(st.lists(st.sampled_from(PACKAGES), unique=True, max_size=3))
    version = draw(st.integers(0, 2))
    files = {}
    for package in packages:
        modules = {"_toolkit.py", *draw(st.lists(st.sampled_from(MODULES), unique=True))}
        files |= {f"{package}/{module}": _text(package, module, version) for module in modules}
    return files, packages


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@settings(max_examples=EXAMPLES)
@given(
    first=generations(),
    second=generations(),
    user=st.dictionaries(st.sampled_from(USER_PATHS), st.binary(max_size=20), max_size=6),
    manifests=st.sampled_from(["kept", "dropped, lock names them", "dropped, no lock"]),
)
def test_files_toolstubs_did_not_write_survive_any_run(
    first: tuple[dict[str, str], list[str]],
    second: tuple[dict[str, str], list[str]],
    user: dict[str, bytes],
    manifests: str,
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        writer.write(out, first[0], first[1])
        placed = {}
        for relative, data in user.items():
            target = out / relative
            if target.exists() or any(parent.is_file() for parent in target.parents):
                continue  # only where nothing of toolstubs' is: the user's own files
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            placed[relative] = data
        if manifests != "kept":
            for manifest in out.glob(f"*/{MANIFEST}"):
                manifest.unlink()
        legacy = first[1] if manifests == "dropped, lock names them" else []
        before = _snapshot(out)
        try:
            writer.write(out, second[0], second[1], legacy=legacy)
        except RefusedError:
            assert _snapshot(out) == before
            return
        after = _snapshot(out)
        for relative, data in placed.items():
            if "__pycache__" in relative and relative.replace("__pycache__/", "").split(".")[0] + ".py" in before:
                if relative.replace("__pycache__/", "").split(".")[0] + ".py" not in after:
                    continue  # Python's cache of a module toolstubs removed goes with it
            assert after.get(relative) == data, f"the user's {relative} was lost or changed"
        generated = {path: data for path, data in after.items() if path.split("/")[-1] != MANIFEST}
        for relative, text in second[0].items():
            assert generated.pop(relative) == text.encode()
        leftovers = set(generated) - set(placed)
        if manifests == "kept" or legacy:
            assert leftovers == set(), f"stale generated files were left: {leftovers}"
        else:  # unrecognisable without a manifest or a lock: kept as somebody else's
            assert all(after[path] == before[path] for path in leftovers)
