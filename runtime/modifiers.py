"""Modifiers: functions that intercept schemas, execute parameters and responses.

``@before_execute``, ``@after_execute`` and ``@schema_modifier`` work bare (every tool) or
scoped with ``tools=`` / ``toolkits=``. Scoping matches exact slugs: tool slugs as given
(upper case, e.g. ``github.Slug.CREATE_AN_ISSUE``), toolkit slugs case-insensitively (the
API's are lower case). Modifiers run in list order, each receiving the previous result;
one that returns ``None`` raises :class:`InvalidModifierError` naming it.

``@before_tool(weather.GetForecastInput)`` is the typed form for generated toolkits: a
``before_execute`` hook scoped to that one tool, receiving and returning its input model.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Literal, TypeVar, cast, overload

from pydantic import BaseModel
from typing_extensions import override

from runtime.errors import InvalidModifierError
from runtime.jsonvalues import is_object
from runtime.tool import Tool
from runtime.types import ToolExecuteParams, ToolExecutionResponse

ModifierKind = Literal["before_execute", "after_execute", "schema", "before_file_upload"]
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Modifier:
    """A modifier function with its kind and scope (empty scope: every tool)."""

    function: Callable[..., Any]
    kind: ModifierKind
    tools: frozenset[str] = field(default_factory=frozenset[str])
    toolkits: frozenset[str] = field(default_factory=frozenset[str])

    @property
    def name(self) -> str:
        return getattr(self.function, "__qualname__", repr(self.function))

    def applies(self, tool: str, toolkit: str) -> bool:
        """Whether this modifier runs for ``tool`` of ``toolkit``."""
        if not self.tools and not self.toolkits:
            return True
        return tool in self.tools or toolkit.lower() in self.toolkits


Modifiers = Sequence[Modifier]


class ModifierDecorator:
    """``@before_execute`` (every tool) or ``@before_execute(tools=[...], toolkits=[...])``."""

    def __init__(self, kind: ModifierKind) -> None:
        self.kind: ModifierKind = kind

    @overload
    def __call__(self, function: Callable[..., Any], /) -> Modifier: ...
    @overload
    def __call__(
        self, /, *, tools: Iterable[str] | None = None, toolkits: Iterable[str] | None = None
    ) -> Callable[[Callable[..., Any]], Modifier]: ...
    def __call__(
        self,
        function: Callable[..., Any] | None = None,
        /,
        *,
        tools: Iterable[str] | None = None,
        toolkits: Iterable[str] | None = None,
    ) -> Modifier | Callable[[Callable[..., Any]], Modifier]:
        kind = self.kind

        def wrap(fn: object) -> Modifier:
            if not callable(fn):
                raise InvalidModifierError(f"@{kind} needs a function, got {fn!r}")
            return Modifier(fn, kind, frozenset(tools or ()), frozenset(t.lower() for t in toolkits or ()))

        if function is not None:
            return wrap(function)
        if tools is None and toolkits is None:
            raise ValueError(f"@{kind}() needs a function, or tools= / toolkits= to scope it")
        return wrap

    @override
    def __repr__(self) -> str:
        return self.kind


before_execute = ModifierDecorator("before_execute")
after_execute = ModifierDecorator("after_execute")
schema_modifier = ModifierDecorator("schema")
before_file_upload = ModifierDecorator("before_file_upload")


def apply(modifiers: Modifiers | None, kind: ModifierKind, tool: str, toolkit: str, value: object) -> Any:
    """Fold ``value`` through every matching modifier of ``kind``, in list order.

    The result is whatever the last modifier returned: modifiers are the caller's functions,
    so what they return is checked where it is used (:func:`schemas`, :func:`execute_params`,
    :func:`execution_response`).
    """
    for modifier in cast("Sequence[object]", modifiers or ()):
        if not isinstance(modifier, Modifier):
            raise InvalidModifierError(
                f"{modifier!r} is not a modifier: decorate it with @before_execute, "
                "@after_execute, @schema_modifier or @before_file_upload"
            )
        if modifier.kind != kind or not modifier.applies(tool, toolkit):
            continue
        result = modifier.function(tool, toolkit, value)
        if result is None:
            raise InvalidModifierError(
                f"{kind} modifier {modifier.name} returned None for {tool}; it must return the "
                "(possibly changed) value it was given"
            )
        value = result
    return value


def schemas(modifiers: Modifiers | None, tools: list[Tool]) -> list[Tool]:
    """Each tool through the schema modifiers (on a deep copy), checked to be a :class:`Tool` still."""
    served: list[Tool] = []
    for tool in tools:
        modified = apply(modifiers, "schema", tool.slug, tool.toolkit.slug, tool.model_copy(deep=True))
        if not isinstance(modified, Tool):
            raise InvalidModifierError(f"schema modifiers must return a Tool; got {type(modified).__name__}")
        served.append(modified)
    return served


def execute_params(
    modifiers: Modifiers | None, slug: str, toolkit: str, params: ToolExecuteParams
) -> ToolExecuteParams:
    """``params`` through the ``before_execute`` modifiers, checked to hold ``arguments`` still."""
    modified = apply(modifiers, "before_execute", slug, toolkit, params)
    if not is_object(modified) or not is_object(modified.get("arguments")):
        raise InvalidModifierError(f"before_execute modifiers must leave {slug}'s params a dict with 'arguments'")
    return cast(ToolExecuteParams, modified)


def execution_response(
    modifiers: Modifiers | None, slug: str, toolkit: str, response: ToolExecutionResponse
) -> ToolExecutionResponse:
    """``response`` through the ``after_execute`` modifiers, checked to be a response still."""
    modified = apply(modifiers, "after_execute", slug, toolkit, response)
    if not is_object(modified) or "successful" not in modified:
        raise InvalidModifierError(
            f"after_execute modifiers must return {slug}'s response as a dict with data, error and successful; "
            f"got {type(modified).__name__}"
        )
    return cast(ToolExecutionResponse, modified)


def _slug_of(model: type[BaseModel]) -> str:
    spec = getattr(import_module(model.__module__), "SPEC", None)
    if spec is None or getattr(spec, "input_model", None) is not model:
        raise TypeError(
            f"{model.__qualname__} is not the input model of a generated tool (e.g. weather.GetForecastInput)"
        )
    return str(spec.slug)


def before_tool(model: type[ModelT]) -> Callable[[Callable[[ModelT], ModelT]], Modifier]:
    """A typed ``before_execute`` hook for the generated tool whose input model is ``model``.

    The hook gets the call's arguments as that model and returns the model to send; fields
    it sets (``model_copy(update=...)`` or assignment) are sent, unset ones stay unsent.
    """
    slug = _slug_of(model)

    def decorate(hook: Callable[[ModelT], ModelT]) -> Modifier:
        @functools.wraps(hook)
        def modifier(tool: str, toolkit: str, params: Any) -> Any:
            changed = hook(model.model_validate(params["arguments"]))
            if not isinstance(changed, model):
                raise InvalidModifierError(
                    f"before_tool hook {getattr(hook, '__qualname__', repr(hook))} must return a {model.__qualname__}, "
                    f"got {type(changed).__name__}"
                )
            arguments = changed.model_dump(mode="json", by_alias=True, exclude_unset=True)
            return {**params, "arguments": arguments}

        return Modifier(modifier, "before_execute", frozenset({slug}))

    return decorate
