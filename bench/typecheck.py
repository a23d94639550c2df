"""Type checking an application that calls 5 tools of the largest corpus toolkit (github, 823
tools): ``mypy --strict`` cold (empty cache) and warm (the cache of the cold run), and
``pyright --strict`` (it keeps no cache between runs, so every run is cold).

The checkers run in an environment with only what ``pip install toolstubs`` installs
(``tests.checkers.runtime_only_environment``), and the baseline is the same application against the same toolkit
written as one module (:mod:`bench.monolithic`), measured alternately. A last row shows what the
test venv's framework SDKs cost a cold mypy run: mypy analyses every installed SDK that the
runtime's provider modules name (anthropic alone is 3,000 modules), whether the application uses
that provider or not.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench import largest, monolithic
from bench.measure import ENV, REPO, Figure, alternate, python, timed
from tests import checkers

APP = '''"""Five typed calls against the github toolkit."""

from corpus_out import github
from runtime import Composio


def triage(client: Composio) -> int:
    kit = github.Github(client, user_id="user_1")
    repo = kit.get_a_repository(owner="acme", repo="app")
    issue = kit.create_an_issue(owner="acme", repo="app", title="Crash on start", labels=["bug"])
    kit.add_labels_to_an_issue(owner="acme", repo="app", issue_number=1, labels=["p1"])
    kit.create_an_issue_comment(owner="acme", repo="app", issue_number=1, body="Looking.")
    found = kit.get_an_issue(owner="acme", repo="app", issue_number=1)
    return int(repo.ok is True) + int(issue.ok is True) + int(found.ok is True)
'''

RUNTIME_ONLY = '''"""Only the runtime: what a cold mypy run costs before any toolkit."""

from runtime import Composio


def client() -> Composio:
    return Composio(api_key="k")
'''


def figures(quick: bool, rounds: int) -> list[Figure]:
    with largest.github() as (work, tools):
        monolithic.rewrite(work / "corpus_out" / "github", work)
        (work / "app.py").write_text(APP, encoding="utf-8")
        (work / "app_mono.py").write_text(APP.replace("corpus_out", monolithic.PACKAGE), encoding="utf-8")
        (work / "runtime_only.py").write_text(RUNTIME_ONLY, encoding="utf-8")
        lean = checkers.runtime_only_environment(work / "lean")
        mypy = mypy_runner(work, lean)
        cold, cold_mono = alternate(
            lambda: mypy("app.py", None), lambda: mypy("app_mono.py", None), rounds=max(1, rounds - 1)
        )
        warm_cache, warm_mono_cache = tempfile.mkdtemp(dir=work), tempfile.mkdtemp(dir=work)
        mypy("app.py", warm_cache)
        mypy("app_mono.py", warm_mono_cache)
        warm, warm_mono = alternate(
            lambda: mypy("app.py", warm_cache), lambda: mypy("app_mono.py", warm_mono_cache), rounds=rounds
        )
        pyright = pyright_runner(work, lean)
        pyright_time, pyright_mono = alternate(lambda: pyright("app.py"), lambda: pyright("app_mono.py"), rounds=rounds)
        figures = [
            Figure("mypy --strict, app on github, cold", cold, cold_mono, "s", "≤ 5 s", cold <= 5.0),
            Figure("mypy --strict, app on github, warm", warm, warm_mono, "s", "≤ 1 s", warm <= 1.0),
            Figure("pyright --strict, app on github", pyright_time, pyright_mono, "s", "≤ 5 s", pyright_time <= 5.0),
        ]
        note = f"an app calling 5 of {len(tools)} tools, runtime's dependencies only; baseline: one-module toolkit"
        figures = [Figure(f.name, f.ours, f.baseline, f.unit, f.goal, f.met, note) for f in figures]
        if not quick:
            every_sdk = mypy_runner(work, Path(sys.executable))
            full, runtime_only = alternate(
                lambda: every_sdk("app.py", None), lambda: every_sdk("runtime_only.py", None), rounds=1
            )
            figures.append(
                Figure(
                    "mypy --strict, the same app, cold, in the test venv",
                    full,
                    runtime_only,
                    "s",
                    note="every provider SDK installed; baseline: an app importing only runtime.Composio there",
                )
            )
    return figures


def mypy_runner(work: Path, interpreter: Path) -> Callable[[str, str | None], float]:
    """Runs ``mypy --strict`` on one file with ``interpreter``'s packages; a fresh cache unless given."""
    config = ["--config-file", str(REPO / "pyproject.toml"), "--strict", "--python-executable", str(interpreter)]

    def run(app: str, cache: str | None) -> float:
        folder = cache or tempfile.mkdtemp(dir=work)
        return timed(python("-m", "mypy", *config, "--cache-dir", folder, app), work, ENV, ok=(0,))

    return run


def pyright_runner(work: Path, interpreter: Path) -> Callable[[str], float]:
    (work / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "strict"}), encoding="utf-8")
    command = [str(Path(sys.executable).parent / "pyright"), "--pythonpath", str(interpreter)]
    return lambda app: timed([*command, app], work, ENV, ok=(0,))
