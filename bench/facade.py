"""Type checking through the typed facade at the corpus's full size: an application that calls
5 tools with ``typed(client).tools.execute("SLUG", {...})`` over the whole shared corpus output
(every toolkit, one facade), against the same 5 calls through the typed wrappers of the toolkits
they belong to, measured alternately in the same run; and jedi completing a slug in
``tools.execute("GITHUB_...``.

mypy runs ``--strict`` with only what ``pip install toolstubs`` installs
(``tests.checkers.runtime_only_environment``), cold (an empty cache) and warm (the cache of a
cold run); pyright keeps no cache between runs, so each run is cold.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from bench.measure import ENV, REPO, Figure, alternate, python
from bench.typecheck import mypy_runner, pyright_runner
from tests import checkers

FACADE_APP = '''"""Five dynamic calls, checked through the facade over every toolkit."""

from corpus_out import typed
from runtime import Composio


def triage(client: Composio) -> int:
    composio = typed(client)
    repo = composio.tools.execute("GITHUB_GET_A_REPOSITORY", {"owner": "acme", "repo": "app"}, user_id="u1")
    issue = composio.tools.execute(
        "GITHUB_CREATE_AN_ISSUE", {"owner": "acme", "repo": "app", "title": "Crash", "labels": ["bug"]}, user_id="u1"
    )
    composio.tools.execute("GMAIL_FETCH_EMAILS", {"max_results": 5}, user_id="u1")
    composio.tools.execute("SLACK_LIST_ALL_CHANNELS", {"limit": 10}, user_id="u1")
    found = composio.tools.execute("NOTION_SEARCH_NOTION_PAGE", {"query": "roadmap"}, user_id="u1")
    return int(repo["successful"]) + int(issue["successful"]) + int(found["successful"])
'''

WRAPPER_APP = '''"""The same five calls through the typed wrappers of their toolkits."""

from corpus_out import github, gmail, notion, slack
from runtime import Composio


def triage(client: Composio) -> int:
    repo = github.Github(client, user_id="u1").get_a_repository(owner="acme", repo="app")
    issue = github.Github(client, user_id="u1").create_an_issue(owner="acme", repo="app", title="Crash", labels=["bug"])
    gmail.Gmail(client, user_id="u1").fetch_emails(max_results=5)
    slack.Slack(client, user_id="u1").list_all_channels(limit=10)
    found = notion.Notion(client, user_id="u1").search_notion_page(query="roadmap")
    return int(repo.successful) + int(issue.successful) + int(found.successful)
'''

_PROBE = """
import json, sys, time
import jedi
jedi.settings.cache_directory = sys.argv[2]
source = "from corpus_out import typed\\nfrom runtime import Composio\\ntyped(Composio(api_key='k')).tools.execute(\\"GITHUB_GET_A_REPO"
lines = source.split("\\n")
times, names = [], []
for _ in range(2):
    started = time.perf_counter()
    script = jedi.Script(source, path=sys.argv[1] + "/usage.py", project=jedi.Project(sys.argv[1]))
    names = [c.name for c in script.complete(len(lines), len(lines[-1]))]
    times.append(time.perf_counter() - started)
print(json.dumps({"cold": times[0], "warm": times[1], "names": names}))
"""


def figures(quick: bool, rounds: int) -> list[Figure]:
    from tests.conformance import corpus

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        tools = corpus.catalog()
        corpus.generate(work, tools).check_returncode()
        (work / "facade_app.py").write_text(FACADE_APP, encoding="utf-8")
        (work / "wrapper_app.py").write_text(WRAPPER_APP, encoding="utf-8")
        lean = checkers.runtime_only_environment(work / "lean")
        mypy = mypy_runner(work, lean)
        cold, cold_wrappers = alternate(
            lambda: mypy("facade_app.py", None), lambda: mypy("wrapper_app.py", None), rounds=max(1, rounds - 1)
        )
        warm_cache, warm_wrappers_cache = tempfile.mkdtemp(dir=work), tempfile.mkdtemp(dir=work)
        mypy("facade_app.py", warm_cache)
        mypy("wrapper_app.py", warm_wrappers_cache)
        warm, warm_wrappers = alternate(
            lambda: mypy("facade_app.py", warm_cache),
            lambda: mypy("wrapper_app.py", warm_wrappers_cache),
            rounds=rounds,
        )
        pyright = pyright_runner(work, lean)
        pyright_time, pyright_wrappers = alternate(
            lambda: pyright("facade_app.py"), lambda: pyright("wrapper_app.py"), rounds=rounds
        )
        with tempfile.TemporaryDirectory() as cache:
            probe = subprocess.run(
                python("-c", _PROBE, str(work), cache), cwd=REPO, env=ENV, capture_output=True, text=True, check=True
            )
    completion = json.loads(probe.stdout)
    note = f"an app making 5 calls through the facade over all {len(tools)} corpus tools; baseline: the same calls through the toolkits' wrappers"
    offered = [name for name in completion["names"] if name.startswith("GITHUB_GET_A_REPO")]
    return [
        Figure("facade: mypy --strict, cold", cold, cold_wrappers, "s", "≤ 10 s", cold <= 10.0, note),
        Figure("facade: mypy --strict, warm", warm, warm_wrappers, "s", "≤ 1 s", warm <= 1.0, note),
        Figure("facade: pyright --strict", pyright_time, pyright_wrappers, "s", "≤ 5 s", pyright_time <= 5.0, note),
        Figure(
            'facade: jedi completes `tools.execute("GITHUB_GET_A_REPO`, warm',
            completion["warm"] * 1000,
            None,
            "ms",
            "≤ 1,000 ms",
            completion["warm"] <= 1.0 and bool(offered),
            f"{len(offered)} slugs offered; cold {completion['cold'] * 1000:,.0f} ms",
        ),
    ]
