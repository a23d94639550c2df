"""Timing helpers: best-of-N wall times, alternating two contenders, child processes' peak memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass(frozen=True)
class Figure:
    """One benchmark line: ours, the same-run baseline, and the goal on their ratio."""

    name: str
    ours: float
    baseline: float | None
    unit: str
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None


def best(run: Callable[[], float], rounds: int) -> float:
    return min(run() for _ in range(rounds))


def alternate(*runs: Callable[[], float], rounds: int) -> tuple[float, ...]:
    """Best of ``rounds`` for each run, the runs taking turns (the machine's speed drifts)."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        for run, taken in zip(runs, times, strict=True):
            taken.append(run())
    return tuple(min(taken) for taken in times)


def timed(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None, ok: Sequence[int] = (0, 1)) -> float:
    """Wall seconds of a child process; raises with its output when it exits other than ``ok``
    (0, or 1 for "differences found")."""
    started = time.perf_counter()
    _ran(command, subprocess.run(list(command), cwd=cwd, env=env or ENV, capture_output=True, text=True), ok)
    return time.perf_counter() - started


_WITH_PEAK = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def timed_with_peak(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds of a child process and the peak RSS (MB) of it and its own children,
    apart from any process run before it; raises with its stderr when it fails."""
    started = time.perf_counter()
    done = _ran(
        command,
        subprocess.run(python("-c", _WITH_PEAK, *command), cwd=cwd, env=env or ENV, capture_output=True, text=True),
    )
    elapsed = time.perf_counter() - started
    return elapsed, int(done.stdout.strip().splitlines()[-1]) / 1024


def _ran(
    command: Sequence[str], done: subprocess.CompletedProcess[str], ok: Sequence[int] = (0, 1)
) -> subprocess.CompletedProcess[str]:
    """``done`` when its exit is one of ``ok``; else raises with its output."""
    if done.returncode not in ok:
        output = (done.stdout + done.stderr)[-2000:]
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{output}")
    return done


def children_peak_mb() -> float:
    """The largest resident set of any child process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def python(*args: str) -> list[str]:
    return [sys.executable, *args]
