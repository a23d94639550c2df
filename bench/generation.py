"""Generation: cold against stock datamodel-code-generator; no-op, check and one changed tool against the cold run."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.measure import ENV, REPO, Figure, alternate, best, children_peak_mb, python, timed


def _catalog(quick: bool) -> list[dict[str, Any]]:
    from tests.conformance import corpus

    tools = corpus.composio_catalog()
    return tools[:300] if quick else tools


def figures(quick: bool, rounds: int) -> list[Figure]:
    """Cold, no-op, check and one-changed-tool figures over the shared corpus."""
    tools = _catalog(quick)
    work = Path(tempfile.mkdtemp(prefix="toolstubs-bench-"))
    try:
        (work / "catalog.json").write_text(json.dumps(tools), encoding="utf-8")
        generate = python("-m", "codegen.cli.main", "generate", "--source", "catalog.json", "--out", "out")
        cold_env = {**ENV, "TOOLSTUBS_NO_CACHE": "1"}

        def ours_cold() -> float:
            shutil.rmtree(work / "out", ignore_errors=True)
            (work / "toolstubs.lock").unlink(missing_ok=True)
            return timed(generate, work, cold_env)

        def stock() -> float:
            return timed(python(str(REPO / "bench" / "stock_dcg.py"), "catalog.json"), work)

        cold, baseline = alternate(ours_cold, stock, rounds=rounds)
        peak = children_peak_mb()
        timed(generate, work)  # fill the build cache
        noop = best(lambda: timed(generate, work), rounds)
        check = best(lambda: timed([*generate[:3], "check", *generate[4:]], work), rounds)

        def one_changed() -> float:
            changed = json.loads((work / "catalog.json").read_text())
            changed[0]["description"] = f"{changed[0].get('description', '')} (changed {os.urandom(4).hex()})"
            (work / "catalog.json").write_text(json.dumps(changed), encoding="utf-8")
            return timed(generate, work)

        one = best(one_changed, rounds)
        n = len(tools)
        return [
            Figure(
                f"cold generate, {n:,} tools (vs stock DCG, models only)",
                cold,
                baseline,
                "s",
                "≤ 0.6×",
                cold <= 0.6 * baseline,
                f"peak RSS {peak:.0f} MB",
            ),
            Figure("generate, nothing changed (vs cold)", noop, cold, "s", "≤ 1 s", noop <= 1.0),
            Figure("check, nothing changed (vs cold)", check, cold, "s", "≤ 1 s", check <= 1.0),
            Figure("generate, one tool changed (vs cold)", one, cold, "s", "≤ 1.5 s", one <= 1.5),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
