"""The largest corpus toolkit (github, 823 tools), generated into a temporary folder as the
``corpus_out`` package, for the benchmarks that measure what users of a big toolkit meet."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def github() -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """The folder holding ``corpus_out/github`` and the tools it was made from."""
    from tests.conformance import corpus

    tools = [tool for tool in corpus.composio_catalog() if str(tool["slug"]).startswith("GITHUB_")]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        corpus.generate(work, tools).check_returncode()
        yield work, tools
