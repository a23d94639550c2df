"""``toolstubs sandbox``: serve a catalog over the Composio tools API (needs ``toolstubs[sandbox]`` only).

It reads the catalog, refuses an address it cannot listen on before starting (a port in
use is exit 2, not a server dying mid-start), and runs :class:`runtime.sandbox.Sandbox`
under uvicorn until interrupted.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from codegen.shared.errors import UsageError, UserError
from codegen.shared.exits import EXIT_BAD_INPUT, EXIT_OK
from codegen.sources.catalog import load as load_catalog


def _check_port(host: str, port: int) -> None:
    """Refuse an address the sandbox cannot listen on (e.g. a port in use)."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        raise UsageError(
            f"cannot listen on {host}:{port} ({error.strerror or error}); pass another --port (or stop what uses it)"
        ) from error


def run(arguments: argparse.Namespace) -> int:
    """Serve ``--catalog`` on ``--host``:``--port``, with the ``--deprecate`` toolkit versions retired."""
    from runtime.sandbox import CatalogError, Sandbox, serve_forever
    from runtime.sandbox.lifecycle import parse_flag

    try:
        tools, problems = load_catalog(Path(arguments.catalog))
        for problem in problems:
            print(problem, file=sys.stderr)
        sandbox = Sandbox([tool.raw for tool in tools])
        for flag in arguments.deprecate:
            toolkit, version, sunset = parse_flag(flag)
            retired = sandbox.deprecate(toolkit, version, sunset_at=sunset)
            print(f"toolstubs sandbox: {toolkit}@{version}: {retired.changelog()}", file=sys.stderr)
        _check_port(arguments.host, arguments.port)
    except (UserError, CatalogError, ValueError) as error:
        print(f"toolstubs: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    where = f"http://{arguments.host}:{arguments.port}"
    print(
        f"toolstubs sandbox: {len(tools)} tools on {where} (any x-api-key; each call answers data made up from its"
        " output schema; Ctrl-C stops)",
        file=sys.stderr,
    )
    serve_forever(sandbox, arguments.host, arguments.port)
    return EXIT_OK
