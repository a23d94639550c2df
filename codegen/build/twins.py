"""Plain-dict twins of a tool's models, and the fields that accept them.

For every model ``X`` (a ``BaseModel`` the tool's input or output can hold, the input and
output models themselves included: ``CreateIssueInputDict``, ``CreateIssueOutputDict``) the
module gets ``XDict``, a ``TypedDict`` keyed by the wire keys, right after ``X``: keys the
schema requires are required, the others ``NotRequired``; values are typed as the model's
fields are, with ``Sequence`` (``SequenceNotStr`` where a ``str`` would pass) / ``Mapping`` for collections, ``Y | YDict`` for nested models,
and no ``None`` where the field is ``Omittable``. The twin of a model the output holds
describes decoded JSON, as a response's ``data`` is: ``list`` / ``dict`` and ``YDict`` only.
Twins are not closed: data may carry keys its schema does not name. The class form is used when every key can be
written in a class body, the functional form otherwise (``"from"``, ``"a-b"``, ``"__x"``, or a key
``Literal`` beside a value typed ``Literal[...]``: some checkers read the key as the type).

Fields of the models that only the input holds take ``ModelOrDict[X, XDict]``: type
checkers read ``X | XDict``, pydantic validates ``X`` (see :mod:`runtime.nested`). Models the
output holds too keep their types, so that reading a result never meets a dict.

The twins are also kept apart from the models (:class:`TwinCode`), for the toolkit's
``_dicts.pyi`` that the typed facade reads (:mod:`codegen.build.dicts`).
"""

from __future__ import annotations

import ast
import copy
import keyword
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from codegen.build.fieldast import (
    field_type,
    fields_of,
    flat_union,
    input_sequence,
    metadata_names,
    set_field_type,
    wire_key,
    without_none,
)
from codegen.build.naming import TWIN_SUFFIX, is_identifier

#: Where the collections an input twin names come from.
_SOURCES = {"SequenceNotStr": "runtime", "Sequence": "collections.abc", "Mapping": "collections.abc"}


#: Marks a name in :attr:`TwinCode.source` that the toolkit's stub may rename (``\x00Name\x00``):
#: no generated literal holds a raw NUL (each is written escaped), so the marks are unambiguous.
MARK = "\x00"


@dataclass(frozen=True)
class TwinCode:
    """A tool's twins apart from its models, as its toolkit's ``_dicts.pyi`` copies them: kept
    as text, which the build cache holds in a fraction of a syntax tree's memory."""

    source: str  # the twins' definitions as in the tool module, each of ``names`` marked (MARK)
    names: tuple[str, ...]  # the twins (the output's alias included), in order, then the models they name
    top_level: frozenset[str]  # ``<Tool>InputDict`` and ``<Tool>OutputDict`` (a class or an alias)
    models: frozenset[str]  # the tool module's models the twins name (an input twin takes ``X | XDict``)
    imports: dict[str, frozenset[str]]  # what else they name, by module


@dataclass
class Twins:
    """The twins of one tool's models and the names their code imports."""

    names: dict[str, str]  # model -> its TypedDict twin
    accepting: set[str]  # models whose fields take ModelOrDict[X, XDict]
    plain: set[str]  # models whose twins hold plain data all the way down (what a response holds)
    imports: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, classes: Iterable[ast.ClassDef], inputs: set[str], input_only: set[str], outputs: set[str]) -> Twins:
        """Twins for the ``BaseModel`` classes among ``inputs`` and ``outputs``."""
        models = {c.name for c in classes if any(isinstance(b, ast.Name) and b.id == "BaseModel" for b in c.bases)}
        names = {name: name + TWIN_SUFFIX for name in sorted(models & (inputs | outputs))}
        return cls(names, input_only, models & outputs)

    def plain_type(self, annotation: ast.expr) -> ast.expr:
        """``annotation`` (a type the response's ``data`` has) with each model as its plain twin."""
        typed = _TwinValue(self, plain=True).visit(copy.deepcopy(annotation))
        assert isinstance(typed, ast.expr)
        return typed

    def place(self, statements: list[ast.stmt]) -> list[ast.stmt]:
        """``statements`` with each twin after its model and the accepting fields retyped."""
        placed: list[ast.stmt] = []
        for statement in statements:
            placed.append(statement)
            if not isinstance(statement, ast.ClassDef):
                continue
            if statement.name in self.names:
                placed.append(self._twin(statement))
            if statement.name in self.accepting:
                self._accept_dicts(statement)
        return placed

    def code(
        self,
        placed: Iterable[ast.stmt],
        output: tuple[str, ast.expr] | None,
        imports: Mapping[str, Iterable[str]],
        top_level: tuple[str, str],
        write: Callable[[list[ast.stmt]], str],
    ) -> TwinCode:
        """The twins among ``placed`` (:meth:`place`'s result) on their own, with ``output``'s
        (the output type's name and its twin's type, when the output is not a model) after them;
        ``imports``: what the tool module imports; ``top_level``: the input and output models;
        ``write``: how the tool module writes statements."""
        twins = set(self.names.values())
        statements = [copy.deepcopy(s) for s in placed if _defined(s) in twins]
        classes = {name for name in map(_defined, placed) if name is not None}
        if output is not None:
            name, value = output
            target = ast.Name(name + TWIN_SUFFIX, ast.Store())
            statements.append(ast.AnnAssign(target, ast.Name("TypeAlias", ast.Load()), copy.deepcopy(value), 1))
        used = {
            node.id
            for statement in statements
            for node in ast.walk(statement)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)  # a class-body key is no use
        }
        models = frozenset(used & classes - twins)
        named = {module: frozenset(set(names) & used) for module, names in imports.items()}
        if output is not None:
            named["typing"] = named.get("typing", frozenset()) | {"TypeAlias"}
        defined = tuple(name for name in map(_defined, statements) if name is not None)
        names = defined + tuple(sorted(models))
        marked = [_Mark(set(names)).definition(statement) for statement in statements]
        return TwinCode(
            write(marked),
            names,
            frozenset(model + TWIN_SUFFIX for model in top_level) & set(defined),
            models,
            {module: names for module, names in named.items() if names},
        )

    def _use(self, module: str, name: str) -> None:
        self.imports.setdefault(module, set()).add(name)

    def _twin(self, model: ast.ClassDef) -> ast.stmt:
        name = self.names[model.name]
        items: list[tuple[str, ast.expr]] = []
        for python_name, statement in fields_of(model).items():
            value = field_type(copy.deepcopy(statement.annotation))
            bare = without_none(value)
            if "Omittable" in metadata_names(statement) or (isinstance(bare, ast.Name) and bare.id == "Any"):
                value = bare  # left out rather than null; and Any holds None already
            value = _TwinValue(self, plain=model.name in self.plain).visit(value)
            if statement.value is not None:  # has a default: the key may be left out
                self._use("typing_extensions", "NotRequired")
                value = ast.Subscript(ast.Name("NotRequired", ast.Load()), value, ast.Load())
            items.append((wire_key(python_name, statement), value))
        self._use("typing_extensions", "TypedDict")
        named = {node.id for _, value in items for node in ast.walk(value) if isinstance(node, ast.Name)}
        if all(_class_body_name(key) and key not in named for key, _ in items):  # a key ``Literal`` hides the type
            doc = ast.Expr(ast.Constant(f"``{model.name}`` as a plain dict, keyed as on the wire."))
            body: list[ast.stmt] = [doc]
            body += [ast.AnnAssign(ast.Name(key, ast.Store()), value, None, 1) for key, value in items]
            twin = ast.parse(f"class {name}(TypedDict): ...").body[0]  # this Python's ClassDef fields
            assert isinstance(twin, ast.ClassDef)
            twin.body = body
            return twin
        keys: list[ast.expr | None] = [ast.Constant(key) for key, _ in items]
        call = ast.Call(
            ast.Name("TypedDict", ast.Load()), [ast.Constant(name), ast.Dict(keys, [v for _, v in items])], []
        )
        return ast.Assign([ast.Name(name, ast.Store())], call, lineno=1)

    def _accept_dicts(self, model: ast.ClassDef) -> None:
        accept = _AcceptDicts(self.names)
        for statement in fields_of(model).values():
            set_field_type(statement, accept.visit(field_type(statement.annotation)))
        if accept.used:
            self._use("runtime", "ModelOrDict")


class _TwinValue(ast.NodeTransformer):
    """A model field's type as a twin's value type: ``X | XDict`` for a nested model, and
    ``Sequence`` (or ``SequenceNotStr``: :func:`input_sequence`) / ``Mapping`` for collections,
    where an argument may be given either way;
    ``XDict`` and ``list`` / ``dict`` where the value is ``plain`` decoded JSON."""

    def __init__(self, twins: Twins, *, plain: bool = False) -> None:
        self.twins = twins
        self.plain = plain

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        return flat_union(node)

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        if not self.plain and isinstance(node.value, ast.Name) and node.value.id == "list":
            return ast.Subscript(self._collection(input_sequence(node.slice)), self.visit(node.slice), ast.Load())
        self.generic_visit(node)
        return node

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id in ("list", "dict") and not self.plain:
            return self._collection(input_sequence(None) if node.id == "list" else "Mapping")
        twin = self.twins.names.get(node.id)
        if twin is None:
            return node
        if self.plain:
            return ast.Name(twin, ast.Load())
        return ast.BinOp(ast.Name(node.id, ast.Load()), ast.BitOr(), ast.Name(twin, ast.Load()))

    def _collection(self, name: str) -> ast.Name:
        self.twins._use(_SOURCES[name], name)
        return ast.Name(name, ast.Load())


class _AcceptDicts(ast.NodeTransformer):
    """``X`` -> ``ModelOrDict[X, XDict]`` for each model with a twin."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names
        self.used = False

    def visit_Call(self, node: ast.Call) -> ast.expr:
        return node  # Field(...) holds no types

    def visit_Name(self, node: ast.Name) -> ast.expr:
        twin = self.names.get(node.id)
        if twin is None:
            return node
        self.used = True
        pair = ast.Tuple([ast.Name(node.id, ast.Load()), ast.Name(twin, ast.Load())], ast.Load())
        return ast.Subscript(ast.Name("ModelOrDict", ast.Load()), pair, ast.Load())


class _Mark(ast.NodeTransformer):
    """Each of ``names`` marked (:data:`MARK`) where a twin defines or names it, the name a
    functional ``TypedDict("X", {...})`` gives itself included (written as a marked string)."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def _marked(self, name: str) -> str:
        return f"{MARK}{name}{MARK}" if name in self.names else name

    def definition(self, statement: ast.stmt) -> ast.stmt:
        """A twin's definition marked, the name it binds included (a class's name is marked
        in :meth:`visit_ClassDef`; an assignment's target here)."""
        marked = self.visit(statement)
        assert isinstance(marked, ast.stmt)
        target = marked.targets[0] if isinstance(marked, ast.Assign) else getattr(marked, "target", None)
        if isinstance(target, ast.Name):
            target.id = self._marked(target.id)
        return marked

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        self.generic_visit(node)
        node.name = self._marked(node.name)
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if isinstance(node.ctx, ast.Load):  # a class-body key (stored) is a wire key, never renamed
            node.id = self._marked(node.id)
        return node

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        first = node.args[0] if node.args else None
        functional = isinstance(node.func, ast.Name) and node.func.id == "TypedDict"
        if functional and isinstance(first, ast.Constant) and first.value in self.names:
            node.args[0] = ast.Name(f'"{self._marked(first.value)}"', ast.Load())  # unparsed as it stands
        return node


def _defined(statement: ast.stmt) -> str | None:
    """The name a definition binds: a class, the functional form's assignment, or an alias."""
    if isinstance(statement, ast.ClassDef):
        return statement.name
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    return None


def _class_body_name(key: str) -> bool:
    """A key a TypedDict class body can declare as it is (``__x`` would be name-mangled, and a
    non-ASCII name NFKC-folded)."""
    return is_identifier(key) and not keyword.iskeyword(key) and not key.startswith("__")
