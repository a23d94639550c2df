"""Starting the demo MCP server for tests: its stdio command, and a streamable-HTTP server
on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.timing import seconds

DEMO = Path(__file__).resolve().parent / "demo_server.py"


def demo_command(*flags: str) -> list[str]:
    """The argv that runs the demo server over stdio."""
    return [sys.executable, str(DEMO), *flags]


def demo_line(*flags: str) -> str:
    """The same, as one ``COMMAND ARGS`` text (for ``--mcp`` and pyproject)."""
    return subprocess.list2cmdline(demo_command(*flags)) if sys.platform == "win32" else " ".join(demo_command(*flags))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def demo_http(*flags: str) -> Iterator[str]:
    """The demo server over streamable HTTP on loopback; yields its endpoint URL."""
    port = _free_port()
    process = subprocess.Popen([*demo_command(*flags), "--http", str(port)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + seconds(30)
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the demo HTTP server did not start: {process.stderr.read() if process.stderr else ''}"
                    ) from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(10)


TIME_SERVER = "mcp-server-time==2026.10.19"  # a real MCP server from PyPI, in a venv of its own


def time_server_command() -> list[str] | str:
    """The argv of ``mcp-server-time`` from its own virtual environment (made once, then
    reused from the user's cache folder), or why it cannot be had (no package index)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "toolstubs-tests"
    venv = cache / TIME_SERVER.replace("==", "-")
    executable = venv / ("Scripts" if sys.platform == "win32" else "bin") / "mcp-server-time"
    stamp = venv / ".installed"
    cache.mkdir(parents=True, exist_ok=True)
    with _locked(cache / f"{venv.name}.lock"):
        return _made(venv, executable, stamp)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One test process at a time makes the venv (pytest-xdist workers share the cache)."""
    with open(path, "w") as handle:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _made(venv: Path, executable: Path, stamp: Path) -> list[str] | str:
    if not stamp.is_file():
        shutil.rmtree(venv, ignore_errors=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, check=False)
        pip = venv / ("Scripts" if sys.platform == "win32" else "bin") / "pip"
        installed = made.returncode == 0 and subprocess.run(
            [str(pip), "install", "--quiet", "--disable-pip-version-check", TIME_SERVER],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if not installed or installed.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            reason = installed.stderr[-500:] if installed else made.stderr[-500:]
            return f"cannot install {TIME_SERVER} into its own venv (is the package index reachable?): {reason}"
        stamp.write_text(TIME_SERVER, encoding="utf-8")
    return [str(executable), "--local-timezone", "UTC"]
