"""How a tool module's classes are laid out, as a reviewer would write them by hand.

- **Schema order.** Classes come in the order the schema uses them: the input model's
  nested classes as its fields name them, each right before the first class that uses it,
  then the input model, then the output's classes the same way. (datamodel-code-generator
  orders shared definitions by name, which puts an output class among input classes.)
- **Shared bases.** A model whose configuration is one of the two every generated model
  has derives from ``runtime.OpenModel`` or ``runtime.ClosedModel`` instead of repeating it.
- **Long fields break inside their type.** An ``Annotated[...]`` field too long for a line
  gets a trailing comma, so the formatter puts one element on a line and the default stays
  after ``]`` (``= "open"``) rather than in parentheses of its own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence

#: The formatter's line length (``codegen.build.formatting``).
LINE_LENGTH = 88

#: ``model_config`` keyword values -> the runtime base that carries them.
_BASES: dict[tuple[tuple[str, object], ...], str] = {
    (("extra", "allow"), ("populate_by_name", True)): "OpenModel",
    (("extra", "forbid"), ("populate_by_name", True)): "ClosedModel",
}


def in_schema_order(statements: list[ast.stmt], roots: Sequence[str]) -> list[ast.stmt]:
    """``statements`` with the classes in schema order from ``roots`` (the input model, then
    the output's models); each class after those it uses, except along a cycle. Other
    statements (``model_rebuild()`` calls) keep their place after the classes."""
    classes = {s.name: s for s in statements if isinstance(s, ast.ClassDef)}
    placed: dict[str, ast.ClassDef] = {}
    entered: set[str] = set()
    for root in [*roots, *classes]:
        pending: list[tuple[str, bool]] = [(root, False)]
        while pending:
            name, finished = pending.pop()
            if finished:
                placed.setdefault(name, classes[name])
                continue
            if name in entered or name not in classes:
                continue
            entered.add(name)
            pending.append((name, True))
            pending.extend((used, False) for used in reversed(_classes_used(classes[name], classes)))
    others = [s for s in statements if not isinstance(s, ast.ClassDef)]
    return [*placed.values(), *others]


def _classes_used(statement: ast.ClassDef, classes: Iterable[str]) -> list[str]:
    """The names of ``classes`` that ``statement`` uses, in the order they first appear."""
    wanted = set(classes) - {statement.name}
    found: dict[str, None] = {}
    for part in [*statement.bases, *statement.body]:
        for node in _in_source_order(part):
            if isinstance(node, ast.Name) and node.id in wanted:
                found.setdefault(node.id)
    return list(found)


def _in_source_order(node: ast.AST) -> list[ast.AST]:
    """``node`` and everything under it, depth first in field order (which is source order)."""
    found: list[ast.AST] = []
    pending = [node]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(reversed(list(ast.iter_child_nodes(current))))
    return found


def forward_references(statements: Sequence[ast.stmt]) -> list[str]:
    """The models that use a class defined after them, which pydantic must rebuild once the
    module has every class (only a cycle leaves one after :func:`in_schema_order`)."""
    defined: set[str] = set()
    later = {s.name for s in statements if isinstance(s, ast.ClassDef)}
    forward: list[str] = []
    for statement in statements:
        if not isinstance(statement, ast.ClassDef):
            continue
        defined.add(statement.name)
        if set(_classes_used(statement, later)) - defined and _is_model(statement):
            forward.append(statement.name)
    return forward


def _is_model(statement: ast.ClassDef) -> bool:
    return any(_base_name(base) in ("BaseModel", "RootModel") for base in statement.bases)


def _base_name(base: ast.expr) -> str | None:
    if isinstance(base, ast.Subscript):
        base = base.value
    return base.id if isinstance(base, ast.Name) else None


def on_shared_base(statement: ast.ClassDef) -> str | None:
    """Swap ``BaseModel`` and a ``model_config`` the runtime base carries for that base;
    the base's name, or ``None`` when the class keeps its own configuration."""
    if [_base_name(base) for base in statement.bases] != ["BaseModel"]:
        return None
    for index, part in enumerate(statement.body):
        base = _BASES.get(_config_of(part))
        if base is not None:
            statement.bases = [ast.Name(base, ast.Load())]
            del statement.body[index]
            if not statement.body:
                statement.body.append(ast.Pass())
            return base
    return None


def _config_of(statement: ast.stmt) -> tuple[tuple[str, object], ...]:
    """``model_config = ConfigDict(k=v, ...)`` -> its keywords, sorted; anything else -> ``()``."""
    if not (
        isinstance(statement, ast.Assign)
        and [t.id for t in statement.targets if isinstance(t, ast.Name)] == ["model_config"]
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name)
        and statement.value.func.id == "ConfigDict"
        and not statement.value.args
    ):
        return ()
    keywords = statement.value.keywords
    if not all(k.arg is not None and isinstance(k.value, ast.Constant) for k in keywords):
        return ()
    return tuple(sorted((str(k.arg), k.value.value) for k in keywords if isinstance(k.value, ast.Constant)))


def source(statement: ast.stmt) -> str:
    """``statement`` as code, each too-long ``Annotated`` field of a class with a trailing comma."""
    code = ast.unparse(statement)
    if not isinstance(statement, ast.ClassDef):
        return code
    for part in statement.body:
        line = "    " + ast.unparse(part)
        wrapped = _wrapped_field(part) if len(line) > LINE_LENGTH else None
        if wrapped is not None:
            code = code.replace(line, "    " + wrapped, 1)
    return code


def _wrapped_field(statement: ast.stmt) -> str | None:
    """An ``Annotated`` field written with a trailing comma in its subscript."""
    if not (
        isinstance(statement, ast.AnnAssign)
        and isinstance(statement.annotation, ast.Subscript)
        and isinstance(statement.annotation.value, ast.Name)
        and statement.annotation.value.id == "Annotated"
        and isinstance(statement.annotation.slice, ast.Tuple)
    ):
        return None
    elements = ", ".join(ast.unparse(element) for element in statement.annotation.slice.elts)
    written = f"{ast.unparse(statement.target)}: Annotated[{elements},]"
    return written if statement.value is None else f"{written} = {ast.unparse(statement.value)}"
