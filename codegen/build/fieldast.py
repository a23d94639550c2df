"""Readers and editors of the model fields datamodel-code-generator emits, as Python AST: a
field's type with or without its ``Annotated`` metadata, its metadata, its alias, its type
without ``None``, and the sequence type an input array is written as."""

from __future__ import annotations

import ast


def field_type(annotation: ast.expr) -> ast.expr:
    """``Annotated[T, Field(...)]`` -> ``T``; any other annotation as it is."""
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
    ):
        return annotation.slice.elts[0]
    return annotation


def set_field_type(statement: ast.AnnAssign, annotation: ast.expr) -> None:
    """Put ``annotation`` in place of the field's type, keeping its ``Annotated`` metadata."""
    current = statement.annotation
    if field_type(current) is not current:
        assert isinstance(current, ast.Subscript) and isinstance(current.slice, ast.Tuple)
        current.slice.elts[0] = annotation
    else:
        statement.annotation = annotation


def add_metadata(statement: ast.AnnAssign, metadata: str | ast.expr) -> None:
    """Append ``metadata`` (a bare name, or an expression) to the field's ``Annotated`` metadata,
    wrapping a plain type."""
    item = ast.Name(metadata, ast.Load()) if isinstance(metadata, str) else metadata
    current = statement.annotation
    if field_type(current) is not current:
        assert isinstance(current, ast.Subscript) and isinstance(current.slice, ast.Tuple)
        current.slice.elts.append(item)
    else:
        elements: list[ast.expr] = [current, item]
        statement.annotation = ast.Subscript(
            ast.Name("Annotated", ast.Load()), ast.Tuple(elements, ast.Load()), ast.Load()
        )


def metadata_names(statement: ast.AnnAssign) -> set[str]:
    """The bare names in the field's ``Annotated`` metadata (``Omittable``)."""
    annotation = statement.annotation
    if field_type(annotation) is annotation:
        return set()
    assert isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple)
    return {node.id for node in annotation.slice.elts[1:] if isinstance(node, ast.Name)}


def admits_none(annotation: ast.expr) -> bool:
    """Whether the type accepts ``None`` as it is: ``None`` itself, ``Any``, or a union holding one."""
    if isinstance(annotation, ast.Constant) and annotation.value is None:
        return True
    if isinstance(annotation, ast.Name) and annotation.id == "Any":
        return True
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return admits_none(annotation.left) or admits_none(annotation.right)
    return False


def admits_str(annotation: ast.expr) -> bool:
    """A ``str`` is a value of ``annotation`` (``str``, ``Any``, ``object``, the runtime's
    ``FileSource`` (a path may be a ``str``), or a union holding one)."""
    annotation = field_type(annotation)
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return admits_str(annotation.left) or admits_str(annotation.right)
    return isinstance(annotation, ast.Name) and annotation.id in ("str", "Any", "object", "FileSource")


def input_sequence(items: ast.expr | None) -> str:
    """What an input array of ``items`` is written as (``None``: items of any type):
    ``SequenceNotStr`` where a ``str``, itself a sequence of ``str``, would otherwise pass for the
    array; ``Sequence`` elsewhere, which checkers infer a list literal's items from (a protocol
    gives them no expected type for nested dict literals)."""
    return "SequenceNotStr" if items is None or admits_str(items) else "Sequence"


def without_none(annotation: ast.expr) -> ast.expr:
    """``T | None`` -> ``T``."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        if isinstance(annotation.right, ast.Constant) and annotation.right.value is None:
            return annotation.left
    return annotation


def alias_of(statement: ast.AnnAssign) -> str | None:
    """The field's ``Field(alias=...)``: its wire key where that is not its Python name."""
    for node in ast.walk(statement.annotation):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Field":
            for keyword in node.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


def wire_key(name: str, statement: ast.AnnAssign) -> str:
    """The wire key of the field ``name``: its alias, or its name when it has none. (An alias
    may be the empty string, a property name JSON Schema allows.)"""
    alias = alias_of(statement)
    return name if alias is None else alias


def fields_of(statement: ast.ClassDef) -> dict[str, ast.AnnAssign]:
    """The class's annotated fields by Python name, in order."""
    return {s.target.id: s for s in statement.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}


def flat_union(node: ast.BinOp) -> ast.expr:
    """``A | (B | C)`` -> ``A | B | C``: a union written left to right, without parentheses."""
    members: list[ast.expr] = []

    def collect(part: ast.expr) -> None:
        if isinstance(part, ast.BinOp) and isinstance(part.op, ast.BitOr):
            collect(part.left)
            collect(part.right)
        else:
            members.append(part)

    collect(node)
    union = members[0]
    for member in members[1:]:
        union = ast.BinOp(union, ast.BitOr(), member)
    return union
