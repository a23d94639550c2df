"""Serving a sandbox over loopback HTTP with uvicorn, in a background thread or the foreground."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from runtime.sandbox.app import Sandbox

if TYPE_CHECKING:
    import uvicorn


def _server(app: Sandbox, host: str, port: int, log_level: str) -> uvicorn.Server:
    try:
        import uvicorn
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("the sandbox server needs uvicorn: pip install 'toolstubs[sandbox]'") from error
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on"))


@contextmanager
def serving(app: Sandbox, host: str = "127.0.0.1", port: int = 0) -> Generator[str, None, None]:
    """Run ``app`` in a background thread; yields its base URL (port 0: a free one)."""
    server = _server(app, host, port, "critical")
    thread = threading.Thread(target=server.run, name="toolstubs-sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the sandbox did not start on {host}:{port}")
        time.sleep(0.01)
    bound_port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def serve_forever(app: Sandbox, host: str, port: int) -> None:
    """Run ``app`` in the foreground until interrupted."""
    _server(app, host, port, "info").run()
