"""``Composio`` and ``AsyncComposio``: the client, its HTTP plumbing and ``tools.execute``.

One httpx connection pool per client; close it with ``close()`` / ``aclose()`` or use the
client as a context manager. Tests inject an httpx transport (``transport=``).

``tools.execute`` is never retried once the request may have reached the server: a tool
call is a write (an email sent twice is worse than an error).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

from runtime import modifiers as _modifiers
from runtime import versions
from runtime.errors import (
    APIConnectionError,
    APIError,
    ApiKeyNotProvidedError,
    APITimeoutError,
    error_for_status,
)
from runtime.types import ToolExecuteParams, ToolExecutionResponse

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


class _Settings:
    """What both clients share: credentials, endpoints, versions, and request/response rules."""

    def __init__(
        self,
        api_key: str | None,
        base_url: str | None,
        api_prefix: str,
        toolkit_versions: versions.ToolkitVersions,
        timeout: float | httpx.Timeout,
    ) -> None:
        key = api_key or os.environ.get("COMPOSIO_API_KEY")
        if not key:
            raise ApiKeyNotProvidedError("No API key: pass api_key= or set COMPOSIO_API_KEY")
        self._api_key = key
        self.base_url = (base_url or os.environ.get("COMPOSIO_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.api_prefix = "/" + api_prefix.strip("/") if api_prefix.strip("/") else ""
        self.toolkit_versions = versions.configured_versions(toolkit_versions)
        self.timeout = timeout
        self.schemas: dict[str, dict[str, Any]] = {}  # slug -> tool object, resolved once

    def client_options(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url + self.api_prefix,
            "headers": {"x-api-key": self._api_key, "x-source": "PYTHON_SDK", "user-agent": USER_AGENT},
            "timeout": self.timeout,
        }

    def versions_query(self) -> dict[str, str]:
        configured = self.toolkit_versions
        if isinstance(configured, str):
            return {"toolkit_versions": configured}
        return {f"toolkit_versions[{toolkit}]": version for toolkit, version in sorted(configured.items())}

    def decode(self, response: httpx.Response) -> Any:
        try:
            body = response.json() if response.content else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
            if response.is_success:
                raise APIError(
                    f"malformed response body for {response.request.method} {response.request.url.path}",
                    status=response.status_code,
                ) from None
        if not response.is_success:
            raise error_for_status(response.status_code, body)
        return body

    def execution_response(self, body: Any, slug: str) -> ToolExecutionResponse:
        if not isinstance(body, dict) or "successful" not in body:
            raise APIError(f"the execute response for {slug} is not a {{data, error, successful}} object")
        return {"data": body.get("data"), "error": body.get("error"), "successful": bool(body["successful"])}

    def prepare(
        self, slug: str, toolkit: str, params: ToolExecuteParams, modifiers: _modifiers.Modifiers | None
    ) -> dict[str, Any]:
        params = _modifiers.apply(modifiers, "before_execute", slug, toolkit, params)
        version = versions.resolve(params.get("version"), toolkit, self.toolkit_versions)
        versions.guard(version, slug, toolkit, params.get("dangerously_skip_version_check"))
        body = {key: params.get(key) for key in _EXECUTE_BODY_KEYS if params.get(key) is not None}
        body["version"] = version
        body.setdefault("arguments", {})
        return body

    def __repr__(self) -> str:
        return f"base_url={self.base_url!r}, api_prefix={self.api_prefix!r}"


@contextmanager
def _transport_errors(method: str, path: str) -> Iterator[None]:
    """httpx's transport failures as the runtime's typed errors."""
    try:
        yield
    except httpx.TimeoutException as error:
        raise APITimeoutError(f"{method} {path} timed out") from error
    except httpx.TransportError as error:
        raise APIConnectionError(f"{method} {path} failed: {type(error).__name__}") from error


def _params(
    arguments: Mapping[str, Any],
    options: Mapping[str, Any],
) -> ToolExecuteParams:
    params: ToolExecuteParams = {"arguments": dict(arguments)}
    for key, value in options.items():
        if value is not None:
            params[key] = value  # type: ignore[literal-required]
    return params


def _toolkit_of(tool: Mapping[str, Any], slug: str) -> str:
    toolkit = tool.get("toolkit")
    if isinstance(toolkit, Mapping) and isinstance(toolkit.get("slug"), str):
        return str(toolkit["slug"])
    raise APIError(f"the schema of {slug} names no toolkit")


class Tools:
    """``composio.tools``: execute tools (and, in time, list them)."""

    def __init__(self, settings: _Settings, http: httpx.Client) -> None:
        self._settings = settings
        self._http = http

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        with _transport_errors(method, path):
            response = self._http.request(method, path, **kwargs)
        return self._settings.decode(response)

    def _schema(self, slug: str) -> dict[str, Any]:
        if slug not in self._settings.schemas:
            tool = self._request("GET", f"/tools/{slug}", params=self._settings.versions_query())
            if not isinstance(tool, dict):
                raise APIError(f"the schema of {slug} is not a JSON object")
            self._settings.schemas[slug] = tool
        return self._settings.schemas[slug]

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
        toolkit = _toolkit_of(self._schema(slug), slug)
        options = _options(
            connected_account_id,
            custom_auth_params,
            custom_connection_data,
            user_id,
            text,
            version,
            dangerously_skip_version_check,
        )
        return self._execute_in(slug, toolkit, arguments, modifiers, options)

    def _execute_in(
        self,
        slug: str,
        toolkit: str,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
        options: Mapping[str, Any],
    ) -> ToolExecutionResponse:
        params = _params(arguments, options)
        body = self._settings.prepare(slug, toolkit, params, modifiers)
        result = self._settings.execution_response(self._request("POST", f"/tools/execute/{slug}", json=body), slug)
        return _modifiers.apply(modifiers, "after_execute", slug, toolkit, result)


class AsyncTools:
    """``async_composio.tools``: the async twin of :class:`Tools`."""

    def __init__(self, settings: _Settings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        with _transport_errors(method, path):
            response = await self._http.request(method, path, **kwargs)
        return self._settings.decode(response)

    async def _schema(self, slug: str) -> dict[str, Any]:
        if slug not in self._settings.schemas:
            tool = await self._request("GET", f"/tools/{slug}", params=self._settings.versions_query())
            if not isinstance(tool, dict):
                raise APIError(f"the schema of {slug} is not a JSON object")
            self._settings.schemas[slug] = tool
        return self._settings.schemas[slug]

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
        toolkit = _toolkit_of(await self._schema(slug), slug)
        options = _options(
            connected_account_id,
            custom_auth_params,
            custom_connection_data,
            user_id,
            text,
            version,
            dangerously_skip_version_check,
        )
        return await self._execute_in(slug, toolkit, arguments, modifiers, options)

    async def _execute_in(
        self,
        slug: str,
        toolkit: str,
        arguments: Mapping[str, Any],
        modifiers: _modifiers.Modifiers | None,
        options: Mapping[str, Any],
    ) -> ToolExecutionResponse:
        params = _params(arguments, options)
        body = self._settings.prepare(slug, toolkit, params, modifiers)
        response = await self._request("POST", f"/tools/execute/{slug}", json=body)
        result = self._settings.execution_response(response, slug)
        return _modifiers.apply(modifiers, "after_execute", slug, toolkit, result)


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


class Composio:
    """The synchronous client: ``Composio(api_key=None, base_url=None, ...)``."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        api_prefix: str = DEFAULT_API_PREFIX,
        toolkit_versions: versions.ToolkitVersions = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._settings = _Settings(api_key, base_url, api_prefix, toolkit_versions, timeout)
        self._http = httpx.Client(transport=transport, **self._settings.client_options())
        self.tools = Tools(self._settings, self._http)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Composio:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Composio({self._settings!r})"


class AsyncComposio:
    """The asynchronous client, with the same surface as :class:`Composio`."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        api_prefix: str = DEFAULT_API_PREFIX,
        toolkit_versions: versions.ToolkitVersions = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = _Settings(api_key, base_url, api_prefix, toolkit_versions, timeout)
        self._http = httpx.AsyncClient(transport=transport, **self._settings.client_options())
        self.tools = AsyncTools(self._settings, self._http)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncComposio:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncComposio({self._settings!r})"
