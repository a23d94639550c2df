"""An OpenAI-style agent loop on toolstubs: tools from ``tools.get``, tool calls run by the provider.

Start a sandbox, then run this against it (no network, no OpenAI key)::

    toolstubs sandbox --catalog codegen/default_catalog --port 8000 &
    COMPOSIO_API_KEY=any python examples/agent_loop.py --base-url http://127.0.0.1:8000

The model is scripted so the example runs offline. With a real model, replace
``ScriptedModel().create`` by ``openai.OpenAI().chat.completions.create``: the tools and
responses have exactly the types the ``openai`` package expects.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import generated.weather  # importing a generated toolkit serves its pinned schemas offline
from runtime import Composio, ToolExecutionResponse, after_execute

USER_ID = "user_1"


class ScriptedModel:
    """Stands in for a chat model: first asks for a forecast, then answers from the tool result."""

    def create(self, messages: list[dict[str, Any]], tools: list[Any]) -> dict[str, Any]:
        offered = {tool["function"]["name"] for tool in tools}
        tool_results = [m for m in messages if m["role"] == "tool"]
        if not tool_results and "WEATHER_GET_FORECAST" in offered:
            arguments = json.dumps({"latitude": 48.86, "longitude": 2.35, "days": 2})
            call = {
                "id": "call_1",
                "type": "function",
                "function": {"name": "WEATHER_GET_FORECAST", "arguments": arguments},
            }
            return {"choices": [{"message": {"role": "assistant", "content": None, "tool_calls": [call]}}]}
        forecast = json.loads(tool_results[-1]["content"])
        days = forecast["data"]["days"]
        return {
            "choices": [
                {
                    "message": {
                        "role": "assistant",
                        "content": f"{len(days)} days forecast, first high {days[0]['high']}",
                    }
                }
            ]
        }


@after_execute(toolkits=["weather"])
def log_result(tool: str, toolkit: str, response: ToolExecutionResponse) -> ToolExecutionResponse:
    print(f"[{tool}] successful={response['successful']}")
    return response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    base_url = parser.parse_args().base_url
    with Composio(base_url=base_url, toolkit_versions={"weather": generated.weather.VERSION}) as composio:
        tools = composio.tools.get(USER_ID, toolkits=["weather"])
        model = ScriptedModel()
        messages: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Paris for two days?"}]
        while True:
            response = model.create(messages, tools)
            message = response["choices"][0]["message"]
            messages.append(message)
            calls = composio.provider.tool_calls(response)
            if not calls:
                print(f"assistant: {message['content']}")
                return
            results = composio.provider.handle_tool_calls(response, user_id=USER_ID, modifiers=[log_result])
            for call, result in zip(calls, results, strict=True):
                messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})


if __name__ == "__main__":
    main()
