"""Providers: the tool formats of LLM APIs and agent frameworks, and reading tool calls back.

The framework providers (``OpenAIAgentsProvider``, ``LangchainProvider``,
``PydanticAIProvider``, ``LlamaIndexProvider``) are imported on first use, so nothing here
imports a framework unless that provider is used.
"""

from typing import TYPE_CHECKING

from runtime.lazy import load_on_first_use
from runtime.providers.agentic import AgenticProvider, Execution
from runtime.providers.anthropic import AnthropicProvider
from runtime.providers.base import Provider, ToolCall
from runtime.providers.openai import OpenAIProvider, OpenAIResponsesProvider
from runtime.providers.raw import RawProvider

if TYPE_CHECKING:
    from runtime.providers.langchain import LangchainProvider
    from runtime.providers.llamaindex import LlamaIndexProvider
    from runtime.providers.openai_agents import OpenAIAgentsProvider
    from runtime.providers.pydantic_ai import PydanticAIProvider

FRAMEWORK_PROVIDERS = {
    "LangchainProvider": "runtime.providers.langchain",
    "LlamaIndexProvider": "runtime.providers.llamaindex",
    "OpenAIAgentsProvider": "runtime.providers.openai_agents",
    "PydanticAIProvider": "runtime.providers.pydantic_ai",
}

__all__ = [
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
]

load_on_first_use(__name__, FRAMEWORK_PROVIDERS)
