"""The demo server's tools that ask something of the client, each listed only when the client
declares the capability it needs (as the MCP reference server does):

* ``summarize`` asks for a model's completion (``sampling``);
* ``ask_name`` asks the user through a form (``elicitation``);
* ``list_folders`` asks for the client's roots (``roots``);
* ``count_down`` (always listed) reports its progress.

On a handshake-era connection the server sends the request itself; on a 2026-07-28 one it
answers ``input_required`` and reads the client's answer when the call comes back.
"""

from __future__ import annotations

from typing import Any

import mcp_types as types
from mcp.server import ServerRequestContext
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

_EMPTY = {"type": "object", "properties": {}}
_TEXT = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
_FORM = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
NEEDS = {
    "summarize": types.ClientCapabilities(sampling=types.SamplingCapability()),
    "ask_name": types.ClientCapabilities(elicitation=types.ElicitationCapability()),
    "list_folders": types.ClientCapabilities(roots=types.RootsCapability()),
}


def tools(ctx: ServerRequestContext[Any]) -> list[types.Tool]:
    """The asking tools this client can serve."""
    described = {
        "summarize": ("Summarize a text with the client's model.", _TEXT),
        "ask_name": ("Ask the user for their name.", _EMPTY),
        "list_folders": ("The folders the client lets the server use.", _EMPTY),
    }
    listed = [
        types.Tool(name=name, description=description, input_schema=schema)
        for name, (description, schema) in described.items()
        if ctx.session.check_client_capability(NEEDS[name])
    ]
    counting = {"type": "object", "properties": {"steps": {"type": "integer", "minimum": 1}}, "required": ["steps"]}
    return [
        *listed,
        types.Tool(name="count_down", description="Count down, reporting progress.", input_schema=counting),
    ]


def _request(
    name: str, arguments: dict[str, Any]
) -> types.CreateMessageRequest | types.ElicitRequest | types.ListRootsRequest:
    if name == "summarize":
        message = types.SamplingMessage(role="user", content=types.TextContent(type="text", text=arguments["text"]))
        return types.CreateMessageRequest(params=types.CreateMessageRequestParams(messages=[message], max_tokens=50))
    if name == "ask_name":
        form = types.ElicitRequestFormParams(message="What is your name?", requested_schema=_FORM)
        return types.ElicitRequest(params=form)
    return types.ListRootsRequest()


async def _asked(ctx: ServerRequestContext[Any], name: str, arguments: dict[str, Any]) -> Any:
    """The client's answer, asked over the live connection (handshake era)."""
    request = _request(name, arguments)
    if isinstance(request, types.CreateMessageRequest):
        return await ctx.session.create_message(request.params.messages, max_tokens=50)
    if isinstance(request, types.ElicitRequest):
        return await ctx.session.elicit_form("What is your name?", _FORM)
    return await ctx.session.list_roots()


def _text(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)])


def _said(name: str, answer: Any) -> types.CallToolResult:
    if name == "summarize":
        return _text(f"summary: {answer.content.text}")
    if name == "ask_name":
        return _text(
            f"hello, {answer.content['name']}" if answer.action == "accept" else f"the user chose {answer.action}"
        )
    return _text(" ".join(str(root.uri) for root in answer.roots))


async def call(
    ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
) -> types.CallToolResult | types.InputRequiredResult | None:
    """The asking tools' answers (``None`` for another tool)."""
    arguments = params.arguments or {}
    if params.name == "count_down":
        for step in range(arguments["steps"]):
            await ctx.session.report_progress(step + 1, arguments["steps"], f"step {step + 1}")
        return _text("lift-off")
    if params.name not in NEEDS:
        return None
    if ctx.protocol_version not in MODERN_PROTOCOL_VERSIONS:
        return _said(params.name, await _asked(ctx, params.name, arguments))
    answers = params.input_responses or {}
    if "answer" not in answers:
        return types.InputRequiredResult(input_requests={"answer": _request(params.name, arguments)})
    return _said(params.name, answers["answer"])
