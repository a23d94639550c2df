"""toolstubs runtime: the Composio tools API, and what generated toolkits call.

Applications import from here; generated code imports ``ToolSpec``, ``Omittable``,
``ModelOrDict``, ``ToolOutcome``, ``Toolkit``, ``AsyncToolkit``, ``UNSET`` and ``Unset``. It has no
dependency on ``codegen``.
"""

from typing import TYPE_CHECKING

from runtime.client import AsyncComposio, Composio, ToolT
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
    OutputValidationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    SensitiveFilePathBlockedError,
    ToolExecutionError,
    ToolVersionRequiredError,
    UnprocessableEntityError,
)
from runtime.files import AsyncFiles, FileFields, Files, FileSource, RemoteFile, UploadedFile
from runtime.lazy import load_on_first_use
from runtime.modifiers import (
    Modifier,
    Modifiers,
    after_execute,
    before_execute,
    before_file_upload,
    before_tool,
    schema_modifier,
)
from runtime.nested import ModelOrDict
from runtime.omittable import Omittable
from runtime.providers import (
    FRAMEWORK_PROVIDERS,
    AgenticProvider,
    AnthropicProvider,
    Execution,
    OpenAIProvider,
    OpenAIResponsesProvider,
    Provider,
    RawProvider,
    ToolCall,
)
from runtime.results import ToolFailure, ToolMisfit, ToolOutcome, ToolResult, ToolSuccess
from runtime.sentinel import UNSET, Unset
from runtime.spec import ToolSpec
from runtime.tool import Tool, ToolkitInfo
from runtime.toolkit import AsyncToolkit, Toolkit
from runtime.types import BeforeFileUploadContext, ToolExecuteParams, ToolExecutionResponse

if TYPE_CHECKING:
    from runtime.mcp import AsyncMcpClient, McpClient
    from runtime.providers import LangchainProvider, LlamaIndexProvider, OpenAIAgentsProvider, PydanticAIProvider

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AgenticProvider",
    "AnthropicProvider",
    "ApiKeyNotProvidedError",
    "AsyncComposio",
    "AsyncFiles",
    "AsyncMcpClient",
    "AsyncToolkit",
    "AuthenticationError",
    "BadRequestError",
    "BeforeFileUploadContext",
    "Composio",
    "ComposioError",
    "ConflictError",
    "CustomTool",
    "Execution",
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
    "LangchainProvider",
    "LlamaIndexProvider",
    "McpClient",
    "Modifier",
    "ModelOrDict",
    "Modifiers",
    "NotFoundError",
    "Omittable",
    "OpenAIAgentsProvider",
    "OpenAIProvider",
    "OpenAIResponsesProvider",
    "OutputValidationError",
    "PermissionDeniedError",
    "Provider",
    "PydanticAIProvider",
    "RateLimitError",
    "RawProvider",
    "RemoteFile",
    "ResponseTooLargeError",
    "SensitiveFilePathBlockedError",
    "Tool",
    "ToolCall",
    "ToolExecuteParams",
    "ToolExecutionError",
    "ToolExecutionResponse",
    "ToolFailure",
    "ToolMisfit",
    "ToolOutcome",
    "ToolResult",
    "ToolSpec",
    "ToolSuccess",
    "ToolT",
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

# The framework providers and the MCP clients, imported on first use.
load_on_first_use(
    __name__,
    {
        **dict.fromkeys(FRAMEWORK_PROVIDERS, "runtime.providers"),
        "McpClient": "runtime.mcp.client",
        "AsyncMcpClient": "runtime.mcp.client",
    },
)
