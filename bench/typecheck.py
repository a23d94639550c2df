"""Type checking an application that calls 5 tools of the largest corpus toolkit (github, 823
tools): ``mypy --strict`` cold (empty cache) and warm (the cache of the cold run), and
``pyright --strict`` (it keeps no cache between runs, so every run is cold).

Not measured: the same application against a monolithic module (the issue's baseline); the
figures stand against the issue's goals (mypy cold ≤ 5 s, warm ≤ 1 s; pyright alike).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bench import largest
from bench.measure import ENV, REPO, Figure, best, python, timed

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


def figures(quick: bool, rounds: int) -> list[Figure]:
    with largest.github() as (work, tools):
        (work / "app.py").write_text(APP, encoding="utf-8")
        env = {**ENV, "PYTHONPATH": f"{REPO}:{work}"}
        config = ["--config-file", str(REPO / "pyproject.toml"), "--strict"]

        def mypy_cold() -> float:
            cache = tempfile.mkdtemp(dir=work)
            return timed(python("-m", "mypy", *config, "--cache-dir", cache, "app.py"), work, env)

        cold = best(mypy_cold, max(1, rounds - 1))
        warm_cache = tempfile.mkdtemp(dir=work)
        timed(python("-m", "mypy", *config, "--cache-dir", warm_cache, "app.py"), work, env)
        warm = best(
            lambda: timed(python("-m", "mypy", *config, "--cache-dir", warm_cache, "app.py"), work, env), rounds
        )
        pyright_config = work / "pyrightconfig.json"
        pyright_config.write_text(json.dumps({"typeCheckingMode": "strict", "extraPaths": [str(REPO)]}))
        pyright = [str(Path(sys.executable).parent / "pyright"), "--pythonpath", sys.executable, "app.py"]
        pyright_time = best(lambda: timed(pyright, work, env), rounds)
    note = f"an app calling 5 of {len(tools)} tools"
    return [
        Figure("mypy --strict, app on github, cold", cold, None, "s", "≤ 5 s", cold <= 5.0, note),
        Figure("mypy --strict, app on github, warm", warm, None, "s", "≤ 1 s", warm <= 1.0, note),
        Figure(
            "pyright --strict, app on github (no cache)", pyright_time, None, "s", "≤ 5 s", pyright_time <= 5.0, note
        ),
    ]
