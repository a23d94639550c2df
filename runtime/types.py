"""The Composio tools API's data shapes: execute parameters and responses, file-upload context."""

from __future__ import annotations

from typing import Any, Generic, Literal

from typing_extensions import Required, TypedDict, TypeVar

#: The type of a response's ``data``: ``Any`` unless the call is typed (``ToolExecutionResponse[XOutputDict]``).
DataT = TypeVar("DataT", default=Any)


class ToolExecuteParams(TypedDict, total=False):
    """What ``before_execute`` modifiers see and may change; only ``arguments`` is always there."""

    arguments: Required[dict[str, Any]]
    connected_account_id: str
    custom_auth_params: dict[str, Any]
    custom_connection_data: dict[str, Any]
    user_id: str
    text: str
    version: str
    dangerously_skip_version_check: bool


class ToolExecutionResponse(TypedDict, Generic[DataT]):
    """The result of ``tools.execute``: tool-level failures arrive here, not as exceptions.

    Through a typed facade (``typed(client)``) a generated tool's ``data`` is typed as its
    output (``ToolExecutionResponse[CreateIssueOutputDict]``); elsewhere it is ``Any``."""

    data: DataT
    error: str | None
    successful: bool


class BeforeFileUploadContext(TypedDict):
    """What a ``before_file_upload`` modifier sees."""

    path: str
    source: Literal["path", "url"]
    tool: str
    toolkit: str
