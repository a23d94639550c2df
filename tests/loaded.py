"""``./dev loaded [pytest args]``: the whole suite, twice, while every core is busy with other
work (one spinning process per core, at the suite's own priority), at the default time factor
(:mod:`tests.timing`). Exit 0 only when both runs pass; each run's summary line is printed."""

from __future__ import annotations

import os
import subprocess
import sys
import time

RUNS = 2
RUN_TIMEOUT = 3600  # seconds: a run that hangs keeps no core busy for longer
SPIN = "while True: pass"


def main(arguments: list[str]) -> int:
    spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(os.cpu_count() or 1)]
    codes = []
    try:
        for number in range(1, RUNS + 1):
            started = time.monotonic()
            command = [sys.executable, "-m", "pytest", "-n", "auto", "--dist", "loadgroup", "-q", *arguments]
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
            except subprocess.TimeoutExpired:
                print(f"loaded run {number}/{RUNS}: still running after {RUN_TIMEOUT} s; stopped", flush=True)
                codes.append(1)
                continue
            lines = result.stdout.strip().splitlines()
            summary = lines[-1] if lines else "(no output)"
            took = time.monotonic() - started
            print(f"loaded run {number}/{RUNS} ({len(spinners)} cores busy): {summary} in {took:.0f} s", flush=True)
            if result.returncode != 0:
                print(result.stdout[-20000:], result.stderr[-5000:], sep="\n", file=sys.stderr)
            codes.append(result.returncode)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    return 0 if all(code == 0 for code in codes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
