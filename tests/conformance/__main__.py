"""``python -m tests.conformance [--examples N] [--jobs N] [--work DIR]``: print the conformance report.

Exit status 0 when every tool generates, imports, passes ``mypy --strict``, accepts its
schema's examples and agrees with ``jsonschema`` outside the documented list; 1 otherwise;
2 when there is no corpus (set ``TOOLSTUBS_CORPUS``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.conformance.corpus import CORPUS
from tests.conformance.run import default_jobs, run


def main() -> int:
    parser = argparse.ArgumentParser(prog="./dev conformance", description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=3, help="instances drawn per tool (default 3)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="processes for the fidelity stage")
    parser.add_argument("--work", type=Path, help="folder for the generated corpus (default: a temporary one)")
    arguments = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: set TOOLSTUBS_CORPUS to ../shared/corpus", file=sys.stderr)
        return 2

    def say(stage: str) -> None:
        print(f"conformance: {stage}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="toolstubs-conformance-") as scratch:
        work = arguments.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        result = run(work.resolve(), arguments.examples, arguments.jobs, say)
    print(result.render())
    return 1 if result.failures() else 0


if __name__ == "__main__":
    raise SystemExit(main())
