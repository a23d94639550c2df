"""Framework tools type-check straight into each framework's agent (mypy --strict, in test_golden)."""

from __future__ import annotations

import pydantic_ai
from agents import Agent, FunctionTool
from langchain_core.tools import StructuredTool
from llama_index.core.tools import FunctionTool as LlamaIndexTool

from generated import weather
from runtime import (
    AsyncComposio,
    Composio,
    LangchainProvider,
    LlamaIndexProvider,
    OpenAIAgentsProvider,
    PydanticAIProvider,
)


def openai_agents() -> Agent[None]:
    composio = Composio(provider=OpenAIAgentsProvider())
    tools: list[FunctionTool] = weather.Weather(composio, user_id="user_1").tools(weather.Slug.GET_FORECAST)
    return Agent(name="forecaster", tools=[*tools, *composio.tools.get("user_1", toolkits=["weather"])])


def langchain() -> list[StructuredTool]:
    composio = Composio(provider=LangchainProvider())
    return weather.Weather(composio, user_id="user_1").tools()


def pydantic_agent() -> pydantic_ai.Agent[None, str]:
    composio = Composio(provider=PydanticAIProvider())
    return pydantic_ai.Agent("test", tools=weather.Weather(composio, user_id="user_1").tools())


async def llamaindex() -> list[LlamaIndexTool]:
    composio = AsyncComposio(provider=LlamaIndexProvider())
    return await weather.AsyncWeather(composio, user_id="user_1").tools()
