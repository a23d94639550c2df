"""toolstubs runtime: the Composio tools API, and what generated toolkits call.

Applications import from here; generated code imports ``ToolSpec``, ``Omittable``,
``ModelOrDict``, ``ToolOutcome``, ``Toolkit``, ``AsyncToolkit``, ``UNSET`` and ``Unset``. It has no
dependency on ``codegen``.

Every name loads on first use (:mod:`runtime.lazy`): ``import runtime`` imports only this
package, and reading a name imports just the module that holds it, so a program that needs
only ``runtime.files.fields`` or ``runtime.errors`` never pays for the client, pydantic or
httpx. Type checkers and editors read the ``TYPE_CHECKING`` imports below.
"""

from typing import TYPE_CHECKING

from runtime.lazy import load_grouped_on_first_use

if TYPE_CHECKING:
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
    from runtime.files import (
        AsyncFiles,
        FileFields,
        Files,
        FileSource,
        RemoteFile,
        UploadedFile,
    )
    from runtime.mcp import AsyncMcpClient, McpClient
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
        AgenticProvider,
        AnthropicProvider,
        Execution,
        LangchainProvider,
        LlamaIndexProvider,
        OpenAIAgentsProvider,
        OpenAIProvider,
        OpenAIResponsesProvider,
        Provider,
        PydanticAIProvider,
        RawProvider,
        ToolCall,
    )
    from runtime.results import (
        ToolFailure,
        ToolMisfit,
        ToolOutcome,
        ToolResult,
        ToolSuccess,
    )
    from runtime.sentinel import UNSET, Unset
    from runtime.spec import ToolSpec
    from runtime.tool import Tool, ToolkitInfo
    from runtime.toolkit import AsyncToolkit, Toolkit
    from runtime.types import (
        BeforeFileUploadContext,
        ToolExecuteParams,
        ToolExecutionResponse,
    )

#: Where each exported name lives.
_EXPORTS = {
    "runtime.client": ("AsyncComposio", "Composio", "ToolT"),
    "runtime.custom": ("CustomTool",),
    "runtime.errors": (
        "APIConnectionError",
        "APIError",
        "ApiKeyNotProvidedError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ComposioError",
        "ConflictError",
        "FileDownloadError",
        "FileSourceNotFoundError",
        "FileTransferError",
        "FileUploadAbortedError",
        "FileUploadError",
        "FileUploadPathNotAllowedError",
        "GoneError",
        "InternalServerError",
        "InvalidModifierError",
        "InvalidParamsError",
        "InvalidSlugError",
        "NotFoundError",
        "OutputValidationError",
        "PermissionDeniedError",
        "RateLimitError",
        "ResponseTooLargeError",
        "SensitiveFilePathBlockedError",
        "ToolExecutionError",
        "ToolVersionRequiredError",
        "UnprocessableEntityError",
    ),
    "runtime.files": ("AsyncFiles", "FileFields", "Files", "FileSource", "RemoteFile", "UploadedFile"),
    "runtime.mcp": ("AsyncMcpClient", "McpClient"),
    "runtime.modifiers": (
        "Modifier",
        "Modifiers",
        "after_execute",
        "before_execute",
        "before_file_upload",
        "before_tool",
        "schema_modifier",
    ),
    "runtime.nested": ("ModelOrDict",),
    "runtime.omittable": ("Omittable",),
    "runtime.providers": (
        "AgenticProvider",
        "AnthropicProvider",
        "Execution",
        "LangchainProvider",
        "LlamaIndexProvider",
        "OpenAIAgentsProvider",
        "OpenAIProvider",
        "OpenAIResponsesProvider",
        "Provider",
        "PydanticAIProvider",
        "RawProvider",
        "ToolCall",
    ),
    "runtime.results": ("ToolFailure", "ToolMisfit", "ToolOutcome", "ToolResult", "ToolSuccess"),
    "runtime.sentinel": ("UNSET", "Unset"),
    "runtime.spec": ("ToolSpec",),
    "runtime.tool": ("Tool", "ToolkitInfo"),
    "runtime.toolkit": ("AsyncToolkit", "Toolkit"),
    "runtime.types": ("BeforeFileUploadContext", "ToolExecuteParams", "ToolExecutionResponse"),
}

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

load_grouped_on_first_use(__name__, _EXPORTS)
