"""Lazy exports of a package: a generated toolkit's classes and models, the runtime's framework
providers and MCP clients load on first use.

The package calls ``load_on_first_use(__name__, {"Name": ".module", ...})``; from then on
reading one of those names imports only the module that holds it (once: the value is kept
on the package), and ``dir()`` lists ``__all__``. Type checkers and editors read the
package's ``TYPE_CHECKING`` imports instead, and see no module ``__getattr__``: a misspelt
name is an error there, not ``Any``.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import Any

from typing_extensions import override

_EXPORTS = "_toolstubs_exports"


class _LazyPackage(types.ModuleType):
    @override
    def __getattr__(self, name: str) -> Any:
        module = self.__dict__.get(_EXPORTS, {}).get(name)
        if module is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(import_module(module, self.__name__), name)
        setattr(self, name, value)
        return value

    @override
    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__.get("__all__", ()), *(name for name in self.__dict__ if name.startswith("__"))})


def load_on_first_use(package: str, exports: Mapping[str, str]) -> None:
    """Let the imported ``package`` resolve each of ``exports`` (name -> relative module) when read."""
    module = sys.modules[package]
    setattr(module, _EXPORTS, dict(exports))
    module.__class__ = _LazyPackage


def load_grouped_on_first_use(package: str, modules: Mapping[str, Sequence[str]]) -> None:
    """:func:`load_on_first_use`, with the names grouped under the module that holds them."""
    load_on_first_use(package, {name: module for module, names in modules.items() for name in names})
