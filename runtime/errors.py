"""Every exception the runtime raises, one hierarchy under :class:`ComposioError`.

HTTP failures carry the status, the API's error code, its request id and suggested fix
in their message. The API key never appears in any of them.
"""

from __future__ import annotations

from typing import Any


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
    """The request timed out."""


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


def error_for_status(status: int, body: Any) -> APIError:
    """The typed error for an HTTP error response, from the API's error envelope."""
    envelope = body.get("error") if isinstance(body, dict) else None
    if isinstance(envelope, dict):
        message = str(envelope.get("message") or f"HTTP {status}")
        code, request_id = envelope.get("code"), envelope.get("request_id")
        suggested_fix = envelope.get("suggested_fix")
    else:
        message = str(envelope) if isinstance(envelope, str) else f"HTTP {status}"
        code = request_id = suggested_fix = None
    kind = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIError)
    return kind(
        message,
        status=status,
        code=code,
        request_id=str(request_id) if request_id else None,
        suggested_fix=str(suggested_fix) if suggested_fix else None,
        body=body,
    )
