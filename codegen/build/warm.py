"""A build worker started before the catalog is read, so that importing
datamodel-code-generator (about half a second, most of a rerun that rebuilds a few tools)
happens on another core while this process reads and hashes the catalog.

It starts only where this process has not imported DCG yet (a caller that has builds in
its own process at no import cost) and runs no other thread (a forked child of a process
with threads, such as a library caller's or a pytest-xdist worker's, can deadlock on a lock
another thread held at the fork, and the run would wait for it for ever). It builds the few tools a rerun finds missing from the
cache, and is stopped when the run ends. A large run uses the process pool instead, and a
run with nothing to build only stops it. If the worker fails in any way (it died, an answer
did not arrive), the tools are built in this process, as they would have been without it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any

from codegen.build import models

Build = Callable[[Sequence[Any]], list[Any]]


def quiet_worker() -> None:
    """A worker process ends silently when its parent stops it: SIGTERM at its default action,
    not the CLI's handler it inherited (which raised ``SystemExit(143)`` in the worker and could
    print a stray line)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _serve(connection: Connection, parents: Connection, build: Build) -> None:
    """The worker: warm DCG up, then build each batch of jobs it is sent until told to stop
    or its parent is gone (``parents``: the parent's end, inherited, closed here so that the
    parent's death reads as the end of the pipe)."""
    quiet_worker()
    parents.close()
    models.warm_up()
    while True:
        try:
            jobs = connection.recv()
        except EOFError:
            return
        if jobs is None:
            return
        connection.send(build(jobs))


class WarmBuilder:
    """One worker process with DCG imported (or importing), building jobs on request."""

    def __init__(self, build: Build) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, self._connection, build), daemon=True)
        self._process.start()
        theirs.close()

    def build(self, jobs: Sequence[Any]) -> list[Any] | None:
        """``build(jobs)`` in the worker, or ``None`` when the worker could not give it."""
        try:
            self._connection.send(list(jobs))
            results = self._connection.recv()
        except (OSError, EOFError, ValueError):
            self.stop()
            return None
        return results if isinstance(results, list) and len(results) == len(jobs) else None

    def stop(self) -> None:
        """Stop the worker at once, whatever it is doing."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)
        self._connection.close()


def _runs_other_threads() -> bool:
    """Whether any thread besides this one runs here, counted by the kernel where it can be
    (threads started below :mod:`threading`, as execnet's and C libraries', count too)."""
    try:
        return len(os.listdir("/proc/self/task")) > 1
    except OSError:
        return threading.active_count() > 1


@contextlib.contextmanager
def builder(build: Build) -> Iterator[WarmBuilder | None]:
    """A warm builder for the block, or ``None`` where it would not save the import (DCG is
    already imported here), could deadlock (other threads run here) or cannot start."""
    if "datamodel_code_generator.config" in sys.modules or _runs_other_threads():
        yield None
        return
    try:
        warm = WarmBuilder(build)
    except OSError:
        yield None
        return
    try:
        yield warm
    finally:
        warm.stop()
