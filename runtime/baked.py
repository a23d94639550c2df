"""Schemas baked into generated toolkits, served without the network.

A generated toolkit package registers itself on import (``register(TOOLKIT, VERSION,
__name__)``); its ``_schemas`` module is read the first time one of its tools is needed.
``tools.get`` and ``tools.execute`` look here before asking the API, so an application that
imports its generated toolkits lists and resolves their tools offline, at the pinned versions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from runtime.tool import Tool


@dataclass(frozen=True)
class BakedToolkit:
    """A generated toolkit package and the version it was generated at."""

    toolkit: str
    version: str
    package: str


_REGISTRY: dict[str, BakedToolkit] = {}


def register(toolkit: str, version: str, package: str) -> None:
    """Make ``package``'s pinned schemas of ``toolkit@version`` available to every client."""
    _REGISTRY[toolkit.lower()] = BakedToolkit(toolkit.lower(), version, package)


def toolkit(slug: str) -> BakedToolkit | None:
    """The registered generated toolkit ``slug``, if any."""
    return _REGISTRY.get(slug.lower())


def registered() -> list[BakedToolkit]:
    """Every registered generated toolkit, by slug."""
    return [_REGISTRY[slug] for slug in sorted(_REGISTRY)]


@cache
def _tools(baked: BakedToolkit) -> dict[str, Tool]:
    schemas = import_module(f"{baked.package}._schemas").SCHEMAS
    return {slug: Tool.parse(json.loads(text), f"{baked.package}._schemas") for slug, text in schemas.items()}


def tools(baked: BakedToolkit) -> list[Tool]:
    """The toolkit's tools, by slug."""
    return [tool for _, tool in sorted(_tools(baked).items())]


def find(slug: str) -> tuple[BakedToolkit, Tool] | None:
    """The generated toolkit holding tool ``slug``, and the tool."""
    for baked in registered():
        tool = _tools(baked).get(slug)
        if tool is not None:
            return baked, tool
    return None


_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def relevance(query: str, tool: Tool) -> float:
    """How well ``tool`` matches ``query``: each query word found in the slug or name counts
    most, in the description less; a word that only starts one counts half."""
    fields = ((_words(tool.slug.replace("_", " ")) | _words(tool.name), 3.0), (_words(tool.description), 1.0))
    score = 0.0
    for word in _words(query):
        best = 0.0
        for words, weight in fields:
            if word in words:
                best = max(best, weight)
            elif any(candidate.startswith(word) for candidate in words):
                best = max(best, weight / 2)
        score += best
    return score


def search(query: str, candidates: list[Tool]) -> list[Tool]:
    """``candidates`` that match ``query`` at all, most relevant first (ties by slug)."""
    scored = [(relevance(query, tool), tool.slug, tool) for tool in candidates]
    return [tool for score, _, tool in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0]


def spec(slug: str) -> Any:
    """The ``SPEC`` (a :class:`~runtime.spec.ToolSpec`) of generated tool ``slug``, or ``None``."""
    found = find(slug)
    if found is None:
        return None
    constants = vars(getattr(import_module(found[0].package), "Slug", object))
    for name, value in constants.items():
        if value == slug and name.isupper():
            candidate = getattr(import_module(f"{found[0].package}.{name.lower()}"), "SPEC", None)
            return candidate if getattr(candidate, "slug", None) == slug else None
    return None
