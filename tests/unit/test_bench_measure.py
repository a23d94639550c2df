"""bench/measure.py: the runs being compared take turns, and each keeps its best time."""

from __future__ import annotations

from collections.abc import Callable

from bench.measure import alternate


def test_alternate_takes_turns_and_keeps_each_runs_best() -> None:
    order: list[str] = []

    def run(name: str, times: list[float]) -> Callable[[], float]:
        def timed() -> float:
            order.append(name)
            return times.pop(0)

        return timed

    best = alternate(run("a", [3.0, 1.0, 2.0]), run("b", [5.0, 6.0, 4.0]), run("c", [9.0, 8.0, 7.0]), rounds=3)
    assert best == (1.0, 4.0, 7.0)
    assert order == ["a", "b", "c"] * 3
