"""Every Python name the generator emits, computed in one place.

Names come from slugs and property keys only, never from schema titles (titles repeat
across tools). A name depends only on its own tool: nested class names are scoped to the
tool's module, field names to their object.

Rules (documented in docs/naming.md and pinned by tests/unit/test_naming.py):

* toolkit package: the toolkit slug made a lower-case ASCII identifier (``google_sheets``);
* toolkit class: PascalCase of the slug (``Github``, ``GoogleSheets``), async twin ``Async<Name>``;
* tool method and module: snake_case of the slug without the ``<TOOLKIT>_`` prefix
  (``GITHUB_CREATE_AN_ISSUE`` -> ``create_an_issue``); models ``<Pascal>Input`` / ``<Pascal>Output``;
* a field keeps its wire key when that is an ASCII identifier that is not a keyword, not
  ``self``, not a ``BaseModel`` attribute and does not start with ``_``; otherwise it gets a
  sanitized name and an alias. Kept keys win collisions; a sanitized name that collides gets
  ``_`` appended until it is free, and the collision is reported.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")

#: Attributes of pydantic.BaseModel (v2) that a field must not shadow, plus the
#: namespaces pydantic protects. Fixed here so output never depends on the installed pydantic.
BASEMODEL_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj",
        "parse_raw", "schema", "schema_json", "update_forward_refs", "validate",
        "model_computed_fields", "model_config", "model_construct", "model_copy",
        "model_dump", "model_dump_json", "model_extra", "model_fields", "model_fields_set",
        "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild",
        "model_validate", "model_validate_json", "model_validate_strings",
    }
)  # fmt: skip
_PROTECTED_PREFIXES = ("model_validate", "model_dump")

_MODULE_NAMES = frozenset(
    {
        "Annotated", "Any", "AwareDatetime", "BaseModel", "ClosedModel", "ConfigDict", "Field", "False",
        "FileFields", "FileSource", "Literal", "None", "Omittable", "OpenModel", "RemoteFile", "RootModel",
        "SPEC", "SequenceNotStr", "ToolSpec", "True", "TypeAlias", "TypeAliasType", "annotations",
        "Holds", "Rules", "JsonLiteral", "checks", "model_validator", "holds_schema_rules", "ModelOrDict",
        "McpTool", "ToolAnnotations", "ContentBlock", "TypedDict", "NotRequired", "Required",
        "Sequence", "Mapping",
    }
)  # fmt: skip

#: Module-level names of a generated tool module that a class must not take.
RESERVED_CLASS_NAMES = _MODULE_NAMES

#: Names a field may not take: they would break the model or the wrapper method, or shadow
#: a name the tool module imports (a field ``Literal`` hid ``typing.Literal`` from the
#: annotations after it).
RESERVED_FIELD_NAMES = BASEMODEL_ATTRIBUTES | {"self"} | _MODULE_NAMES


#: Names the toolkit modules (``_toolkit.py``, ``_async_toolkit.py``) import, which their classes must not take.
RESERVED_TOOLKIT_CLASS_NAMES = RESERVED_CLASS_NAMES | {
    "AsyncToolkit", "FileSource", "Mapping", "Sequence", "SequenceNotStr", "TYPE_CHECKING", "ToolOutcome",
    "ToolResult", "ToolT", "Toolkit", "UNSET", "Unset",
}  # fmt: skip


#: Members a toolkit class has already (``Toolkit``, ``AsyncToolkit``, ``McpToolkit`` and
#: ``AsyncMcpToolkit``, and ``type``'s ``mro``), which a tool method must not shadow (a test
#: keeps it in step with the runtime's classes); ``typed``, the toolkit package's facade, which
#: a tool module of that name would replace once imported; ``deprecated``, the decorator of a
#: deprecated tool's method, which a method of that name would replace for the methods after
#: it; and the builtin types the class's annotations use: a method ``str`` would make every
#: later ``str`` annotation the method.
RESERVED_METHOD_NAMES = frozenset(
    {
        "tools",
        "mro",
        "typed",
        "deprecated",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "set",
        "tuple",
        "frozenset",
        "object",
        "type",
    }
)


@dataclass(frozen=True)
class Rename:
    """A wire key that could not be used as-is, and why its Python name was chosen."""

    key: str
    name: str
    reason: str
    collision: bool = False


def is_identifier(text: str) -> bool:
    """True for ASCII identifiers (non-ASCII ones are NFKC-folded by Python: never emitted)."""
    return bool(_IDENTIFIER.match(text))


def words(text: str) -> list[str]:
    """Split ``text`` into words at separators and camelCase boundaries."""
    return _WORD.findall(text)


def pascal(text: str) -> str:
    """``create_an_issue`` -> ``CreateAnIssue``; ``google_sheets`` -> ``GoogleSheets``."""
    return "".join(word[:1].upper() + word[1:].lower() for word in words(text))


def _lower_identifier(text: str, prefix_if_digit: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not name:
        name = prefix_if_digit.rstrip("_")
    elif name[0].isdigit():
        name = prefix_if_digit + name
    if keyword.iskeyword(name):
        name += "_"
    return name


#: Longest package or module name we write: file names stay well under any file system's limit.
MAX_NAME_LENGTH = 100


def too_long(name: str, what: str) -> str | None:
    """Why ``name`` (made from ``what``) cannot be a file name, or ``None``."""
    if len(name) <= MAX_NAME_LENGTH:
        return None
    return (
        f"{what} makes a {len(name)}-character file name {name[:40]!r}...; the limit is {MAX_NAME_LENGTH}: shorten it"
    )


#: Names of the output package a toolkit package must not take: ``typed``, the facade over
#: every toolkit, which a package of that name would replace once imported.
RESERVED_PACKAGE_NAMES = frozenset({"typed"})


def toolkit_package(toolkit_slug: str) -> str:
    """The toolkit's package folder and import name: a safe lower-case identifier."""
    name = _lower_identifier(toolkit_slug, "toolkit_")
    return name + "_" if name in RESERVED_PACKAGE_NAMES else name


def toolkit_class(toolkit_slug: str) -> str:
    """PascalCase of the toolkit slug (``github`` -> ``Github``); ``Tools`` appended when it
    or its ``Async`` twin would shadow a name the toolkit module imports."""
    name = pascal(toolkit_slug) or "Tools"
    name = "Toolkit" + name if name[0].isdigit() else name
    reserved = RESERVED_TOOLKIT_CLASS_NAMES
    return name + "Tools" if name in reserved or f"Async{name}" in reserved else name


def tool_method(slug: str, toolkit_slug: str) -> str:
    """snake_case of the slug without its toolkit prefix; also the tool's module name."""
    prefix = toolkit_slug.upper() + "_"
    bare = slug[len(prefix) :] if slug.upper().startswith(prefix) and len(slug) > len(prefix) else slug
    return _lower_identifier(bare, "tool_")


def tool_methods(slugs: Iterable[str], toolkit_slug: str) -> tuple[dict[str, str], list[Rename]]:
    """Method names for every slug of a toolkit, unique and never a member the toolkit class
    has already (:data:`RESERVED_METHOD_NAMES`); clashes resolved in slug order."""
    taken: set[str] = set(RESERVED_METHOD_NAMES)
    names: dict[str, str] = {}
    renames: list[Rename] = []
    for slug in sorted(slugs):
        base = tool_method(slug, toolkit_slug)
        name = base
        while name in taken:
            name += "_"
        if name != base:
            why = (
                "taken by the toolkit class or its annotations"
                if base in RESERVED_METHOD_NAMES
                else "taken by another tool"
            )
            renames.append(Rename(slug, name, f"method name {base!r} is {why}", True))
        taken.add(name)
        names[slug] = name
    return names, renames


def model_prefix(method: str) -> str:
    """Prefix of the tool's model names: ``create_an_issue`` -> ``CreateAnIssue``."""
    name = pascal(method) or "Tool"
    return "Tool" + name if name[0].isdigit() else name


def constant(method: str) -> str:
    """The ``Slug`` constant for a method: ``create_an_issue`` -> ``CREATE_AN_ISSUE``."""
    return method.upper()


def _keeps_key(key: str) -> bool:
    return (
        is_identifier(key)
        and not key.startswith("_")
        and not keyword.iskeyword(key)
        and key not in RESERVED_FIELD_NAMES
        and not key.startswith(_PROTECTED_PREFIXES)
    )


def _sanitized(key: str) -> str:
    text = key
    if text[:1] in "+-" and text[1:2].isdigit():
        text = ("plus_" if text[0] == "+" else "minus_") + text[1:]
    name = re.sub(r"[^A-Za-z0-9_]+", "_", text).lstrip("_")
    name = re.sub(r"_+\Z", "", name) if not is_identifier(text) else name
    if not name:
        name = "field"
    elif name[0].isdigit():
        name = "field_" + name
    if keyword.iskeyword(name) or name in RESERVED_FIELD_NAMES or name.startswith(_PROTECTED_PREFIXES):
        name += "_"
    return name


def _why_renamed(key: str) -> str:
    if keyword.iskeyword(key):
        return "a Python keyword"
    if key in RESERVED_FIELD_NAMES or key.startswith(_PROTECTED_PREFIXES):
        return "reserved by pydantic's BaseModel or the wrapper"
    if key.startswith("_") and is_identifier(key):
        return "pydantic treats names starting with '_' as private"
    return "not a Python identifier"


def field_names(keys: Sequence[str]) -> tuple[dict[str, str], list[Rename]]:
    """Python names for the property keys of one object, with the renames to report.

    Keys that are fine as they are keep their name and win collisions; the others are
    sanitized in sorted order, and ``_`` is appended while the name is taken.
    """
    names = {key: key for key in keys if _keeps_key(key)}
    taken = set(names.values())
    renames: list[Rename] = []
    for key in sorted(k for k in keys if k not in names):
        base = _sanitized(key)
        name = base
        while name in taken:
            name += "_"
        if name != base:
            renames.append(Rename(key, name, f"{base!r} is taken by another key", True))
        else:
            renames.append(Rename(key, name, _why_renamed(key)))
        taken.add(name)
        names[key] = name
    return {key: names[key] for key in keys}, renames


#: ``<Model><TWIN_SUFFIX>`` is the plain-dict twin (a ``TypedDict``) of a nested input model.
TWIN_SUFFIX = "Dict"


def class_names(paths: Iterable[tuple[str, ...]], reserved: Iterable[str]) -> dict[tuple[str, ...], str]:
    """Unique PascalCase class names for nested objects of one tool, keyed by path.

    A path is the object's segments, root marker first (``("input", "milestone")``);
    its name is the PascalCase of the path's last segment, extended with earlier segments while it clashes with another
    name or with ``reserved`` (counting the ``<Name>Dict`` twin of each: ``Config`` would
    take pydantic's ``ConfigDict``); a segment that repeats the next one is written once (``Paragraph``,
    never ``ParagraphParagraph``). Paths that stay equal after that get an ordinal suffix in
    path order (only possible when segments differ by punctuation alone).
    """
    reserved_set = set(reserved)
    reserved_set |= {name + TWIN_SUFFIX for name in reserved_set}  # a class's twin takes its name too
    depth = dict.fromkeys(paths, 1)

    def candidate(path: tuple[str, ...]) -> str:
        words = [pascal(segment) for segment in path[-depth[path] :]]
        name = "".join(word for i, word in enumerate(words) if i + 1 == len(words) or word != words[i + 1]) or "Model"
        return "Model" + name if name[0].isdigit() else name

    while True:
        by_name: dict[str, list[tuple[str, ...]]] = {}
        for path in paths:
            by_name.setdefault(candidate(path), []).append(path)
        clashing = [
            path
            for name, group in by_name.items()
            if len(group) > 1
            or name in reserved_set
            or name + TWIN_SUFFIX in reserved_set | set(by_name)
            or (name.endswith(TWIN_SUFFIX) and name.removesuffix(TWIN_SUFFIX) in by_name)
            for path in group
            if depth[path] < len(path)
        ]
        if not clashing:
            break
        for path in clashing:
            depth[path] += 1
    result: dict[tuple[str, ...], str] = {}
    used = set(reserved_set)
    for path in sorted(paths):
        name = candidate(path)
        if {name, name + TWIN_SUFFIX} & used:
            ordinal = 2
            while {f"{name}{ordinal}", f"{name}{ordinal}{TWIN_SUFFIX}"} & used:
                ordinal += 1
            name = f"{name}{ordinal}"
        used |= {name, name + TWIN_SUFFIX}
        result[path] = name
    return {path: result[path] for path in depth}
