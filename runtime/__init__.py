"""toolstubs runtime: the Composio tools API, and what generated toolkits call.

Applications import from here; generated code imports ``ToolSpec``, ``Omittable``,
``ToolResult``, ``Toolkit``, ``AsyncToolkit``, ``UNSET`` and ``Unset``. It has no dependency on ``codegen``.
"""

from runtime.client import AsyncComposio, Composio
from runtime.custom import CustomTool
from runtime.errors import (
    APIConnectionError,
    APIError,
    ApiKeyNotProvidedError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ComposioError,
    ConflictError,
    FileDownloadError,
    FileSourceNotFoundError,
    FileTransferError,
    FileUploadAbortedError,
    FileUploadError,
    FileUploadPathNotAllowedError,
    GoneError,
    InternalServerError,
    InvalidModifierError,
    InvalidParamsError,
    InvalidSlugError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    SensitiveFilePathBlockedError,
    ToolVersionRequiredError,
    UnprocessableEntityError,
)
from runtime.files import AsyncFiles, FileFields, Files, FileSource, RemoteFile, UploadedFile
from runtime.modifiers import (
    Modifier,
    Modifiers,
    after_execute,
    before_execute,
    before_file_upload,
    before_tool,
    schema_modifier,
)
from runtime.omittable import Omittable
from runtime.providers import (
    AnthropicProvider,
    OpenAIProvider,
    OpenAIResponsesProvider,
    Provider,
    RawProvider,
    ToolCall,
)
from runtime.results import ToolResult
from runtime.sentinel import UNSET, Unset
from runtime.spec import ToolSpec
from runtime.tool import Tool, ToolkitInfo
from runtime.toolkit import AsyncToolkit, Toolkit
from runtime.types import BeforeFileUploadContext, ToolExecuteParams, ToolExecutionResponse

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AnthropicProvider",
    "ApiKeyNotProvidedError",
    "AsyncComposio",
    "AsyncFiles",
    "AsyncToolkit",
    "AuthenticationError",
    "BadRequestError",
    "BeforeFileUploadContext",
    "Composio",
    "ComposioError",
    "ConflictError",
    "CustomTool",
    "FileDownloadError",
    "FileFields",
    "FileSource",
    "FileSourceNotFoundError",
    "FileTransferError",
    "FileUploadAbortedError",
    "FileUploadError",
    "FileUploadPathNotAllowedError",
    "Files",
    "GoneError",
    "InternalServerError",
    "InvalidModifierError",
    "InvalidParamsError",
    "InvalidSlugError",
    "Modifier",
    "Modifiers",
    "NotFoundError",
    "Omittable",
    "OpenAIProvider",
    "OpenAIResponsesProvider",
    "PermissionDeniedError",
    "Provider",
    "RateLimitError",
    "RawProvider",
    "RemoteFile",
    "ResponseTooLargeError",
    "SensitiveFilePathBlockedError",
    "Tool",
    "ToolCall",
    "ToolExecuteParams",
    "ToolExecutionResponse",
    "ToolResult",
    "ToolSpec",
    "ToolVersionRequiredError",
    "Toolkit",
    "ToolkitInfo",
    "UnprocessableEntityError",
    "Unset",
    "UploadedFile",
    "after_execute",
    "before_execute",
    "before_file_upload",
    "before_tool",
    "schema_modifier",
]
