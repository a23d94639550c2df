"""What the 2026-07-28 MCP protocol adds, as the clients see it (issue 31): listings that say
how long they stay fresh (``ttlMs``), results that are not objects, parameters sent as
headers. The demo server's ``--modern`` tools (``tests/mcpdemo/modern.py``)."""

from __future__ import annotations

import pytest

pytest.importorskip("mcp")

from runtime import McpClient
from tests.mcpdemo.servers import demo_command, demo_http


def _listings(client: McpClient) -> int:
    """How many ``tools/list`` requests the server answered (each page is one)."""
    return int(client.tools.execute("DEMO_LISTINGS", {})["data"][0]["text"])


@pytest.mark.parametrize(
    ("flags", "again"),
    [(("--ttl-ms", "600000"), 0), (("--ttl-ms", "0"), 3), (("--handshake-only",), 0)],
    ids=["fresh", "stale", "unsaid"],
)
def test_a_client_lists_again_once_the_listing_is_stale(flags: tuple[str, ...], again: int) -> None:
    """What a client hands out (``get``, ``list_tools``) is listed again once older than its
    ``ttlMs`` (``0``: stale at once; each listing is three pages here); a server that says
    nothing is listed once per session. A call uses the listing at hand."""
    with McpClient(command=demo_command("--modern", *flags), name="demo") as client:
        client.tools.list_tools()
        first = _listings(client)
        assert _listings(client) == first  # calls do not list
        client.tools.list_tools()
        assert _listings(client) == first + again


def test_a_structured_array_and_a_header_parameter_over_http() -> None:
    with demo_http("--modern") as url, McpClient(url=url, name="demo") as client:
        cities = client.tools.execute("DEMO_LIST_CITIES", {})
        where = client.tools.execute("DEMO_WHERE_IS", {"region": "eu-west"})
    assert cities["data"] == [{"name": "Oslo", "people": 709000}, {"name": "Bergen", "people": 291000}]
    assert where["data"][0]["text"] == "header: eu-west; argument: eu-west"
