"""Editor completion on the largest corpus toolkit (github): jedi's first completion of
``toolkit.`` in a fresh process with an empty parse cache (cold), and the next one (warm).

There is no baseline to compare with; the figures are recorded for the issue's IDE proof.
"""

from __future__ import annotations

import json
import subprocess
import tempfile

from bench import largest
from bench.measure import ENV, REPO, Figure, python

_PROBE = """
import json, sys, time
import jedi
jedi.settings.cache_directory = sys.argv[2]
source = "from corpus_out import github\\nfrom runtime import Composio\\nkit = github.Github(Composio(api_key='k'))\\nkit."
lines = source.split("\\n")
times, count = [], 0
for _ in range(2):
    started = time.perf_counter()
    script = jedi.Script(source, path=sys.argv[1] + "/usage.py", project=jedi.Project(sys.argv[1]))
    count = len([c for c in script.complete(len(lines), len(lines[-1])) if not c.name.startswith("_")])
    times.append(time.perf_counter() - started)
print(json.dumps({"cold": times[0], "warm": times[1], "completions": count}))
"""


def figures(quick: bool, rounds: int) -> list[Figure]:
    with largest.github() as (work, tools), tempfile.TemporaryDirectory() as cache:
        done = subprocess.run(
            python("-c", _PROBE, str(work), cache), cwd=REPO, env=ENV, capture_output=True, text=True, check=True
        )
    result = json.loads(done.stdout)
    note = f"jedi, {result['completions']} public names offered for {len(tools)} tools"
    return [
        Figure(
            "IDE: complete `github_toolkit.`, cold (fresh process, empty cache)",
            result["cold"] * 1000,
            None,
            "ms",
            note=note,
        ),
        Figure("IDE: the same completion, warm", result["warm"] * 1000, None, "ms", note=note),
    ]
