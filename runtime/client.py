"""``Composio`` and ``AsyncComposio``: the clients, their HTTP plumbing, ``tools.get`` and
``tools.execute``.

One httpx connection pool per client; close it with ``close()`` / ``aclose()`` or use the
client as a context manager. Tests inject an httpx transport (``transport=``).

Idempotent requests are retried (see :mod:`runtime.retries`); ``tools.execute`` is never
sent twice once the request may have reached the server.
"""

# Toolkits and AsyncToolkits send through their client's Tools._request: one client, split
# across classes, whose plumbing stays off the public API.
# pyright: reportPrivateUsage=false

from __future__ import annotations

import copy
import json
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, cast, overload

import httpx
from typing_extensions import TypeVar, override

import runtime.baked as baked
import runtime.inband as inband
import runtime.listing as listing
import runtime.modifiers as _modifiers
import runtime.versions as versions
import runtime.wirejson as wirejson
from runtime.custom import CustomTool, CustomTools
from runtime.errors import (
    DEFAULT_MAX_RESPONSE_BYTES,
    APIConnectionError,
    APIError,
    ApiKeyNotProvidedError,
    InvalidParamsError,
    error_for_status,
    path_segment,
    scrub,
    shown_url,
)
from runtime.files.fields import FileFields, fields_of
from runtime.files.service import UPLOAD_REQUEST_PATH, AsyncFiles, FileOptions, Files
from runtime.headers import header_value
from runtime.jsonvalues import is_dict
from runtime.loops import PerLoop
from runtime.providers.agentic import AgenticProvider, AsyncRun, Execution, Run
from runtime.providers.base import Provider
from runtime.providers.openai import OpenAIProvider
from runtime.retries import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER, Attempts, RetryPolicy, retry_after
from runtime.tool import Tool
from runtime.transport import (
    Limits,
    Reply,
    asend,
    direct_async_transport,
    direct_transport,
    send,
    transport_error,
)
from runtime.types import ToolExecuteParams, ToolExecutionResponse

if TYPE_CHECKING:
    import asyncio

    from runtime.providers.formats import ChatCompletionFunctionToolParam

ToolT = TypeVar("ToolT", default="ChatCompletionFunctionToolParam")

DEFAULT_BASE_URL = "https://backend.composio.dev"
DEFAULT_API_PREFIX = "/api/v3.1"
DEFAULT_TIMEOUT = 60.0
USER_AGENT = "toolstubs/0.1.0"
_EXECUTE_BODY_KEYS = (
    "arguments",
    "version",
    "user_id",
    "connected_account_id",
    "custom_auth_params",
    "custom_connection_data",
    "text",
)


#: The clients' file keywords, in ``FileOptions.of`` order: download dir, auto flag,
#: sensitive-path protection, extra deny segments, upload dirs.
FileSettings = tuple[
    "str | os.PathLike[str] | None",
    bool,
    bool,
    "Sequence[str] | None",
    "Sequence[str | os.PathLike[str]] | Literal[False] | None",
]


class _Settings:
    """What both clients share: credentials, endpoints, versions, caches, request/response rules."""

    def __init__(
        self,
        api_key: str | None,
        base_url: str | None,
        api_prefix: str,
        toolkit_versions: versions.ToolkitVersions,
        timeout: float | httpx.Timeout,
        max_retries: int,
        provider_name: str,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        files: FileSettings = (None, False, True, None, None),
    ) -> None:
        key = api_key or os.environ.get("COMPOSIO_API_KEY")
        if not key:
            raise ApiKeyNotProvidedError("No API key: set the environment variable COMPOSIO_API_KEY or pass api_key=")
        self._api_key = header_value(key, "the API key")
        self.base_url = (base_url or os.environ.get("COMPOSIO_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.api_prefix = "/" + api_prefix.strip("/") if api_prefix.strip("/") else ""
        self.toolkit_versions = versions.configured_versions(toolkit_versions)
        self.timeout = timeout
        self.limits = Limits.of(timeout, max_response_bytes)
        self.retry = RetryPolicy(max_retries=max_retries, max_retry_after=max_retry_after)
        self.provider_name = provider_name
        self.schemas: dict[str, Tool] = {}  # slug -> tool object, resolved once
        self.customs = CustomTools()
        self.offered = inband.ServedTools()  # what tools.get handed to a model
        self._fetching: dict[str, threading.Lock] = {}  # single flight per slug (sync)
        self._fetching_guard = threading.Lock()
        self.file_options = FileOptions.of(*files, httpx.URL(self.base_url).host)
        self._file_fields: dict[str, FileFields] = {}

    def file_fields(self, tool: Tool) -> FileFields:
        """Where ``tool``'s files are (computed once per slug from its schemas)."""
        if tool.slug not in self._file_fields:
            self._file_fields[tool.slug] = fields_of(tool.input_parameters, tool.output_parameters)
        return self._file_fields[tool.slug]

    def upload_request(self) -> str:
        """The upload request's URL: ``/api/v3/...`` even when tools go to ``/api/v3.1`` (as the official SDK)."""
        return self.base_url + UPLOAD_REQUEST_PATH

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never appear in a message."""
        return (self._api_key,)

    def fetching(self, slug: str) -> threading.Lock:
        """The lock that makes concurrent callers fetch ``slug``'s schema once."""
        with self._fetching_guard:
            return self._fetching.setdefault(slug, threading.Lock())

    def client_options(self) -> dict[str, Any]:
        headers = {
            "x-api-key": self._api_key,
            "x-source": "PYTHON_SDK",
            "x-framework": self.provider_name,
            "user-agent": USER_AGENT,
        }
        return {"base_url": self.base_url + self.api_prefix, "headers": headers, "timeout": self.timeout}

    def versions_query(self) -> dict[str, str]:
        configured = self.toolkit_versions
        if isinstance(configured, str):
            return {"toolkit_versions": configured}
        return {f"toolkit_versions[{toolkit}]": version for toolkit, version in sorted(configured.items())}

    @property
    def search_param(self) -> str:
        """API v3 filters by ``search``; v3.1 renamed it ``query``."""
        return "search" if self.api_prefix.endswith("/v3") else "query"

    def selection(self, **request: Any) -> listing.Selection:
        return listing.select(
            **request, customs=self.customs, configured=self.toolkit_versions, search_param=self.search_param
        )

    def page_query(self, query: listing.Listing, cursor: str | None) -> dict[str, str]:
        versions = query.versions if query.versions is not None else self.versions_query()
        return {**query.params, **versions, **({"cursor": cursor} if cursor else {})}

    def known_schema(self, slug: str) -> Tool | None:
        """The schema of ``slug`` without asking the API: cached, custom or baked."""
        if slug in self.schemas:
            return self.schemas[slug]
        custom = self.customs.get(slug)
        found = baked.find(slug)
        tool = custom.tool() if custom is not None else found[1] if found is not None else None
        if tool is not None:
            self.schemas[slug] = tool
        return tool

    def remember(self, slug: str, body: Any) -> Tool:
        tool = Tool.parse(body, f"GET /tools/{slug}")
        self.schemas[slug] = tool
        return tool

    def served(self, tools: list[Tool], modifiers: _modifiers.Modifiers | None) -> list[Tool]:
        """Tools as handed to the provider: cached for execute, then through schema modifiers."""
        for tool in tools:
            self.schemas[tool.slug] = tool
        modified = _modifiers.schemas(modifiers, tools)
        self.offered.add(tool.slug for tool in (*tools, *modified))
        return modified

    def refusal(self, slug: str) -> ToolExecutionResponse | None:
        """An in-band refusal when a model names a tool this client did not serve
        (custom tools registered on it count as served)."""
        if slug in self.offered or self.customs.get(slug) is not None:
            return None
        return inband.unserved(slug)

    def decode(self, response: Reply) -> Any:
        where = f"{response.request.method} {response.request.url.path}"
        try:
            body = json.loads(response.content) if response.content else None
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError, ValueError):
            body = None
            if response.is_success:
                raise APIError(f"{where}: malformed response body", status=response.status_code) from None
        if not response.is_success:
            raise error_for_status(
                response.status_code,
                body,
                where=where,
                location=response.headers.get("location"),
                retry_after=retry_after(response),
                secrets=self.secrets,
            )
        return body

    def execution_response(self, body: Any, slug: str) -> ToolExecutionResponse:
        if not is_dict(body) or "successful" not in body:
            raise APIError(f"the execute response for {slug} is not a {{data, error, successful}} object")
        error = scrub(body.get("error"), self.secrets)
        return {"data": body.get("data"), "error": error, "successful": bool(body["successful"])}

    def execute_body(self, slug: str, toolkit: str, params: ToolExecuteParams) -> dict[str, Any]:
        """The execute request body after modifiers: version resolved, ``latest`` guarded."""
        version = versions.resolve(params.get("version"), toolkit, self.toolkit_versions)
        versions.guard(version, slug, toolkit, params.get("dangerously_skip_version_check"))
        body = {key: params.get(key) for key in _EXECUTE_BODY_KEYS if params.get(key) is not None}
        body["version"] = version
        return body

    @override
    def __repr__(self) -> str:
        return f"base_url={shown_url(self.base_url)!r}, api_prefix={self.api_prefix!r}"


class _Urls:
    """Request paths merged with the client's base URL, each once (by httpx's own merge), so a
    call builds its request from a parsed URL. A bounded memo: slugs may come from a model."""

    LIMIT = 1024

    def __init__(self, http: httpx.Client | httpx.AsyncClient) -> None:
        self._http = http
        self._known: dict[str, httpx.URL] = {}

    def __getitem__(self, path: str) -> httpx.URL:
        url = self._known.get(path)
        if url is None:
            if len(self._known) >= self.LIMIT:
                self._known.clear()
            url = self._known[path] = self._http.build_request("GET", path).url
        return url


def _built(
    http: httpx.Client | httpx.AsyncClient, urls: _Urls, method: str, path: str, options: Mapping[str, Any]
) -> httpx.Request:
    """The request, or :class:`InvalidParamsError` naming the value its JSON body or its query
    cannot carry (see :mod:`runtime.wirejson`)."""
    try:
        return http.build_request(method, urls[path], **options)
    except (TypeError, ValueError) as error:
        refused = wirejson.refusal(method, path, options)
        if refused is None:
            raise
        raise refused from error


def _checked_arguments(slug: str, arguments: object) -> None:
    if not isinstance(arguments, Mapping):
        raise InvalidParamsError(
            f"tools.execute {path_segment(slug)}: arguments must be a mapping of argument names to values, "
            f"got {type(arguments).__name__}"
        )


def _params(arguments: Mapping[str, Any], options: Mapping[str, Any]) -> ToolExecuteParams:
    params: dict[str, Any] = {"arguments": dict(arguments)}
    params.update((key, value) for key, value in options.items() if value is not None)
    # options hold only ToolExecuteParams keys (see _options), but a TypedDict has no dynamic
    # keys, so the dict is passed through object for every checker to accept it.
    return cast(ToolExecuteParams, cast(object, params))


def _options(
    connected_account_id: str | None,
    custom_auth_params: Mapping[str, Any] | None,
    custom_connection_data: Mapping[str, Any] | None,
    user_id: str | None,
    text: str | None,
    version: str | None,
    dangerously_skip_version_check: bool | None,
) -> dict[str, Any]:
    """``execute``'s keyword options as the execute parameters they become."""
    return {
        "connected_account_id": connected_account_id,
        "custom_auth_params": dict(custom_auth_params) if custom_auth_params is not None else None,
        "custom_connection_data": dict(custom_connection_data) if custom_connection_data is not None else None,
        "user_id": user_id,
        "text": text,
        "version": version,
        "dangerously_skip_version_check": dangerously_skip_version_check,
    }


class _CustomToolDecorator:
    """``@tools.custom_tool`` and ``@tools.custom_tool(toolkit=..., slug=..., name=...)``."""

    def __init__(self, registry: CustomTools) -> None:
        self._registry = registry

    @overload
    def __call__(self, function: Callable[..., Any], /) -> CustomTool: ...
    @overload
    def __call__(
        self, /, *, toolkit: str | None = None, slug: str | None = None, name: str | None = None
    ) -> Callable[[Callable[..., Any]], CustomTool]: ...
    def __call__(
        self,
        function: Callable[..., Any] | None = None,
        /,
        *,
        toolkit: str | None = None,
        slug: str | None = None,
        name: str | None = None,
    ) -> CustomTool | Callable[[Callable[..., Any]], CustomTool]:
        def register(fn: Callable[..., Any]) -> CustomTool:
            return self._registry.register(fn, toolkit=toolkit, slug=slug, name=name)

        return register(function) if function is not None else register


class Tools(Generic[ToolT]):
    """``composio.tools``: list tools for an LLM, execute them, register custom tools."""

    def __init__(
        self, settings: _Settings, http: httpx.Client, direct: httpx.BaseTransport | None, provider: Provider[ToolT]
    ) -> None:
        self._settings = settings
        self._http = http
        self._direct = direct
        self._urls = _Urls(http)
        self._provider = provider
        self.custom_tool = _CustomToolDecorator(settings.customs)
        self.files = Files(
            settings.file_options,
            lambda body: self._request("POST", settings.upload_request(), idempotent=False, json=body),
        )

    def _request(self, method: str, path: str, *, idempotent: bool = True, **kwargs: Any) -> Any:
        attempts = Attempts(self._settings.retry, idempotent=idempotent, what=f"{method} {path}")
        while True:
            request = _built(self._http, self._urls, method, path, kwargs)
            try:
                response = send(self._http, self._direct, request, self._settings.limits)
            except httpx.TransportError as error:
                delay = attempts.after_error(error)
                if delay is None:
                    raise transport_error(request, error, self._settings.timeout) from error
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return self._settings.decode(response)
            time.sleep(delay)

    def _list(self, query: listing.Listing) -> list[Tool]:
        pages = listing.Pages(query)
        while pages.add(self._request("GET", "/tools", params=self._settings.page_query(query, pages.cursor))):
            pass
        return pages.found

    def _schema(self, slug: str) -> Tool:
        """``slug``'s tool object; concurrent callers share one fetch."""
        known = self._settings.known_schema(slug)
        if known is not None:
            return known
        with self._settings.fetching(slug):
            known = self._settings.known_schema(slug)
            if known is not None:
                return known
            path = f"/tools/{path_segment(slug)}"
            return self._settings.remember(slug, self._request("GET", path, params=self._settings.versions_query()))

    def get(
        self,
        user_id: str,
        *,
        slug: str | None = None,
        tools: Sequence[str] | None = None,
        search: str | None = None,
        toolkits: Sequence[str] | None = None,
        scopes: Sequence[str] | None = None,
        modifiers: _modifiers.Modifiers | None = None,
        limit: int | None = None,
    ) -> list[ToolT]:
        """Tools in the provider's format. Generated toolkits that are imported are served
        offline at their pinned versions; the rest comes from the API, every page.
        ``user_id`` is accepted for compatibility; these providers do not bind it."""
        selection = self._settings.selection(
            slug=slug, tools=tools, search=search, toolkits=toolkits, scopes=scopes, limit=limit
        )
        fetched = [tool for query in selection.listings for tool in self._list(query)]
        served = self._settings.served(selection.finish(fetched), modifiers)
        if isinstance(self._provider, AgenticProvider):
            return self._provider.wrap_tools(served, Execution.of_sync(self._bound(user_id, modifiers, served)))
        return self._provider.wrap_tools(served)

    def _bound(self, user_id: str, modifiers: _modifiers.Modifiers | None, tools: list[Tool]) -> Run:
        """``execute`` bound to ``user_id``, ``modifiers`` and each tool's served version; failures in-band."""
        versions = _served_versions(tools)

        def run(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            try:
                return self.execute(
                    slug,
                    arguments,
                    user_id=user_id,
                    modifiers=modifiers,
                    version=versions.get(slug),
                    dangerously_skip_version_check=True,
                )
            except Exception as error:  # a model's call never raises into the agent loop
                return inband.failed(slug, error, self._settings.secrets)

        return run

    def fetch(self, toolkit: str, version: str) -> list[Tool]:
        """Every tool of ``toolkit`` at ``version``, from the API only (never baked or custom),
        read through every page; what ``toolstubs fetch`` pins."""
        found = self._list(listing.pinned_listing(toolkit, version))
        return listing.check_pinned(found, toolkit, version)

    def execute(
        self,
        slug: str,
        arguments: Mapping[str, Any],
        *,
        connected_account_id: str | None = None,
        custom_auth_params: Mapping[str, Any] | None = None,
        custom_connection_data: Mapping[str, Any] | None = None,
        user_id: str | None = None,
        text: str | None = None,
        version: str | None = None,
        dangerously_skip_version_check: bool | None = None,
        modifiers: _modifiers.Modifiers | None = None,
    ) -> ToolExecutionResponse:
        """Execute ``slug`` with ``arguments``; tool failures come back with ``successful: False``."""
        _checked_arguments(slug, arguments)
        options = _options(
            connected_account_id,
            custom_auth_params,
            custom_connection_data,
            user_id,
            text,
            version,
            dangerously_skip_version_check,
        )
        tool = self._schema(slug)
        fields = self._settings.file_fields(tool) if self._settings.file_options.auto else None
        return self._execute_in(slug, tool.toolkit.slug, arguments, modifiers, options, fields, chosen=True)

    def _execute_in(
        self,
        slug: str,
        toolkit: str,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
        options: Mapping[str, Any],
        files: FileFields | None = None,
        *,
        chosen: bool = False,
    ) -> ToolExecutionResponse:
        """Uploads, ``before_execute``, the call, downloads, ``after_execute``: in that order.

        ``files``: where the tool's files are (``None``: leave file values as they are);
        ``chosen``: the paths come from a dynamic caller or a model (``file_upload_dirs`` applies).
        """
        custom = self._settings.customs.get(slug)
        values = dict(arguments)
        if files and files.uploads and custom is None:
            values = self.files.substitute(copy.deepcopy(values), files.uploads, slug, toolkit, modifiers, chosen)
        params = _modifiers.execute_params(modifiers, slug, toolkit, _params(values, options))
        if custom is not None:
            result = custom.run(params["arguments"])
            result["error"] = scrub(result["error"], self._settings.secrets)  # your code's message
        else:
            body = self._settings.execute_body(slug, toolkit, params)
            response = self._request("POST", f"/tools/execute/{path_segment(slug)}", idempotent=False, json=body)
            result = self._settings.execution_response(response, slug)
            if files and files.downloads and result["successful"]:
                result["data"] = self.files.fetch(result["data"], files.downloads, slug, toolkit)
        return _modifiers.execution_response(modifiers, slug, toolkit, result)


@dataclass(frozen=True)
class _AsyncHttp:
    """An async client and the transport its requests go to, for one event loop."""

    client: httpx.AsyncClient
    direct: httpx.AsyncBaseTransport | None


class AsyncTools(Generic[ToolT]):
    """``async_composio.tools``: the async twin of :class:`Tools`."""

    def __init__(
        self, settings: _Settings, connections: PerLoop[_AsyncHttp], urls: _Urls, provider: Provider[ToolT]
    ) -> None:
        self._settings = settings
        self._connections = connections
        self._urls = urls
        self._provider = provider
        self._pending: PerLoop[dict[str, asyncio.Future[Tool]]] = PerLoop(dict)  # single flight per slug
        self.custom_tool = _CustomToolDecorator(settings.customs)
        self.files = AsyncFiles(
            settings.file_options,
            lambda body: self._request("POST", settings.upload_request(), idempotent=False, json=body),
        )

    async def _request(self, method: str, path: str, *, idempotent: bool = True, **kwargs: Any) -> Any:
        attempts = Attempts(self._settings.retry, idempotent=idempotent, what=f"{method} {path}")
        http = self._connections.get()  # the running loop's own connections
        while True:
            request = _built(http.client, self._urls, method, path, kwargs)
            try:
                response = await asend(http.client, http.direct, request, self._settings.limits)
            except httpx.TransportError as error:
                delay = attempts.after_error(error)
                if delay is None:
                    raise transport_error(request, error, self._settings.timeout) from error
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return self._settings.decode(response)
            import asyncio  # here, not at the top: a sync application never pays for importing it

            await asyncio.sleep(delay)

    async def _list(self, query: listing.Listing) -> list[Tool]:
        pages = listing.Pages(query)
        while pages.add(await self._request("GET", "/tools", params=self._settings.page_query(query, pages.cursor))):
            pass
        return pages.found

    async def _schema(self, slug: str) -> Tool:
        """``slug``'s tool object; concurrent callers share one fetch."""
        import asyncio  # here, not at the top: a sync application never pays for importing it

        known = self._settings.known_schema(slug)
        if known is not None:
            return known
        fetching = self._pending.get()
        pending = fetching.get(slug)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch_schema(slug))
            fetching[slug] = pending
            pending.add_done_callback(lambda _: fetching.pop(slug, None))
        return await asyncio.shield(pending)

    async def _fetch_schema(self, slug: str) -> Tool:
        path = f"/tools/{path_segment(slug)}"
        return self._settings.remember(slug, await self._request("GET", path, params=self._settings.versions_query()))

    async def get(
        self,
        user_id: str,
        *,
        slug: str | None = None,
        tools: Sequence[str] | None = None,
        search: str | None = None,
        toolkits: Sequence[str] | None = None,
        scopes: Sequence[str] | None = None,
        modifiers: _modifiers.Modifiers | None = None,
        limit: int | None = None,
    ) -> list[ToolT]:
        """Tools in the provider's format; see :meth:`Tools.get`."""
        selection = self._settings.selection(
            slug=slug, tools=tools, search=search, toolkits=toolkits, scopes=scopes, limit=limit
        )
        fetched = [tool for query in selection.listings for tool in await self._list(query)]
        served = self._settings.served(selection.finish(fetched), modifiers)
        if isinstance(self._provider, AgenticProvider):
            return self._provider.wrap_tools(served, Execution(None, self._bound(user_id, modifiers, served)))
        return self._provider.wrap_tools(served)

    def _bound(self, user_id: str, modifiers: _modifiers.Modifiers | None, tools: list[Tool]) -> AsyncRun:
        """The async twin of :meth:`Tools._bound`."""
        versions = _served_versions(tools)

        async def run(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            try:
                return await self.execute(
                    slug,
                    arguments,
                    user_id=user_id,
                    modifiers=modifiers,
                    version=versions.get(slug),
                    dangerously_skip_version_check=True,
                )
            except Exception as error:  # a model's call never raises into the agent loop
                return inband.failed(slug, error, self._settings.secrets)

        return run

    async def fetch(self, toolkit: str, version: str) -> list[Tool]:
        """Every tool of ``toolkit`` at ``version``; see :meth:`Tools.fetch`."""
        found = await self._list(listing.pinned_listing(toolkit, version))
        return listing.check_pinned(found, toolkit, version)

    async def execute(
        self,
        slug: str,
        arguments: Mapping[str, Any],
        *,
        connected_account_id: str | None = None,
        custom_auth_params: Mapping[str, Any] | None = None,
        custom_connection_data: Mapping[str, Any] | None = None,
        user_id: str | None = None,
        text: str | None = None,
        version: str | None = None,
        dangerously_skip_version_check: bool | None = None,
        modifiers: _modifiers.Modifiers | None = None,
    ) -> ToolExecutionResponse:
        """Execute ``slug`` with ``arguments``; tool failures come back with ``successful: False``."""
        _checked_arguments(slug, arguments)
        options = _options(
            connected_account_id,
            custom_auth_params,
            custom_connection_data,
            user_id,
            text,
            version,
            dangerously_skip_version_check,
        )
        tool = await self._schema(slug)
        fields = self._settings.file_fields(tool) if self._settings.file_options.auto else None
        return await self._execute_in(slug, tool.toolkit.slug, arguments, modifiers, options, fields, chosen=True)

    async def _execute_in(
        self,
        slug: str,
        toolkit: str,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
        options: Mapping[str, Any],
        files: FileFields | None = None,
        *,
        chosen: bool = False,
    ) -> ToolExecutionResponse:
        """The async twin of :meth:`Tools._execute_in`."""
        custom = self._settings.customs.get(slug)
        values = dict(arguments)
        if files and files.uploads and custom is None:
            values = await self.files.substitute(copy.deepcopy(values), files.uploads, slug, toolkit, modifiers, chosen)
        params = _modifiers.execute_params(modifiers, slug, toolkit, _params(values, options))
        if custom is not None:
            result = await custom.arun(params["arguments"])
            result["error"] = scrub(result["error"], self._settings.secrets)  # your code's message
        else:
            body = self._settings.execute_body(slug, toolkit, params)
            response = await self._request("POST", f"/tools/execute/{path_segment(slug)}", idempotent=False, json=body)
            result = self._settings.execution_response(response, slug)
            if files and files.downloads and result["successful"]:
                result["data"] = await self.files.fetch(result["data"], files.downloads, slug, toolkit)
        return _modifiers.execution_response(modifiers, slug, toolkit, result)


class Toolkits:
    """``composio.toolkits``: toolkit metadata, including the versions a toolkit has."""

    def __init__(self, tools: Tools[Any]) -> None:
        self._tools = tools

    def get(self, slug: str, *, version: str | None = None) -> dict[str, Any]:
        """The toolkit object; ``meta.version`` is the version asked (default: the latest)
        and ``meta.available_versions`` lists them all."""
        params = {"version": version} if version else {}
        return listing.toolkit_object(
            self._tools._request("GET", f"/toolkits/{path_segment(slug, 'toolkit slug')}", params=params), slug
        )


class AsyncToolkits:
    """``async_composio.toolkits``: the async twin of :class:`Toolkits`."""

    def __init__(self, tools: AsyncTools[Any]) -> None:
        self._tools = tools

    async def get(self, slug: str, *, version: str | None = None) -> dict[str, Any]:
        """The toolkit object; see :meth:`Toolkits.get`."""
        params = {"version": version} if version else {}
        return listing.toolkit_object(
            await self._tools._request("GET", f"/toolkits/{path_segment(slug, 'toolkit slug')}", params=params), slug
        )


def _served_versions(tools: list[Tool]) -> dict[str, str]:
    """Each served tool's concrete version (a generated toolkit's is its pin)."""
    return {tool.slug: tool.version for tool in tools if tool.version and tool.version != "latest"}


def _default_provider(provider: Provider[ToolT] | None) -> Provider[ToolT]:
    return provider if provider is not None else cast("Provider[ToolT]", OpenAIProvider())


class Composio(Generic[ToolT]):
    """The synchronous client: ``Composio(api_key=None, base_url=None, provider=None, ...)``.

    ``provider`` decides the format of ``tools.get`` (default: OpenAI Chat Completions).
    ``timeout`` is in seconds (or an ``httpx.Timeout``); ``max_retries`` applies to
    idempotent requests only.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        provider: Provider[ToolT] | None = None,
        toolkit_versions: versions.ToolkitVersions = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        api_prefix: str = DEFAULT_API_PREFIX,
        transport: httpx.BaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        file_download_dir: str | os.PathLike[str] | None = None,
        dangerously_allow_auto_upload_download_files: bool = False,
        sensitive_file_upload_protection: bool = True,
        file_upload_path_deny_segments: Sequence[str] | None = None,
        file_upload_dirs: Sequence[str | os.PathLike[str]] | Literal[False] | None = None,
    ) -> None:
        self.provider: Provider[ToolT] = _default_provider(provider)
        self._settings = _Settings(
            api_key,
            base_url,
            api_prefix,
            toolkit_versions,
            timeout,
            max_retries,
            self.provider.name,
            max_response_bytes,
            max_retry_after,
            files=(
                file_download_dir,
                dangerously_allow_auto_upload_download_files,
                sensitive_file_upload_protection,
                file_upload_path_deny_segments,
                file_upload_dirs,
            ),
        )
        direct = direct_transport(transport)
        self._http = httpx.Client(transport=direct, **self._settings.client_options())
        self.tools: Tools[ToolT] = Tools(self._settings, self._http, direct, self.provider)
        self.files: Files = self.tools.files
        self.toolkits = Toolkits(self.tools)
        self.provider.bind(self._provider_execute, None)

    def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        """One tool call a model made: unknown tools and failures come back in-band."""
        refused = self._settings.refusal(slug)
        if refused is not None:
            return refused
        try:
            return self.tools.execute(
                slug, arguments, user_id=user_id, modifiers=modifiers, dangerously_skip_version_check=True
            )
        except Exception as error:  # a model's call never raises into the agent loop
            return inband.failed(slug, error, self._settings.secrets)

    def close(self) -> None:
        """Close the connection pools."""
        self._http.close()
        self.files.close()

    def __enter__(self) -> Composio[ToolT]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @override
    def __repr__(self) -> str:
        return f"Composio({self._settings!r})"


class AsyncComposio(Generic[ToolT]):
    """The asynchronous client, with the same surface as :class:`Composio`."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        provider: Provider[ToolT] | None = None,
        toolkit_versions: versions.ToolkitVersions = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        api_prefix: str = DEFAULT_API_PREFIX,
        transport: httpx.AsyncBaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        file_download_dir: str | os.PathLike[str] | None = None,
        dangerously_allow_auto_upload_download_files: bool = False,
        sensitive_file_upload_protection: bool = True,
        file_upload_path_deny_segments: Sequence[str] | None = None,
        file_upload_dirs: Sequence[str | os.PathLike[str]] | Literal[False] | None = None,
    ) -> None:
        self.provider: Provider[ToolT] = _default_provider(provider)
        self._settings = _Settings(
            api_key,
            base_url,
            api_prefix,
            toolkit_versions,
            timeout,
            max_retries,
            self.provider.name,
            max_response_bytes,
            max_retry_after,
            files=(
                file_download_dir,
                dangerously_allow_auto_upload_download_files,
                sensitive_file_upload_protection,
                file_upload_path_deny_segments,
                file_upload_dirs,
            ),
        )
        options = self._settings.client_options()

        def connections() -> _AsyncHttp:
            if isinstance(transport, httpx.AsyncHTTPTransport) and self._connections is not None:
                # A transport given to the client holds one connection pool, which belongs to
                # the loop that used it first; another loop would lose its answers.
                raise APIConnectionError(
                    "this AsyncComposio's transport= (an httpx.AsyncHTTPTransport) belongs to the event loop "
                    "that used it first; nothing was sent: make one client per event loop, or leave transport= "
                    "out and the client keeps one per loop itself"
                )
            direct = direct_async_transport(transport)
            return _AsyncHttp(httpx.AsyncClient(transport=direct, **options), direct)

        self._connections: PerLoop[_AsyncHttp] | None = None
        first = connections()
        self._connections = loops = PerLoop(connections, first=first)
        self.tools: AsyncTools[ToolT] = AsyncTools(self._settings, loops, _Urls(first.client), self.provider)
        self.files: AsyncFiles = self.tools.files
        self.toolkits = AsyncToolkits(self.tools)
        self.provider.bind(None, self._provider_execute)

    async def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        """One tool call a model made: unknown tools and failures come back in-band."""
        refused = self._settings.refusal(slug)
        if refused is not None:
            return refused
        try:
            return await self.tools.execute(
                slug, arguments, user_id=user_id, modifiers=modifiers, dangerously_skip_version_check=True
            )
        except Exception as error:  # a model's call never raises into the agent loop
            return inband.failed(slug, error, self._settings.secrets)

    async def aclose(self) -> None:
        """Close this event loop's connection pools; the client makes no more. (Another loop's
        pools can only be closed from that loop; a closed loop's are dropped.)"""
        assert self._connections is not None
        self._connections.close()
        http = self._connections.running()
        if http is not None:
            await http.client.aclose()
        await self.files.aclose()

    async def __aenter__(self) -> AsyncComposio[ToolT]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @override
    def __repr__(self) -> str:
        return f"AsyncComposio({self._settings!r})"
