"""Diagnostics collected during a run: one line per problem, naming the tool and the reason,
and :func:`say`, how the CLI tells them (standard error, one line each).

A report never aborts a run by itself; ``--strict`` turns any report into a failing exit.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """``error``: the tool was left out. ``warning``: generated, with the schema adjusted."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Report:
    """One diagnostic about one tool (or toolkit, when ``slug`` is the toolkit slug)."""

    toolkit: str
    slug: str
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.level.value}: {self.slug}: {self.message}"


def say(text: str) -> None:
    """One line for the user, on standard error at once (standard output carries diffs)."""
    print(text, file=sys.stderr, flush=True)
