"""A module that holds each tool module's twins against their copies in ``_dicts.pyi``.

For every tool of an output folder, a function takes the tool module's ``<Tool>InputDict`` and
``<Tool>OutputDict`` and the stub's, and returns each as the other: a type checker that finds
nothing in it finds every copy the same type as its original, nested twins included (a
``TypedDict``'s mutable keys must agree exactly both ways). The copy is looked up under the
original's name, which a tool's top-level twins keep in the stub unless another tool of the
toolkit has the same prefix (then a wrong pair fails loudly; tests/test_dicts_stub.py covers
that case).
"""

from __future__ import annotations

import ast
from pathlib import Path


def agreement(out: Path) -> str:
    """The module's source, for the output folder ``out`` (importable by its folder name)."""
    lines = ['"""Each twin against its copy in its toolkit\'s _dicts.pyi (tests/twin_copies.py)."""', ""]
    functions: list[str] = []
    for stub in sorted(out.glob("*/_dicts.pyi")):
        package = f"{out.name}.{stub.parent.name}"
        lines.append(f"import {package}._dicts")
        for module in sorted(stub.parent.glob("[!_]*.py")):
            lines.append(f"import {package}.{module.stem}")
            for name in _top_level_twins(module):
                original, copy = f"{package}.{module.stem}.{name}", f"{package}._dicts.{name}"
                functions += [
                    "",
                    "",
                    f"def {stub.parent.name}__{module.stem}__{name}(",
                    f"    original: {original}, copy: {copy}",
                    f") -> tuple[{copy}, {original}]:",
                    "    return original, copy",
                ]
    return "\n".join(lines + functions) + "\n"


def _top_level_twins(module: Path) -> list[str]:
    """The twins of the input model and output type its ``SPEC`` names."""
    for statement in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(statement, ast.Assign) and ast.unparse(statement.targets[0]) == "SPEC":
            assert isinstance(statement.value, ast.Call)
            named = {keyword.arg: ast.unparse(keyword.value) for keyword in statement.value.keywords}
            return [named["input_model"] + "Dict", named["output_type"] + "Dict"]
    raise AssertionError(f"{module} has no SPEC")
