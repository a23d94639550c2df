"""A client's HTTP: its settings, its requests and the retry loop, shared by its parts.

:class:`Settings` holds what a ``Composio`` was made with (credentials, endpoints, versions,
limits, file options) and what it learnt (tool schemas, served tools). :class:`Http` and
:class:`AsyncHttp` send one API request through the client's transport, retried as
:mod:`runtime.retries` allows, and decode the answer; ``tools``, ``toolkits`` and ``files``
each hold the same one. The async one keeps its connections per event loop
(:mod:`runtime.loops`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
from typing_extensions import override

import runtime.baked as baked
import runtime.inband as inband
import runtime.listing as listing
import runtime.modifiers as _modifiers
import runtime.versions as versions
import runtime.wirejson as wirejson
from runtime.custom import CustomTools
from runtime.deprecations import Deprecations
from runtime.errors import (
    APIError,
    ApiKeyNotProvidedError,
    error_for_status,
    scrub,
    shown_url,
)
from runtime.files.fields import FileFields, fields_of
from runtime.files.service import UPLOAD_REQUEST_PATH, FileOptions
from runtime.headers import header_value
from runtime.jsonvalues import is_dict
from runtime.loops import PerLoop
from runtime.retries import Attempts, RetryPolicy, retry_after
from runtime.tool import Tool
from runtime.transport import Limits, Reply, asend, send, transport_error
from runtime.types import ToolExecuteParams, ToolExecutionResponse

if TYPE_CHECKING:
    pass

DEFAULT_BASE_URL = "https://backend.composio.dev"
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


class Settings:
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
        max_response_bytes: int,
        max_retry_after: float,
        files: FileOptions,
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
        host = httpx.URL(self.base_url).host  # when the API itself is local (the sandbox), storage may be too
        self.file_options = dataclasses.replace(files, api_host=host)
        self._file_fields: dict[str, FileFields] = {}
        self.deprecations = Deprecations()  # what the API's responses said was deprecated

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
        return None if self.customs.get(slug) is not None else self.offered.refusal(slug)

    def decode(self, response: Reply) -> Any:
        self.deprecations.observe(response.headers)
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


class Urls:
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


def built(
    http: httpx.Client | httpx.AsyncClient, urls: Urls, method: str, path: str, options: Mapping[str, Any]
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


class Http:
    """One client's synchronous HTTP: ``request`` sends, retries and decodes."""

    def __init__(self, settings: Settings, client: httpx.Client, direct: httpx.BaseTransport | None) -> None:
        self.settings = settings
        self.client = client
        self._direct = direct
        self._urls = Urls(client)

    def request(self, method: str, path: str, *, idempotent: bool = True, **kwargs: Any) -> Any:
        """The decoded answer of ``method path`` (``kwargs``: httpx's request options)."""
        settings = self.settings
        attempts = Attempts(settings.retry, idempotent=idempotent, what=f"{method} {path}")
        while True:
            request = built(self.client, self._urls, method, path, kwargs)
            try:
                response = send(self.client, self._direct, request, settings.limits)
            except httpx.TransportError as error:
                delay = attempts.after_error(error)
                if delay is None:
                    raise transport_error(request, error, settings.timeout) from error
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return settings.decode(response)
            time.sleep(delay)

    def close(self) -> None:
        self.client.close()


@dataclass(frozen=True)
class LoopHttp:
    """An async client and the transport its requests go to, for one event loop."""

    client: httpx.AsyncClient
    direct: httpx.AsyncBaseTransport | None


class AsyncHttp:
    """One client's asynchronous HTTP, with connections per event loop (:mod:`runtime.loops`)."""

    def __init__(self, settings: Settings, connections: PerLoop[LoopHttp], urls: Urls) -> None:
        self.settings = settings
        self._connections = connections
        self._urls = urls

    async def request(self, method: str, path: str, *, idempotent: bool = True, **kwargs: Any) -> Any:
        """The async twin of :meth:`Http.request`, on the running loop's own connections."""
        settings = self.settings
        attempts = Attempts(settings.retry, idempotent=idempotent, what=f"{method} {path}")
        http = self._connections.get()
        while True:
            request = built(http.client, self._urls, method, path, kwargs)
            try:
                response = await asend(http.client, http.direct, request, settings.limits)
            except httpx.TransportError as error:
                delay = attempts.after_error(error)
                if delay is None:
                    raise transport_error(request, error, settings.timeout) from error
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return settings.decode(response)
            import asyncio  # here, not at the top: a sync application never pays for importing it

            await asyncio.sleep(delay)

    async def aclose(self) -> None:
        """Close this event loop's connections; no more are made."""
        self._connections.close()
        http = self._connections.running()
        if http is not None:
            await http.client.aclose()
