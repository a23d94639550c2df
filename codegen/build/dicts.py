"""A toolkit's ``_dicts.pyi``: a copy of every tool's twins in one stub, for type checkers.

The typed facade names each tool's ``<Tool>InputDict`` and ``<Tool>OutputDict``. Imported from
the tool modules, they cost a checker the reading of every tool module (pyright spends about
a second on github's 831, mostly on the pydantic models beside the twins); this stub holds the
twins alone, a sixth of that text. Only checkers read it: the facade imports it under
``TYPE_CHECKING``, and at run time the package takes the twins from the tool modules
(``_dicts.py`` beside the stub holds nothing; pyright reports a stub without its module). The
toolkit package's ``__init__.py`` exports these same classes to checkers, so the facade's
types and the package's are one.

One stub holds every tool's twins, so the nested ones take their tool's prefix
(``DaysItemDict`` of ``get_forecast`` is ``GetForecastDaysItemDict``); where that is taken,
``<module>_<name>``. A model an input twin names (``X | XDict``) is imported from its tool
module under the same kind of name. The top-level twins keep their names unless two tools'
prefixes are one. So a nested twin's name here depends on the tools before it (unlike the
tool module's names, :mod:`codegen.build.naming`): adding a tool can rename it, in checkers'
messages only.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Mapping, Sequence

from codegen.build.imports import import_block
from codegen.build.ir import BuiltTool, BuiltToolkit
from codegen.build.render import render
from codegen.build.twins import MARK
from codegen.shared import escaping
from codegen.shared.note import GENERATED_NOTE

#: The stub's file name in a toolkit package; the facade and ``__init__.py`` import ``._dicts``.
MODULE = "_dicts"

_BUILTINS = frozenset(dir(builtins))
_MARKED = re.compile(f"{MARK}([^{MARK}]+){MARK}")


def stub_names(toolkit: BuiltToolkit) -> dict[tuple[str, str], str]:
    """(tool module, name there) -> the name in the stub, for every twin and every model an
    input twin names."""
    names: dict[tuple[str, str], str] = {}
    taken = set(_BUILTINS) | {name for names in _imports(toolkit.tools).values() for name in names}
    for tool in toolkit.tools:  # first the top-level twins, as they are where they can be
        for name in sorted(tool.models.twins.top_level):
            names[(tool.method, name)] = _free(name, tool, name, taken)
    for tool in toolkit.tools:
        for name in tool.models.twins.names:
            if (tool.method, name) not in names:
                names[(tool.method, name)] = _free(tool.prefix + name, tool, name, taken)
    return names


def _free(wanted: str, tool: BuiltTool, name: str, taken: set[str]) -> str:
    """``wanted``, or ``<module>_<name>`` where it is taken (two tools' prefixes can be one:
    ``get_2fa`` and ``get2fa``); taken from now on. Module names are unique in a toolkit and
    class names start with a capital, so the second is free."""
    written = wanted if wanted not in taken else f"{tool.method}_{name}"
    taken.add(written)
    return written


def dicts_stub(toolkit: BuiltToolkit) -> str:
    """The ``_dicts.pyi`` of ``toolkit``."""
    names = stub_names(toolkit)
    models = [
        f"from .{tool.method} import {name} as {names[(tool.method, name)]}"
        for tool in toolkit.tools
        for name in sorted(tool.models.twins.models)
    ]
    body = "\n\n\n".join(_renamed(tool, names) for tool in toolkit.tools if tool.models.twins.source)
    doc = (
        f"The plain-dict twins of {toolkit.slug}@{toolkit.version}'s tools, for type checkers: "
        "what the typed facade takes and returns. Each is a copy of its tool module's twin "
        f"(a stub holding them all is quicker to read than every tool module).\n\n{GENERATED_NOTE}"
    )
    return render(
        "dicts.pyi.jinja",
        docstring=escaping.docstring(doc),
        imports=import_block(_imports(toolkit.tools)),
        models=models,
        body=body,
    )


def dicts_module(toolkit: BuiltToolkit) -> str:
    """The ``_dicts.py`` beside the stub: it holds nothing, and says where the twins are at run
    time (pyright reports a stub without its module)."""
    doc = (
        f"Type checkers read ``_dicts.pyi`` here: copies of {toolkit.slug}'s twins, for the typed "
        "facade. At run time each twin is in its tool module, and the toolkit package exports "
        f"every ``<Tool>InputDict`` and ``<Tool>OutputDict``.\n\n{GENERATED_NOTE}"
    )
    return render("dicts.py.jinja", docstring=escaping.docstring(doc))


def _imports(tools: Sequence[BuiltTool]) -> dict[str, set[str]]:
    imports: dict[str, set[str]] = {}
    for tool in tools:
        for module, names in tool.models.twins.imports.items():
            imports.setdefault(module, set()).update(names)
    return imports


def _renamed(tool: BuiltTool, names: Mapping[tuple[str, str], str]) -> str:
    """``tool``'s twins as the stub writes them: each marked name (:data:`MARK`) as the stub names it."""
    return _MARKED.sub(lambda found: names[(tool.method, found.group(1))], tool.models.twins.source)
