"""A loopback HTTP/1.1 server that answers every request with canned bytes, in its own process.

The call benchmarks measure the client, so the server must cost as little as possible and
must not share the client's interpreter (a server thread would take the GIL from the
client being timed). This one parses only what keep-alive needs (the end of the headers
and ``content-length``) and answers ``POST`` with an executed tool and anything else with
a tool object. ``python -m bench.canned`` prints its port and serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator

from bench.measure import ENV, REPO, python

EXECUTED = json.dumps(
    {
        "data": {"place": "Berlin", "days": [{"date": "2025-01-01", "low": 1.0, "high": 5.0}]},
        "error": None,
        "successful": True,
    }
).encode()
TOOL = json.dumps(
    {
        "slug": "WEATHER_GET_FORECAST",
        "name": "Get forecast",
        "description": "",
        "version": "20250301_00",
        "toolkit": {"slug": "weather", "name": "Weather"},
        "input_parameters": {"type": "object", "properties": {}},
    }
).encode()


def _response(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    return head.encode() + body


_ANSWERS = {b"POST": _response(EXECUTED)}
_OTHER = _response(TOOL)


def _body_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


class _Canned(asyncio.Protocol):
    """One connection: answer each complete request as soon as its body has arrived."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.pending = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.pending += data
        while True:
            end = self.pending.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.pending[:end]
            complete = end + 4 + _body_length(head)
            if len(self.pending) < complete:
                return
            self.pending = self.pending[complete:]
            self.transport.write(_ANSWERS.get(head.split(b" ", 1)[0], _OTHER))


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Canned, "127.0.0.1", 0, backlog=512)
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)  # until the benchmark closes our stdin
    server.close()


@contextlib.contextmanager
def serving() -> Iterator[str]:
    """Run the server in a child process for the block; yields its base URL."""
    with subprocess.Popen(
        python("-m", "bench.canned"), cwd=REPO, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        try:
            yield f"http://127.0.0.1:{int(process.stdout.readline())}"
        finally:
            process.stdin.close()
            process.wait(timeout=10)


if __name__ == "__main__":
    asyncio.run(_serve())
