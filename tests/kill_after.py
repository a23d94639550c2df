"""Run the ``toolstubs`` CLI and signal it at its N-th file-system operation (fault tests).

``python tests/kill_after.py N SIGNAL ARGS...`` counts calls to the ``os`` functions that
change the disk (and the folder exchange); at call N the process sends itself SIGNAL
(``KILL``, ``TERM``, ``INT``) before the operation. With N = 0 it runs to the end and
prints the count on stderr as ``operations: COUNT``.

It starts from the signal state of a command typed at a terminal (SIGINT and SIGTERM at
their default actions, neither blocked), whatever state the test process handed down: a
process started with SIGINT ignored never sees Ctrl-C, and the test would measure that
instead of the run.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from codegen.cli.main import main
from codegen.write import transaction

MUTATING = ["chmod", "fsync", "link", "mkdir", "rename", "replace", "rmdir", "symlink", "unlink"]


def _counting(function: Callable[..., Any], stop_at: int, signum: int, calls: list[int]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == stop_at:
            os.kill(os.getpid(), signum)
        return function(*args, **kwargs)

    return wrapper


def _as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def run(stop_at: int, signum: int, argv: list[str]) -> int:
    _as_from_a_terminal()
    calls = [0]
    for name in MUTATING:
        setattr(os, name, _counting(getattr(os, name), stop_at, signum, calls))
    transaction._exchange = _counting(transaction._exchange, stop_at, signum, calls)
    code = main(argv)
    print(f"operations: {calls[0]}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(run(int(sys.argv[1]), signal.Signals[f"SIG{sys.argv[2]}"], sys.argv[3:]))
