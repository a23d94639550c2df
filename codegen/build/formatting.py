"""Format generated Python once per file with the pinned ``ruff format``, after an ast gate.

ruff's formatter gives black's output (tests check that black changes nothing) about 500x
faster than black. It runs over a scratch folder holding a batch of files (:class:`Formatter`
batches a large run, to bound its memory), with ``--isolated`` so no user configuration can
change our output.
"""

from __future__ import annotations

import ast
import contextlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath

from codegen.build.cache import ToolCache, entry_key
from codegen.shared.texts import Texts

RUFF_OPTIONS = ("--isolated", "--line-length", "88", "--target-version", "py310")
BATCH = 4_000_000  # characters of code per ruff run: bounds memory, never changes output


class FormatError(Exception):
    """A generated file is not valid Python, or the formatter failed."""


def ruff_version() -> str:
    """The installed ruff version (pinned in pyproject.toml, recorded in the lock)."""
    return metadata.version("ruff")


def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    return str(find_ruff_bin())


def gate(path: str, source: str) -> None:
    """Refuse ``source`` unless it parses as Python."""
    try:
        ast.parse(source, filename=path)
    except SyntaxError as error:
        raise FormatError(f"{path}: generated code does not parse ({error.msg}, line {error.lineno})") from error


def format_files(files: dict[str, str], parsed_by_ruff: Collection[str] = ()) -> dict[str, str]:
    """``files`` (relative path -> text) with every ``.py`` and ``.pyi`` file gated and formatted.

    ruff starts on the files while the gate parses them, and its output is taken only once
    every file passed: a file that fails the gate is never formatted into the output. The
    files of ``parsed_by_ruff`` skip the gate: ruff's parser alone checks them (ruff formats
    no file it cannot parse, and the run fails naming it). The output folder's facade is one:
    at 20,000 tools it is 19 MB, whose syntax tree would cost CPython's parser 700 MB more at
    the very end of a run, when the most is held; its overloads are its toolkits' facades',
    each gated in its own ``_typed.py``."""
    python = {path: text for path, text in files.items() if path.endswith((".py", ".pyi"))}
    if not python:
        return dict(files)
    try:
        with _ruff_format(python) as formatted:
            for path, text in python.items():
                if path not in parsed_by_ruff:
                    gate(path, text)
            result = formatted()
    except OSError as error:
        raise FormatError(
            f"cannot format the generated code in a scratch folder under {tempfile.gettempdir()} "
            f"({error.strerror or error}); free space there or point TMPDIR elsewhere"
        ) from error
    return {path: result.get(path, text) for path, text in files.items()}


@contextlib.contextmanager
def _ruff_format(python: dict[str, str]) -> Iterator[Callable[[], dict[str, str]]]:
    """Start ``ruff format`` over ``python`` in a scratch folder; yields the wait for its output.
    Leaving the block stops ruff if it still runs, and removes the folder."""
    with tempfile.TemporaryDirectory(prefix="toolstubs-format-") as scratch:
        root = Path(scratch)
        for path, text in python.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        command = [_ruff(), "format", *RUFF_OPTIONS, "--no-cache", str(root)]  # not --quiet: it hides errors
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:

            def formatted() -> dict[str, str]:
                stdout, stderr = process.communicate()
                if process.returncode != 0:
                    said = (stderr.strip() or stdout.strip()).replace(f"{root}{os.sep}", "")
                    raise FormatError(f"ruff format failed: {said}")
                return {path: (root / path).read_text(encoding="utf-8") for path in python}

            try:
                yield formatted
            finally:
                if process.poll() is None:
                    process.kill()


class Formatter:
    """Formats files as they are added, in batches of about :data:`BATCH` characters, so the
    unformatted text of a large run is never all in memory at once. A file's formatting does
    not depend on its batch: the output is that of one :func:`format_files` over everything.

    With a ``cache``, a file whose generated text is one the cache has formatted before takes
    that result, gate and formatter skipped: a rerun formats only the files that changed.
    """

    def __init__(self, cache: ToolCache | None = None) -> None:
        self.files = Texts()  # in the order added, whichever batch formats them
        self._cache = cache
        self._pending: dict[str, str] = {}
        self._keys: dict[str, str] = {}  # path -> its cache key, with a cache
        self._size = 0
        self._parsed_by_ruff: set[str] = set()

    def add(self, files: Mapping[str, str], *, parsed_by_ruff: bool = False) -> dict[str, str]:
        """Take ``files`` (generated text) to format, gated unless ``parsed_by_ruff`` (see
        :func:`format_files`); with a cache, each one's cache key."""
        if parsed_by_ruff:
            self._parsed_by_ruff.update(files)
        keys = {path: _key(path, text) for path, text in files.items()} if self._cache is not None else {}
        for path, text in files.items():
            known = self._known(keys.get(path))
            self.files[path] = text if known is None else known
            if known is None:
                self._pending[path] = text
                self._size += len(text)
        self._keys.update(keys)
        if self._size >= BATCH:
            self.flush()
        return keys

    def known(self, listed: Sequence[tuple[str, str]]) -> dict[str, str] | None:
        """Files formatted before, from (path, cache key) pairs: path -> formatted text, or
        ``None`` unless the cache still holds every one of them."""
        found: dict[str, str] = {}
        for path, key in listed:
            text = self._known(key)
            if text is None:
                return None
            found[path] = text
        return found

    def take(self, files: Mapping[str, str]) -> None:
        """Take files formatted already (see :meth:`known`)."""
        self.files.update(files)

    def _known(self, key: str | None) -> str | None:
        """The formatted text the cache holds under ``key``, if any."""
        found = self._cache.get(key) if self._cache is not None and key is not None else None
        return found if isinstance(found, str) else None

    def flush(self) -> Texts:
        """Format what is pending; every file formatted so far."""
        if self._pending:
            formatted = format_files(self._pending, self._parsed_by_ruff & set(self._pending))
            self.files.update(formatted)
            if self._cache is not None:
                for path in self._pending:
                    self._cache.put(self._keys[path], formatted[path])
        self._pending, self._keys, self._size = {}, {}, 0
        return self.files


def _key(path: str, text: str) -> str:
    """The cache key of formatting ``text`` as a file named like ``path`` (only its suffix counts)."""
    return entry_key("format", PurePosixPath(path).suffix, text)
