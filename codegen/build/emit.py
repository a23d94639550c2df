"""Source text for every file of one toolkit package, from the IR.

Per toolkit: ``__init__.py`` (lazy exports, ``VERSION``, ``Slug``), ``_toolkit.py`` and
``_async_toolkit.py`` (the sync and async toolkit classes, one typed method per tool),
``_schemas.py`` (the pinned raw schemas), ``_typed.py`` (the typed facade,
:mod:`codegen.build.facade`) and ``_dicts.pyi`` (the twins it names, :mod:`codegen.build.dicts`),
``py.typed``, and one module per tool (its models and ``SPEC``).
"""

from __future__ import annotations

import ast
import builtins
import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from codegen.build import dicts, naming
from codegen.build.facade import FacadeToolkit, facade_module
from codegen.build.fieldast import admits_none, flat_union, input_sequence
from codegen.build.imports import import_block
from codegen.build.ir import BuiltTool, BuiltToolkit, deprecation
from codegen.build.normalize import Param
from codegen.build.render import render
from codegen.shared import escaping
from codegen.shared.note import GENERATED_NOTE
from runtime.mcp.callbacks import CALLBACKS
from runtime.mcp.tool import McpTool, ToolAnnotations, hint_words

_TYPING_NAMES = frozenset({"Any", "Literal"})
_BUILTIN_NAMES = frozenset({"str", "int", "float", "bool", "list", "dict", "None", "bytes", "object"})
_BUILTINS = frozenset(dir(builtins))  # names a plain import must not shadow
_RUNTIME_NAMES = frozenset({"FileSource", "SequenceNotStr"})  # runtime types a wrapper parameter can have


# -- wrapper annotations -------------------------------------------------------------------
class _WrapperType(ast.NodeTransformer):
    """Turns a model field's type into the wrapper parameter's type.

    ``list`` -> ``Sequence`` (``SequenceNotStr`` where a ``str`` would pass for it:
    :func:`input_sequence`) and ``dict`` -> ``Mapping`` (inputs accept any such collection),
    ``Annotated[T, ...]`` -> ``T``, ``ModelOrDict[X, XDict]`` -> ``X | XDict``,
    and the tool's own classes by their private import names (``_create_issue_Label``).
    """

    def __init__(self, module: str) -> None:
        self.module = module
        self.used: set[str] = set()
        self.classes: set[str] = set()  # the tool module's classes it names

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == "Annotated" and isinstance(node.slice, ast.Tuple):
            inner: ast.AST = self.visit(node.slice.elts[0])
            return inner
        if isinstance(node.value, ast.Name) and node.value.id == "Literal":
            self.used.add("Literal")
            return node
        if isinstance(node.value, ast.Name) and node.value.id == "list":
            name = input_sequence(node.slice)
            self.used.add(name)
            return ast.Subscript(ast.Name(name, ast.Load()), self.visit(node.slice), ast.Load())
        if isinstance(node.value, ast.Name) and node.value.id == "ModelOrDict" and isinstance(node.slice, ast.Tuple):
            model, twin = (self.visit(element) for element in node.slice.elts)
            return ast.BinOp(model, ast.BitOr(), twin)  # what ModelOrDict means to a type checker
        self.generic_visit(node)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        return flat_union(node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id == "list":
            self.used.add(input_sequence(None))
            return ast.Name(input_sequence(None), ast.Load())
        if node.id == "dict":
            self.used.add("Mapping")
            return ast.Name("Mapping", ast.Load())
        if node.id in _TYPING_NAMES:
            self.used.add(node.id)
            return node
        if node.id in _BUILTIN_NAMES:
            return node
        if node.id in _RUNTIME_NAMES:
            self.used.add(node.id)
            return node
        self.classes.add(node.id)
        return ast.Name(imported_name(self.module, node.id), ast.Load())


def imported_name(module: str, name: str) -> str:
    """The name ``_toolkit.py`` imports a tool module's class as: ``_create_issue_Label``.

    Class by class, ``from .create_issue import Label as _create_issue_Label``, never
    ``from . import create_issue``: that form imports the package, and type checkers
    (basedpyright) would report the package and ``_toolkit.py`` as an import cycle.
    """
    return f"_{module}_{name}"


@dataclass(frozen=True)
class _WrapperParam:
    name: str
    annotation: str
    default: str  # "" when required


def _signature_order(params: tuple[Param, ...]) -> list[Param]:
    """Wrapper parameter order (signature and docstring alike): required first, schema order kept."""
    return [p for p in params if p.required] + [p for p in params if not p.required]


def _wrapper_params(tool: BuiltTool, used: set[str], classes: set[str]) -> list[_WrapperParam]:
    """Keyword-only parameters: required first; ``None`` omits; nullable ones default to UNSET.
    ``used`` gathers the imported names they need, ``classes`` the tool module's classes."""
    result: list[_WrapperParam] = []
    for param in _signature_order(tool.params):
        transformer = _WrapperType(tool.method)
        annotation = transformer.visit(copy.deepcopy(tool.models.input_fields[param.name].annotation))
        used |= transformer.used
        classes |= transformer.classes
        default = "" if param.required else "UNSET" if param.nullable else "None"
        if default and not admits_none(annotation):
            annotation = ast.BinOp(annotation, ast.BitOr(), ast.Constant(None))
        if default == "UNSET":
            annotation = ast.BinOp(annotation, ast.BitOr(), ast.Name("Unset", ast.Load()))
            used |= {"Unset", "UNSET"}
        result.append(_WrapperParam(param.name, _parameter_type(param.name, annotation, default), default))
    return result


def _parameter_type(name: str, annotation: ast.expr, default: str) -> str:
    """The parameter's type as written; a union too long for its line in parentheses: black
    splits a parameter's long union inside parentheses and ruff keeps parentheses it is given,
    so both agree."""
    text = ast.unparse(annotation)
    line = f"        {name}: {text}{' = ' + default if default else ''},"
    return f"({text})" if isinstance(annotation, ast.BinOp) and len(line) > 88 else text


# -- docstrings ------------------------------------------------------------------------------
def _sentence(text: str) -> str:
    """``text`` ending a sentence, so that what is added after it reads as the next one."""
    text = text.rstrip()
    closed = text.rstrip(")]\"'`")  # "(see the docs.)" has ended; "to return (1-10)" has not
    return text if not text or (closed and closed[-1] in ".!?:;") else text + "."


def _param_doc(param: Param) -> str:
    text = param.description.strip() or "Not described by the schema."
    if param.file:
        text = _sentence(text) + " A local path or URL; uploaded before the call."
    if param.default is not None:
        text = _sentence(text) + f" Defaults to {param.default} on the server when omitted."
    if not param.required and param.nullable:
        text = _sentence(text) + " Pass None to send an explicit null; leave it out to omit it."
    return text


def method_docstring(tool: BuiltTool, indent: str, deprecated: str | None = None) -> str:
    """Google-style docstring: summary, description, the deprecation, every parameter, and the result."""
    width = 88 - len(indent)
    lines = escaping.docstring_lines((tool.name or tool.slug).rstrip(".") + ".", width)
    if tool.description.strip():
        lines += [""] + escaping.docstring_lines(tool.description, width)
    if deprecated:
        lines += [""] + escaping.docstring_lines(f"Deprecated {deprecated}.", width)
    hints = hint_words(tool.mcp.annotations) if tool.mcp else []
    if hints:
        lines += [""] + escaping.docstring_lines(f"The server's hints: {', '.join(hints)}.", width)
    if tool.mcp and tool.mcp.needs:
        handlers = " and ".join(f"``{CALLBACKS[need]}``" for need in tool.mcp.needs if need in CALLBACKS)
        text = f"Needs a client given {handlers}; without it the call is refused, with nothing sent."
        lines += [""] + escaping.docstring_lines(text, width)
    if tool.params:
        lines += ["", "Args:"]
        for param in _signature_order(tool.params):
            body = escaping.docstring_lines(f"{param.name}: {_param_doc(param)}", width - 8)
            lines += ["    " + body[0]] + ["        " + line for line in body[1:] if line]
    lines += [
        "",
        "Returns:",
        f"    The call's result; its ``data`` is validated as ``{tool.output_class}``.",
    ]
    return escaping.docstring_from_lines(lines, indent)


# -- files -------------------------------------------------------------------------------------
def tool_module(tool: BuiltTool, toolkit: BuiltToolkit) -> str:
    """The tool's module: its models, its output type and its ``SPEC``."""
    imports = {module: set(names) for module, names in tool.models.imports.items()}
    imports.setdefault("runtime", set()).add("ToolSpec")
    output_alias = output_dict = ""
    if tool.models.output_alias is not None:
        imports.setdefault("typing", set()).add("TypeAlias")
        output_alias = ast.unparse(tool.models.output_alias)
    if tool.models.output_dict is not None:
        output_dict = ast.unparse(tool.models.output_dict)
    header = f"{tool.name or tool.slug}: ``{tool.slug}`` of {toolkit.slug}@{toolkit.version}."
    text = "\n\n".join(part for part in (header, tool.description.strip(), GENERATED_NOTE) if part)
    omit_if_none = sorted(p.name for p in tool.params if not p.nullable and not p.required)
    if tool.files:
        imports["runtime"].add("FileFields")
    if tool.mcp is not None:
        imports.setdefault("runtime.mcp", set()).add("McpTool")
        if tool.mcp.annotations != ToolAnnotations():
            imports["runtime.mcp"].add("ToolAnnotations")
    return render(
        "tool_module.py.jinja",
        docstring=escaping.docstring(text),
        imports=import_block(imports),
        models=tool.models.body,
        output_alias=output_alias,
        output_dict=output_dict,
        output_class=tool.output_class,
        input_class=tool.input_class,
        slug=escaping.string(tool.slug),
        omit_if_none="{" + ", ".join(escaping.string(n) for n in omit_if_none) + "}" if omit_if_none else "",
        files=_file_fields(tool),
        mcp=_mcp_tool(tool.mcp) if tool.mcp is not None else "",
    )


def _mcp_tool(tool: McpTool) -> str:
    """``McpTool(name=..., structured=..., annotations=ToolAnnotations(...), needs=(...))`` for ``SPEC``."""
    parts = [f"name={escaping.string(tool.name)}"] + (["structured=True"] if tool.structured else [])
    hints = {key: value for key, value in vars(tool.annotations).items() if value is not None}
    if hints:
        parts.append(f"annotations=ToolAnnotations({', '.join(f'{k}={v!r}' for k, v in hints.items())})")
    if tool.needs:
        needs = ", ".join(escaping.string(need) for need in tool.needs)
        parts.append(f"needs=({needs}{',' if len(tool.needs) == 1 else ''})")
    if tool.task_support != "forbidden":
        parts.append(f"task_support={escaping.string(tool.task_support)}")
    return f"McpTool({', '.join(parts)})"


def _locations(locations: tuple[tuple[str | None, ...], ...]) -> str:
    def one(location: tuple[str | None, ...]) -> str:
        parts = ["None" if part is None else escaping.string(part) for part in location]
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"

    return "(" + ", ".join(one(location) for location in locations) + ("," if len(locations) == 1 else "") + ")"


def _file_fields(tool: BuiltTool) -> str:
    """``FileFields(uploads=..., downloads=...)`` for ``SPEC``, or ``""`` when the tool has no files."""
    if not tool.files:
        return ""
    parts = [f"uploads={_locations(tool.files.uploads)}"] if tool.files.uploads else []
    parts += [f"downloads={_locations(tool.files.downloads)}"] if tool.files.downloads else []
    return f"FileFields({', '.join(parts)})"


@dataclass(frozen=True)
class Method:
    """One tool's wrapper method in ``_toolkit.py`` (sync and async alike): what the template
    needs, the names its parameters import, and the classes of its tool module it names
    (imported under ``TYPE_CHECKING``, each as :func:`imported_name` until the toolkit's
    module knows which names no other tool shares)."""

    fields: dict[str, Any]
    used: frozenset[str]
    module: str
    classes: frozenset[str]


@dataclass(frozen=True)
class ToolCode:
    """What one tool puts into its toolkit's package: its module, and its wrapper method.
    Both depend only on the tool and its toolkit's slug and version."""

    module: str
    method: Method


def tool_code(tool: BuiltTool, toolkit: BuiltToolkit) -> ToolCode:
    """``tool``'s module and wrapper method (see :class:`ToolCode`)."""
    return ToolCode(tool_module(tool, toolkit), method(tool, toolkit))


def method(tool: BuiltTool, toolkit: BuiltToolkit) -> Method:
    """``tool``'s wrapper method (see :class:`Method`)."""
    used: set[str] = set()
    classes = {tool.output_class}
    said = deprecation(tool, toolkit)
    fields = {
        "name": tool.method,
        "params": _wrapper_params(tool, used, classes),
        "returns": imported_name(tool.method, tool.output_class),
        "docstring": method_docstring(tool, " " * 8, said),
        "module_literal": escaping.string(tool.method),
        "deprecated": escaping.string(said) if said else "",
    }
    return Method(fields, frozenset(used), tool.method, frozenset(classes))


def _plain_names(methods: Sequence[Method], taken: set[str]) -> set[str]:
    """The tool modules' class names ``_toolkit.py`` can import as they are: named by one
    tool module only, and taken by nothing else in the module (imports, its classes, builtins)."""
    counts: dict[str, int] = {}
    for one in methods:
        for name in one.classes:
            counts[name] = counts.get(name, 0) + 1
    return {name for name, count in counts.items() if count == 1 and name not in taken and name not in _BUILTINS}


def _retyped(param: _WrapperParam, annotation: str) -> _WrapperParam:
    """``param`` with its type written anew (shorter names may need no parentheses now)."""
    return replace(
        param, annotation=_parameter_type(param.name, ast.parse(annotation, mode="eval").body, param.default)
    )


def _unaliased(one: Method, plain: set[str]) -> tuple[dict[str, Any], str]:
    """``one``'s template fields and its import line, each class named plainly where it can be."""
    aliases = {imported_name(one.module, name): name for name in one.classes if name in plain}
    imports = ", ".join(
        name if name in plain else f"{name} as {imported_name(one.module, name)}" for name in sorted(one.classes)
    )
    line = f"from .{one.module} import {imports}"
    if not aliases:
        return one.fields, line
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(aliases, key=len, reverse=True))) + r")\b")

    def plainly(text: str) -> str:
        return pattern.sub(lambda match: aliases[match.group(1)], text)

    fields = dict(one.fields)
    fields["returns"] = plainly(fields["returns"])
    fields["params"] = [_retyped(param, plainly(param.annotation)) for param in fields["params"]]
    return fields, line


def toolkit_class_module(toolkit: BuiltToolkit, methods: Sequence[Method], *, is_async: bool = False) -> str:
    """``_toolkit.py`` (the toolkit class) or ``_async_toolkit.py`` (its async twin): one method
    per tool (``methods``: each tool's :func:`method`, in the toolkit's order). Each class has
    a module of its own, so that a large toolkit's file stays one class long and a program
    imports only the flavour it uses."""
    used = set().union(*(m.used for m in methods))
    base = (
        ("AsyncMcpToolkit" if is_async else "McpToolkit")
        if toolkit.mcp
        else ("AsyncToolkit" if is_async else "Toolkit")
    )
    imports: dict[str, set[str]] = {
        "typing": {"TYPE_CHECKING"} | (used & _TYPING_NAMES),
        "collections.abc": used & {"Mapping", "Sequence"},
        "runtime": {"ToolOutcome", "ToolT"} | (used & ({"Unset", "UNSET"} | _RUNTIME_NAMES)),
        "runtime.mcp": {base} if toolkit.mcp else set(),
    }
    if not toolkit.mcp:
        imports["runtime"].add(base)
    if any(one.fields["deprecated"] for one in methods):
        imports["typing_extensions"] = {"deprecated"}
    if not toolkit.tools:
        imports["typing"].discard("TYPE_CHECKING")
    pinned = f"{toolkit.slug}@{toolkit.version}"
    class_name = ("Async" if is_async else "") + toolkit.class_name
    taken = set().union(*imports.values()) | {base} | naming.RESERVED_TOOLKIT_CLASS_NAMES
    taken |= {toolkit.class_name, "Async" + toolkit.class_name}
    plain = _plain_names(methods, taken)
    written = [_unaliased(one, plain) for one in methods]
    kind = "async toolkit class" if is_async else "toolkit class"
    module_doc = f"The typed {kind} of {pinned}.\n\n{GENERATED_NOTE}"
    return render(
        "toolkit_class.py.jinja",
        docstring=escaping.docstring(module_doc),
        imports=import_block(imports),
        tool_imports=[line for _, line in written],
        class_name=class_name,
        base=f"{base}[ToolT]",
        class_docstring=escaping.docstring(_class_doc(toolkit, is_async), " " * 4),
        def_keyword="async def" if is_async else "def",
        awaited="await " if is_async else "",
        methods=[fields for fields, _ in written],
        toolkit_slug=escaping.string(toolkit.slug),
        version=escaping.string(toolkit.version),
        server_name=escaping.string(toolkit.name) if toolkit.mcp else None,
    )


def _class_doc(toolkit: BuiltToolkit, is_async: bool) -> str:
    pinned = f"{toolkit.slug}@{toolkit.version}"
    if toolkit.mcp:
        kind = "``AsyncMcpClient``" if is_async else "``McpClient``"
        return (
            f"Tools of the MCP server {toolkit.slug}, pinned to {pinned}.\n\n"
            f"Bind it to an MCP client ({kind}) and optional ``modifiers``; each call is a "
            "``tools/call`` of the tool's name on the server. ``tools(*slugs)`` gives these tools "
            "in the client's provider format. Calls check that the server is the one pinned (its "
            "name and version): ``PinMismatchError`` if not, or one warning with "
            '``pin_mismatch="warn"``.'
        )
    kind = "an async client (``AsyncComposio``)" if is_async else "a client (``Composio``)"
    return (
        f"Tools of {toolkit.name or toolkit.slug}, pinned to {pinned}.\n\n"
        f"Bind it to {kind} and an execution context (``user_id``, "
        "``connected_account_id``, ``modifiers``); every call sends the pinned version. "
        "``tools(*slugs)`` gives these tools in the client's provider format."
    )


def toolkit_init(toolkit: BuiltToolkit, exported: Iterable[tuple[str, str, str]]) -> str:
    """``__init__.py``: constants, and lazy (PEP 562) access to classes and models
    (``exported``: each name, the module it loads from, and the one checkers read it from)."""
    exports = [
        {
            "name": name,
            "checked_module": checked,
            "name_literal": escaping.string(name),
            "module_literal": escaping.string(module),
        }
        for name, module, checked in exported
    ]
    doc = (
        f"{toolkit.name or toolkit.slug} toolkit, pinned to {toolkit.slug}@{toolkit.version}.\n\n"
        "Importing this package imports no tool module: classes and models load on first "
        f"use.\n\n{GENERATED_NOTE}"
    )
    return render(
        "toolkit_init.py.jinja",
        docstring=escaping.docstring(doc),
        toolkit_slug=escaping.string(toolkit.slug),
        version=escaping.string(toolkit.version),
        constants=[{"name": t.constant, "slug": escaping.string(t.slug)} for t in toolkit.tools],
        exports=exports,
    )


def toolkit_schemas(toolkit: BuiltToolkit) -> str:
    """``_schemas.py``: each tool object exactly as pinned, for offline ``tools.get``."""
    doc = f"Raw tool schemas of {toolkit.slug}@{toolkit.version}, as pinned.\n\n{GENERATED_NOTE}"
    return render(
        "toolkit_schemas.py.jinja",
        docstring=escaping.docstring(doc),
        schemas=[{"slug": escaping.string(t.slug), "json": escaping.string(t.raw_json)} for t in toolkit.tools],
    )


def exports_of(toolkit: BuiltToolkit) -> list[tuple[str, str, str]]:
    """Names the toolkit package exports lazily, with the module each comes from, and the
    module checkers read it from: a twin from ``_dicts.pyi``, whose classes the typed facade
    names too (:mod:`codegen.build.dicts`)."""
    exports = [
        (toolkit.class_name, "._toolkit", "._toolkit"),
        ("Async" + toolkit.class_name, "._async_toolkit", "._async_toolkit"),
        ("typed", "._typed", "._typed"),
    ]
    taken = {name for name, _, _ in exports} | {"Slug", "TOOLKIT", "VERSION"}
    for tool in toolkit.tools:
        names = (tool.input_class, tool.output_class)
        twins = tuple(name + naming.TWIN_SUFFIX for name in names)
        for name in (*names, *twins):
            if name not in taken:
                taken.add(name)
                module = "." + tool.method
                exports.append((name, module, "." + dicts.MODULE if name in twins else module))
    return exports


def toolkit_files(toolkit: BuiltToolkit, codes: Sequence[ToolCode]) -> dict[str, str]:
    """Every file of the toolkit package, keyed by path relative to the package folder
    (``codes``: each tool's :func:`tool_code`, in the toolkit's order)."""
    methods = [code.method for code in codes]
    files = {
        "__init__.py": toolkit_init(toolkit, exports_of(toolkit)),
        "_toolkit.py": toolkit_class_module(toolkit, methods),
        "_async_toolkit.py": toolkit_class_module(toolkit, methods, is_async=True),
        "_schemas.py": toolkit_schemas(toolkit),
        "_typed.py": facade_module(FacadeToolkit.of(toolkit)),
        dicts.MODULE + ".py": dicts.dicts_module(toolkit),
        dicts.MODULE + ".pyi": dicts.dicts_stub(toolkit),
        "py.typed": "",
    }
    for tool, code in zip(toolkit.tools, codes, strict=True):
        files[tool.method + ".py"] = code.module
    return files


def output_init() -> str:
    """The output folder's own ``__init__.py``, written only when the folder has none."""
    return render(
        "output_init.py.jinja",
        docstring=escaping.docstring(
            "Toolkits generated by toolstubs; each subpackage is one pinned toolkit.\n\n"
            "``typed(client)`` checks ``tools.execute`` against every toolkit here. Each toolkit has "
            "its own as well (``github.typed``), which keeps a type checker to that toolkit's "
            "modules: mypy reads every toolkit's modules to check a program that imports this "
            "package's ``typed``, and to check one that imports any toolkit, since it reads this "
            "file then. Created once by toolstubs; it is yours to edit (remove ``typed`` here to "
            "keep mypy to the toolkits a program imports)."
        ),
    )
