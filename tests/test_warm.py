"""The build worker started beside a run (codegen/build/warm.py): when it starts, and what it builds."""

from __future__ import annotations

import _thread
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from codegen.build import warm
from tests.conftest import REPO


@pytest.fixture
def dcg_not_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a fresh CLI process: the builder starts only where DCG is not imported yet."""
    monkeypatch.delitem(sys.modules, "datamodel_code_generator.config", raising=False)


@pytest.fixture
def a_thread_the_threading_module_does_not_know() -> Iterator[None]:
    """A thread started below :mod:`threading`, as execnet (pytest-xdist) and C libraries start them."""
    release, running = _thread.allocate_lock(), threading.Event()
    release.acquire()

    def wait() -> None:
        running.set()
        release.acquire()

    _thread.start_new_thread(wait, ())
    running.wait()
    try:
        yield
    finally:
        release.release()


def _doubled(jobs: Sequence[Any]) -> list[Any]:
    return [job * 2 for job in jobs]


@pytest.mark.usefixtures("dcg_not_imported", "a_thread_the_threading_module_does_not_know")
def test_no_worker_is_forked_from_a_process_that_runs_other_threads() -> None:
    """Forking a process that runs other threads can leave the child holding a lock no thread
    will release, and the run would wait for its answer for ever. An in-process build in a
    pytest-xdist worker forked one child per call: 600 in the hostile test under CI (265 s)."""
    with warm.builder(_doubled) as warmed:
        assert warmed is None


def test_a_single_threaded_process_builds_in_the_worker() -> None:
    """The CLI's case: one thread, DCG not imported; the worker answers in job order."""
    script = (
        "import sys; from codegen.build import warm; from tests.test_warm import _doubled\n"
        "assert 'datamodel_code_generator.config' not in sys.modules\n"
        "with warm.builder(_doubled) as warmed:\n"
        "    assert warmed is not None\n"
        "    print(warmed.build([1, 2, 3]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[2, 4, 6]"


def test_a_stopped_worker_ends_silently_by_the_signal_under_the_clis_sigterm_handler() -> None:
    """Regression (issue 26): the worker inherited the CLI's SIGTERM handler, which raises
    ``SystemExit(143)``; stopping it then ended it through Python's exit path, and one run
    printed a stray ``SystemExit: 143`` line. Now it dies by the signal, printing nothing."""
    script = (
        "import signal, sys; from codegen.build import warm; from codegen.cli import main as cli\n"
        "from tests.test_warm import _doubled\n"
        "signal.signal(signal.SIGTERM, cli._stop)\n"
        "worker = warm.WarmBuilder(_doubled)\n"
        "assert worker.build([1]) == [2]\n"
        "worker.stop()\n"
        "print(worker._process.exitcode)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-15" and "SystemExit" not in result.stderr
