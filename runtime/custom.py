"""Custom tools: Python functions registered as tools of one client, run in-process.

``@composio.tools.custom_tool`` (or ``custom_tool(toolkit="github")``) registers a function.
Its input model is the pydantic model annotating a single ``request`` parameter, or one built
from the function's type hints; its description is the docstring. Custom tools are listed by
``tools.get``, dispatched locally by ``tools.execute``, skip the version guard, and report
their own exceptions in-band (``successful: False`` with the error text).

Slugs: ``NAME`` for ``def name``, ``TOOLKIT_NAME`` with a toolkit; lookup is exact.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, get_type_hints

from pydantic import BaseModel, ValidationError, create_model

from runtime.tool import Tool, ToolkitInfo
from runtime.types import ToolExecutionResponse

CUSTOM_TOOLKIT = "custom"
CUSTOM_VERSION = "custom"


@dataclass(frozen=True)
class CustomTool:
    """A registered function, with the tool object the API would describe it with."""

    slug: str
    name: str
    description: str
    toolkit: str
    input_model: type[BaseModel]
    function: Callable[..., Any]
    takes_request: bool

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function directly, as if it had not been registered."""
        return self.function(*args, **kwargs)

    def tool(self) -> Tool:
        return Tool(
            slug=self.slug,
            name=self.name,
            description=self.description,
            toolkit=ToolkitInfo(slug=self.toolkit, name=self.toolkit),
            input_parameters=self.input_model.model_json_schema(),
            output_parameters={},
            version=CUSTOM_VERSION,
            no_auth=True,
        )

    def _call(self, arguments: Mapping[str, Any]) -> Any:
        request = self.input_model.model_validate(dict(arguments))
        if self.takes_request:
            return self.function(request=request)
        return self.function(**{name: getattr(request, name) for name in type(request).model_fields})

    def run(self, arguments: Mapping[str, Any]) -> ToolExecutionResponse:
        """Run the function; any exception comes back in-band."""
        if inspect.iscoroutinefunction(self.function):
            return _failure(f"custom tool {self.slug} is async: execute it with AsyncComposio")
        try:
            return _success(self._call(arguments))
        except Exception as error:  # a tool's failure is data, not a crash
            return _failure(_describe(error))

    async def arun(self, arguments: Mapping[str, Any]) -> ToolExecutionResponse:
        """Run the function (awaiting it if async); any exception comes back in-band."""
        try:
            result = self._call(arguments)
            if inspect.isawaitable(result):
                result = await result
            return _success(result)
        except Exception as error:  # a tool's failure is data, not a crash
            return _failure(_describe(error))


def _success(value: Any) -> ToolExecutionResponse:
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return {"data": {} if data is None else data, "error": None, "successful": True}


def _failure(message: str) -> ToolExecutionResponse:
    return {"data": {}, "error": message, "successful": False}


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return f"Invalid arguments: {error}"
    return f"{type(error).__name__}: {error}"


def _name(function: Callable[..., Any]) -> str:
    """How a message names ``function`` (a callable object has no ``__qualname__``)."""
    return str(getattr(function, "__qualname__", repr(function)))


def _input_model(function: Callable[..., Any], model_name: str) -> tuple[type[BaseModel], bool]:
    """The input model of ``function``, and whether it takes it whole as ``request``."""
    where = f"custom tool {_name(function)}"
    try:
        hints = get_type_hints(function)
    except (NameError, TypeError) as error:
        raise TypeError(f"{where}: its type hints cannot be resolved ({error})") from error
    parameters = list(inspect.signature(function).parameters.values())
    if len(parameters) == 1 and parameters[0].name == "request":
        hint = hints.get("request")
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            return hint, True
    fields: dict[str, Any] = {}
    for parameter in parameters:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD, parameter.POSITIONAL_ONLY):
            raise TypeError(f"{where}: parameter {parameter.name} must be a plain or keyword-only parameter")
        if parameter.name not in hints:
            raise TypeError(f"{where}: parameter {parameter.name} needs a type annotation (it becomes the schema)")
        default = ... if parameter.default is parameter.empty else parameter.default
        fields[parameter.name] = (hints[parameter.name], default)
    return create_model(model_name, **fields), False


class CustomTools:
    """One client's custom tools, by slug."""

    def __init__(self) -> None:
        self._tools: dict[str, CustomTool] = {}

    def register(
        self,
        function: Callable[..., Any],
        *,
        toolkit: str | None = None,
        slug: str | None = None,
        name: str | None = None,
    ) -> CustomTool:
        """Register ``function``; its docstring is required (it is what the LLM reads)."""
        description = inspect.getdoc(function)
        if not description:
            raise ValueError(
                f"custom tool {_name(function)} has no docstring: add one, it becomes the tool's description"
            )
        base = getattr(function, "__name__", type(function).__name__)
        full_slug = slug or (f"{toolkit}_{base}" if toolkit else base).upper()
        model, takes_request = _input_model(function, "".join(p.title() for p in full_slug.split("_")) + "Input")
        custom = CustomTool(
            slug=full_slug,
            name=name or base,
            description=description,
            toolkit=(toolkit or CUSTOM_TOOLKIT).lower(),
            input_model=model,
            function=function,
            takes_request=takes_request,
        )
        self._tools[full_slug] = custom
        return custom

    def get(self, slug: str) -> CustomTool | None:
        return self._tools.get(slug)

    def __iter__(self) -> Iterator[CustomTool]:
        return iter(self._tools.values())
