"""Scaling: a cold ``generate`` of 1,000, 5,000 and 20,000 synthetic tools made from the
corpus' schemas, in tools per second (linear when the three are within 20 % of each other)
and peak memory.

A synthetic tool is a real one, copied: copy ``n`` of toolkit ``github`` is toolkit
``github<n>`` (so no toolkit grows past its real size) and its input gains an optional
``variant_<n>`` property, so no two tools share a schema. Each run starts in a new folder with
the built-tool cache on, as a user's first run does: the cache answers for nothing, but holds
every built tool until it is saved, which the peak includes.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.measure import ENV, Figure, python, timed_with_peak

SIZES = (1_000, 5_000, 20_000)


def synthetic(tools: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """``count`` tools: the corpus' tools in order, then renamed copies of them."""
    made = []
    for index in range(count):
        base = tools[index % len(tools)]
        variant = index // len(tools)
        tool = copy.deepcopy(base)
        if variant:
            toolkit = str(base["toolkit"]["slug"])
            tool["toolkit"] = {**base["toolkit"], "slug": f"{toolkit}{variant}"}
            tool["slug"] = f"{toolkit.upper()}{variant}{str(base['slug'])[len(toolkit) :]}"
            schema = tool.get("input_parameters")
            if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
                schema["properties"][f"variant_{variant}"] = {"type": "string", "description": f"Variant {variant}."}
        made.append(tool)
    return made


def _cold_run(tools: list[dict[str, Any]]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a first ``generate`` of ``tools`` in a new folder."""
    work = Path(tempfile.mkdtemp(prefix="toolstubs-scale-"))
    try:
        (work / "catalog.json").write_text(json.dumps(tools), encoding="utf-8")
        generate = python("-m", "codegen.cli.main", "generate", "--source", "catalog.json", "--out", "out")
        return timed_with_peak(generate, work, ENV)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def figures(quick: bool, rounds: int) -> list[Figure]:
    """Tools/s at each size against the smallest, and the peak RSS of the largest run."""
    if quick:
        return []
    from tests.conformance import corpus

    tools = corpus.composio_catalog()
    _cold_run(synthetic(tools, SIZES[0]))  # unmeasured: the first run after other work ran 40 % slow
    rates: dict[int, float] = {}
    peak = 0.0  # of the last, largest run
    for size in SIZES:
        seconds, peak = _cold_run(synthetic(tools, size))
        rates[size] = size / seconds
    smallest = rates[SIZES[0]]
    lines = [
        Figure(
            f"cold generate, {size:,} synthetic tools (tools/s vs {SIZES[0]:,})",
            rates[size],
            smallest,
            "tools/s",
            "within 20 %",
            abs(rates[size] / smallest - 1) <= 0.2,
        )
        for size in SIZES[1:]
    ]
    lines.append(Figure(f"peak RSS, {SIZES[-1]:,} synthetic tools", peak, None, "MB", "≤ 1 GB", peak <= 1024))
    return lines
