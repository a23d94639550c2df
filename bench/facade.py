"""Type checking through the typed facade: an application that calls 5 tools with
``typed(client).tools.execute("SLUG", {...})`` over the whole shared corpus output, through the
folder's facade (over every toolkit, then with ``typed_toolkits`` naming the four it calls)
and through each toolkit's own facade, and over the largest toolkit alone (github's own
facade), each against the same 5 calls through the typed wrappers, measured alternately in
the same run; and jedi completing a slug.

mypy runs ``--strict`` with only what ``pip install toolstubs`` installs
(``tests.checkers.runtime_only_environment``), cold (an empty cache) and warm (the cache of a
cold run); pyright keeps no cache between runs, so each run is cold.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import replace
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
    composio.tools.execute("GOOGLEDRIVE_FIND_FILE", {"pageSize": 10}, user_id="u1")
    found = composio.tools.execute("NOTION_SEARCH_NOTION_PAGE", {"query": "roadmap"}, user_id="u1")
    return int(repo["successful"]) + int(issue["successful"]) + int(found["successful"])
'''

WRAPPER_APP = '''"""The same five calls through the typed wrappers of their toolkits."""

from corpus_out import github, gmail, googledrive, notion
from runtime import Composio


def triage(client: Composio) -> int:
    repo = github.Github(client, user_id="u1").get_a_repository(owner="acme", repo="app")
    issue = github.Github(client, user_id="u1").create_an_issue(owner="acme", repo="app", title="Crash", labels=["bug"])
    gmail.Gmail(client, user_id="u1").fetch_emails(max_results=5)
    googledrive.Googledrive(client, user_id="u1").find_file(pageSize=10)
    found = notion.Notion(client, user_id="u1").search_notion_page(query="roadmap")
    return int(repo.successful) + int(issue.successful) + int(found.successful)
'''

SPLIT_APP = '''"""The same five calls, each through its own toolkit's facade."""

from corpus_out import github, gmail, googledrive, notion
from runtime import Composio


def triage(client: Composio) -> int:
    repo = github.typed(client).tools.execute("GITHUB_GET_A_REPOSITORY", {"owner": "acme", "repo": "app"}, user_id="u1")
    issue = github.typed(client).tools.execute(
        "GITHUB_CREATE_AN_ISSUE", {"owner": "acme", "repo": "app", "title": "Crash", "labels": ["bug"]}, user_id="u1"
    )
    gmail.typed(client).tools.execute("GMAIL_FETCH_EMAILS", {"max_results": 5}, user_id="u1")
    googledrive.typed(client).tools.execute("GOOGLEDRIVE_FIND_FILE", {"pageSize": 10}, user_id="u1")
    found = notion.typed(client).tools.execute("NOTION_SEARCH_NOTION_PAGE", {"query": "roadmap"}, user_id="u1")
    return int(repo["successful"]) + int(issue["successful"]) + int(found["successful"])
'''

GITHUB_FACADE_APP = '''"""Five dynamic calls, checked through the github toolkit's facade."""

from corpus_out import github
from runtime import Composio


def triage(client: Composio) -> int:
    composio = github.typed(client)
    repo = composio.tools.execute("GITHUB_GET_A_REPOSITORY", {"owner": "acme", "repo": "app"}, user_id="u1")
    issue = composio.tools.execute(
        "GITHUB_CREATE_AN_ISSUE", {"owner": "acme", "repo": "app", "title": "Crash", "labels": ["bug"]}, user_id="u1"
    )
    composio.tools.execute("GITHUB_ADD_LABELS_TO_AN_ISSUE", {"owner": "acme", "repo": "app", "issue_number": 1, "labels": ["p1"]})
    composio.tools.execute("GITHUB_CREATE_AN_ISSUE_COMMENT", {"owner": "acme", "repo": "app", "issue_number": 1, "body": "Looking."})
    found = composio.tools.execute("GITHUB_GET_AN_ISSUE", {"owner": "acme", "repo": "app", "issue_number": 1})
    return int(repo["successful"]) + int(issue["successful"]) + int(found["successful"])
'''

# jedi completes no string inside a call (not even for a one-overload Literal parameter), so
# the slug is completed as the toolkit's Slug constant, which every overload accepts.
_PROBE = """
import json, sys, time
import jedi
jedi.settings.cache_directory = sys.argv[2]
def complete(source):
    lines = source.split("\\n")
    script = jedi.Script(source, path=sys.argv[1] + "/usage.py", project=jedi.Project(sys.argv[1]))
    return [c.name for c in script.complete(len(lines), len(lines[-1]))]
head = "from corpus_out import github\\nfrom runtime import Composio\\ntools = github.typed(Composio(api_key='k')).tools\\n"
times, names = [], []
for _ in range(2):
    started = time.perf_counter()
    names = complete(head + "tools.execute(github.Slug.GET_A_REPO")
    times.append(time.perf_counter() - started)
in_string = complete(head + 'tools.execute("GITHUB_GET_A_REPO')
print(json.dumps({"cold": times[0], "warm": times[1], "names": names, "in_string": len(in_string)}))
"""


#: The toolkits FACADE_APP calls, named in ``typed_toolkits`` for the "lite" measurement.
LITE = ("github", "gmail", "googledrive", "notion")


def figures(quick: bool, rounds: int) -> list[Figure]:
    return [*_whole_folder(rounds), *_one_toolkit(rounds)]


def _whole_folder(rounds: int) -> list[Figure]:
    """The facade over every corpus toolkit, then with ``typed_toolkits`` naming only the four the
    application calls, each against the same calls through the wrappers."""
    from tests.conformance import corpus

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        tools = corpus.catalog()
        corpus.generate(work, tools).check_returncode()
        every = _checked(work, "facade_app.py", FACADE_APP, "wrapper_app.py", WRAPPER_APP, rounds)
        corpus.generate(work, tools, *(f"--typed-toolkit={slug}" for slug in LITE)).check_returncode()
        lite = _checked(work, "facade_app.py", FACADE_APP, "wrapper_app.py", WRAPPER_APP, rounds)
        (work / "pyproject.toml").write_text("[tool.toolstubs]\ntyped_toolkits = []\n", encoding="utf-8")
        corpus.generate(work, tools).check_returncode()
        split = _checked(work, "split_app.py", SPLIT_APP, "wrapper_app.py", WRAPPER_APP, rounds)
    note = (
        f"5 calls through `from corpus_out import typed` over all {len(tools)} corpus tools; "
        "baseline: the same calls through the toolkits' wrappers (which pay for the folder's facade "
        "too: the output package imports it for checkers)"
    )
    lite_note = (
        f"the same, generated with `--typed-toolkit` {', '.join(LITE)} (the toolkits the calls use): "
        "the folder's overloads cover their tools only; 3 of the 5 calls come after github's overloads"
    )
    split_note = (
        "the same 5 calls, each through its own toolkit's `typed` (github's has 831 overloads), in the "
        "same folder generated with `typed_toolkits = []`, so the output package's `typed` reads no toolkit"
    )
    return [
        *(replace(figure, name="whole-folder " + figure.name, note=note) for figure in every),
        *(replace(figure, name="whole-folder, typed_toolkits " + figure.name, note=lite_note) for figure in lite),
        *(
            replace(figure, name="per-toolkit facades in the corpus folder: " + figure.name, note=split_note)
            for figure in split
        ),
    ]


def _one_toolkit(rounds: int) -> list[Figure]:
    """The github toolkit's own facade, against the same calls through its wrapper class."""
    from bench import largest
    from bench.typecheck import APP

    with largest.github() as (work, tools), tempfile.TemporaryDirectory() as cache:
        found = _checked(work, "facade_app.py", GITHUB_FACADE_APP, "wrapper_app.py", APP, rounds)
        probe = subprocess.run(
            python("-c", _PROBE, str(work), cache), cwd=REPO, env=ENV, capture_output=True, text=True, check=True
        )
    note = (
        f"5 calls through `github.typed` over its {len(tools)} tools; baseline: the same calls through `github.Github`"
    )
    completion = json.loads(probe.stdout)
    offered = [name for name in completion["names"] if name.startswith("GET_A_REPO")]
    return [
        *(replace(figure, name="github " + figure.name, note=note) for figure in found),
        Figure(
            "github facade: jedi completes the slug `tools.execute(github.Slug.GET_A_REPO`, warm",
            completion["warm"] * 1000,
            None,
            "ms",
            "≤ 1,000 ms",
            completion["warm"] <= 1.0 and bool(offered),
            f"{len(offered)} slugs offered, cold {completion['cold'] * 1000:,.0f} ms; inside a string "
            f'`"GITHUB_GET_A_REPO` jedi offers {completion["in_string"]} (it completes no Literal value)',
        ),
    ]


def _checked(work: Path, app: str, text: str, baseline: str, baseline_text: str, rounds: int) -> list[Figure]:
    """mypy cold and warm, and pyright, on ``app`` against ``baseline``, alternated."""
    (work / app).write_text(text, encoding="utf-8")
    (work / baseline).write_text(baseline_text, encoding="utf-8")
    lean = work / "lean" / "bin" / "python"  # made by the first section that checks in ``work``
    if not lean.exists():
        lean = checkers.runtime_only_environment(work / "lean")
    mypy = mypy_runner(work, lean)
    cold, cold_baseline = alternate(lambda: mypy(app, None), lambda: mypy(baseline, None), rounds=max(1, rounds - 1))
    warm_cache, warm_baseline_cache = tempfile.mkdtemp(dir=work), tempfile.mkdtemp(dir=work)
    mypy(app, warm_cache)
    mypy(baseline, warm_baseline_cache)
    warm, warm_baseline = alternate(
        lambda: mypy(app, warm_cache), lambda: mypy(baseline, warm_baseline_cache), rounds=rounds
    )
    pyright = pyright_runner(work, lean)
    pyright_time, pyright_baseline = alternate(lambda: pyright(app), lambda: pyright(baseline), rounds=rounds)
    return [
        Figure("facade: mypy --strict, cold", cold, cold_baseline, "s", "≤ 10 s", cold <= 10.0),
        Figure("facade: mypy --strict, warm", warm, warm_baseline, "s", "≤ 1 s", warm <= 1.0),
        Figure("facade: pyright --strict", pyright_time, pyright_baseline, "s", "≤ 5 s", pyright_time <= 5.0),
    ]
