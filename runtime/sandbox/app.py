"""``Sandbox``: an ASGI app that speaks the Composio tools API over a catalog.

Routes (under ``/api/v3`` or ``/api/v3.1``): ``GET /tools`` (toolkit_slug, tool_slugs,
search / query, tags, scopes, important, include_deprecated, limit, cursor,
toolkit_versions as a string or ``toolkit_versions[slug]=...``), ``GET /tools/enum``,
``GET /tools/{slug}`` (version, toolkit_versions), ``POST /tools/execute/{slug}``,
``GET /toolkits``, ``GET /toolkits/{slug}`` (version) and ``GET /toolkits/changelog``. A toolkit
version retired with :meth:`Sandbox.deprecate` is announced as the API does
(:mod:`runtime.sandbox.lifecycle`). Requests without ``x-api-key`` get
401. Unknown tools, versions and toolkits get 404 in the API's error envelope; arguments
that do not fit the input schema are answered in-band (HTTP 200, ``successful: false``,
``Invalid request data provided`` and one line per problem), as tool failures are.

Execute answers come from a handler registered with ``@sandbox.handler(slug)`` or are
synthesized from the output schema. Every request is recorded in ``sandbox.requests``
(headers without the API key), the newest ``max_recorded`` of them and at most
``max_recorded_bytes`` of bodies; ``sandbox.faults`` injects failures (see ``faults``).

Under abuse it answers like an API: a body over ``max_body_bytes`` gets 413, a body that
does not arrive within ``body_timeout`` seconds gets 408, and any request it cannot make
sense of gets 400; every answer is the JSON error envelope, never a text page.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

import httpx

import runtime.sandbox.synth as synth
import runtime.sandbox.validation as validation
from runtime.files.fields import fields_of
from runtime.files.walk import leaves
from runtime.jsonvalues import is_object
from runtime.sandbox.catalog import LATEST, Miss, SandboxCatalog, VersionChoice
from runtime.sandbox.faults import Fault
from runtime.sandbox.lifecycle import HEADER, Retirement, header_value
from runtime.sandbox.storage import PREFIX as STORAGE_PREFIX
from runtime.sandbox.storage import UPLOAD_REQUEST, Storage

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
PREFIXES = ("/api/v3.1", "/api/v3")
_SECRET_HEADERS = frozenset({"x-api-key", "authorization", "x-org-api-key", "cookie"})
MAX_LIMIT = 1000
MAX_BODY_BYTES = 10 * 1024 * 1024
BODY_TIMEOUT = 10.0
MAX_RECORDED = 10_000
MAX_RECORDED_BYTES = 64 * 1024 * 1024


class _BadBody(Exception):
    """The request body cannot be read: too large (413) or too slow (408)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the sandbox received it (without the API key)."""

    method: str
    path: str
    route: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    raw: bytes = b""  # the body as sent (for bytes that are not JSON, such as a storage PUT)
    base_url: str = ""  # scheme, host and port the request was sent to
    authenticated: bool = False  # it carried an x-api-key (which is not recorded)


@dataclass(frozen=True)
class ExecuteContext:
    """What a handler knows about the execute request besides the arguments.

    ``file(name, data, mimetype)`` stores bytes in the sandbox's storage and gives the
    ``{name, mimetype, s3url}`` a downloadable output carries.
    """

    slug: str
    toolkit: str
    version: str
    request: Mapping[str, Any]
    storage: Storage = field(default_factory=Storage)
    base_url: str = "http://sandbox"

    def file(self, name: str, data: bytes, mimetype: str = "application/octet-stream") -> dict[str, str]:
        return self.storage.serve(name, data, mimetype, self.base_url)


Handler = Callable[[dict[str, Any], ExecuteContext], Any]


@dataclass
class _Reply:
    status: int
    body: Any
    headers: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])
    resolved: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])  # (toolkit, version) answered


def _error(status: int, message: str, slug: str, code: int, fix: str | None = None) -> _Reply:
    envelope = {"message": message, "code": code, "slug": slug, "status": status, "request_id": uuid.uuid4().hex}
    if fix:
        envelope["suggested_fix"] = fix
    return _Reply(status, {"error": envelope})


def _values(query: Mapping[str, list[str]], name: str) -> list[str]:
    """A list parameter given comma-joined, repeated, or as ``name[]``."""
    raw = [*query.get(name, []), *query.get(f"{name}[]", [])]
    return [part.strip() for value in raw for part in value.split(",") if part.strip()]


def _last(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _choice(query: Mapping[str, list[str]]) -> VersionChoice:
    if query.get("toolkit_versions"):
        return query["toolkit_versions"][-1]
    per_toolkit = {
        key[len("toolkit_versions[") : -1].lower(): values[-1]
        for key, values in query.items()
        if key.startswith("toolkit_versions[") and key.endswith("]")
    }
    return per_toolkit or None


def _page(items: list[Any], query: Mapping[str, list[str]], page_size: int) -> _Reply:
    try:
        limit = min(MAX_LIMIT, int(_last(query, "limit") or page_size))
        cursor = _last(query, "cursor")
        offset = int(json.loads(base64.urlsafe_b64decode(cursor))["offset"]) if cursor else 0
    except (ValueError, KeyError, TypeError):
        return _error(400, "Invalid limit or cursor", "Request_InvalidPagination", 400)
    if limit < 1:
        return _error(400, "limit must be 1 or more", "Request_InvalidPagination", 400)
    chunk = items[offset : offset + limit]
    more = offset + limit < len(items)
    next_cursor = base64.urlsafe_b64encode(json.dumps({"offset": offset + limit}).encode()).decode() if more else None
    return _Reply(
        200,
        {
            "items": chunk,
            "next_cursor": next_cursor,
            "total_items": len(items),
            "total_pages": max(1, -(-len(items) // limit)),
            "current_page": offset // limit + 1,
        },
    )


def _matches(tool: Mapping[str, Any], words: list[str]) -> bool:
    text = " ".join(str(tool.get(key, "")) for key in ("slug", "name", "description")).lower().replace("_", " ")
    return all(word in text for word in words)


class Sandbox:
    """The app. ``Sandbox(tools)``: tool objects with ``toolkit.slug`` and ``version``."""

    def __init__(
        self,
        tools: Iterable[Mapping[str, Any]],
        *,
        api_key: str | None = None,
        page_size: int = 20,
        max_body_bytes: int = MAX_BODY_BYTES,
        body_timeout: float = BODY_TIMEOUT,
        max_recorded: int = MAX_RECORDED,
        max_recorded_bytes: int = MAX_RECORDED_BYTES,
        presign_ttl: float = 600.0,
    ) -> None:
        self.catalog = SandboxCatalog(tools)
        self.api_key = api_key
        self.page_size = page_size
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout
        self.max_recorded = max_recorded
        self.max_recorded_bytes = max_recorded_bytes
        self.storage = Storage(ttl=presign_ttl)
        self.requests: list[RecordedRequest] = []
        self._recorded_sizes: list[int] = []
        self._recorded_total = 0
        self.faults: list[Fault] = []
        self.handlers: dict[str, Handler] = {}
        self.retirements: dict[tuple[str, str], Retirement] = {}

    def deprecate(
        self,
        toolkit: str,
        version: str,
        *,
        sunset_at: datetime | None = None,
        deprecated_at: datetime | None = None,
        reason: str = "lifecycle",
        tools: Iterable[str] = (),
    ) -> Retirement:
        """Retire ``toolkit`` at ``version`` (:mod:`runtime.sandbox.lifecycle`): deprecated since
        ``deprecated_at`` (default: now), working until ``sunset_at``; its ``tools`` named here
        say ``is_deprecated`` too (the version's tool objects are otherwise unchanged, so a
        pinned build sees the retirement, not a changed schema)."""
        self.catalog.mark_deprecated(toolkit, version, tools)
        since = deprecated_at or datetime.now(timezone.utc).replace(microsecond=0)
        retirement = Retirement(toolkit.lower(), version, since, sunset_at, reason)
        self.retirements[(retirement.toolkit, version)] = retirement
        return retirement

    def handler(self, slug: str) -> Callable[[Handler], Handler]:
        """Register ``fn(arguments, context)`` as the execution of ``slug``: its return value
        is the data (or, if it has ``successful``, the whole response); an exception is a
        tool failure."""

        def register(function: Handler) -> Handler:
            self.handlers[slug] = function
            return function

        return register

    def executions(self, slug: str | None = None) -> list[RecordedRequest]:
        """The recorded execute requests (of ``slug``)."""
        return [
            r
            for r in self.requests
            if r.method == "POST" and r.route.startswith("/tools/execute/") and (slug is None or r.route.endswith(slug))
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            raw = await _body(receive, self.max_body_bytes, self.body_timeout)
        except _BadBody as error:
            code = "Request_TooLarge" if error.status == 413 else "Request_Timeout"
            reply = _error(error.status, str(error), code, error.status)
            await _send(send, reply.status, json.dumps(reply.body).encode(), reply.headers)
            return
        request, key = self._record(scope, raw)
        if request.path.startswith(STORAGE_PREFIX):
            await self._storage(scope, request, raw, send)
            return
        fault = next((f for f in self.faults if f.claims(request.method, request.route, _tool_of(request))), None)
        if fault is not None and fault.kind == "drop":
            _drop(send)
            return
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.kind == "status":
            reply = _error(fault.status, f"injected HTTP {fault.status}", "Sandbox_InjectedFault", fault.status)
            if fault.retry_after is not None:
                reply.headers.append(("retry-after", fault.retry_after))
        elif fault is not None and fault.kind == "malformed":
            await _send(send, 200, b'{"data": {"trunc', [])
            return
        else:
            reply = await self._safely_answer(request, key)
        retired = [self.retirements[pair] for pair in dict.fromkeys(reply.resolved) if pair in self.retirements]
        if retired:
            reply.headers.append((HEADER, header_value(retired)))
        await _send(send, reply.status, json.dumps(reply.body).encode(), reply.headers)

    async def _storage(self, scope: Scope, request: RecordedRequest, raw: bytes, send: Send) -> None:
        """Presigned PUTs and downloads: no API key, S3's answers."""
        token = request.path[len(STORAGE_PREFIX) :]
        if request.method == "PUT":
            status, message = self.storage.put(token, request.headers.get("content-type"), raw)
            await _send_raw(send, status, message.encode(), "text/plain")
            return
        stored = self.storage.get(token) if request.method == "GET" else None
        if stored is None or stored.data is None:
            await _send_raw(send, 404, b"NoSuchKey", "text/plain")
            return
        await _send_raw(send, 200, stored.data, stored.mimetype)

    async def _safely_answer(self, request: RecordedRequest, key: str | None) -> _Reply:
        """:meth:`_answer`, with anything it cannot make sense of answered 400 in the envelope."""
        try:
            reply = await self._answer(request, key)
            json.dumps(reply.body)
            return reply
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError, OverflowError) as error:
            message = f"The request cannot be understood ({type(error).__name__}: {str(error)[:200]})"
            return _error(400, message, "Request_Invalid", 400)

    def _record(self, scope: Scope, raw: bytes) -> tuple[RecordedRequest, str | None]:
        path = scope["path"]
        prefix = next((p for p in PREFIXES if path == p or path.startswith(p + "/")), "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            body = json.loads(raw) if raw else None
        except (ValueError, UnicodeDecodeError, RecursionError):  # bad JSON, huge numbers, deep nesting
            body = raw.decode("utf-8", "replace")
        request = RecordedRequest(
            method=scope["method"],
            path=path,
            route=path[len(prefix) :] if prefix else path,
            query=parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True),
            headers={k: v for k, v in headers.items() if k not in _SECRET_HEADERS},
            body=body,
            raw=raw,
            base_url=f"{scope.get('scheme', 'http')}://{headers.get('host', 'sandbox')}",
            authenticated="x-api-key" in headers,
        )
        self._remember(request, len(raw))
        return request, headers.get("x-api-key")

    def _remember(self, request: RecordedRequest, size: int) -> None:
        """Record ``request``, dropping the oldest past ``max_recorded`` or ``max_recorded_bytes``."""
        self.requests.append(request)
        self._recorded_sizes.append(size)
        self._recorded_total += size
        while self.requests and (
            len(self.requests) > self.max_recorded or self._recorded_total > self.max_recorded_bytes
        ):
            self._recorded_total -= self._recorded_sizes.pop(0)
            del self.requests[0]

    async def _answer(self, request: RecordedRequest, key: str | None) -> _Reply:
        if not key or (self.api_key is not None and key != self.api_key):
            return _error(401, "Invalid or missing API key", "Auth_InvalidApiKey", 1001, "Set x-api-key")
        if request.path == request.route:
            return _error(404, f"Not found: {request.path}", "Route_NotFound", 404)
        parts = request.route.strip("/").split("/")
        query = request.query
        if request.method == "GET" and parts == ["tools"]:
            return self._list_tools(query)
        if request.method == "GET" and parts == ["tools", "enum"]:
            return _Reply(200, sorted({t["slug"] for k in self.catalog.toolkits() for t in self._latest(k)}))
        if request.method == "GET" and len(parts) == 2 and parts[0] == "tools":
            return self._tool(parts[1], _last(query, "version"), _choice(query))
        if request.method == "POST" and len(parts) == 3 and parts[:2] == ["tools", "execute"]:
            return await self._execute(parts[2], request.body, request.base_url)
        if request.method == "POST" and tuple(parts) == UPLOAD_REQUEST:
            status, answer = self.storage.request(request.body, request.base_url)
            if status != 200:
                return _error(status, str(answer), "FileUpload_InvalidRequest", status)
            return _Reply(status, answer)
        if request.method == "GET" and parts == ["toolkits", "changelog"]:
            return _Reply(200, {"items": [self._changelog(t) for t in self.catalog.toolkits()]})
        if request.method == "GET" and parts == ["toolkits"]:
            return _page([self._toolkit(t, None) for t in self.catalog.toolkits()], query, self.page_size)
        if request.method == "GET" and len(parts) == 2 and parts[0] == "toolkits":
            return self._retrieve_toolkit(parts[1], _last(query, "version"))
        return _error(404, f"No route {request.method} {request.route}", "Route_NotFound", 404)

    def _latest(self, toolkit: str) -> list[dict[str, Any]]:
        return self.catalog.tools_at(toolkit, self.catalog.versions(toolkit)[-1])

    def _list_tools(self, query: Mapping[str, list[str]]) -> _Reply:
        choice = _choice(query)
        toolkits = [t.lower() for t in _values(query, "toolkit_slug")] or self.catalog.toolkits()
        candidates: list[dict[str, Any]] = []
        resolved: list[tuple[str, str]] = []
        for toolkit in toolkits:
            available = self.catalog.versions(toolkit)
            version = self.catalog.version_for(toolkit, None, choice)
            if version is None:
                continue
            if version not in available:
                return _error(
                    404,
                    f"Toolkit {toolkit} has no version {version} (available: {', '.join(available)})",
                    "Toolkit_VersionNotFound",
                    2302,
                )
            candidates += self.catalog.tools_at(toolkit, version)
            resolved.append((toolkit, version))
        slugs = _values(query, "tool_slugs")
        if slugs:
            candidates = [t for t in candidates if t["slug"] in slugs]
        words = " ".join([*query.get("search", []), *query.get("query", [])]).lower().split()
        tags, scopes = set(_values(query, "tags")), set(_values(query, "scopes"))
        if _last(query, "important") == "true":
            tags.add("important")
        keep_deprecated = _last(query, "include_deprecated") != "false"
        chosen = [
            tool
            for tool in candidates
            if _matches(tool, words)
            and (not tags or tags & set(tool.get("tags") or []))
            and (not scopes or scopes & set(tool.get("scopes") or []))
            and (keep_deprecated or not tool.get("is_deprecated"))
        ]
        reply = _page(chosen, query, self.page_size)
        reply.resolved = resolved
        return reply

    def _tool(self, slug: str, version: str | None, choice: VersionChoice) -> _Reply:
        found = self.catalog.find(slug, version, choice)
        if isinstance(found, Miss):
            return _error(404, found.message, found.slug, found.code, "Check the slug and the toolkit version")
        return _Reply(200, found, resolved=[(found["toolkit"]["slug"].lower(), found["version"])])

    def _toolkit(self, toolkit: str, version: str | None) -> dict[str, Any]:
        available = self.catalog.versions(toolkit)
        resolved = available[-1] if version in (None, LATEST) else version
        meta = {"version": resolved, "available_versions": available, "tools_count": len(self._latest(toolkit))}
        return {"slug": toolkit, "name": self.catalog.name(toolkit), "meta": meta}

    def _retrieve_toolkit(self, toolkit: str, version: str | None) -> _Reply:
        available = self.catalog.versions(toolkit)
        if not available:
            known = ", ".join(self.catalog.toolkits())
            return _error(404, f"Toolkit {toolkit} not found (known: {known})", "Toolkit_NotFound", 2301)
        if version not in (None, LATEST) and version not in available:
            message = f"Toolkit {toolkit} has no version {version} (available: {', '.join(available)})"
            return _error(404, message, "Toolkit_VersionNotFound", 2302)
        answer = self._toolkit(toolkit, version)
        return _Reply(200, answer, resolved=[(toolkit.lower(), answer["meta"]["version"])])

    def _changelog(self, toolkit: str) -> dict[str, Any]:
        """The API's changelog item of ``toolkit``: its last 10 versions, newest first."""
        versions = self.catalog.versions(toolkit)[::-1][:10]
        notes = [
            {"version": v, "changelog": r.changelog() if (r := self.retirements.get((toolkit, v))) else ""}
            for v in versions
        ]
        name = self.catalog.name(toolkit)
        return {"slug": toolkit, "name": name, "display_name": name, "versions": notes}

    async def _execute(self, slug: str, body: Any, base_url: str) -> _Reply:
        if not is_object(body):
            return _error(400, "The request body must be a JSON object", "Request_InvalidBody", 400)
        if body.get("text") is not None and body.get("arguments"):
            return _error(400, "Give either arguments or text, not both", "Tool_InvalidRequest", 400)
        found = self.catalog.find(slug, body.get("version"), None)
        if isinstance(found, Miss):
            return _error(404, found.message, found.slug, found.code, "Check the slug and the version")
        reply = await self._run(slug, found, body, base_url)
        reply.resolved = [(found["toolkit"]["slug"].lower(), found["version"])]
        return reply

    async def _run(self, slug: str, found: dict[str, Any], body: Mapping[str, Any], base_url: str) -> _Reply:
        """The execution of ``found`` (the tool at the version the request resolved to)."""
        arguments: Any = body.get("arguments") or {}
        problems = validation.problems(found.get("input_parameters") or {}, arguments)
        problems += self._missing_uploads(found, arguments)
        if problems:
            return _Reply(200, _response({}, "Invalid request data provided\n" + "\n".join(problems), False))
        context = ExecuteContext(slug, found["toolkit"]["slug"], found["version"], body, self.storage, base_url)
        handler = self.handlers.get(slug)
        if handler is None:
            return _Reply(200, _response(_synthesized(found, context), None, True))
        try:
            result = handler(dict(arguments), context)
            if inspect.isawaitable(result):
                result = await result
        except Exception as error:  # a handler's failure is the tool's failure, in-band
            return _Reply(200, _response({}, f"{type(error).__name__}: {error}", False))
        if is_object(result) and "successful" in result:
            return _Reply(200, _response(result.get("data", {}), result.get("error"), bool(result["successful"])))
        return _Reply(200, _response(result, None, True))

    def _missing_uploads(self, tool: Mapping[str, Any], arguments: Any) -> list[str]:
        """A line per uploadable value whose ``s3key`` the storage never received."""
        locations = fields_of(tool.get("input_parameters"), None).uploads
        return [
            f"- {leaf.field}: s3key {leaf.value.get('s3key')!r} was never uploaded"
            for leaf in leaves(arguments, locations)
            if is_object(leaf.value) and not self.storage.received(str(leaf.value.get("s3key")))
        ]


def _synthesized(tool: Mapping[str, Any], context: ExecuteContext) -> Any:
    output: Mapping[str, Any] = tool.get("output_parameters") or {}
    properties: Mapping[str, Any] = output.get("properties") or {}

    def stored_file() -> dict[str, str]:
        return context.file(f"{context.slug.lower()}.txt", f"sandbox file of {context.slug}\n".encode(), "text/plain")

    if "data" in properties and "successful" in properties:
        return synth.value_for(properties["data"], output, on_file=stored_file)
    return synth.value_for(output, on_file=stored_file)


def _response(data: Any, error: str | None, successful: bool) -> dict[str, Any]:
    return {
        "data": data,
        "error": error,
        "successful": successful,
        "log_id": f"log_{uuid.uuid4().hex[:12]}",
        "session_info": None,
    }


def _tool_of(request: RecordedRequest) -> str | None:
    parts = request.route.strip("/").split("/")
    if parts[:2] == ["tools", "execute"] and len(parts) == 3:
        return parts[2]
    if parts[0] == "tools" and len(parts) == 2 and parts[1] != "enum":
        return parts[1]
    return None


async def _body(receive: Receive, limit: int, timeout: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            message = await asyncio.wait_for(receive(), timeout)
        except asyncio.TimeoutError:
            raise _BadBody(408, f"The request body did not arrive within {timeout} s") from None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _BadBody(413, f"The request body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send_raw(send: Send, status: int, body: bytes, content_type: str) -> None:
    headers = [(b"content-type", content_type.encode("latin-1")), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send(send: Send, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.encode(), v.encode()) for k, v in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


def _drop(send: Send) -> None:
    """Close the connection with no answer: under uvicorn abort the socket; in-process
    (httpx's ASGI transport) raise what a client would see."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is not None:
        transport.abort()
        return
    raise httpx.RemoteProtocolError("the sandbox dropped the connection without a response")


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
