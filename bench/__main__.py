"""``python -m bench [--quick] [--rounds N]``: every benchmark, with its same-run baseline and ratio.

A full run (with the corpus, without ``--quick``) also writes its table into docs/performance.md."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys

from bench import calls, docs_table, facade, generation, ide, imports, scale, typecheck
from bench.measure import REPO, Figure, children_peak_mb

PAGE = REPO / "docs" / "performance.md"


def _line(figure: Figure) -> str:
    baseline = f"{figure.baseline:,.1f} {figure.unit}" if figure.baseline is not None else "-"
    ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None else "-"
    met = {True: "met", False: "NOT met", None: ""}[figure.met]
    return f"| {figure.name} | {figure.ours:,.1f} {figure.unit} | {baseline} | {ratio} | {figure.goal} {met} | {figure.note} |"


def _provenance(quick: bool, rounds: int) -> str:
    """Which code, machine and settings the table below comes from (README tables quote it)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    commit = head.stdout.strip() or "no git checkout"
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    command = "./dev bench" + (" --quick" if quick else "") + (f" --rounds {rounds}" if rounds else "")
    return (
        f"`{command}` on {commit}{' with uncommitted changes' if dirty else ''}, "
        f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"corpus: {os.environ.get('TOOLSTUBS_CORPUS') or 'none'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a subset that runs in about two minutes")
    parser.add_argument("--rounds", type=int, default=None, help="best of N (default: 1 with --quick, 3 otherwise)")
    options = parser.parse_args()
    rounds = options.rounds or (1 if options.quick else 3)
    corpus = bool(os.environ.get("TOOLSTUBS_CORPUS"))
    writes_page = corpus and not options.quick
    if writes_page:
        docs_table.check(PAGE.read_text(encoding="utf-8"))
    lines = [_provenance(options.quick, options.rounds or 0) + f", best of {rounds}", ""]
    lines += ["| benchmark | ours | same-run baseline | ratio | goal | |", "|---|---|---|---|---|---|"]
    print(*lines, sep="\n", flush=True)
    sections = [("imports", imports.figures), ("calls", calls.figures)]
    if corpus:
        sections += [
            ("generation", generation.figures),
            ("scale", scale.figures),
            ("largest import", imports.largest_figures),
            ("ide", ide.figures),
            ("typecheck", typecheck.figures),
            ("facade", facade.figures),
        ]
    else:
        print("| generation, ide, typecheck | skipped: set TOOLSTUBS_CORPUS to ../shared/corpus | | | | |")
    for _, section in sections:
        for figure in section(options.quick, rounds):
            lines.append(_line(figure))
            print(lines[-1], flush=True)
    print(f"\npeak RSS of any child process: {children_peak_mb():.0f} MB", file=sys.stderr)
    if not writes_page:
        print(
            f"{PAGE.relative_to(REPO)} is written by full runs only (with the corpus, without --quick)", file=sys.stderr
        )
    else:
        docs_table.write(PAGE, "\n".join(lines))
        print(f"wrote the table into {PAGE.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
