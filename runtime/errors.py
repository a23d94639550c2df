"""Every exception the runtime raises, one hierarchy under :class:`ComposioError`.

HTTP failures carry the method and path, the status, the API's error code, its request
id and suggested fix in their message (and, for a redirect, where it pointed). The API
key never appears in any of them: :func:`scrub` takes it out of everything the server
sends back before it reaches a message, an exception's attributes or a log line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from runtime.jsonvalues import is_array, is_dict
from runtime.surrogates import lone_surrogate

REDACTED = "[redacted]"


MIN_SECRET_LENGTH = 6  # shorter "keys" (test stand-ins) cannot be told apart from ordinary text


def scrub(value: Any, secrets: Iterable[str], *, parts: bool = True) -> Any:
    """``value`` (text, or JSON made of dicts and lists) with every secret replaced: as it is,
    as JSON or ``repr`` would escape it, and (``parts``, for messages) any beginning or end of
    it holding half of it or more, as a message that shortens long values shows
    (``'ak_live_9f8e...e4'``). Data a tool returned is scrubbed with ``parts=False``."""
    hidden = tuple(sorted({secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH}))
    patterns = _patterns(hidden, parts)
    return _scrubbed(value, patterns) if patterns else value


def _scrubbed(value: Any, patterns: tuple[re.Pattern[str], ...]) -> Any:
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(REDACTED, value)
        return value
    if is_dict(value):
        return {_scrubbed(key, patterns): _scrubbed(item, patterns) for key, item in value.items()}
    if is_array(value):
        return [_scrubbed(item, patterns) for item in value]
    return value


@functools.lru_cache(maxsize=64)
def _patterns(secrets: tuple[str, ...], parts: bool) -> tuple[re.Pattern[str], ...]:
    """One pattern per secret: its written forms whole, then its long enough beginnings and ends."""
    patterns: list[re.Pattern[str]] = []
    for secret in sorted(secrets, key=len, reverse=True):
        forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1]}
        shortest = max(MIN_SECRET_LENGTH, (len(secret) + 1) // 2)
        pieces: set[str] = set()
        if parts:
            pieces |= {secret[:end] for end in range(shortest, len(secret))}
            pieces |= {secret[start:] for start in range(1, len(secret) - shortest + 1)}
        alternatives = sorted(forms, key=len, reverse=True) + sorted(pieces, key=len, reverse=True)
        patterns.append(re.compile("|".join(map(re.escape, alternatives))))
    return tuple(patterns)


class ComposioError(Exception):
    """Base class of every runtime error."""


class ApiKeyNotProvidedError(ComposioError):
    """No API key: pass ``api_key=`` or set ``COMPOSIO_API_KEY``."""


class ToolVersionRequiredError(ComposioError):
    """A tool would run at version ``"latest"`` without the explicit opt-in."""

    def __init__(self, slug: str, toolkit: str) -> None:
        upper = toolkit.upper()
        super().__init__(
            f"Tool {slug} would execute at toolkit version 'latest', which changes under you. "
            "Pin a version in one of four ways: pass version='YYYYMMDD_NN' to execute(); set "
            f"toolkit_versions={{'{toolkit}': 'YYYYMMDD_NN'}} on the client; set the environment "
            f"variable COMPOSIO_TOOLKIT_VERSION_{upper}=YYYYMMDD_NN; or pass "
            "dangerously_skip_version_check=True to accept 'latest'."
        )
        self.slug = slug
        self.toolkit = toolkit
        self.code = "TOOL_VERSION_REQUIRED"


class InvalidParamsError(ComposioError, ValueError):
    """A call's arguments contradict each other or miss what it needs; the message says which."""


class InvalidModifierError(ComposioError):
    """A modifier returned ``None`` (or something of the wrong type) instead of a value."""


class APIError(ComposioError):
    """The API answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: Any = None,
        request_id: str | None = None,
        suggested_fix: str | None = None,
        body: Any = None,
        retry_after: float | None = None,
    ) -> None:
        details = [f"HTTP {status}" if status is not None else None]
        details += [f"code {code}" if code is not None else None]
        details += [f"request id {request_id}" if request_id else None]
        text = message + (f" ({', '.join(d for d in details if d)})" if any(details) else "")
        if suggested_fix:
            text += f". Suggested fix: {suggested_fix}"
        super().__init__(text)
        self.status = status
        self.code = code
        self.request_id = request_id
        self.suggested_fix = suggested_fix
        self.body = body
        self.retry_after = retry_after


class BadRequestError(APIError):
    """HTTP 400."""


class AuthenticationError(APIError):
    """HTTP 401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIError):
    """HTTP 403."""


class NotFoundError(APIError):
    """HTTP 404: unknown tool, version or connected account."""


class ConflictError(APIError):
    """HTTP 409."""


class GoneError(APIError):
    """HTTP 410: the tool is deprecated at this version."""


class UnprocessableEntityError(APIError):
    """HTTP 422."""


class RateLimitError(APIError):
    """HTTP 429."""


class InternalServerError(APIError):
    """HTTP 5xx."""


class APIConnectionError(ComposioError):
    """The request did not get an answer (connection refused, reset, DNS...)."""


class APITimeoutError(APIConnectionError):
    """The request timed out: a read took longer than the timeout, or the whole attempt did."""


#: The default cap on a response body (``max_response_bytes``) of the Composio and MCP clients.
DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024


class ResponseTooLargeError(ComposioError):
    """A response body was larger than the client's ``max_response_bytes``; it was not read."""


class PinMismatchError(ComposioError):
    """The MCP server a generated toolkit talks to is not the one it was generated for: another
    ``serverInfo`` name or version than its pin. Refresh the pin (``toolstubs upgrade NAME``),
    or bind with ``pin_mismatch="warn"`` to be warned instead."""


class PinMismatchWarning(UserWarning):
    """What :class:`PinMismatchError` says, as a warning (a toolkit bound with ``pin_mismatch="warn"``)."""


class InvalidSlugError(InvalidParamsError):
    """A slug (or another path segment) that cannot name a resource, such as ``..``."""


def path_segment(value: object, what: str = "tool slug") -> str:
    """``value`` as one URL path segment: percent-escaped, so it can never change the path or query."""
    example = "github" if what == "toolkit slug" else "GITHUB_CREATE_AN_ISSUE"
    if not isinstance(value, str) or value.strip(".") == "":
        raise InvalidSlugError(f"{what} {value!r} cannot name a resource; pass one such as {example}")
    problem = lone_surrogate(value)
    if problem is not None:
        raise InvalidSlugError(f"{what} {value!r} {problem}; pass one such as {example}")
    return quote(value, safe="")


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_status(
    status: int,
    body: Any,
    *,
    where: str = "",
    location: str | None = None,
    retry_after: float | None = None,
    secrets: Iterable[str] = (),
) -> APIError:
    """The typed error for an HTTP error response, from the API's error envelope.

    ``where``: the method and path (``"POST /tools/execute/X"``); ``location``: a
    redirect's target; ``secrets``: what must not appear (taken out of the body too).
    """
    body = scrub(body, secrets)
    envelope = body.get("error") if is_dict(body) else None
    if is_dict(envelope):
        message = str(envelope.get("message") or "") or None
        code, request_id = envelope.get("code"), envelope.get("request_id")
        suggested_fix = envelope.get("suggested_fix")
    else:
        message = str(envelope) if isinstance(envelope, str) and envelope else None
        code = request_id = suggested_fix = None
    text = f"{where} failed" if where else "the request failed"
    if message:
        text += f": {message}"
    if 300 <= status < 400:
        text += f"; redirected to {scrub(location, secrets) or 'an unnamed location'}, which the client does not follow"
    kind = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIError)
    return kind(
        text,
        status=status,
        code=code,
        request_id=str(request_id) if request_id else None,
        suggested_fix=str(suggested_fix) if suggested_fix else None,
        body=body,
        retry_after=retry_after,
    )


class FileTransferError(ComposioError):
    """A file could not be uploaded or downloaded; ``tool``, ``field`` and ``path`` say which."""

    def __init__(self, message: str, *, tool: str = "", field: str = "", path: str = "") -> None:
        where = ", ".join(part for part in (f"tool {tool}" if tool else "", f"field {field}" if field else "") if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.tool, self.field, self.path = tool, field, path


class FileUploadError(FileTransferError):
    """Uploading a file failed (the upload request, the storage PUT, or reading the source)."""


class FileDownloadError(FileTransferError):
    """Downloading a file failed."""


class FileUploadAbortedError(FileUploadError):
    """A ``before_file_upload`` hook returned ``False``."""


class FileUploadPathNotAllowedError(FileUploadError):
    """A path a model chose is not inside ``file_upload_dirs``."""


class SensitiveFilePathBlockedError(FileUploadError):
    """The path names a secret (``~/.ssh``, ``.env``, ``id_rsa`` ...); see ``sensitive_file_upload_protection``."""


class FileSourceNotFoundError(FileUploadError):
    """The local file to upload does not exist, is not a file, or cannot be read."""


class ToolExecutionError(ComposioError):
    """``ToolResult.unwrap()`` on a failed call: the tool's error text, and the response in ``raw``."""

    def __init__(self, message: str, *, raw: Any = None) -> None:
        super().__init__(message)
        self.raw = raw


class OutputValidationError(ComposioError):
    """``ToolResult.unwrap()`` when the data did not fit the output model: ``raw`` keeps it,
    ``validation_error`` says what did not fit."""

    def __init__(self, message: str, *, raw: Any = None, validation_error: Any = None) -> None:
        super().__init__(message)
        self.raw = raw
        self.validation_error = validation_error


def shown_url(url: str) -> str:
    """``url`` as messages and reprs show it: no user or password, the query replaced."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}" + ("?[redacted]" if parts.query else "")
