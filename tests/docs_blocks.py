"""The fenced blocks of README.md and docs/: where each is, its language, its code (dedented,
as a block inside a list item is indented) and what a ``<!-- snippet: ... -->`` marker on the
line before it says. The snippet tests run and check them; the adoption tests read commands
and configurations out of them."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_BLOCK = re.compile(
    r"(?:<!-- snippet: (?P<mark>no-run|skip|untyped) (?P<reason>[^>]*?) -->\n)?```(?P<lang>\w*)\n(?P<code>.*?)```", re.S
)


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language, its code, and what its marker says."""

    path: Path
    line: int
    lang: str
    code: str
    mark: str | None
    reason: str

    @property
    def name(self) -> str:
        return f"{self.path.name}:{self.line}"


def blocks(*langs: str, pages: list[Path] = PAGES) -> list[Block]:
    """Every block in one of ``langs`` on ``pages``, in order."""
    found = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            if match["lang"] in langs:
                line = text.count("\n", 0, match.start("code"))
                code = textwrap.dedent(match["code"])
                found.append(Block(path, line, match["lang"], code, match["mark"], match["reason"] or ""))
    return found
