"""The Composio tools API's data shapes: execute parameters and responses, file-upload context;
and ``SequenceNotStr``, what an array parameter takes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, Literal, Protocol, overload

from typing_extensions import Required, TypedDict, TypeVar

_T_co = TypeVar("_T_co", covariant=True)


class SequenceNotStr(Protocol[_T_co]):
    """A sequence that is not a ``str``: what generated array parameters and twin fields take.

    A ``str`` is a ``Sequence[str]``, so ``labels="bug"`` would pass a type checker and then be
    refused (or sent as characters). ``str.__contains__`` takes only a ``str``, and this
    protocol's takes any ``object``, so a checker finds a ``str`` does not fit, while lists,
    tuples and other sequences do (the OpenAI and Anthropic SDKs use the same device). It has
    no ``index`` or ``count``: taking ``Any``, they would let mypy infer a list literal's items
    as ``Any`` and check none of them.
    """

    @overload
    def __getitem__(self, index: int, /) -> _T_co: ...
    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T_co]: ...
    def __reversed__(self) -> Iterator[_T_co]: ...


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
