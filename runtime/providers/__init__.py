"""Providers: the tool formats of LLM APIs, and reading their tool calls back."""

from runtime.providers.anthropic import AnthropicProvider
from runtime.providers.base import Provider, ToolCall
from runtime.providers.openai import OpenAIProvider, OpenAIResponsesProvider
from runtime.providers.raw import RawProvider

__all__ = ["AnthropicProvider", "OpenAIProvider", "OpenAIResponsesProvider", "Provider", "RawProvider", "ToolCall"]
