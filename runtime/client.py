"""``Composio`` and ``AsyncComposio``: the clients, their HTTP plumbing, ``tools.get`` and
``tools.execute``.

One httpx connection pool per client; close it with ``close()`` / ``aclose()`` or use the
client as a context manager. Tests inject an httpx transport (``transport=``).

Idempotent requests are retried (see :mod:`runtime.retries`); ``tools.execute`` is never
sent twice once the request may have reached the server.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, cast, overload

import httpx
from typing_extensions import TypeVar, override

import runtime.listing as listing
import runtime.modifiers as _modifiers
import runtime.serving as serving
import runtime.versions as versions
from runtime.custom import CustomTool, CustomTools
from runtime.deprecations import ToolkitDeprecation
from runtime.errors import (
    DEFAULT_MAX_RESPONSE_BYTES,
    APIConnectionError,
    InvalidParamsError,
    path_segment,
    scrub,
)
from runtime.files.fields import FileFields
from runtime.files.service import AsyncFiles, FileOptions, Files
from runtime.http import AsyncHttp, Http, LoopHttp, Settings, Urls
from runtime.loops import PerLoop
from runtime.providers.agentic import AsyncRun, Run
from runtime.providers.base import Provider
from runtime.providers.openai import OpenAIProvider
from runtime.retries import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER
from runtime.tool import Tool
from runtime.transport import (
    direct_async_transport,
    direct_transport,
)
from runtime.types import ToolExecuteParams, ToolExecutionResponse

if TYPE_CHECKING:
    import asyncio

    from runtime.providers.formats import ChatCompletionFunctionToolParam

ToolT = TypeVar("ToolT", default="ChatCompletionFunctionToolParam")

DEFAULT_API_PREFIX = "/api/v3.1"
DEFAULT_TIMEOUT = 60.0


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

    def __init__(self, http: Http, provider: Provider[ToolT]) -> None:
        self._settings = settings = http.settings
        self._http = http
        self._provider = provider
        self.custom_tool = _CustomToolDecorator(settings.customs)
        self.files = Files(
            settings.file_options,
            lambda body: http.request("POST", settings.upload_request(), idempotent=False, json=body),
        )

    def _list(self, query: listing.Listing) -> list[Tool]:
        pages = listing.Pages(query)
        while pages.add(self._http.request("GET", "/tools", params=self._settings.page_query(query, pages.cursor))):
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
            return self._settings.remember(
                slug, self._http.request("GET", path, params=self._settings.versions_query())
            )

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
        return serving.handed_out(self._provider, served, self._bound(user_id, modifiers, served), None)

    def _bound(self, user_id: str, modifiers: _modifiers.Modifiers | None, tools: list[Tool]) -> Run:
        """``execute`` bound to ``user_id``, ``modifiers`` and each tool's served version; failures in-band."""
        versions = _served_versions(tools)

        def run(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            return self.execute(
                slug,
                arguments,
                user_id=user_id,
                modifiers=modifiers,
                version=versions.get(slug),
                dangerously_skip_version_check=True,
            )

        return serving.guarded(run, self._settings.secrets)

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
        return self.execute_for_toolkit(slug, tool.toolkit.slug, arguments, modifiers, options, fields, chosen=True)

    def execute_for_toolkit(
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
        """The call a generated toolkit makes (applications call :meth:`execute`): uploads,
        ``before_execute``, the call, downloads, ``after_execute``, in that order.

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
            response = self._http.request("POST", f"/tools/execute/{path_segment(slug)}", idempotent=False, json=body)
            result = self._settings.execution_response(response, slug)
            if files and files.downloads and result["successful"]:
                result["data"] = self.files.fetch(result["data"], files.downloads, slug, toolkit)
        return _modifiers.execution_response(modifiers, slug, toolkit, result)


class AsyncTools(Generic[ToolT]):
    """``async_composio.tools``: the async twin of :class:`Tools`."""

    def __init__(self, http: AsyncHttp, provider: Provider[ToolT]) -> None:
        self._settings = settings = http.settings
        self._http = http
        self._provider = provider
        self._pending: PerLoop[dict[str, asyncio.Future[Tool]]] = PerLoop(dict)  # single flight per slug
        self.custom_tool = _CustomToolDecorator(settings.customs)
        self.files = AsyncFiles(
            settings.file_options,
            lambda body: http.request("POST", settings.upload_request(), idempotent=False, json=body),
        )

    async def _list(self, query: listing.Listing) -> list[Tool]:
        pages = listing.Pages(query)
        while pages.add(
            await self._http.request("GET", "/tools", params=self._settings.page_query(query, pages.cursor))
        ):
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
        return self._settings.remember(
            slug, await self._http.request("GET", path, params=self._settings.versions_query())
        )

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
        return serving.handed_out(self._provider, served, None, self._bound(user_id, modifiers, served))

    def _bound(self, user_id: str, modifiers: _modifiers.Modifiers | None, tools: list[Tool]) -> AsyncRun:
        """The async twin of :meth:`Tools._bound`."""
        versions = _served_versions(tools)

        async def run(slug: str, arguments: dict[str, Any]) -> ToolExecutionResponse:
            return await self.execute(
                slug,
                arguments,
                user_id=user_id,
                modifiers=modifiers,
                version=versions.get(slug),
                dangerously_skip_version_check=True,
            )

        return serving.aguarded(run, self._settings.secrets)

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
        return await self.execute_for_toolkit(
            slug, tool.toolkit.slug, arguments, modifiers, options, fields, chosen=True
        )

    async def execute_for_toolkit(
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
        """The async twin of :meth:`Tools.execute_for_toolkit`."""
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
            response = await self._http.request(
                "POST", f"/tools/execute/{path_segment(slug)}", idempotent=False, json=body
            )
            result = self._settings.execution_response(response, slug)
            if files and files.downloads and result["successful"]:
                result["data"] = await self.files.fetch(result["data"], files.downloads, slug, toolkit)
        return _modifiers.execution_response(modifiers, slug, toolkit, result)


class Toolkits:
    """``composio.toolkits``: toolkit metadata, including the versions a toolkit has."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def get(self, slug: str, *, version: str | None = None) -> dict[str, Any]:
        """The toolkit object; ``meta.version`` is the version asked (default: the latest)
        and ``meta.available_versions`` lists them all."""
        params = {"version": version} if version else {}
        return listing.toolkit_object(
            self._http.request("GET", f"/toolkits/{path_segment(slug, 'toolkit slug')}", params=params), slug
        )


class AsyncToolkits:
    """``async_composio.toolkits``: the async twin of :class:`Toolkits`."""

    def __init__(self, http: AsyncHttp) -> None:
        self._http = http

    async def get(self, slug: str, *, version: str | None = None) -> dict[str, Any]:
        """The toolkit object; see :meth:`Toolkits.get`."""
        params = {"version": version} if version else {}
        return listing.toolkit_object(
            await self._http.request("GET", f"/toolkits/{path_segment(slug, 'toolkit slug')}", params=params), slug
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
        self._settings = Settings(
            api_key,
            base_url,
            api_prefix,
            toolkit_versions,
            timeout,
            max_retries,
            self.provider.name,
            max_response_bytes,
            max_retry_after,
            files=FileOptions.of(
                file_download_dir=file_download_dir,
                dangerously_allow_auto_upload_download_files=dangerously_allow_auto_upload_download_files,
                sensitive_file_upload_protection=sensitive_file_upload_protection,
                file_upload_path_deny_segments=file_upload_path_deny_segments,
                file_upload_dirs=file_upload_dirs,
            ),
        )
        direct = direct_transport(transport)
        self._http = Http(self._settings, httpx.Client(transport=direct, **self._settings.client_options()), direct)
        self.tools: Tools[ToolT] = Tools(self._http, self.provider)
        self.files: Files = self.tools.files
        self.toolkits = Toolkits(self._http)
        self.provider.bind(self._provider_execute, None)

    def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        """One tool call a model made: unknown tools and failures come back in-band."""

        def call() -> ToolExecutionResponse:
            skip = True  # the model chose among the served tools, as in the official SDK
            return self.tools.execute(
                slug, arguments, user_id=user_id, modifiers=modifiers, dangerously_skip_version_check=skip
            )

        return serving.answer(self._settings.refusal(slug), slug, call, self._settings.secrets)

    @property
    def deprecations(self) -> tuple[ToolkitDeprecation, ...]:
        """The deprecated toolkit versions the API named in this client's responses, in the
        order seen (each is also warned about once per process: :mod:`runtime.deprecations`)."""
        return self._settings.deprecations.seen()

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
        self._settings = Settings(
            api_key,
            base_url,
            api_prefix,
            toolkit_versions,
            timeout,
            max_retries,
            self.provider.name,
            max_response_bytes,
            max_retry_after,
            files=FileOptions.of(
                file_download_dir=file_download_dir,
                dangerously_allow_auto_upload_download_files=dangerously_allow_auto_upload_download_files,
                sensitive_file_upload_protection=sensitive_file_upload_protection,
                file_upload_path_deny_segments=file_upload_path_deny_segments,
                file_upload_dirs=file_upload_dirs,
            ),
        )
        options = self._settings.client_options()

        def connections() -> LoopHttp:
            if isinstance(transport, httpx.AsyncHTTPTransport) and self._connections is not None:
                # A transport given to the client holds one connection pool, which belongs to
                # the loop that used it first; another loop would lose its answers.
                raise APIConnectionError(
                    "this AsyncComposio's transport= (an httpx.AsyncHTTPTransport) belongs to the event loop "
                    "that used it first; nothing was sent: make one client per event loop, or leave transport= "
                    "out and the client keeps one per loop itself"
                )
            direct = direct_async_transport(transport)
            return LoopHttp(httpx.AsyncClient(transport=direct, **options), direct)

        self._connections: PerLoop[LoopHttp] | None = None
        first = connections()
        self._connections = loops = PerLoop(connections, first=first)
        self._http = AsyncHttp(self._settings, loops, Urls(first.client))
        self.tools: AsyncTools[ToolT] = AsyncTools(self._http, self.provider)
        self.files: AsyncFiles = self.tools.files
        self.toolkits = AsyncToolkits(self._http)
        self.provider.bind(None, self._provider_execute)

    async def _provider_execute(
        self, slug: str, arguments: dict[str, Any], user_id: str | None, modifiers: _modifiers.Modifiers | None
    ) -> ToolExecutionResponse:
        """One tool call a model made: unknown tools and failures come back in-band."""

        async def call() -> ToolExecutionResponse:
            skip = True  # the model chose among the served tools, as in the official SDK
            return await self.tools.execute(
                slug, arguments, user_id=user_id, modifiers=modifiers, dangerously_skip_version_check=skip
            )

        return await serving.aanswer(self._settings.refusal(slug), slug, call, self._settings.secrets)

    @property
    def deprecations(self) -> tuple[ToolkitDeprecation, ...]:
        """The deprecated toolkit versions the API named in this client's responses, in the
        order seen (each is also warned about once per process: :mod:`runtime.deprecations`)."""
        return self._settings.deprecations.seen()

    async def aclose(self) -> None:
        """Close this event loop's connection pools; the client makes no more. (Another loop's
        pools can only be closed from that loop; a closed loop's are dropped.)"""
        await self._http.aclose()
        await self.files.aclose()

    async def __aenter__(self) -> AsyncComposio[ToolT]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @override
    def __repr__(self) -> str:
        return f"AsyncComposio({self._settings!r})"
