"""Import cost in fresh interpreters: the runtime against ``import pydantic, httpx``.

``import runtime`` loads only the package (every name loads on first use), so the figure
with a goal is the runtime made ready: the client and every name generated code imports
(``ToolSpec``, ``Toolkit``, ``Omittable`` and the rest) read. Toolkit rows are measured
above that, in the process that made the runtime ready (two processes' times differ by more
than the goal's 30 ms, one process's steps do not), and the whole path is set against what
one pydantic model class costs after ``import pydantic, httpx`` (the floor any generated
model sits on). All are byte-compiled, as after ``pip install``. Where the time goes
(``python -X importtime -c "from runtime import Composio, Toolkit, ToolSpec"``):
pydantic's model machinery, imported when the first model class is built, and the
runtime's own model classes.
"""

from __future__ import annotations

import functools
import subprocess

from bench import largest
from bench.measure import ENV, REPO, Figure, alternate, python

# What any code with one pydantic model pays: pydantic's model machinery loads with the first class.
PEERS = "import pydantic, httpx"
MODEL_FLOOR = f"{PEERS}; pydantic.create_model('M', x=(int, 1))"
_TIMED = "import time; {before}; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
# What an application and its generated toolkits read from the runtime.
READY = "from runtime import Composio, AsyncToolkit, ModelOrDict, Omittable, OpenModel, Toolkit, ToolOutcome, ToolSpec, UNSET, Unset"


def _seconds(code: str, env: dict[str, str] = ENV, before: str = "pass") -> float:
    """Seconds ``code`` takes in a fresh interpreter, after ``before`` (not timed) ran there."""
    done = subprocess.run(
        python("-c", _TIMED.format(before=before, code=code)),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def _compiled(*folders: str) -> None:
    """Byte-compile ``folders`` first, as an install does (the machine may set PYTHONDONTWRITEBYTECODE)."""
    env = {key: value for key, value in ENV.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(python("-m", "compileall", "-q", *folders), cwd=REPO, env=env, check=True)


def figures(quick: bool, rounds: int) -> list[Figure]:
    _compiled("runtime", "generated")
    toolkit_code = "from generated import acme_tracker; acme_tracker.AcmeTracker; acme_tracker.CreateIssueInput"
    package, runtime, peers, above, floor = alternate(
        functools.partial(_seconds, "import runtime"),
        functools.partial(_seconds, READY),
        functools.partial(_seconds, PEERS),
        functools.partial(_seconds, toolkit_code, before=READY),
        functools.partial(_seconds, MODEL_FLOOR),
        rounds=max(rounds, 5),
    )
    toolkit = runtime + above
    return [
        Figure("import runtime, the package alone (vs import pydantic, httpx)", package * 1000, peers * 1000, "ms"),
        Figure(
            "runtime ready: the client and what generated code imports (vs import pydantic, httpx)",
            runtime * 1000,
            peers * 1000,
            "ms",
            "≤ 1.3×",
            runtime <= 1.3 * peers,
        ),
        Figure(
            "runtime ready + a toolkit, its class and a tool module (vs runtime ready)",
            toolkit * 1000,
            runtime * 1000,
            "ms",
            "≤ +30 ms",
            above <= 0.030,
            f"the embedded acme_tracker toolkit, not github; {above * 1000:.1f} ms above runtime ready, in its process",
        ),
        Figure(
            "runtime ready + a toolkit, its class and a tool module (vs import pydantic, httpx + one model class)",
            toolkit * 1000,
            floor * 1000,
            "ms",
            "",
            None,
            "no goal: how far the whole path is from what one pydantic model costs",
        ),
    ]


def largest_figures(quick: bool, rounds: int) -> list[Figure]:
    """The largest corpus toolkit: its package, its class and the first typed call's module,
    above the runtime made ready, measured in the same run."""
    rounds = max(rounds, 5)
    with largest.github() as (work, tools):
        _compiled(str(work))
        env = {**ENV, "PYTHONPATH": f"{REPO}:{work}"}
        first_call = "from corpus_out import github; github.Github; import corpus_out.github.create_an_issue"
        runtime, above = alternate(
            lambda: _seconds(READY, env), lambda: _seconds(first_call, env, before=READY), rounds=rounds
        )
    toolkit = runtime + above
    return [
        Figure(
            "import github + its class + a tool module (vs runtime ready)",
            toolkit * 1000,
            runtime * 1000,
            "ms",
            "≤ +30 ms",
            above <= 0.030,
            f"the largest corpus toolkit, {len(tools)} tools; {above * 1000:.1f} ms above runtime ready, in its process",
        )
    ]
